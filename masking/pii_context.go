package masking

import (
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// A browser shows adjacent text nodes, and text split over inline elements,
// as one line: "<span>4111</span> <span>1111</span> …" reads as a card
// number though no text node holds more than four digits, and a page (or a
// script calling splitText) can cut any number so. The detectors therefore
// read a recorded text node together with the text that runs on from it on
// either side — contiguous text siblings, and the text of inline elements
// (span, b, a, SVG tspan, …) up to the nearest element that breaks the
// line (a block, a control, br, an image) — and mask the part of a match
// that falls into this node. Secret tokens (pii_tokens.go) are read so too.
//
// The limits: the context reaches piiContextBytes on either side and
// visits at most piiContextNodes nodes per side (text, comments, inline
// elements entered), so a number spread over
// more than that is read in pieces; text split over block elements (table
// cells, list items, divs) is joined only for a card number in groups
// (lineText: a row of cells shows "4111 1111 1111 1111", a table of
// quantities is no digit run); and a node that was sent before its
// neighbours arrived keeps what it showed then (at most a piece below every
// threshold).

const (
	piiContextBytes = 96 // longer than any match that could span it: IBANs in groups (42), cards with separators
	piiContextNodes = 24
)

// piiText runs the detectors over a recorded text node's data v, read
// together with the text a browser shows run on with it.
func (s *Session) piiText(n *capture.Node, v string) string {
	if n == nil {
		return s.pii(v)
	}
	if inAddressElement(&n.Node) {
		out := maskText(v)
		s.stats.PII += countMaskedRegions(v, out)
		return out
	}
	var bb, ab [piiContextBytes]byte
	// A card cut over blocks has digits in every piece; a password in the
	// cell after its label ("<th>Password</th><td>correct horse</td>") is
	// up to 64 bytes that may have none, and its label is before it.
	blocks := piiPossible(v)
	before := lineText(&n.Node, true, blocks || cellSized(v), &bb)
	if !blocks {
		// Only a label in the cell before v's can name it across blocks:
		// the cells before that, numbers in a table, need no reading.
		before = lastCells(before)
	}
	after := lineText(&n.Node, false, blocks, &ab)
	named := !blocks && len(before) > 0 && (piiPossibleBefore(before) || wordCutBefore(before, v))
	if named && cellSized(v) {
		// A label's value goes on over a <br> ("<dd>Wrenfield
		// Cottage<br>Little Snoring</dd>", "Address<br>The Old
		// Rectory<br>…"): what follows is read as its lines are, so that
		// the first line is masked with the rest.
		after = lineText(&n.Node, false, true, &ab)
	}
	if len(before) == 0 && len(after) == 0 || !blocks && !named && !piiPossibleAcross(before, v, after) {
		return s.pii(v)
	}
	own, _ := scrubPII(v)
	joined := string(before) + v + string(after)
	jm, hits := scrubPII(joined)
	out := own
	if hits > 0 {
		out = maskAlong(v, own, joined, jm, len(before))
	}
	// A secret token (16+ letters and digits, pii_tokens.go) has a digit,
	// so one that runs over from the text around is read here too.
	if jt, n := maskSecretTokens(joined, 0); n > 0 {
		out = maskAlong(v, out, joined, jt, len(before))
	}
	// So is a query value shown as text (pii_query.go):
	// "track?name=<b>Hannelore</b>".
	if jq, n := maskQueryValues(joined); n > 0 {
		out = maskAlong(v, out, joined, jq, len(before))
	}
	s.stats.PII += countMaskedRegions(v, out)
	return out
}

// maskAlong returns v with every code point masked that own (v scrubbed on
// its own) or jm (joined scrubbed, where v starts at byte at of joined)
// masks; all four have the same code points as their sources. If at does
// not fall on a code point boundary of joined (invalid UTF-8 around it),
// own is returned.
func maskAlong(v, own, joined, jm string, at int) string {
	i, k := 0, 0
	for i < at {
		_, a := utf8.DecodeRuneInString(joined[i:])
		_, c := utf8.DecodeRuneInString(jm[k:])
		i, k = i+a, k+c
	}
	if i != at {
		return own
	}
	var b strings.Builder
	b.Grow(len(v))
	for x, y := 0, 0; x < len(v); {
		_, a := utf8.DecodeRuneInString(v[x:])
		_, o := utf8.DecodeRuneInString(own[y:])
		_, c := utf8.DecodeRuneInString(jm[k:])
		if v[x:x+a] != string(maskChar) && (own[y:y+o] == string(maskChar) || jm[k:k+c] == string(maskChar)) {
			b.WriteByte(maskChar)
		} else {
			writeStr(&b, v[x:x+a])
		}
		x, y, k = x+a, y+o, k+c
	}
	return b.String()
}

// cellSized reports whether v, past HTML whitespace, is 1 to 64 bytes: what
// a labelled password's value in a cell of its own can be.
func cellSized(v string) bool {
	i, j := 0, len(v)
	for i < j && isHTMLSpace(v[i]) {
		i++
	}
	for j > i && isHTMLSpace(v[j-1]) {
		j--
	}
	return j > i && j-i <= 64
}

// lastCells is the end of b from its second-to-last block mark on (b
// whole when it has fewer): the text of the label's cell and of v's own.
// A run of marks, with a label's separators between them or not, is one
// boundary, as the label rules read it (empty cells between, or a '|' of
// the text itself: "Pw|| ", "Pw| | " and "Pw|(|" keep their label).
func lastCells(b []byte) []byte {
	for i, marks := len(b)-1, 0; i >= 0; i-- {
		if b[i] == piiBlockMark[0] {
			for j := i - 1; j >= 0 && labelSeparator(b[j]); j-- {
				if b[j] == piiBlockMark[0] {
					i = j
				}
			}
			if marks++; marks == 2 {
				return b[i:]
			}
		}
	}
	return b
}

// piiPossibleBefore reports whether the text before a node in which the
// detectors find nothing to start from may still make a match with it:
// something in its own line (after the last block boundary) may, and so may
// a label whose value runs to the end of b, which v continues. "Passphrase:"
// or "<dt>Passphrase</dt>" alone names nothing, and a label without a 'w'
// or a digit is looked for through its value: b is read as if a value
// followed it. The cells before, numbers in a table, cannot reach the node.
func piiPossibleBefore(b []byte) bool {
	line := b
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == piiBlockMark[0] {
			line = b[i+1:]
			break
		}
	}
	if piiPossibleBytes(line) {
		return true
	}
	var t [piiContextBytes + 9]byte
	n := copy(t[:], b)
	// ":XXXXXX1X" names a value of every kind but a date's, a phone's or a
	// coordinate's, which need more digits: a code label ("<td>PIN</td>")
	// is read on into a code read aloud in the next cell, "four eight two
	// one", a password label into a node that starts with the ':' naming
	// its value ("<span>Passphrase</span><span>: tangerine elephant</span>"),
	// and a BIC's into one without a digit ("<b>SWIFT:</b> DEUTDEFF").
	n = copy(t[n:], ":XXXXXX1X") + n
	if labelledToEnd(unsafe.String(&t[0], n)) {
		return true
	}
	// A name's label ("Patient: ", "Dear ") names capitalised words, which
	// ":XXXXXX1X" is not: such a label is read on into "X1x" too.
	if !nameLabelEnds(b) {
		return false
	}
	n = copy(t[n-9:], "X1x") + n - 9
	return labelledToEnd(unsafe.String(&t[0], n))
}

