package capture

import "golang.org/x/net/html"

// nodePool hands out a Mirror's nodes and their attribute lists from
// chunks, one allocation per chunk instead of one or two per node: in
// WebAssembly, allocation is a large part of the engine's time per node.
//
// A chunk is freed once none of its nodes is referenced; a removed node,
// though, still points at its subtree, its strings and (through those) at
// other chunks, so a dead node next to a live one could keep a whole removed
// subtree alive. Hence the contract of Mirror.PoolNodes: the owner calls
// ReleaseRemoved whenever it no longer holds any removed node, and the
// mirror then clears every node removed since (links, strings, attributes),
// leaving at most the chunks' bare memory behind. Reset starts new chunks,
// so the nodes of a new snapshot never share one with the old page's.
type nodePool struct {
	on      bool
	nodes   []Node
	attrs   []html.Attribute
	removed []*Node // roots of subtrees removed since the last release
	atoms   tagAtoms
}

const (
	poolNodes = 64  // × 160 B
	poolAttrs = 128 // × 48 B
)

// node returns a zeroed Node whose Attr is k zeroed attributes, its
// capacity cut to k.
//
//go:noinline
func (p *nodePool) node(k int) *Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]Node, poolNodes)
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	switch {
	case k == 0:
	case k <= poolAttrs/4:
		if len(p.attrs) < k {
			p.attrs = make([]html.Attribute, poolAttrs)
		}
		n.Attr = p.attrs[:k:k]
		p.attrs = p.attrs[k:]
	default:
		n.Attr = make([]html.Attribute, k)
	}
	return n
}

// reset drops the current chunks: what comes next never shares one with
// what came before.
func (p *nodePool) reset() {
	p.nodes, p.attrs, p.removed = nil, nil, nil
	p.atoms = tagAtoms{} // a custom tag can be cut from the old snapshot's batch: keep none of it
}

// release clears every node of the subtrees removed since the last call.
func (p *nodePool) release() {
	for _, n := range p.removed {
		clearSubtree(n)
	}
	clear(p.removed)
	p.removed = p.removed[:0]
}

func clearSubtree(n *Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		clearSubtree(NodeOf(c))
		c = next
	}
	clear(n.Attr[:cap(n.Attr)])
	*n = Node{}
}

// PoolNodes makes m allocate its nodes in chunks (see nodePool). The
// caller must then call ReleaseRemoved whenever it holds no node that m
// removed (Apply's result for a Remove, and every node of that subtree):
// until then, removed nodes are kept whole, after it they are cleared.
func (m *Mirror) PoolNodes() { m.pool.on = true }

// ReleaseRemoved clears the nodes removed since the last call, so that they
// hold nothing alive; see PoolNodes. Without PoolNodes it does nothing.
func (m *Mirror) ReleaseRemoved() { m.pool.release() }
