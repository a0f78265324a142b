package capture

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMirrorFreezesDocMode: the document's mode is recorded when it gets its
// first element, from the DOCTYPE it has then; DOCTYPEs added or removed
// later leave it as it is, and shadow roots get none.
func TestMirrorFreezesDocMode(t *testing.T) {
	mode := func(m *Mirror, id int) string {
		for _, a := range m.Node(id).Attr {
			if a.Key == DocModeAttr {
				return a.Val
			}
		}
		return ""
	}
	apply := func(m *Mirror, op Op) {
		t.Helper()
		_, err := m.Apply(&op)
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		name    string
		doctype *NodeData
		want    string
	}{
		{"no doctype", nil, "quirks"},
		{"html", &NodeData{Kind: KindDoctype, Name: "html"}, "no-quirks"},
		{"limited quirks", &NodeData{Kind: KindDoctype, Name: "html", PublicID: "-//W3C//DTD XHTML 1.0 Transitional//EN", SystemID: "x"}, "limited-quirks"},
		{"other name", &NodeData{Kind: KindDoctype, Name: "svg"}, "quirks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMirror()
			apply(m, Op{Kind: OpNode, ID: 1, Node: NodeData{Kind: KindDocument}})
			assert.Equal(t, "", mode(m, 1), "not before the first element")
			if tc.doctype != nil {
				apply(m, Op{Kind: OpNode, ID: 2, Parent: 1, Node: *tc.doctype})
			}
			apply(m, Op{Kind: OpNode, ID: 3, Parent: 1, Node: NodeData{Kind: KindElement, Tag: "html"}})
			assert.Equal(t, tc.want, mode(m, 1))
			if tc.doctype != nil {
				apply(m, Op{Kind: OpRemove, ID: 2})
			} else {
				apply(m, Op{Kind: OpNode, ID: 2, Parent: 1, Next: 3, Node: NodeData{Kind: KindDoctype, Name: "html"}})
			}
			apply(m, Op{Kind: OpNode, ID: 4, Parent: 3, Node: NodeData{Kind: KindElement, Tag: "body"}})
			assert.Equal(t, tc.want, mode(m, 1), "a later DOCTYPE change keeps the mode")
			apply(m, Op{Kind: OpNode, ID: 5, Parent: 4, Node: NodeData{Kind: KindShadowRoot}})
			apply(m, Op{Kind: OpNode, ID: 6, Parent: 5, Node: NodeData{Kind: KindElement, Tag: "p"}})
			assert.Equal(t, "", mode(m, 5), "a shadow root takes its host document's mode")
		})
	}
}