// piiPossibleAcross reports whether the quick exit lets through v read with
// the text around it, where a label in one piece may name a value in the
// next though neither piece alone has what it looks for ("<span>SWIFT
// A</span><span>AAAAAAA</span>": a BIC has no digit). Only the ends of v
// that a match could span are read with the context.
func piiPossibleAcross(before []byte, v string, after []byte) bool {
	if piiPossibleBytes(after) {
		return true
	}
	var t [3 * piiContextBytes]byte
	if len(v) <= piiContextBytes {
		n := copy(t[:], before)
		n += copy(t[n:], v)
		n += copy(t[n:], after)
		return piiPossibleBytes(t[:n])
	}
	n := copy(t[:], before)
	n += copy(t[n:], v[:piiContextBytes])
	if piiPossibleBytes(t[:n]) {
		return true
	}
	n = copy(t[:], v[len(v)-piiContextBytes:])
	n += copy(t[n:], after)
	return piiPossibleBytes(t[:n])
}

// labelledToEnd reports whether a label's value in probe runs to its end.
func labelledToEnd(probe string) bool {
	for from := 0; from < len(probe); {
		m, next := nextLabelledValue(probe, from)
		if m.kind == 0 {
			return false
		}
		if m.end == len(probe) {
			return true
		}
		from = next
	}
	return false
}

