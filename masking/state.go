package masking

import (
	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Per-node state lives in capture.Node.Mark so the session needs no side
// maps: the low 32 bits hold the decision and flags, the high 32 bits the
// serialization epoch (the MutationEnd in which the node was last emitted).
const (
	bitBlock uint64 = 1 << iota
	bitMasked
	bitAllowed
	bitRecord
	bitRevealInput
	bitInEditable
	bitEditableRevealed
	bitFloor
	bitHide

	bitDecided     // the node has a decision (it was serialized at least once)
	bitEmitted     // the replayer knows this node (it was in the output and not removed since)
	bitStickyFloor // the node was once on the hard floor ("was a password"): it stays there
	bitMaskedInput // a masked Input event was already sent for this control
	bitNew         // inserted since the last MutationEnd
	bitMoved       // moved since the last MutationEnd
	bitRedo        // re-emit this subtree at the next MutationEnd
	bitTextChanged // text data changed since the last MutationEnd
	bitTouched     // moved or removed this batch; oldParent recorded
	bitRoot        // emitted whole in this flush (top-most of new, moved, re-decided)
	bitListed      // parent already listed in this flush's adds
	bitGoneListed  // already in this flush's removes
	bitStickyInput // the node once held input content ("was editable"): it stays masked as input
	bitStickyValue // the input was once a field whose value is typed: after a switch to a button type its value is no label
	bitShadowHost  // the element was given a shadow root: its children are drawn in that tree's slots (slots.go)
	// bits 24–27 cache the element's class (elemcache.go)

	bitAttrRow   uint64 = 1 << 28 // has a row in the attribute mutations being built (see attrMutationRows)
	bitShownMask uint64 = 1 << 29 // a text node the replayer shows as inputMask (texts: the same again is not sent)

	decisionBits = bitBlock | bitMasked | bitAllowed | bitRecord | bitRevealInput |
		bitInEditable | bitEditableRevealed | bitFloor | bitHide
	// outputBits are the decision bits that change what is emitted;
	// hideInteractions only filters events.
	outputBits = decisionBits &^ bitHide
	batchBits  = bitNew | bitMoved | bitRedo | bitTextChanged | bitTouched | bitRoot | bitListed | bitGoneListed
	epochShift = 32
)

func encodeDecision(d rules.Decision) uint64 {
	var m uint64
	set := func(b bool, bit uint64) {
		if b {
			m |= bit
		}
	}
	set(d.Block, bitBlock)
	set(d.Masked, bitMasked)
	set(d.Allowed, bitAllowed)
	set(d.Record, bitRecord)
	set(d.RevealInput, bitRevealInput)
	set(d.InEditable, bitInEditable)
	set(d.EditableRevealed, bitEditableRevealed)
	set(d.Floor, bitFloor)
	set(d.HideInteractions, bitHide)
	return m
}

// decisionOf returns the stored decision of n. A node that was never decided
// reads as the zero Decision, which masks everything.
func decisionOf(n *capture.Node) rules.Decision {
	if n == nil {
		return rules.Decision{}
	}
	m := n.Mark
	return rules.Decision{
		Block:            m&bitBlock != 0,
		Masked:           m&bitMasked != 0,
		Allowed:          m&bitAllowed != 0,
		Record:           m&bitRecord != 0,
		RevealInput:      m&bitRevealInput != 0,
		InEditable:       m&bitInEditable != 0,
		EditableRevealed: m&bitEditableRevealed != 0,
		Floor:            m&bitFloor != 0,
		HideInteractions: m&bitHide != 0,
	}
}

func has(n *capture.Node, bit uint64) bool { return n.Mark&bit != 0 }
func setBit(n *capture.Node, bit uint64)   { n.Mark |= bit }
func clearBit(n *capture.Node, bit uint64) { n.Mark &^= bit }

func epochOf(n *capture.Node) uint32 { return uint32(n.Mark >> epochShift) }

func setEpoch(n *capture.Node, e uint32) {
	n.Mark = n.Mark&(1<<epochShift-1) | uint64(e)<<epochShift
}
