package capture

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// Elements with 0 to 6 attributes, their lists allocated each or cut from
// a pool's shared chunk, then attributes added, changed and removed on
// each: every element ends with exactly its own attributes, whatever its
// neighbours did.
func TestMirrorAttrsStayPerElement(t *testing.T) {
	t.Run("own allocations", func(t *testing.T) { attrsStayPerElement(t, NewMirror()) })
	t.Run("pooled", func(t *testing.T) {
		m := NewMirror()
		m.PoolNodes()
		attrsStayPerElement(t, m)
	})
}

func attrsStayPerElement(t *testing.T, m *Mirror) {
	_, err := m.Apply(nodeOp(1, 0, 0, NodeData{Kind: KindDocument}))
	require.NoError(t, err)
	want := map[int][]html.Attribute{}
	for k := 0; k <= 6; k++ {
		id := 10 + k
		var kv []string
		for i := range k {
			kv = append(kv, "a"+strconv.Itoa(i), strconv.Itoa(id))
		}
		_, err := m.Apply(nodeOp(id, 1, 0, elem("div", kv...)))
		require.NoError(t, err)
		for i := range k {
			want[id] = append(want[id], html.Attribute{Key: "a" + strconv.Itoa(i), Val: strconv.Itoa(id)})
		}
	}
	for k := 0; k <= 6; k++ {
		id := 10 + k
		_, err := m.Apply(&Op{Kind: OpAttr, ID: id, Name: "added", Value: "x" + strconv.Itoa(id)})
		require.NoError(t, err)
		want[id] = append(want[id], html.Attribute{Key: "added", Val: "x" + strconv.Itoa(id)})
		if k > 0 {
			_, err = m.Apply(&Op{Kind: OpAttrRemove, ID: id, Name: "a0"})
			require.NoError(t, err)
			want[id] = want[id][1:]
		}
	}
	for k := 0; k <= 6; k++ {
		id := 10 + k
		require.Equal(t, want[id], m.Node(id).Attr, "element %d", id)
	}
}

// A pooled mirror clears what was removed once released, and nothing else:
// the page that stays is whole (tree, index, strings, attributes), the
// removed subtree holds no link, string or attribute any more.
func TestMirrorReleaseClearsOnlyRemoved(t *testing.T) {
	m := NewMirror()
	m.PoolNodes()
	apply := func(op *Op) *Node {
		t.Helper()
		n, err := m.Apply(op)
		require.NoError(t, err)
		return n
	}
	apply(nodeOp(1, 0, 0, NodeData{Kind: KindDocument}))
	apply(nodeOp(2, 1, 0, elem("html")))
	for i := range 200 { // several chunks, removed and kept nodes side by side
		id := 10 + 3*i
		apply(nodeOp(id, 2, 0, elem("div", "class", "row", "data-i", strconv.Itoa(i))))
		apply(nodeOp(id+1, id, 0, NodeData{Kind: KindText, Data: "text " + strconv.Itoa(i)}))
		apply(nodeOp(id+2, id, 0, elem("b", "title", "t"+strconv.Itoa(i))))
	}
	var removed []*Node
	for i := 0; i < 200; i += 2 {
		removed = append(removed, apply(&Op{Kind: OpRemove, ID: 10 + 3*i}))
	}
	require.Equal(t, "text 0", NodeOf(removed[0].FirstChild).Data, "removed nodes stay whole until released")
	kids := []*Node{NodeOf(removed[0].FirstChild), NodeOf(removed[0].LastChild)}
	m.ReleaseRemoved()
	for _, n := range append(removed, kids...) {
		require.Equal(t, Node{}, *n, "a released node holds nothing")
	}
	for i := 1; i < 200; i += 2 {
		id := 10 + 3*i
		n := m.Node(id)
		require.Equal(t, []html.Attribute{{Key: "class", Val: "row"}, {Key: "data-i", Val: strconv.Itoa(i)}}, n.Attr)
		require.Equal(t, "text "+strconv.Itoa(i), NodeOf(n.FirstChild).Data)
		require.Equal(t, []html.Attribute{{Key: "title", Val: "t" + strconv.Itoa(i)}}, NodeOf(n.LastChild).Attr)
		require.Same(t, &m.Node(2).Node, n.Parent)
	}
	checkIndex(t, m)
	require.Equal(t, 2+100*3, m.Len())
	apply(&Op{Kind: OpSnapshotStart})
	require.Empty(t, m.pool.nodes, "a new snapshot starts a new chunk")
	require.Empty(t, m.pool.removed)
}
