package capture

import (
	"fmt"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func nodeOp(id, parent, next int, d NodeData) *Op {
	return &Op{Kind: OpNode, ID: id, Parent: parent, Next: next, Node: d}
}

func elem(tag string, attrs ...string) NodeData {
	d := NodeData{Kind: KindElement, Tag: tag}
	for i := 0; i+1 < len(attrs); i += 2 {
		d.Attrs = append(d.Attrs, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
	}
	return d
}

// page builds: 1 Document > 2 html > (3 body > (4 div > 5 text, 6 p), 7 iframe)
func page(t testing.TB) *Mirror {
	t.Helper()
	m := NewMirror()
	for _, op := range []*Op{
		{Kind: OpSnapshotStart},
		nodeOp(1, 0, 0, NodeData{Kind: KindDocument}),
		nodeOp(2, 1, 0, elem("html")),
		nodeOp(3, 2, 0, elem("body")),
		nodeOp(4, 3, 0, elem("div", "class", "a")),
		nodeOp(5, 4, 0, NodeData{Kind: KindText, Data: "hello"}),
		nodeOp(6, 3, 0, elem("p")),
		nodeOp(7, 2, 0, elem("iframe")),
	} {
		_, err := m.Apply(op)
		require.NoError(t, err)
	}
	return m
}

// dump writes the tree as ids, to compare structure.
func dump(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		fmt.Fprintf(&b, "%d", NodeOf(n).ID)
		if n.FirstChild != nil {
			b.WriteString("(")
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
				if c.NextSibling != nil {
					b.WriteString(" ")
				}
			}
			b.WriteString(")")
		}
	}
	walk(n)
	return b.String()
}

// checkIndex asserts that the index holds exactly the nodes of the tree.
func checkIndex(t testing.TB, m *Mirror) {
	t.Helper()
	count := 0
	if r := m.Root(); r != nil {
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			count++
			require.Same(t, NodeOf(n), m.Node(NodeOf(n).ID))
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				require.Same(t, n, c.Parent)
				walk(c)
			}
		}
		walk(&r.Node)
	}
	require.Equal(t, count, m.Len())
}

func TestMirrorApply(t *testing.T) {
	m := page(t)
	assert.Equal(t, "1(2(3(4(5) 6) 7))", dump(&m.Root().Node))
	checkIndex(t, m)

	n, err := m.Apply(&Op{Kind: OpMove, ID: 6, Parent: 3, Next: 4})
	require.NoError(t, err)
	assert.Equal(t, 6, n.ID)
	assert.Equal(t, "1(2(3(6 4(5)) 7))", dump(&m.Root().Node))

	_, err = m.Apply(&Op{Kind: OpText, ID: 5, Value: "bye"})
	require.NoError(t, err)
	assert.Equal(t, "bye", m.Node(5).Data)

	_, err = m.Apply(&Op{Kind: OpAttr, ID: 4, Name: "class", Value: "b"})
	require.NoError(t, err)
	_, err = m.Apply(&Op{Kind: OpAttr, ID: 4, Name: "title", Value: "t"})
	require.NoError(t, err)
	assert.Equal(t, []html.Attribute{{Key: "class", Val: "b"}, {Key: "title", Val: "t"}}, m.Node(4).Attr)
	_, err = m.Apply(&Op{Kind: OpAttrRemove, ID: 4, Name: "class"})
	require.NoError(t, err)
	assert.Equal(t, []html.Attribute{{Key: "title", Val: "t"}}, m.Node(4).Attr)

	n, err = m.Apply(&Op{Kind: OpInput, ID: 6, Value: "typed", Checked: true})
	require.NoError(t, err)
	assert.True(t, n.HasInput && n.Checked)
	assert.Equal(t, "typed", n.Value)

	// iframe content document and a shadow root.
	_, err = m.Apply(nodeOp(8, 7, 0, NodeData{Kind: KindDocument}))
	require.NoError(t, err)
	_, err = m.Apply(nodeOp(9, 6, 0, NodeData{Kind: KindShadowRoot}))
	require.NoError(t, err)
	_, err = m.Apply(nodeOp(10, 9, 0, elem("span")))
	require.NoError(t, err)
	assert.Equal(t, KindShadowRoot, m.Node(9).Kind())
	assert.Equal(t, KindDocument, m.Node(8).Kind())
	checkIndex(t, m)

	n, err = m.Apply(&Op{Kind: OpRemove, ID: 3})
	require.NoError(t, err)
	assert.Equal(t, 3, n.ID)
	assert.Nil(t, n.Parent)
	for _, id := range []int{3, 4, 5, 6, 9, 10} {
		assert.Nil(t, m.Node(id), "id %d must leave the index", id)
	}
	assert.Equal(t, 4, m.Len()) // 1, 2, 7, 8
	checkIndex(t, m)

	n, err = m.Apply(&Op{Kind: OpMouse, ID: 2})
	assert.NoError(t, err)
	assert.Nil(t, n)

	_, err = m.Apply(&Op{Kind: OpSnapshotStart})
	require.NoError(t, err)
	assert.Nil(t, m.Root())
	assert.Zero(t, m.Len())
}

