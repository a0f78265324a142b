package capture

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// Strings read from a batch, a snapshot's (cut from one copy of the batch)
// or a mutation's (one copy each), keep their value after the caller
// reuses the batch's buffer: none of them aliases it.
func TestReaderStringsOutliveTheBatch(t *testing.T) {
	long := "a value longer than the name cache keeps, with data in it: 4111 1111"
	snap := NewWriter(1)
	snap.SnapshotStart(1, "https://example.test/page", 800, 600, 0, 0)
	snap.Node(1, 0, 0, &NodeData{Kind: KindDocument})
	snap.Node(2, 1, 0, &NodeData{Kind: KindElement, Tag: "div", Attrs: []html.Attribute{{Key: "class", Val: "row r1"}, {Key: "title", Val: long}}})
	snap.Node(3, 2, 0, &NodeData{Kind: KindText, Data: "Customer 1"})
	snap.SnapshotEnd(2)
	mut := NewWriter(3)
	mut.Text(3, "Customer 2")
	mut.Attr(2, "data-x", long)
	mut.MutationEnd(4)
	want := []string{"https://example.test/page", "div", "class", "row r1", "title", long, "Customer 1", "Customer 2", long, "data-x"} // op.Value before op.Name

	var got []string
	for _, batch := range [][]byte{snap.Bytes(), mut.Bytes()} {
		r, err := NewReader(batch)
		require.NoError(t, err)
		var op Op
		for {
			err := r.Next(&op)
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			got = append(got, op.Href, op.Node.Tag)
			for _, a := range op.Node.Attrs {
				got = append(got, a.Key, a.Val)
			}
			got = append(got, op.Node.Data, op.Value, op.Name)
		}
		for i := range batch {
			batch[i] = 0xff
		}
	}
	var nonEmpty []string
	for _, s := range got {
		if s != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	require.Equal(t, want, nonEmpty)
}
