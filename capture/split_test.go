package capture

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/internal/jsonx"
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

// treeCost is the cost of every node of the tree at n, written as a
// snapshot.
func treeCost(n *SNode) partCost {
	var c partCost
	var walk func(n *SNode, depth int)
	walk = func(n *SNode, depth int) {
		c.add(n, depth)
		for _, ch := range n.ChildNodes {
			walk(ch, depth+1)
		}
	}
	walk(n, 0)
	return c
}

func countTree(n *SNode) int {
	c := 1
	for _, ch := range n.ChildNodes {
		c += countTree(ch)
	}
	return c
}

func tokens(t *testing.T, data []byte) int {
	t.Helper()
	u, err := jsonx.Check(data, jsonx.Budget{})
	require.NoError(t, err)
	return u.Tokens
}

// TestPartCostCountsTokensAsWritten: the tokens SplitTrees counts are the
// ones a collector counts in what AppendEvents writes, for snapshot nodes of
// every type and flag and for added nodes; the byte estimate is never below
// the JSON's size for strings that need no escape.
func TestPartCostCountsTokensAsWritten(t *testing.T) {
	doc := splitDoc(12)
	doc.ChildNodes = append([]*SNode{{Type: DocumentTypeNode, ID: 900, Doctype: &Doctype{Name: "html", PublicID: "p", SystemID: "s"}}}, doc.ChildNodes...)
	doc.ChildNodes = append(doc.ChildNodes, &SNode{Type: CommentNode, ID: 901, TextContent: "c", RootID: 7},
		&SNode{Type: ElementNode, ID: 902, TagName: "svg", IsSVG: true, NeedBlock: true, Attributes: []Attr{{Name: "a", Value: "b"}}},
		&SNode{Type: CDATANode, ID: 903, TextContent: "x"})
	json := appendNode(nil, doc)
	c := treeCost(doc)
	assert.Equal(t, tokens(t, json), c.tokens, "snapshot tokens")
	assert.GreaterOrEqual(t, c.bytes, len(json), "snapshot bytes")

	var adds []AddedNode
	var flat partCost
	var walk func(n *SNode, parent int)
	walk = func(n *SNode, parent int) {
		cp := *n
		cp.ChildNodes = nil
		adds = append(adds, AddedNode{ParentID: parent, Node: &cp})
		flat.add(&cp, addDepth)
		for _, ch := range n.ChildNodes {
			walk(ch, n.ID)
		}
	}
	walk(doc, 0)
	with := AppendEvents(nil, []Event{{Type: IncrementalSnapshot, Data: MutationData{Adds: adds}}})
	without := AppendEvents(nil, []Event{{Type: IncrementalSnapshot, Data: MutationData{}}})
	assert.Equal(t, tokens(t, with)-tokens(t, without), flat.tokens, "add tokens")
	assert.GreaterOrEqual(t, flat.bytes, len(with)-len(without), "add bytes")
}

