package masking

import (
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// An element's name never changes, so its class is looked up once and kept
// in the node's Mark (elemClassBits hold the class + 1; 0 means not yet
// looked up): serializing asks for it several times per element and once
// per text node (its parent's).
const (
	elemClassShift        = 24
	elemClassBits  uint64 = 0xf << elemClassShift
)

// elemClassOf is classifyElement for an element of the mirror. h must be a
// mirror node (allocated as a capture.Node).
func elemClassOf(h *html.Node) elemClass {
	n := capture.NodeOf(h)
	if c := n.Mark & elemClassBits; c != 0 {
		return elemClass(c>>elemClassShift) - 1
	}
	c := classifyElement(h.Namespace, h.Data)
	n.Mark |= uint64(c+1) << elemClassShift
	return c
}