func TestMirrorErrors(t *testing.T) {
	tests := []struct {
		name string
		op   *Op
		want string
	}{
		{"unknown parent", nodeOp(20, 99, 0, elem("a")), "unknown parent id 99"},
		{"unknown next", nodeOp(20, 3, 99, elem("a")), "unknown next id 99"},
		{"next not a child", nodeOp(20, 3, 5, elem("a")), "next 5 is not a child of 3"},
		{"duplicate id", nodeOp(4, 3, 0, elem("a")), "duplicate node id 4"},
		{"zero id", nodeOp(0, 3, 0, elem("a")), "node id must be positive"},
		{"second root", nodeOp(20, 0, 0, NodeData{Kind: KindDocument}), "a second root Document"},
		{"element without parent", nodeOp(20, 0, 0, elem("a")), "a Element without a parent"},
		{"document under div", nodeOp(20, 4, 0, NodeData{Kind: KindDocument}), "a Document can only be the snapshot root or under an <iframe>"},
		{"second iframe document", nodeOp(21, 7, 0, NodeData{Kind: KindDocument}), "already has a content document"},
		{"shadow root under document", nodeOp(20, 1, 0, NodeData{Kind: KindShadowRoot}), "a ShadowRoot must be under an element"},
		{"second shadow root", nodeOp(21, 4, 0, NodeData{Kind: KindShadowRoot}), "already has a shadow root"},
		{"child of text", nodeOp(20, 5, 0, elem("a")), "a Text cannot have children"},
		{"bad kind", nodeOp(20, 3, 0, NodeData{Kind: 9}), "bad node kind 9"},
		{"move into own subtree", &Op{Kind: OpMove, ID: 3, Parent: 4}, "into its own subtree"},
		{"move into itself", &Op{Kind: OpMove, ID: 3, Parent: 3}, "into its own subtree"},
		{"move before itself", &Op{Kind: OpMove, ID: 4, Parent: 3, Next: 4}, "cannot move before itself"},
		{"move root", &Op{Kind: OpMove, ID: 1, Parent: 3}, "root Document cannot move"},
		{"move unknown", &Op{Kind: OpMove, ID: 99, Parent: 3}, "unknown node id 99"},
		{"move to unknown parent", &Op{Kind: OpMove, ID: 6, Parent: 99}, "unknown parent id 99"},
		{"move text under text", &Op{Kind: OpMove, ID: 6, Parent: 5}, "a Text cannot have children"},
		{"remove unknown", &Op{Kind: OpRemove, ID: 99}, "unknown node id 99"},
		{"text on element", &Op{Kind: OpText, ID: 4, Value: "x"}, "Text on node 4, a Element"},
		{"attr on text", &Op{Kind: OpAttr, ID: 5, Name: "x"}, "Attr on node 5, a Text"},
		{"input on text", &Op{Kind: OpInput, ID: 5}, "Input on node 5, a Text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := page(t)
			_, err := m.Apply(nodeOp(20+9, 4, 0, NodeData{Kind: KindShadowRoot})) // for "second shadow root"
			require.NoError(t, err)
			_, err = m.Apply(nodeOp(30, 7, 0, NodeData{Kind: KindDocument}))
			require.NoError(t, err)
			before := dump(&m.Root().Node)
			beforeLen := m.Len()
			_, err = m.Apply(tt.op)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Equal(t, before, dump(&m.Root().Node), "a failing op must leave the mirror unchanged")
			assert.Equal(t, beforeLen, m.Len())
			checkIndex(t, m)
		})
	}
}