// wordCutBefore reports whether v goes on with the word b ends with (a
// label cut mid-word by inline elements: "<span>Nick</span><span>name:
// Hanni</span>"), and that word read with v lets piiPossible through: the
// label's end in v has nothing the quick exit sees when its value has no
// digit, and its start in b is no label at all.
func wordCutBefore(b []byte, v string) bool {
	if len(b) == 0 || v == "" || !isASCIILetter(b[len(b)-1]) || !isASCIILetter(v[0]) {
		return false
	}
	w := len(b) - 1
	for w > 0 && len(b)-w < 24 && isASCIILetter(b[w-1]) {
		w--
	}
	var t [piiContextBytes + 24]byte
	n := copy(t[:], b[w:])
	n += copy(t[n:], v)
	return piiPossible(unsafe.String(&t[0], n))
}

// piiPossibleBytes is piiPossible for a byte slice (read in place: piiPossible
// keeps nothing of it).
func piiPossibleBytes(s []byte) bool {
	return piiPossible(unsafe.String(unsafe.SliceData(s), len(s)))
}

// countMaskedRegions counts the runs of code points that masking turned
// into '*' (v and out have the same code points).
func countMaskedRegions(v, out string) int {
	if v == out {
		return 0
	}
	n, in := 0, false
	for i, j := 0, 0; i < len(v) && j < len(out); {
		_, size := utf8.DecodeRuneInString(v[i:])
		_, osize := utf8.DecodeRuneInString(out[j:])
		changed := out[j:j+osize] == string(maskChar) && v[i:i+size] != string(maskChar)
		if changed && !in {
			n++
		}
		in = changed
		i, j = i+size, j+osize
	}
	return n
}

// lineText returns the text a browser shows right before h (back) or right
// after it, up to len(buf) bytes (nearest last when back), read into buf.
// With blocks, the reading goes on over the boundaries of block elements
// (cells of a row, items of a flex or grid line: <div>4111</div><div>1111</div>…
// shows one number) and writes piiBlockMark for each, which only the grouped
// card rule reads across: a table of small numbers is no digit run.
func lineText(h *html.Node, back, blocks bool, buf *[piiContextBytes]byte) []byte {
	n, used := h, 0
	put := func(t string) {
		room := len(buf) - used
		if back {
			t = t[max(0, len(t)-room):]
			copy(buf[len(buf)-used-len(t):], t)
		} else {
			t = t[:min(len(t), room)]
			copy(buf[used:], t)
		}
		used += len(t)
	}
	for budget := piiContextNodes; budget > 0 && used < len(buf); budget-- {
		var crossed bool
		if n, crossed = nextInLine(n, back, blocks); n == nil {
			break
		}
		if last := markedLast(buf, used, back); crossed && last != piiBlockMark[0] {
			put(piiBlockMark)
		} else if blocks && !crossed && last == 0 && isBR(n) {
			put(piiLineMark)
		}
		switch {
		case n.Type == html.TextNode:
			put(n.Data)
		case n.Type == html.CommentNode, runsOn(n): // an empty inline element
		case blocks && crossable(n): // an empty block: a boundary, marked
		default:
			return lineBytes(buf, used, back) // a control, an image, br: the line ends
		}
	}
	return lineBytes(buf, used, back)
}

// piiBlockMark is what lineText reads at a block boundary.
const piiBlockMark = "|"

// piiLineMark is what lineText reads at a <br> that crosses no block
// boundary: a line break inside one cell or item. A label's value goes on
// over it ("<td>correct<br>horse</td>" is one passphrase,
// "<dd>PIN<br>4821</dd>" a label and its value), and no detector joins
// digits across it, as none does across piiBlockMark.
const piiLineMark = "\\"

