package capture

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/net/html/atom"
)

// The cache answers what atom.Lookup answers: for the prefixes of a name,
// which share its bytes' address ("t", "te", … "textarea"; with 64 slots
// some of them share a slot too), for equal names made separately, and for
// custom names (no atom), asked in turns so that slots are hit, missed and
// overwritten.
func TestTagAtomsMatchLookup(t *testing.T) {
	var names []string
	for _, n := range strings.Fields(`blockquote button caption colgroup datalist details fieldset figcaption
		noscript optgroup progress template textarea section summary strong select script object option output
		iframe header footer figure legend meter input label table tbody thead tfoot title style small video
		audio source track picture canvas article address aside dialog embed frameset marquee menuitem nobr
		plaintext search slot span sub sup time var wbr x-card DIV font-face`) {
		for i := len(n); i > 0; i-- {
			names = append(names, n[:i])
		}
		names = append(names, strings.Clone(n))
	}
	var c tagAtoms
	for _, n := range names { // a name's prefixes in a row: the same address with another length
		for _, s := range []string{n, n, n[:len(n)/2], n[:len(n)/2+1], n[:1], n} {
			assert.Equal(t, atom.Lookup([]byte(s)), c.lookup(s), "%q", s)
		}
	}
	for round := 0; round < 3; round++ {
		for i, n := range names {
			j := (i*7 + round) % len(names)
			for _, s := range []string{n, names[j]} {
				assert.Equal(t, atom.Lookup([]byte(s)), c.lookup(s), "%q", s)
			}
		}
	}
}

// A name and a longer one starting at the same address may share a slot:
// the length tells them apart ("a" is an atom, "axxx…" is not).
func TestTagAtomsSameAddressOtherLength(t *testing.T) {
	long := "a" + strings.Repeat("x", 400)
	var c tagAtoms
	for n := 2; n <= len(long); n++ {
		if c.slot(long[:n]) != c.slot(long[:1]) {
			continue
		}
		assert.Equal(t, atom.Atom(0), c.lookup(long[:n]))
		assert.Equal(t, atom.A, c.lookup(long[:1]))
		assert.Equal(t, atom.Atom(0), c.lookup(long[:n]))
		return
	}
	t.Fatal("no two prefixes share a slot: make the name longer")
}