func TestSplitTrees(t *testing.T) {
	meta := Event{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x/"}}
	snapOf := func(doc *SNode) Event {
		return Event{Type: FullSnapshot, Timestamp: 6, Data: FullSnapshotData{Node: doc}}
	}
	// The snapshot and the Meta event before it, as one batch.
	whole := measure(AppendEvents(nil, []Event{meta, snapOf(splitDoc(10))}))
	const big = 1 << 40
	for _, tc := range []struct {
		name  string
		rows  int
		limit PartLimit
		cut   bool
	}{
		{"smaller than the limit", 10, PartLimit{whole.tokens + 100, big, big}, false},
		{"at the token limit", 10, PartLimit{whole.tokens, big, big}, false},
		{"one token over the limit", 10, PartLimit{whole.tokens - 1, big, big}, true},
		{"at the byte limit", 10, PartLimit{big, whole.bytes, big}, false},
		{"one byte over the byte limit", 10, PartLimit{big, whole.bytes - 1, big}, true},
		{"at the memory limit", 10, PartLimit{big, big, whole.memory}, false},
		{"one byte over the memory limit", 10, PartLimit{big, big, whole.memory - 1}, true},
		{"many parts", 400, PartLimit{1000, big, big}, true},
		{"a limit below one node", 3, PartLimit{1, big, big}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := splitDoc(tc.rows)
			snap := snapOf(doc)
			click := Event{Type: IncrementalSnapshot, Timestamp: 7, Data: MouseInteractionData{Kind: 2, ID: 3}}
			parts := SplitTrees([]Event{meta, snap, click}, tc.limit)
			if !tc.cut {
				require.Len(t, parts, 1)
			} else {
				require.GreaterOrEqual(t, len(parts), 3, "the cut snapshot, adds, the click")
			}
			for i, p := range parts[:len(parts)-1] {
				nodes := 0
				for _, e := range p {
					switch d := e.Data.(type) {
					case MutationData:
						nodes += len(d.Adds)
						assert.Equal(t, int64(6), e.Timestamp, "adds carry the snapshot's time")
					case FullSnapshotData:
						nodes += countTree(d.Node)
					}
				}
				c := measure(AppendEvents(nil, p))
				assert.True(t, !c.over(tc.limit) || nodes <= 1, "part %d as written: %+v", i, c)
			}
			last := parts[len(parts)-1]
			assert.Equal(t, meta, parts[0][0], "events before the snapshot stay in front")
			assert.Equal(t, click, last[len(last)-1], "events after it follow the adds")
			assert.Equal(t, splitDoc(tc.rows), rebuild(t, parts), "the document rebuilt from the parts")
			assert.Equal(t, splitDoc(tc.rows), doc, "the events given are not modified")
		})
	}
}

// TestSplitTreesMeasuresAsWritten: where the estimate falls short (text
// that JSON escapes six times over), the part is measured as written and
// cut shorter until it fits.
func TestSplitTreesMeasuresAsWritten(t *testing.T) {
	doc := splitDoc(40)
	for _, n := range doc.ChildNodes[0].ChildNodes[1].ChildNodes {
		n.ChildNodes[0].ChildNodes[0].TextContent = strings.Repeat("\x01", 200) // \u0001 in JSON
	}
	snap := Event{Type: FullSnapshot, Timestamp: 6, Data: FullSnapshotData{Node: doc}}
	est, _ := treeOver(doc, PartLimit{1 << 40, 1 << 40, 1 << 40})
	actual := measure(AppendEvents(nil, []Event{snap}))
	require.Greater(t, actual.bytes, 2*est.bytes, "the estimate does not see escapes")
	limit := PartLimit{Tokens: 1 << 40, Bytes: actual.bytes / 3, Memory: 1 << 40}
	parts := SplitTrees([]Event{snap}, limit)
	require.Greater(t, len(parts), 3)
	for i, p := range parts {
		assert.False(t, measure(AppendEvents(nil, p)).over(limit), "part %d", i)
	}
	assert.Equal(t, doc, rebuild(t, parts))
}

// TestSplitTreesFrameDocument: a same-origin frame's document is cut as a
// snapshot is, its attach mutation first.
func TestSplitTreesFrameDocument(t *testing.T) {
	doc := splitDoc(50)
	attach := Event{Type: IncrementalSnapshot, Timestamp: 9, Data: MutationData{IsAttachIframe: true,
		Adds: []AddedNode{{ParentID: 1000, Node: doc}}}}
	parts := SplitTrees([]Event{attach}, PartLimit{Tokens: 400, Bytes: 1 << 30, Memory: 1 << 40})
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
	parts := SplitTrees([]Event{{Type: FullSnapshot, Timestamp: 6, Data: FullSnapshotData{Node: splitDoc(30)}}}, PartLimit{Tokens: 500, Bytes: 1 << 30, Memory: 1 << 40})
	require.Greater(t, len(parts), 2)
	for _, p := range parts {
		back, err := ParseEvents(AppendEvents(nil, p))
		require.NoError(t, err)
		require.Equal(t, AppendEvents(nil, p), AppendEvents(nil, back))
	}
}

