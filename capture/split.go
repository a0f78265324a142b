package capture

// SplitNodes is how many serialized nodes one part of SplitTrees holds at
// most from a snapshot tree: a collector decodes a batch whole, and bounds
// the memory that takes (about 45,000 nodes of a typical page fit one
// batch), so a larger snapshot would be refused however often it was sent.
const SplitNodes = 20000

// SplitTrees cuts events into parts that can be sent as batches of their
// own, in order: a FullSnapshot, or a same-origin frame's document (an
// isAttachIframe Mutation), of more than maxNodes nodes keeps its first
// maxNodes nodes in document order, and the rest follow, each node alone
// (no children), as Mutation adds of at most maxNodes nodes a part, with the
// snapshot's timestamp. The nodes cut off always end their parents' child
// lists, so appending them (no nextId) rebuilds the tree as it was: rrweb's
// Replayer, and Veil's masking at the collector, see the same document.
//
// Nothing is masked or changed here: the nodes are those events already
// hold, only regrouped. Events are not modified (trees are copied where they
// are cut). With no tree over maxNodes the result is one part, events
// itself. Safe for concurrent use.
func SplitTrees(events []Event, maxNodes int) [][]Event {
	var parts [][]Event
	start := 0 // events[start:i] are not yet in a part
	for i, e := range events {
		root, rebuild := bigTree(e, maxNodes)
		if root == nil {
			continue
		}
		kept, rest := cutTree(root, maxNodes)
		parts = append(parts, append(events[start:i:i], rebuild(kept)))
		for len(rest) > 0 {
			n := min(maxNodes, len(rest))
			parts = append(parts, []Event{{Type: IncrementalSnapshot, Timestamp: e.Timestamp,
				Data: MutationData{Adds: rest[:n:n]}}})
			rest = rest[n:]
		}
		start = i + 1
	}
	if start < len(events) || len(parts) == 0 {
		parts = append(parts, events[start:])
	}
	return parts
}

// bigTree returns the tree of e when e carries one of more than maxNodes
// nodes, and how to make e again around a cut copy of it.
func bigTree(e Event, maxNodes int) (*SNode, func(*SNode) Event) {
	switch d := e.Data.(type) {
	case FullSnapshotData:
		if countNodes(d.Node, maxNodes) > maxNodes {
			return d.Node, func(n *SNode) Event { d.Node = n; e.Data = d; return e }
		}
	case MutationData:
		if d.IsAttachIframe && len(d.Adds) == 1 && len(d.Removes) == 0 && len(d.Texts) == 0 && len(d.Attributes) == 0 &&
			countNodes(d.Adds[0].Node, maxNodes) > maxNodes {
			return d.Adds[0].Node, func(n *SNode) Event {
				add := d.Adds[0]
				add.Node = n
				d.Adds = []AddedNode{add}
				e.Data = d
				return e
			}
		}
	}
	return nil, nil
}

// countNodes counts the nodes of the tree at n, stopping past limit.
func countNodes(n *SNode, limit int) int {
	if n == nil {
		return 0
	}
	c := 1
	for _, ch := range n.ChildNodes {
		if c > limit {
			break
		}
		c += countNodes(ch, limit-c)
	}
	return c
}

// cutTree keeps the first max nodes of the tree at root in document order
// (copies of them, with the kept children only) and returns the others as
// adds in document order, each under its parent, without children.
func cutTree(root *SNode, max int) (*SNode, []AddedNode) {
	c := cutter{left: max - 1}
	return c.keep(root), c.rest
}

type cutter struct {
	left int // nodes that may still be kept
	rest []AddedNode
}

func (c *cutter) keep(n *SNode) *SNode {
	cp := *n
	cp.ChildNodes = nil
	for _, ch := range n.ChildNodes {
		if c.left > 0 {
			c.left--
			cp.ChildNodes = append(cp.ChildNodes, c.keep(ch))
			continue
		}
		c.drop(ch, n.ID)
	}
	return &cp
}

func (c *cutter) drop(n *SNode, parent int) {
	flat := *n
	flat.ChildNodes = nil
	c.rest = append(c.rest, AddedNode{ParentID: parent, Node: &flat})
	for _, ch := range n.ChildNodes {
		c.drop(ch, n.ID)
	}
}
