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
// events that point into them are gone. Not safe for concurrent use (one
// per Session).
type serializeSlab struct {
	nodes []capture.SNode
	kids  []*capture.SNode
	attrs []capture.Attr
}

const (
	slabNodes = 128 // a chunk stays below the collector's large-object size (32 KiB)
	slabKids  = 512
	slabAttrs = 512
)

// node returns a zeroed SNode.
func (s *serializeSlab) node() *capture.SNode {
	if len(s.nodes) == 0 {
		s.nodes = make([]capture.SNode, slabNodes)
	}
	n := &s.nodes[0]
	s.nodes = s.nodes[1:]
	return n
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
