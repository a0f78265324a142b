package capture

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// splitDoc is a document of rows of elements with text, a shadow root and a
// style sheet, ids in document order from 1.
func splitDoc(rows int) *SNode {
	id := 0
	next := func() int { id++; return id }
	doc := &SNode{Type: DocumentNode, ID: next()}
	html := &SNode{Type: ElementNode, ID: next(), TagName: "html"}
	doc.ChildNodes = []*SNode{html}
	style := &SNode{Type: ElementNode, ID: next(), TagName: "style"}
	style.ChildNodes = []*SNode{{Type: TextNode, ID: next(), TextContent: ".a{}", IsStyle: true}}
	body := &SNode{Type: ElementNode, ID: next(), TagName: "body"}
	html.ChildNodes = []*SNode{style, body}
	for i := range rows {
		row := &SNode{Type: ElementNode, ID: next(), TagName: "div", Attributes: []Attr{{Name: "class", Value: "r" + strconv.Itoa(i%3)}}}
		span := &SNode{Type: ElementNode, ID: next(), TagName: "span"}
		span.ChildNodes = []*SNode{{Type: TextNode, ID: next(), TextContent: "****"}}
		row.ChildNodes = []*SNode{span}
		if i%5 == 0 {
			row.IsShadowHost = true
			row.ChildNodes = append(row.ChildNodes, &SNode{Type: ElementNode, ID: next(), TagName: "slot", IsShadow: true})
		}
		body.ChildNodes = append(body.ChildNodes, row)
	}
	return doc
}

// rebuild applies parts to the first part's tree as a replayer does: each
// add appended to its parent's children.
func rebuild(t *testing.T, parts [][]Event) *SNode {
	t.Helper()
	byID := map[int]*SNode{}
	var index func(n *SNode)
	index = func(n *SNode) {
		byID[n.ID] = n
		for _, c := range n.ChildNodes {
			index(c)
		}
	}
	var root *SNode
	for _, p := range parts {
		for _, e := range p {
			switch d := e.Data.(type) {
			case FullSnapshotData:
				root = d.Node
				index(root)
			case MutationData:
				for _, a := range d.Adds {
					if d.IsAttachIframe {
						root = a.Node
						index(root)
						continue
					}
					parent := byID[a.ParentID]
					require.NotNil(t, parent, "parent %d of node %d is there before it", a.ParentID, a.Node.ID)
					require.Zero(t, a.NextID)
					require.Empty(t, a.Node.ChildNodes, "added nodes come alone")
					parent.ChildNodes = append(parent.ChildNodes, a.Node)
					byID[a.Node.ID] = a.Node
				}
			}
		}
	}
	return root
}

func TestSplitTrees(t *testing.T) {
	total := countNodes(splitDoc(10), 1<<30) // 47
	for _, tc := range []struct {
		name      string
		rows, max int
		parts     int
	}{
		{"smaller than the limit", 10, 100, 1},
		{"at the limit", 10, total, 1},
		{"one over the limit", 10, total - 1, 3}, // the snapshot, one add, the click
		{"many parts", 400, 100, 1 + 1 + (countNodes(splitDoc(400), 1<<30)-100+99)/100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := splitDoc(tc.rows)
			meta := Event{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x/"}}
			snap := Event{Type: FullSnapshot, Timestamp: 6, Data: FullSnapshotData{Node: doc}}
			click := Event{Type: IncrementalSnapshot, Timestamp: 7, Data: MouseInteractionData{Kind: 2, ID: 3}}
			parts := SplitTrees([]Event{meta, snap, click}, tc.max)
			require.Len(t, parts, tc.parts)
			for i, p := range parts {
				for _, e := range p {
					if d, ok := e.Data.(MutationData); ok {
						assert.LessOrEqual(t, len(d.Adds), tc.max, "part %d", i)
						assert.Equal(t, int64(6), e.Timestamp, "adds carry the snapshot's time")
					}
					if d, ok := e.Data.(FullSnapshotData); ok {
						assert.LessOrEqual(t, countNodes(d.Node, 1<<30), tc.max)
					}
				}
			}
			last := parts[len(parts)-1]
			assert.Equal(t, meta, parts[0][0], "events before the snapshot stay in front")
			assert.Equal(t, click, last[len(last)-1], "events after it follow the adds")
			assert.Equal(t, splitDoc(tc.rows), rebuild(t, parts), "the document rebuilt from the parts")
			assert.Equal(t, splitDoc(tc.rows), doc, "the events given are not modified")
		})
	}
}

// TestSplitTreesFrameDocument: a same-origin frame's document is cut as a
// snapshot is, its attach mutation first.
func TestSplitTreesFrameDocument(t *testing.T) {
	doc := splitDoc(50)
	attach := Event{Type: IncrementalSnapshot, Timestamp: 9, Data: MutationData{IsAttachIframe: true,
		Adds: []AddedNode{{ParentID: 1000, Node: doc}}}}
	parts := SplitTrees([]Event{attach}, 40)
	require.Greater(t, len(parts), 2)
	first := parts[0][0].Data.(MutationData)
	assert.True(t, first.IsAttachIframe)
	assert.Equal(t, 1000, first.Adds[0].ParentID)
	for _, p := range parts[1:] {
		assert.False(t, p[0].Data.(MutationData).IsAttachIframe)
	}
	assert.Equal(t, splitDoc(50), rebuild(t, parts))
}

// TestSplitTreesJSON: the parts encode as rrweb events and decode to the
// same events.
func TestSplitTreesJSON(t *testing.T) {
	parts := SplitTrees([]Event{{Type: FullSnapshot, Timestamp: 6, Data: FullSnapshotData{Node: splitDoc(30)}}}, 50)
	require.Len(t, parts, 3)
	for _, p := range parts {
		back, err := ParseEvents(AppendEvents(nil, p))
		require.NoError(t, err)
		require.Equal(t, AppendEvents(nil, p), AppendEvents(nil, back))
	}
}