func isBR(n *html.Node) bool {
	return n.Type == html.ElementNode && n.Namespace == "" && n.Data == "br"
}

func lineBytes(buf *[piiContextBytes]byte, used int, back bool) []byte {
	if back {
		return buf[len(buf)-used:]
	}
	return buf[:used]
}

// markedLast returns the nearest byte read that is no HTML whitespace when
// it is a block or line mark, else 0: one mark stands for a run of
// boundaries, a block mark for line marks next to it too.
func markedLast(buf *[piiContextBytes]byte, used int, back bool) byte {
	for i := 0; i < used; i++ {
		k := used - 1 - i
		if back {
			k = len(buf) - used + i
		}
		if !isHTMLSpace(buf[k]) {
			if buf[k] == piiBlockMark[0] || buf[k] == piiLineMark[0] {
				return buf[k]
			}
			return 0
		}
	}
	return 0
}

// nextInLine is the node after n in document order (before it when back),
// entering inline elements and leaving them, or nil where n's inline
// context ends. An inline element is returned only when it is empty. With
// blocks, block elements are entered and left too (crossed says one was).
func nextInLine(n *html.Node, back, blocks bool) (next *html.Node, crossed bool) {
	for {
		sib := n.NextSibling
		if back {
			sib = n.PrevSibling
		}
		if sib != nil {
			for {
				in := runsOn(sib)
				if !in && !(blocks && crossable(sib)) {
					break
				}
				c := sib.FirstChild
				if back {
					c = sib.LastChild
				}
				if c == nil {
					break
				}
				crossed = crossed || !in
				sib = c
			}
			// A <br> of its own is a line mark, not a block's (lineText).
			return sib, crossed || blocks && crossable(sib) && !isBR(sib)
		}
		if !runsOn(n.Parent) {
			if !blocks || !crossable(n.Parent) {
				return nil, false
			}
			crossed = true
		}
		n = n.Parent
	}
}

// crossable reports whether lineText with blocks reads over n's boundary:
// an element whose text is page text (not a control's, a script's or a
// style sheet's), not the root element.
func crossable(n *html.Node) bool {
	if n == nil || n.Type != html.ElementNode || n.Parent == nil || n.Parent.Type != html.ElementNode {
		return false
	}
	if n.Namespace == "" && endsLine(n.Data) {
		return false
	}
	switch elemClassOf(n) {
	case elemKnown, elemCustom, elemUnknown:
		return true
	}
	return false
}

// endsLine: a rule, a control or a picture, where the reading stops with
// blocks as without them (reading on through rows of images and fields
// read 7x the nodes). A <br> is a block boundary instead: "Date of
// birth<br>14/03/1985" is a label and its value.
//
//go:noinline
func endsLine(tag string) bool {
	switch tag {
	case "hr", "img", "input", "button", "video", "embed", "object":
		return true
	}
	return false
}

// runsOn reports whether n is an inline element whose text a browser shows
// on one line with the text around it.
func runsOn(n *html.Node) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	switch n.Namespace {
	case "":
		return inlineHTML(n.Data)
	case "svg":
		return n.Data == "tspan" || n.Data == "textPath" || n.Data == "a"
	}
	return false
}

// inlineHTML: phrasing elements that hold text and do not break a line.
// Names are compared as the browser writes them (lower case for HTML
// elements; an element created as "SPAN" is another element). A switch,
// not a word list: it runs for every node next to recorded text.
func inlineHTML(tag string) bool {
	switch tag {
	case "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "blink", "cite", "code", "data", "del", "dfn", "em",
		"font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong",
		"sub", "sup", "time", "tt", "u", "var", "wbr":
		return true
	}
	return false
}

// inAddressElement reports whether h is inside an HTML <address>, up to 8
// levels up: its text is a person's or a place's contact information by
// definition ("<address>Wrenfield Cottage<br>Little Snoring</address>"
// has no number, comma or label to be found by), so all of it is masked,
// as mask-all masks text.
func inAddressElement(h *html.Node) bool {
	for p, k := h.Parent, 0; p != nil && k < 8; p, k = p.Parent, k+1 {
		if p.Type == html.ElementNode && p.Namespace == "" && p.Data == "address" {
			return true
		}
	}
	return false
}
