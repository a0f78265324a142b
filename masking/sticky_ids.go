package masking

import (
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// stickyIDs remembers, by node id, the sticky privacy state ("was a
// password", "was editable") of nodes that left the mirror: removed, or
// dropped when a full snapshot rebuilt it. A node id names the same page
// node for the whole recording (rrweb and the shim reuse it when a node is
// re-inserted), and a stored recording may spell a move as a remove and an
// add of the same id, or a later full snapshot may show the control after a
// type switch the mirror never saw: without this memory the node would come
// back with a clean slate and its value in clear.
//
// It grows by one entry per sticky node id and is only reset with the
// session. It is not safe for concurrent use (a Session is not).
type stickyIDs map[int]uint64

const stickyBits = bitStickyFloor | bitStickyInput | bitStickyValue

// save records the sticky bits of n and of every node under it (shadow
// roots and frame documents are children in the mirror).
func (m *stickyIDs) save(n *capture.Node) {
	if n == nil {
		return
	}
	var walk func(h *html.Node)
	walk = func(h *html.Node) {
		c := capture.NodeOf(h)
		if b := c.Mark & stickyBits; b != 0 && c.ID != 0 {
			if *m == nil {
				*m = stickyIDs{}
			}
			(*m)[c.ID] |= b
		}
		for k := h.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(&n.Node)
}

// restore gives a node inserted under a remembered id its sticky bits back.
func (m stickyIDs) restore(n *capture.Node) {
	if n != nil && len(m) > 0 { // usually empty: no lookup per inserted node
		n.Mark |= m[n.ID]
	}
}