func TestMirrorMaxNodes(t *testing.T) {
	assert.Equal(t, MaxNodes, NewMirror().maxNodes, "the real limit is the default")
	m := page(t) // 7 nodes
	m.maxNodes = 8
	_, err := m.Apply(nodeOp(8, 3, 0, elem("a")))
	require.NoError(t, err, "exactly at the limit")
	_, err = m.Apply(nodeOp(9, 3, 0, elem("a")))
	require.Error(t, err)
	assert.Equal(t, "MaxNodes", limitName(err))
	assert.EqualError(t, err, "capture: node 9 exceeds MaxNodes (8)")
	assert.Nil(t, m.Node(9))
	// Room again after a remove.
	_, err = m.Apply(&Op{Kind: OpRemove, ID: 8})
	require.NoError(t, err)
	_, err = m.Apply(nodeOp(9, 3, 0, elem("a")))
	assert.NoError(t, err)
}

func TestMirrorMaxDepth(t *testing.T) {
	chain := func(m *Mirror, n int) {
		_, err := m.Apply(nodeOp(1, 0, 0, NodeData{Kind: KindDocument}))
		require.NoError(t, err)
		for id := 2; id <= n; id++ {
			_, err := m.Apply(nodeOp(id, id-1, 0, elem("div")))
			require.NoError(t, err)
		}
	}
	m := NewMirror()
	chain(m, MaxDepth) // the real limit: depth 1024 fits
	_, err := m.Apply(nodeOp(MaxDepth+1, MaxDepth, 0, elem("div")))
	require.Error(t, err)
	assert.EqualError(t, err, "capture: depth 1025 exceeds MaxDepth (1024)")

	// A move counts the height of the moved subtree.
	m = NewMirror()
	m.maxDepth = 6
	chain(m, 4) // 1 > 2 > 3 > 4
	_, err = m.Apply(nodeOp(5, 1, 0, elem("div")))
	require.NoError(t, err)
	_, err = m.Apply(nodeOp(6, 5, 0, elem("div")))
	require.NoError(t, err)
	_, err = m.Apply(&Op{Kind: OpMove, ID: 5, Parent: 3}) // 5 at depth 4, 6 at 5
	require.NoError(t, err)
	_, err = m.Apply(&Op{Kind: OpMove, ID: 5, Parent: 4}) // 6 at depth 6: at the limit
	require.NoError(t, err)
	_, err = m.Apply(nodeOp(7, 6, 0, elem("div"))) // depth 7
	assert.Equal(t, "MaxDepth", limitName(err))
	_, err = m.Apply(&Op{Kind: OpMove, ID: 4, Parent: 1})
	require.NoError(t, err)
	_, err = m.Apply(&Op{Kind: OpMove, ID: 4, Parent: 3}) // back: depth 6 fits
	require.NoError(t, err)
	_, err = m.Apply(nodeOp(7, 3, 0, elem("div")))
	require.NoError(t, err)
	_, err = m.Apply(&Op{Kind: OpMove, ID: 4, Parent: 7}) // 6 would be at depth 7
	assert.Equal(t, "MaxDepth", limitName(err))
	assert.Equal(t, "1(2(3(4(5(6)) 7)))", dump(&m.Root().Node))
	checkIndex(t, m)
}