// TestSplitTreesCountsEventsBefore: the events that share the first part
// with a tree count against its limit; when they would take over half of it
// they go in a part of their own.
func TestSplitTreesCountsEventsBefore(t *testing.T) {
	meta := Event{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x/"}}
	snap := Event{Type: FullSnapshot, Timestamp: 6, Data: FullSnapshotData{Node: splitDoc(10)}}
	both := measure(AppendEvents(nil, []Event{meta, snap}))

	limit := PartLimit{Tokens: both.tokens, Bytes: 1 << 30, Memory: 1 << 40}
	assert.Len(t, SplitTrees([]Event{meta, snap}, limit), 1, "the tree and the events before it at the limit")
	limit.Tokens--
	parts := SplitTrees([]Event{meta, snap}, limit)
	require.Len(t, parts, 2, "one token over: a node cut off")
	assert.Equal(t, []Event{meta}, parts[0][:1])

	big := Event{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x/" + strings.Repeat("a", 4000)}}
	parts = SplitTrees([]Event{big, snap}, PartLimit{Tokens: 1 << 20, Bytes: 6000, Memory: 1 << 40})
	require.GreaterOrEqual(t, len(parts), 2)
	assert.Equal(t, []Event{big}, parts[0], "over half the bytes: a part of their own")
	assert.Equal(t, splitDoc(10), rebuild(t, parts[1:]))
}

// TestAppendSplitWritesSplitTrees: AppendSplit's bytes are the parts of
// SplitTrees written one after the other (the bytes it measured while
// cutting are the bytes it returns), after what dst held.
func TestAppendSplitWritesSplitTrees(t *testing.T) {
	meta := Event{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x/"}}
	bigMeta := Event{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x/" + strings.Repeat("a", 4000)}}
	click := Event{Type: IncrementalSnapshot, Timestamp: 7, Data: MouseInteractionData{Kind: 2, ID: 3}}
	snap := func(rows int) Event {
		return Event{Type: FullSnapshot, Timestamp: 6, Data: FullSnapshotData{Node: splitDoc(rows)}}
	}
	both := measure(AppendEvents(nil, []Event{meta, snap(10)}))
	const big = 1 << 40
	for _, tc := range []struct {
		name   string
		events []Event
		limit  PartLimit
	}{
		{"no tree", []Event{meta, click}, PartLimit{10, big, big}},
		{"far below the limit", []Event{meta, snap(10), click}, PartLimit{big, big, big}},
		{"at the limit, the tree last", []Event{meta, snap(10)}, PartLimit{both.tokens, big, big}},
		{"near the limit, events after the tree", []Event{meta, snap(10), click}, PartLimit{both.tokens + 40, big, big}},
		{"one token over, the tree last", []Event{meta, snap(10)}, PartLimit{both.tokens - 1, big, big}},
		{"many parts", []Event{meta, snap(400), click}, PartLimit{1000, big, big}},
		{"two trees", []Event{meta, snap(60), click, snap(60), click}, PartLimit{1500, big, big}},
		{"events before in a part of their own", []Event{bigMeta, snap(10)}, PartLimit{1 << 20, 6000, big}},
		{"a limit below one node", []Event{meta, snap(3), click}, PartLimit{1, big, big}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := []byte("prefix")
			var ends []int
			count := 0
			for _, p := range SplitTrees(tc.events, tc.limit) {
				want = AppendEvents(want, p)
				ends = append(ends, len(want))
				count += len(p)
			}
			got, gotEnds, gotCount := AppendSplit([]byte("prefix"), tc.events, tc.limit)
			assert.Equal(t, string(want), string(got))
			assert.Equal(t, ends, gotEnds)
			assert.Equal(t, count, gotCount)
		})
	}
}

// BenchmarkAppendSplit: a snapshot of about 60,000 nodes, cut by
// SplitLimit into a snapshot part and adds, written and measured.
func BenchmarkAppendSplit(b *testing.B) {
	events := []Event{
		{Type: Meta, Timestamp: 5, Data: MetaData{Href: "https://x/"}},
		{Type: FullSnapshot, Timestamp: 6, Data: FullSnapshotData{Node: splitDoc(20_000)}},
	}
	var out []byte
	var ends []int
	for b.Loop() {
		out, ends, _ = AppendSplit(out[:0], events, SplitLimit)
	}
	b.ReportMetric(float64(len(ends)), "parts")
	b.ReportMetric(float64(len(out)), "bytes")
}
