package masking

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Generated content is drawn on the element a rule's selector matches:
// .private::after{content:"Jane Doe"} shows "Jane Doe" inside an element a
// block-list rule masks, while the sheet, the page's own, is recorded. The
// strings of content and quotes in a rule that may match such an element
// are masked as that element's text is.

// cssHides is what a '{' block's selector list says of its generated
// content: not asked yet, shown, or hidden.
type cssHides uint8

const (
	cssHidesUnknown cssHides = iota
	cssHidesNo
	cssHidesYes
)

// contentHidden reports whether the innermost rule around the declaration
// being read, or a rule it is nested in, may draw its content on a masked
// element; grouping at-rules (@media, @supports, @layer) have no selector
// and pass the question out.
func (m *cssMasker) contentHidden() bool {
	if m.p.hidesContent == nil {
		return false
	}
	for i := len(m.frames) - 1; i >= 0; i-- {
		f := &m.frames[i]
		if f.closer != '}' {
			continue
		}
		if f.hides == cssHidesUnknown {
			f.hides = cssHidesNo
			prelude := strings.TrimSpace(m.src[f.rule[0]:f.rule[1]])
			if prelude != "" && prelude[0] != '@' && m.p.hidesContent(prelude) {
				f.hides = cssHidesYes
			}
		}
		if f.hides == cssHidesYes {
			return true
		}
	}
	return false
}

// drawsText reports whether a string token holds a letter or a digit: an
// icon font's glyph (private use, a symbol) or punctuation ("→", " / ")
// says nothing of a person and stays, so icons keep working.
func drawsText(t cssToken) bool {
	for _, r := range decodeCSS(t.data[1:], t.data[0]) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// hidesContent is cssPolicy.hidesContent for the session's page: a rule
// hides its content when its selector list (pseudo-elements and live state
// left out, cssPolicy.hidesContent) matches an element whose text is
// masked, matches none yet (an element added later would get it), or
// cannot be read.
func (s *Session) hidesContent(prelude string) bool {
	// A nested rule's & stands for its parent's selector, which the
	// enclosing block answers for; here any element does.
	sel, ok := rules.ParseSheetSelector(strings.ReplaceAll(prelude, "&", "*"))
	if !ok {
		return true
	}
	root := s.mirror.Root()
	if root == nil {
		return true // no page yet: nothing is known to show the text (fail closed)
	}
	matched := false
	for h := &root.Node; h != nil; h = nextInTree(h) {
		if h.Type == html.ElementNode && sel.Matches(h) {
			if s.textMasked(h) {
				return true
			}
			matched = true
		}
	}
	return !matched
}

// nextInTree is the node after h in document order, shadow roots and frame
// documents included (they are children in the mirror).
func nextInTree(h *html.Node) *html.Node {
	if h.FirstChild != nil {
		return h.FirstChild
	}
	for ; h != nil; h = h.Parent {
		if h.NextSibling != nil {
			return h.NextSibling
		}
	}
	return nil
}

// textMasked reports whether element h's text would be masked: its
// decision taken from the top of the mirror down, with what the session
// holds sticky.
func (s *Session) textMasked(h *html.Node) bool {
	var chain []*html.Node
	for p := h; p != nil; p = p.Parent {
		chain = append(chain, p)
	}
	var d rules.Decision
	for i := len(chain) - 1; i >= 0; i-- {
		d = s.set.Decide(chain[i], d)
	}
	n := capture.NodeOf(h)
	if has(n, bitDecided) && !decisionOf(n).Record {
		return true
	}
	return !d.Record || d.Block || d.Floor || d.InEditable && !d.EditableRevealed ||
		n.WasBlocked || has(n, bitStickyFloor|bitStickyInput)
}
