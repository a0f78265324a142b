package masking

import "github.com/veil-replay/veil/capture"

// serializeSlab hands out the serialized nodes of a snapshot or added
// subtree, their child lists and their attribute lists from chunks, instead
// of an allocation (and, for lists, a few regrowths) per node: in
// WebAssembly allocation and the collector's work per object are a large
// part of the engine's time per node.
//
// Every slice it returns has its capacity cut to its length, so an append
// past it copies instead of writing into a neighbour's room; nothing handed
// out is written again. Chunks are left to the garbage collector once the
// events that point into them are gone, unless the session reuses its
// events' memory (Session.ReuseEvents): then rewind clears the node chunks
// of the last Write and hands them out again (nodes are most of a slab's
// bytes; lists are left to the collector). Not safe for concurrent use (one
// per Session).
type serializeSlab struct {
	nodes []capture.SNode
	kids  []*capture.SNode
	attrs []capture.Attr

	reuse bool
	used  [][]capture.SNode // node chunks handed out from since the last rewind (reuse only)
	free  [][]capture.SNode // cleared node chunks to hand out again (reuse only)
}

const (
	slabNodes = 128 // a chunk stays below the collector's large-object size (32 KiB)
	slabKids  = 512
	slabAttrs = 512

	// slabKeep bounds the cleared node chunks kept between writes (~1 MiB):
	// a large snapshot's chunks beyond it are left to the collector.
	slabKeep = 64
)

// node returns a zeroed SNode.
func (s *serializeSlab) node() *capture.SNode {
	if len(s.nodes) == 0 {
		s.nodes = s.nodeChunk()
	}
	n := &s.nodes[0]
	s.nodes = s.nodes[1:]
	return n
}

// nodeChunk returns a chunk of zeroed nodes.
//
//go:noinline
func (s *serializeSlab) nodeChunk() []capture.SNode {
	var ch []capture.SNode
	if k := len(s.free); k > 0 {
		ch, s.free = s.free[k-1], s.free[:k-1]
	} else {
		ch = make([]capture.SNode, slabNodes)
	}
	if s.reuse {
		s.used = append(s.used, ch)
	}
	return ch
}

// rewind, when the session reuses its events' memory, clears the node
// chunks handed out from since the last rewind and keeps up to slabKeep of
// them to hand out again: no node handed out before may still be in use.
func (s *serializeSlab) rewind() {
	if !s.reuse {
		return
	}
	for i, ch := range s.used {
		if len(s.free) < slabKeep {
			clear(ch) // nothing stale is handed out, nor keeps the last page's strings alive
			s.free = append(s.free, ch)
		}
		s.used[i] = nil
	}
	s.used, s.nodes = s.used[:0], nil
}

// kidList returns an empty list with room for n children.
//
//go:noinline
func (s *serializeSlab) kidList(n int) []*capture.SNode {
	if n == 0 {
		return nil
	}
	if n > slabKids/4 {
		return make([]*capture.SNode, 0, n)
	}
	if len(s.kids) < n {
		s.kids = make([]*capture.SNode, slabKids)
	}
	l := s.kids[:0:n]
	s.kids = s.kids[n:]
	return l
}

// attrList returns an empty list with room for n attributes.
//
//go:noinline
func (s *serializeSlab) attrList(n int) []capture.Attr {
	if n == 0 {
		return nil
	}
	if n > slabAttrs/4 {
		return make([]capture.Attr, 0, n)
	}
	if len(s.attrs) < n {
		s.attrs = make([]capture.Attr, slabAttrs)
	}
	l := s.attrs[:0:n]
	s.attrs = s.attrs[n:]
	return l
}
