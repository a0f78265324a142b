package masking

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/veil-replay/veil/capture"
)

// partsDoc is a Document with rows of nested elements and text, ids in
// document order from 1.
func partsDoc(rows int) *capture.SNode {
	id := 0
	next := func() int { id++; return id }
	doc := &capture.SNode{Type: capture.DocumentNode, ID: next()}
	body := &capture.SNode{Type: capture.ElementNode, TagName: "body", ID: next()}
	doc.ChildNodes = []*capture.SNode{body}
	for r := range rows {
		row := &capture.SNode{Type: capture.ElementNode, TagName: "div", ID: next()}
		p := &capture.SNode{Type: capture.ElementNode, TagName: "p", ID: next()}
		p.ChildNodes = []*capture.SNode{{Type: capture.TextNode, TextContent: fmt.Sprint("row ", r), ID: next()}}
		row.ChildNodes = []*capture.SNode{p, {Type: capture.ElementNode, TagName: "span", ID: next()}}
		body.ChildNodes = append(body.ChildNodes, row)
	}
	return doc
}

// TestJoinSnapshotPartsUndoesSplit: the parts capture.SplitTrees makes of a
// snapshot (and of an attached frame document) join into the whole tree;
// events around them stay; the events given are not modified.
func TestJoinSnapshotPartsUndoesSplit(t *testing.T) {
	meta := capture.Event{Type: capture.Meta, Timestamp: 5, Data: capture.MetaData{Href: "https://x/"}}
	snap := capture.Event{Type: capture.FullSnapshot, Timestamp: 6, Data: capture.FullSnapshotData{Node: partsDoc(30)}}
	frame := capture.Event{Type: capture.IncrementalSnapshot, Timestamp: 8, Data: capture.MutationData{
		IsAttachIframe: true, Adds: []capture.AddedNode{{ParentID: 4, Node: partsDoc(20)}}}}
	click := capture.Event{Type: capture.IncrementalSnapshot, Timestamp: 9, Data: capture.MouseInteractionData{Kind: 2, ID: 3}}
	var split []capture.Event
	for _, p := range capture.SplitTrees([]capture.Event{meta, snap, frame, click}, capture.PartLimit{Tokens: 250, Bytes: 1 << 20, Memory: 1 << 30}) {
		split = append(split, p...)
	}
	require.Greater(t, len(split), 8, "both trees cut into several parts")
	kept := slices.Clone(split)

	joined := joinSnapshotParts(split)
	require.Len(t, joined, 4)
	assert.Equal(t, meta, joined[0])
	assert.Equal(t, partsDoc(30), joined[1].Data.(capture.FullSnapshotData).Node)
	assert.Equal(t, partsDoc(20), joined[2].Data.(capture.MutationData).Adds[0].Node)
	assert.Equal(t, click, joined[3])
	assert.Equal(t, kept, split, "the events given are not modified")
	assert.Less(t, countTree(split[1].Data.(capture.FullSnapshotData).Node), countTree(partsDoc(30)), "the first part stays cut")
}

// TestJoinSnapshotPartsLeavesOthers: mutations that are not parts of the
// tree before them — another time, a nextId, an unknown parent, an id in
// use, a text change — are kept as they are, and so is what follows them.
func TestJoinSnapshotPartsLeavesOthers(t *testing.T) {
	snap := capture.Event{Type: capture.FullSnapshot, Timestamp: 6, Data: capture.FullSnapshotData{Node: partsDoc(2)}}
	add := func(t int64, a capture.AddedNode, texts ...capture.TextMutation) capture.Event {
		return capture.Event{Type: capture.IncrementalSnapshot, Timestamp: t,
			Data: capture.MutationData{Adds: []capture.AddedNode{a}, Texts: texts}}
	}
	el := func(id int) *capture.SNode { return &capture.SNode{Type: capture.ElementNode, TagName: "i", ID: id} }
	for name, later := range map[string]capture.Event{
		"later":          add(7, capture.AddedNode{ParentID: 2, Node: el(100)}),
		"nextId":         add(6, capture.AddedNode{ParentID: 2, NextID: 3, Node: el(100)}),
		"unknown parent": add(6, capture.AddedNode{ParentID: 99, Node: el(100)}),
		"id in use":      add(6, capture.AddedNode{ParentID: 2, Node: el(3)}),
		"text too":       add(6, capture.AddedNode{ParentID: 2, Node: el(100)}, capture.TextMutation{ID: 5, Value: "x"}),
	} {
		t.Run(name, func(t *testing.T) {
			good := add(6, capture.AddedNode{ParentID: 2, Node: el(101)})
			in := []capture.Event{snap, later, good}
			assert.Equal(t, in, joinSnapshotParts(in))
		})
	}
	t.Run("a fitting part", func(t *testing.T) {
		in := []capture.Event{snap, add(6, capture.AddedNode{ParentID: 2, Node: el(101)})}
		out := joinSnapshotParts(in)
		require.Len(t, out, 1)
		assert.Equal(t, countTree(partsDoc(2))+1, countTree(out[0].Data.(capture.FullSnapshotData).Node))
	})
}

func countTree(n *capture.SNode) int {
	c := 1
	for _, ch := range n.ChildNodes {
		c += countTree(ch)
	}
	return c
}