func TestMirrorMaxAttrs(t *testing.T) {
	m := page(t)
	m.maxAttrs = 2
	_, err := m.Apply(&Op{Kind: OpAttr, ID: 4, Name: "b", Value: "1"})
	require.NoError(t, err, "exactly at the limit")
	_, err = m.Apply(&Op{Kind: OpAttr, ID: 4, Name: "a", Value: "1"})
	assert.EqualError(t, err, "capture: 3 attributes exceeds MaxAttrs (2)")
	_, err = m.Apply(&Op{Kind: OpAttr, ID: 4, Name: "b", Value: "2"})
	assert.NoError(t, err, "replacing a value adds nothing")
}

func TestNodeOfRoundTrip(t *testing.T) {
	m := page(t)
	sel := cascadia.MustCompile("div.a")
	found := cascadia.QueryAll(&m.Root().Node, sel)
	require.Len(t, found, 1)
	assert.Same(t, m.Node(4), NodeOf(found[0]))
	assert.Nil(t, NodeOf(nil))
	// Every html.Node reachable from the root is part of a Node.
	checkIndex(t, m)
}

func TestMirrorCopiesAttrs(t *testing.T) {
	m := NewMirror()
	op := nodeOp(1, 0, 0, NodeData{Kind: KindDocument})
	_, err := m.Apply(op)
	require.NoError(t, err)
	op = nodeOp(2, 1, 0, elem("div", "class", "x", BlockAttr, ""))
	n, err := m.Apply(op)
	require.NoError(t, err)
	op.Node.Attrs[0].Val = "changed"
	assert.Equal(t, "x", n.Attr[0].Val, "the reader reuses Attrs; the mirror must copy them")
	assert.True(t, n.WasBlocked)
	_, err = m.Apply(&Op{Kind: OpAttrRemove, ID: 2, Name: BlockAttr})
	require.NoError(t, err)
	assert.True(t, n.WasBlocked, "WasBlocked is sticky")
}

func TestNodeData(t *testing.T) {
	tests := []NodeData{
		{Kind: KindDocument},
		{Kind: KindShadowRoot},
		{Kind: KindDoctype, Name: "html", PublicID: "-//W3C", SystemID: "x.dtd"},
		{Kind: KindElement, Namespace: "math", Tag: "mi", Attrs: []html.Attribute{{Key: "k", Val: "v"}}, Width: 3, Height: 4},
		{Kind: KindText, Data: "t"},
		{Kind: KindCDATA, Data: "c"},
		{Kind: KindComment, Data: "m"},
	}
	for _, d := range tests {
		t.Run(d.Kind.String(), func(t *testing.T) {
			n := newNode(1, &d)
			assert.Equal(t, d, n.NodeData())
		})
	}
}

func ExampleMirror() {
	w := NewWriter(0)
	w.SnapshotStart(0, "https://example.com/", 1280, 800, 0, 0)
	w.Node(1, 0, 0, &NodeData{Kind: KindDocument})
	w.Node(2, 1, 0, &NodeData{Kind: KindElement, Tag: "p", Attrs: []html.Attribute{{Key: "class", Val: "secret"}}})
	w.Node(3, 2, 0, &NodeData{Kind: KindText, Data: "hello"})
	w.SnapshotEnd(0)

	r, _ := NewReader(w.Bytes())
	m := NewMirror()
	var op Op
	for r.Next(&op) == nil {
		if _, err := m.Apply(&op); err != nil {
			panic(err)
		}
	}
	p := cascadia.Query(&m.Root().Node, cascadia.MustCompile(".secret"))
	fmt.Println(NodeOf(p).ID, p.FirstChild.Data, m.Len())
	// Output: 2 hello 3
}
