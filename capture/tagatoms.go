package capture

import (
	"unsafe"

	"golang.org/x/net/html/atom"
)

// tagAtoms remembers the atom of the tag names seen last, by where their
// bytes are. The Reader hands out one string per spelling (reader_intern.go),
// HTML's own names straight from the atom table, so a snapshot's thousands
// of "div" are the same few bytes: one comparison of an address and a length
// instead of hashing the name again for every element (atom.Lookup was 2 %
// of a snapshot's instructions, 2.5 % of its time in WebAssembly). Strings
// with the same bytes are equal, so a hit is never a wrong atom; a miss only
// looks the name up.
type tagAtoms struct {
	slots [64]tagAtom
}

type tagAtom struct {
	p *byte
	n int
	a atom.Atom
	_ [0]func() // not comparable: no equality code in the engine for it
}

func (t *tagAtoms) lookup(tag string) atom.Atom {
	s := t.slot(tag)
	p := unsafe.StringData(tag)
	if s.p == p && s.n == len(tag) && p != nil {
		return s.a
	}
	a := atom.Lookup([]byte(tag))
	*s = tagAtom{p: p, n: len(tag), a: a}
	return a
}

// slot is where tag is kept: Fibonacci hashing of its address and length.
func (t *tagAtoms) slot(tag string) *tagAtom {
	h := (uint64(uintptr(unsafe.Pointer(unsafe.StringData(tag)))) + uint64(len(tag))) * 0x9e3779b97f4a7c15
	return &t.slots[h>>58]
}
