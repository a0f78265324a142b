package capture

import (
	"strconv"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Whatever the cache holds, a string comes back with exactly the bytes it
// was read from: names that collide in a slot, HTML atoms and near-atoms
// ("Div", "div "), the empty string, strings past the cache's length.
func TestInternReturnsTheSameBytes(t *testing.T) {
	var c internCache
	inputs := []string{"div", "Div", "div ", "class", "data-i", "row r3", "", "é", "ρ", "a\x00b",
		"a-value-that-is-longer-than-the-cache-takes-at-all"}
	for i := range 2000 {
		inputs = append(inputs, "v"+strconv.Itoa(i))
	}
	for round := range 3 {
		for _, in := range inputs {
			b := []byte(in)
			got := c.add(c.slot(b), b, "")
			require.Equal(t, in, got, "round %d", round)
			if len(b) > 0 { // the batch's bytes may change after the call
				b[0] ^= 0xff
				require.Equal(t, in, got, "the string must not alias the batch")
			}
		}
	}
}

// A repeated short value is made once: the second read shares the first's
// bytes.
func TestInternSharesRepeatedValues(t *testing.T) {
	var c internCache
	first := c.add(c.slot([]byte("row r3")), []byte("row r3"), "")
	second := c.add(c.slot([]byte("row r3")), []byte("row r3"), "")
	require.Equal(t, unsafe.StringData(first), unsafe.StringData(second))
	require.Equal(t, unsafe.StringData(atom.Class.String()), unsafe.StringData(c.add(c.slot([]byte("class")), []byte("class"), "")), "an HTML name comes from the atom table")
}

// Names and attribute values go through the cache, which skips the UTF-8
// check for bytes it holds: invalid bytes are still refused, before and
// after a valid string of the same length was cached, in a snapshot and in
// a mutation batch.
func TestReaderNamesRefuseInvalidUTF8(t *testing.T) {
	for _, snapshot := range []bool{true, false} {
		for _, bad := range []struct{ tag, key, val string }{{"d\xffv", "class", "x"}, {"div", "cl\xc3\x28ss", "x"}, {"div", "class", "row r\xff"}} {
			w := NewWriter(1)
			if snapshot {
				w.SnapshotStart(1, "https://x/", 1, 1, 0, 0)
			}
			w.Node(1, 0, 0, &NodeData{Kind: KindElement, Tag: "div", Attrs: []html.Attribute{{Key: "class", Val: "row rx"}}})
			w.Node(2, 0, 0, &NodeData{Kind: KindElement, Tag: bad.tag, Attrs: []html.Attribute{{Key: bad.key, Val: bad.val}}})
			r, err := NewReader(w.Bytes())
			require.NoError(t, err)
			var op Op
			if snapshot {
				require.NoError(t, r.Next(&op))
			}
			require.NoError(t, r.Next(&op))
			err = r.Next(&op)
			require.ErrorContains(t, err, "string is not valid UTF-8", "%q", bad)
		}
	}
}
