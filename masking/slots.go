package masking

import (
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// A shadow host's own children are not drawn where the DOM puts them: the
// browser shows them inside a <slot> of the host's shadow tree, so a block,
// mask, hideInteractions or editing host around that slot covers them on
// screen. The mirror keeps the DOM tree (they are the host's children), so
// their decision takes, on top of the host's, whatever is stricter at the
// slots. Which slot a child goes to can be set by script (manual slot
// assignment, a `slot` attribute changed later), so every slot of the shadow
// tree counts: masking more is the safe direction.

// slotMemo keeps the last answer of slotted: a host's children are decided
// one after another. Any op may change the mirror, so apply forgets it.
type slotMemo struct {
	host    *capture.Node
	in, out rules.Decision
}

// noteShadowHost marks the element that was just given a shadow root.
func (s *Session) noteShadowHost(id int) {
	if h := s.mirror.Node(id); h != nil {
		setBit(h, bitShadowHost)
		s.shadows = true
	}
}

// redecideSlotted re-decides the children of every shadow host whose shadow
// tree the batch changed (a class on a slot's ancestor, a slot added, the
// shadow root attached): their decision hangs on the slots, which are not
// their ancestors.
func (s *Session) redecideSlotted() {
	var done []*html.Node // hosts whose children were re-decided: few
	visit := func(n *capture.Node) {
		if n == nil || !s.attached(n) {
			return
		}
	up:
		for p := &n.Node; p != nil; p = p.Parent {
			if !isShadowRoot(p) || p.Parent == nil {
				continue
			}
			for _, h := range done {
				if h == p.Parent {
					continue up
				}
			}
			done = append(done, p.Parent)
			for c := p.Parent.FirstChild; c != nil; c = c.NextSibling {
				if !isShadowRoot(c) {
					s.redecideFrom(capture.NodeOf(c))
				}
			}
		}
	}
	for _, a := range s.pend.attrs {
		visit(a.n)
	}
	for _, list := range [...][]*capture.Node{s.pend.added, s.pend.moved} {
		for _, n := range list {
			visit(n)
		}
	}
	for _, n := range s.pend.removed {
		visit(s.pend.oldParent[n])
	}
	for _, n := range s.pend.moved {
		visit(s.pend.oldParent[n])
	}
}

// slotted returns the decision n takes as its parent's: parent's, made
// stricter by the slots of the shadow tree n's parent hosts, if any.
func (s *Session) slotted(n *capture.Node, parent rules.Decision) rules.Decision {
	if n.Parent == nil || isShadowRoot(&n.Node) {
		return parent
	}
	host := capture.NodeOf(n.Parent)
	if !has(host, bitShadowHost) {
		return parent
	}
	if s.slots.host == host && s.slots.in == parent {
		return s.slots.out
	}
	out := parent
	for c := host.FirstChild; c != nil; c = c.NextSibling {
		if isShadowRoot(c) {
			s.slotWalk(c, s.set.Decide(c, parent), &out)
		}
	}
	s.slots = slotMemo{host: host, in: parent, out: out}
	return out
}

// slotWalk decides the elements below n (whose decision is d) without
// storing anything, and makes out as strict as every <slot> among them.
func (s *Session) slotWalk(n *html.Node, d rules.Decision, out *rules.Decision) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue // text, and the shadow roots of nested hosts: their slots hold other children
		}
		cn := capture.NodeOf(c)
		cd := s.set.Decide(c, s.slotted(cn, d))
		if s.lost != nil {
			cd = s.lost.lostMask(c, cd)
		}
		if cn.WasBlocked {
			cd.Block = true
		}
		if has(cn, bitStickyFloor) {
			cd.Floor = true
		}
		if has(cn, bitStickyInput) {
			cd.InEditable, cd.EditableRevealed = true, false
		}
		if c.Namespace == "" && asciiEqualFold(c.Data, "slot") {
			*out = stricterOf(*out, cd)
		}
		s.slotWalk(c, cd, out)
	}
}

// stricterOf returns d made as strict as o: what o blocks, masks, hides or
// holds as unrevealed input content, the result does too.
func stricterOf(d, o rules.Decision) rules.Decision {
	d.Block = d.Block || o.Block
	d.Masked = d.Masked || o.Masked
	d.Floor = d.Floor || o.Floor
	d.HideInteractions = d.HideInteractions || o.HideInteractions
	d.Record = d.Record && o.Record && !d.Block && !d.Masked
	d.RevealInput = d.RevealInput && o.RevealInput
	if o.InEditable && !o.EditableRevealed {
		d.InEditable, d.EditableRevealed = true, false
	}
	return d
}
