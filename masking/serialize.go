package masking

import (
	"strconv"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// decide computes and stores n's decision from its parent's, adding what the
// rule Set cannot know: sticky privacy state and placeholders that arrived
// blocked.
func (s *Session) decide(n *capture.Node, parent rules.Decision) rules.Decision {
	if n.Type == html.ElementNode {
		s.elems.prime(n)
	}
	parent = s.slotted(n, parent)
	d := s.set.Decide(&n.Node, parent)
	if s.lost != nil {
		d = s.lost.lostMask(&n.Node, d)
	}
	if n.WasBlocked {
		d.Block = true
	}
	if d.Floor {
		setBit(n, bitStickyFloor)
	}
	noteValueControl(n)
	if has(n, bitStickyFloor) {
		d.Floor = true
	}
	if d.Floor {
		d.RevealInput, d.EditableRevealed = false, false
	}
	// "Was editable" is sticky like "was a password": text typed into a
	// contenteditable host that is then switched off (click-to-edit) stays
	// an input value, and so does what is moved out of it.
	if d.InEditable && !d.EditableRevealed {
		setBit(n, bitStickyInput)
	}
	// The text of a textarea, option or other input element is an input
	// value (frameworks write what was typed into a textarea's text): moved
	// out of the control, it stays one, unless the control was revealed.
	if n.Type == html.TextNode && !(d.RevealInput && !d.Floor && !d.Block) {
		if p := parentElement(n); p != nil && elemClassOf(p) == elemInput {
			setBit(n, bitStickyInput)
		}
	}
	if has(n, bitStickyInput) {
		d.InEditable, d.EditableRevealed, d.RevealInput = true, false, false
	}
	if d.Block {
		d.Record, d.RevealInput, d.EditableRevealed = false, false, false
	}
	n.Mark = n.Mark&^decisionBits | encodeDecision(d) | bitDecided
	return d
}

// isShadowRoot reports whether n is the synthetic document node that holds a
// shadow tree in the mirror.
func isShadowRoot(n *html.Node) bool { return n.Type == html.DocumentNode && n.Data == "#shadow-root" }

// isFrameDoc reports whether n is an iframe's content document.
func isFrameDoc(n *html.Node) bool {
	return n.Type == html.DocumentNode && n.Parent != nil && n.Parent.Type == html.ElementNode && !isShadowRoot(n)
}

// neverRecorded elements are not emitted at all: script, in every namespace.
func neverRecorded(n *html.Node) bool {
	return n.Type == html.ElementNode && elemClassOf(n) == elemNever
}

// childless elements are emitted without their children: noscript and
// template content is never recorded, an iframe's children are its fallback
// text (its document is attached separately), and canvas content is never
// recorded (its fallback may mirror what it draws).
func childless(n *html.Node) bool {
	return n.Type == html.ElementNode && elemClassOf(n) == elemChildless
}

// serialize emits n and its subtree as rrweb nodes, deciding each node on the
// way down (parent is the decision of n's parent). It returns nil for nodes
// that are never recorded. rootID is the id of the iframe document n is in.
func (s *Session) serialize(n *capture.Node, parent rules.Decision, rootID int) *capture.SNode {
	h := &n.Node
	if h.Type == html.ElementNode {
		s.elems.prime(n)
	}
	if h.Type == html.CommentNode || neverRecorded(h) {
		s.forget(n)
		return nil
	}
	d := s.decide(n, parent)
	setBit(n, bitEmitted)
	setEpoch(n, s.epoch)
	sn := s.slab.node()
	sn.ID, sn.RootID = n.ID, rootID
	switch h.Type {
	case html.DocumentNode:
		sn.Type = capture.DocumentNode
		if isFrameDoc(h) {
			rootID = n.ID
		}
	case html.DoctypeNode:
		sn.Type = capture.DocumentTypeNode
		dt := new(capture.Doctype)
		dt.Name, _ = s.out(fieldDoctype, d, n, "name", h.Data)
		dt.PublicID, _ = s.out(fieldDoctype, d, n, "public", "")
		dt.SystemID, _ = s.out(fieldDoctype, d, n, "system", "")
		sn.Doctype = dt
		return sn
	case html.TextNode:
		sn.Type = capture.TextNode
		p := parentElement(n)
		sn.IsStyle = p != nil && p.Data == "style" && p.Namespace == ""
		sn.TextContent, _ = s.out(fieldText, d, n, "", h.Data)
		noteShownMask(n, sn.TextContent)
		n.Shown = 0
		return sn
	case html.ElementNode:
		sn.Type = capture.ElementNode
		n.Shown = 0 // its attributes, sent whole
		sn.TagName, _ = s.out(fieldTag, d, n, "", h.Data)
		sn.IsSVG = h.Namespace == "svg"
		if d.Block && !parent.Block {
			if !s.keepsBox(n) {
				s.placeholder(sn, n)
				s.forgetChildren(n)
				return sn
			}
			sn.NeedBlock = true // its subtree follows, masked as blocked content
		}
		room := len(h.Attr)
		if sizeMatters(h) || n.WasBlocked {
			room += 2 // rr_width, rr_height
		}
		sn.Attributes = s.attributes(s.slab.attrList(room), d, n)
		if childless(h) {
			s.forgetChildren(n)
			if h.Data == "iframe" {
				s.attachFrameDocs(n, d)
			}
			return sn
		}
	default:
		s.forget(n)
		return nil
	}
	sn.ChildNodes = s.slab.kidList(countChildren(h))
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		cn := capture.NodeOf(c)
		if isShadowRoot(c) {
			sn.IsShadowHost = true
			s.decide(cn, d)
			setBit(cn, bitEmitted)
			setEpoch(cn, s.epoch)
			for gc := c.FirstChild; gc != nil; gc = gc.NextSibling {
				if child := s.serialize(capture.NodeOf(gc), d, rootID); child != nil {
					child.IsShadow = true
					sn.ChildNodes = append(sn.ChildNodes, child)
				}
			}
			continue
		}
		if child := s.serialize(cn, d, rootID); child != nil {
			sn.ChildNodes = append(sn.ChildNodes, child)
		}
	}
	return sn
}

