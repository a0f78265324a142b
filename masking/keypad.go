package masking

import (
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// A PIN pad a page draws from buttons says the PIN by where it was
// pressed: the replay shows the keys where the page had them, so a click,
// a tap or the pointer resting over a key tells its digit — in mask-all,
// whose masked key labels still sit in a keypad's fixed layout, and in
// block-list, which shows the labels. hideInteractions rules hide such an
// area when the rules name it; a page whose rules do not is covered by
// what it is: pointer, touch and scroll events over a key of a keypad are
// dropped in every mode, as over a hideInteractions area.
//
// A key is an element (the pointer's target or one of its keypadKeyUp
// ancestors) whose text is one digit, optionally followed by the letters a
// phone keypad prints ("2 ABC"); a keypad is an element at most keypadUp
// levels above the key holding keys for keypadDigits different digits and
// no more than keypadMaxKeys keys within its first keypadScan nodes (a
// page's main column holding a keypad and a rating is no keypad: a click on
// the rating stays). Shuffled keypads, keys drawn from
// <span>s, a number pad of a calculator and a calendar's days all count
// (a date of birth is chosen there): hiding a click too many is the safe
// error. A keypad drawn on a canvas or with digits only in images is not
// found.
const (
	keypadKeyUp    = 3
	keypadUp       = 4
	keypadScan     = 256
	keypadDigits   = 8
	keypadMaxKeys  = 12
	keypadRowKeys  = 5
	keypadKeyNodes = 32 // nodes of a key read at most
)

// pressShows reports whether a change of element n's attributes may show
// where a press landed: a key's look as it is pressed (class="pressed",
// aria-pressed, a style) inside a hideInteractions area or on a keypad's
// key says which key it was, as the dropped click would have.
func pressShows(n *capture.Node) bool {
	return decisionOf(n).HideInteractions || onKeypad(n)
}

// keyTextShows reports whether a change of text node n's text may show
// where a press landed: a key that shows its digit bigger, in brackets or
// as a dot while pressed, on a keypad or inside a hideInteractions area,
// names the key by the node the change is sent for, masked or not. Only
// short texts are read (a key's label, a dot: keyTextMax bytes), so that
// a page rewriting its text costs no keypad search per change; the key
// is found from its neighbours (keypadAround), as its own new text may no
// longer be a digit.
//
// counts holds what keypadKeysUnder found under the elements read for
// earlier texts of the same batch: texts side by side share ancestors, and
// a batch of short texts (prices, counters) would read them again for each.
func keyTextShows(n *capture.Node, counts *map[*html.Node]keypadCount) bool {
	if len(n.Data) > keyTextMax || n.Parent == nil || n.Parent.Type != html.ElementNode {
		return false
	}
	if decisionOf(n).HideInteractions {
		return true
	}
	if *counts == nil {
		*counts = map[*html.Node]keypadCount{}
	}
	return keypadAroundIn(n.Parent, *counts)
}

// keyContentShows reports whether adding or removing n under element p may
// show where a press landed: a key whose label is replaced by new nodes
// ("5" by <b>•</b>), or a key replaced whole by a pressed copy, names the
// key by the nodes the add and the remove are sent for, as a text change
// of its label does (keyTextShows). Neither is sent: the replayer keeps the
// key as it was. Only a small n is read (keypadKeyNodes nodes, keyTextMax
// bytes of text), so that a page adding rows costs no keypad search.
func keyContentShows(p, n *capture.Node, counts *map[*html.Node]keypadCount) bool {
	if p.Type != html.ElementNode || n.Type == html.DocumentNode || !smallKeyContent(&n.Node) {
		return false
	}
	if decisionOf(p).HideInteractions {
		return true
	}
	if *counts == nil {
		*counts = map[*html.Node]keypadCount{}
	}
	return keypadFrom(&p.Node, *counts) // p may be the keypad: a key replaced whole
}

// smallKeyContent reports whether the subtree at h is no more than a key's
// label: keypadKeyNodes nodes and keyTextMax bytes of text at most.
func smallKeyContent(h *html.Node) bool {
	nodes, text := 0, 0
	for c := h; c != nil; c = nextUnder(h, c) {
		if nodes++; nodes > keypadKeyNodes {
			return false
		}
		if c.Type == html.TextNode {
			if text += len(c.Data); text > keyTextMax {
				return false
			}
		}
	}
	return true
}

// keyTextMax bounds the text keyTextShows reads: "7 PQRS" with spaces
// around it, or a glyph.
const keyTextMax = 12

// onKeypad reports whether pointer events over n are over a keypad's key.
func onKeypad(n *capture.Node) bool {
	h := &n.Node
	for i := 0; h != nil && i <= keypadKeyUp; i, h = i+1, h.Parent {
		if h.Type == html.ElementNode && isKeypadKey(h) {
			return keypadAround(h)
		}
	}
	return false
}

// isKeypadKey reports whether element h's text is one key's label. It
// stops at the first byte no label has, and after keypadKeyNodes nodes:
// called for every attribute change and pointer position, it must not read
// a large subtree.
func isKeypadKey(h *html.Node) bool {
	var r keyReader
	budget := keypadKeyNodes
	for c := nextUnder(h, h); c != nil && !r.bad; c = nextUnder(h, c) {
		if budget--; budget < 0 {
			return false
		}
		if c.Type == html.TextNode {
			r.read(c.Data)
		}
	}
	return !r.bad && r.digit != 0
}

// nextUnder is the node after c in document order within root (c itself
// when c is root: its first child), nil past root's last descendant.
func nextUnder(root, c *html.Node) *html.Node {
	if c.FirstChild != nil && c.Type == html.ElementNode || c == root {
		return c.FirstChild
	}
	for ; c != root; c = c.Parent {
		if c.NextSibling != nil {
			return c.NextSibling
		}
	}
	return nil
}

// keyLabel returns the digit a key's label shows: a digit alone or
// followed by up to four letters, spaces left out ("2 ABC").
func keyLabel(t string) (byte, bool) {
	var r keyReader
	r.read(t)
	return r.digit, !r.bad && r.digit != 0
}

// keyReader reads a key's label in parts (the text nodes of an element).
type keyReader struct {
	digit   byte
	letters int
	bad     bool
}

func (r *keyReader) read(t string) {
	for i := 0; i < len(t) && !r.bad; i++ {
		c := t[i]
		switch {
		case isHTMLSpace(c):
		case r.digit == 0 && '0' <= c && c <= '9':
			r.digit = c
		case r.digit != 0 && 'a' <= c|0x20 && c|0x20 <= 'z' && r.letters < 4:
			r.letters++
		default:
			r.bad = true
		}
	}
}

// keypadAround reports whether key is on a keypad: the first element above
// it (up to keypadUp levels) that holds keys for keypadDigits different
// digits holds no more than keypadMaxKeys keys, laid out flat or in rows of
// at most keypadRowKeys (each of its children holds that many at most), and
// no group of keys met on the way up held more than a row. A digit button
// beside a keypad, a rating of five or a week of a calendar is no keypad's
// key.
func keypadAround(key *html.Node) bool { return keypadAroundIn(key, nil) }

// keypadAroundIn is keypadAround, reading and filling counts when it is
// not nil.
func keypadAroundIn(key *html.Node, counts map[*html.Node]keypadCount) bool {
	return keypadFrom(key.Parent, counts)
}

// keypadFrom is keypadAroundIn reading from element p up.
func keypadFrom(p *html.Node, counts map[*html.Node]keypadCount) bool {
	for i := 0; p != nil && i < keypadUp; i, p = i+1, p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		k, ok := counts[p]
		if !ok {
			k = keypadKeysUnder(p)
			if counts != nil {
				counts[p] = k
			}
		}
		switch {
		case k.digits >= keypadDigits:
			return k.keys <= keypadMaxKeys && k.widest <= keypadRowKeys
		case k.keys > keypadRowKeys:
			return false
		}
	}
	return false
}

// keypadCount is what keypadKeysUnder found under an element: the text
// nodes that are a key's label whole (keys), the different digits they
// show, and the most keys any one child holds (widest).
type keypadCount struct{ digits, keys, widest int }

// keypadKeysUnder counts the keys under p, reading at most keypadScan
// nodes.
func keypadKeysUnder(p *html.Node) keypadCount {
	var seen [10]bool
	var k keypadCount
	budget := keypadScan
	for child := p.FirstChild; child != nil && budget > 0; child = child.NextSibling {
		before := k.keys
		for c := child; c != nil && budget > 0; c = nextUnder(child, c) {
			budget--
			if c.Type != html.TextNode {
				continue
			}
			if d, ok := keyLabel(c.Data); ok {
				k.keys++
				if !seen[d-'0'] {
					seen[d-'0'] = true
					k.digits++
				}
			}
		}
		k.widest = max(k.widest, k.keys-before)
	}
	return k
}
