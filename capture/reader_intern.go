package capture

import "golang.org/x/net/html/atom"

// Tag names, attribute names and short attribute values repeat across a
// batch ("div", "class", "row"); making a string of each costs an
// allocation per node and attribute, which in WebAssembly is most of the
// decoder's time. The Reader hands out one string per distinct spelling
// instead: HTML's own names from x/net/html's atom table, the rest from a
// small cache that keeps the last string seen per slot. Strings are
// immutable, so sharing one changes nothing for the caller; the cache
// compares every byte, so a hit is the same spelling, never a near one.
const (
	internSlots  = 256
	internMaxLen = 32 // longer values are rarely repeated
)

type internCache struct {
	slots [internSlots]internSlot
}

type internSlot struct {
	s string
	_ [0]func() // not comparable: no equality code in the engine for it
}

// slot is where b's string is kept, nil for strings too long to keep.
func (c *internCache) slot(b []byte) *string {
	if len(b) > internMaxLen {
		return nil
	}
	h := uint32(len(b))
	for _, c := range b {
		h = h*31 + uint32(c)
	}
	return &c.slots[h%internSlots].s
}

// add returns b as a string and keeps it in slot (from c.slot(b), may be
// nil). keep, when not empty, is b as a string already made, used instead
// of a new one. b must be valid UTF-8, checked by the caller.
func (c *internCache) add(slot *string, b []byte, keep string) string {
	if len(b) == 0 {
		return ""
	}
	if slot != nil && *slot == string(b) {
		return *slot
	}
	s := keep
	if a := atom.Lookup(b); a != 0 {
		s = a.String() // Lookup matches exact spellings only
	} else if s == "" {
		s = string(b)
	}
	if slot != nil {
		*slot = s
	}
	return s
}