// countChildren is how many nodes serialize may list as h's children: its
// children, with a shadow root's in its place.
func countChildren(h *html.Node) int {
	k := 0
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		if !isShadowRoot(c) {
			k++
			continue
		}
		for g := c.FirstChild; g != nil; g = g.NextSibling {
			k++
		}
	}
	return k
}

// attributes appends n's attributes, each through the choke point.
func (s *Session) attributes(dst []capture.Attr, d rules.Decision, n *capture.Node) []capture.Attr {
	for _, a := range n.Attr {
		name := attrName(a)
		if v, ok := s.out(fieldAttr, d, n, name, a.Val); ok {
			an, _ := s.out(fieldAttrName, d, n, "", name)
			dst = append(dst, capture.Attr{Name: replayAttrName(&n.Node, an), Value: v})
		}
	}
	// Media, and a placeholder inside a subtree that keeps its box
	// (keepsBox), keep the size the recorder measured.
	if (sizeMatters(&n.Node) || n.WasBlocked) && !d.Record {
		dst = appendSize(dst, n)
	}
	return dst
}

func attrName(a html.Attribute) string {
	if a.Namespace != "" {
		return a.Namespace + ":" + a.Key
	}
	return a.Key
}

// placeholder turns sn into rrweb's blocked element: same tag, its class
// (for layout), the measured size, no children.
func (s *Session) placeholder(sn *capture.SNode, n *capture.Node) {
	sn.NeedBlock = true
	for _, a := range n.Attr {
		if a.Key == "class" && a.Namespace == "" {
			if v, ok := s.out(fieldAttr, rules.Decision{Block: true}, n, "class", a.Val); ok {
				sn.Attributes = append(sn.Attributes, capture.Attr{Name: "class", Value: v})
			}
		}
	}
	sn.Attributes = appendSize(sn.Attributes, n)
}

// appendSize adds rrweb's rr_width/rr_height, which the replayer turns into
// the element's size, when the observer measured one.
func appendSize(dst []capture.Attr, n *capture.Node) []capture.Attr {
	if n.Width > 0 && n.Height > 0 {
		dst = append(dst,
			capture.Attr{Name: "rr_width", Value: strconv.Itoa(min(n.Width, maxLayoutPx)) + "px"},
			capture.Attr{Name: "rr_height", Value: strconv.Itoa(min(n.Height, maxLayoutPx)) + "px"})
	}
	return dst
}

// maxLayoutPx bounds a placeholder's size: browsers lay nothing out wider
// (Chromium saturates near 2^25 px), so a larger size is not a measurement
// but a number smuggled through one (a width attribute of 4111…1111, or a
// stored recording's rr_width).
const maxLayoutPx = 1<<25 - 1

// layoutPx bounds a pointer position, scroll offset or viewport size to
// what a browser can lay out (±maxLayoutPx), and a pointer sample's time
// offset or a CSSOM rule index to the same: within it nothing changes, and
// a stored recording cannot carry a card number as a scroll position.
func layoutPx(v int) int { return max(-maxLayoutPx, min(v, maxLayoutPx)) }

// sizeMatters: media whose content is replaced by a same-size placeholder
// when masked.
func sizeMatters(h *html.Node) bool {
	if h.Type != html.ElementNode {
		return false
	}
	switch h.Data {
	case "img", "video", "audio", "canvas", "picture", "embed", "object", "iframe":
		return true
	}
	return false
}

// isImageURL: the URL of an image outside the media sizeMatters names
// (<input type=image src>, SVG <image> and <feImage> href), which, masked
// as "*****", a replay would fetch relative to the recorded page; dropped,
// as <img src> is, nothing is fetched.
func isImageURL(h *html.Node, name string) bool {
	if h.Namespace == "svg" {
		return (asciiEqualFold(h.Data, "image") || asciiEqualFold(h.Data, "feImage")) &&
			(asciiEqualFold(name, "href") || asciiEqualFold(name, "xlink:href"))
	}
	return h.Namespace == "" && h.Data == "input" && asciiEqualFold(name, "src")
}

// attachFrameDocs queues the content document of an emitted iframe; it is
// sent as rrweb's recorder sends it (see attachFrameDoc).
func (s *Session) attachFrameDocs(iframe *capture.Node, d rules.Decision) {
	for c := iframe.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.DocumentNode {
			s.attachFrameDoc(iframe, capture.NodeOf(c), d)
		}
	}
}

// forget marks n and its subtree as unknown to the replayer.
func (s *Session) forget(n *capture.Node) {
	clearBit(n, bitEmitted)
	s.forgetChildren(n)
}

func (s *Session) forgetChildren(n *capture.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.forget(capture.NodeOf(c))
	}
}

// parentElement returns the nearest element above n, looking through
// shadow roots to the host; nil at the top, and for no node (a page error's
// message before any page).
func parentElement(n *capture.Node) *html.Node {
	if n == nil {
		return nil
	}
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode {
			return p
		}
		if p.Type == html.DocumentNode && !isShadowRoot(p) {
			return nil
		}
	}
	return nil
}

func hasAttr(h *html.Node, key string) bool {
	for _, a := range h.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

func getAttr(h *html.Node, key string) string {
	for _, a := range h.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}
