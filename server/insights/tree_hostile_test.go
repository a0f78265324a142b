package insights

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// A recording decides how many children a node has. Children were a slice:
// each node added before a sibling, or removed, scanned and copied them all,
// and each click's path counted them, so 50,000 adds before a sibling took
// 25 s at ingest, where every stored batch feeds the tracker (and heatmaps
// feed every session again). Siblings are linked now, and a path counts at
// most MaxSiblingScan earlier siblings.
func TestHostileManySiblingsCostLinearTime(t *testing.T) {
	tr := NewTracker()
	tr.Feed(snapshot(0))
	const n = 50_000
	var front, before, removes []capture.AddedNode
	for i := range n {
		next := 0
		if i > 0 {
			next = 1000 + i - 1
		}
		front = append(front, capture.AddedNode{ParentID: 4, NextID: next, Node: el(1000+i, "b")})  // each before the last
		before = append(before, capture.AddedNode{ParentID: 7, NextID: 8, Node: el(1000+n+i, "i")}) // each before the input
	}
	for i := range n {
		removes = append(removes, capture.AddedNode{ParentID: 4, Node: el(1000+i, "b")})
	}
	tr.Feed([]capture.Event{{Type: capture.IncrementalSnapshot, Timestamp: 1, Data: capture.MutationData{Adds: front}}})
	tr.Feed([]capture.Event{{Type: capture.IncrementalSnapshot, Timestamp: 2, Data: capture.MutationData{Adds: before}}})
	var clicks []capture.Event
	for i := range 20_000 {
		clicks = append(clicks, click(3, 1000+n+i, 0, 0))
	}
	tr.Feed(clicks)
	var rm []capture.RemovedNode
	for _, a := range removes {
		rm = append(rm, capture.RemovedNode{ParentID: 4, ID: a.Node.ID})
	}
	tr.Feed([]capture.Event{{Type: capture.IncrementalSnapshot, Timestamp: 4, Data: capture.MutationData{Removes: rm}}})
	// Inserts and removes touch no sibling list (linked); paths count at
	// most MaxScanPerFeed siblings a Feed (four Feeds here).
	assert.LessOrEqual(t, tr.tree.scanned, 4*MaxScanPerFeed, "siblings counted by paths")

	// the order is still right: each inserted before the input, in turn
	_, ok := tr.tree.path(1000 + n - 1)
	assert.False(t, ok, "removed")
	_, ok = tr.tree.path(8)
	assert.False(t, ok, "the input has n earlier siblings")
	got, ok := tr.tree.path(1000 + n)
	require.True(t, ok)
	assert.Equal(t, "html>body>div:nth-of-type(2)>i:nth-of-type(1)", got)
	got, ok = tr.tree.path(1000 + n + 5)
	require.True(t, ok)
	assert.Equal(t, "html>body>div:nth-of-type(2)>i:nth-of-type(6)", got)
	assert.Equal(t, 20_000, tr.Facts().Clicks, "every click is counted")
}

// A path counts MaxSiblingScan earlier siblings at most (of the element and
// its ancestors): at the limit it is named, one over not (its click is
// counted).
func TestPathSiblingScanAtTheLimit(t *testing.T) {
	tr := NewTracker()
	tr.Feed(snapshot(0))
	var adds []capture.AddedNode
	for i := range MaxSiblingScan + 1 {
		adds = append(adds, capture.AddedNode{ParentID: 7, Node: el(1000+i, "b")})
	}
	tr.Feed([]capture.Event{{Type: capture.IncrementalSnapshot, Timestamp: 1, Data: capture.MutationData{Adds: adds}}})
	// div#7 (one earlier sibling, div#4) has input#8 then the b elements:
	// b i has i+1 earlier siblings, so its path counts i+2.
	got, ok := tr.tree.path(1000 + MaxSiblingScan - 2)
	require.True(t, ok)
	assert.Equal(t, "html>body>div:nth-of-type(2)>b:nth-of-type(9999)", got)
	_, ok = tr.tree.path(1000 + MaxSiblingScan - 1)
	assert.False(t, ok)
	tr.Feed([]capture.Event{click(2, 1000+MaxSiblingScan-1, 0, 0), click(3000, 1000+MaxSiblingScan-2, 0, 0)})
	assert.Equal(t, 2, tr.Facts().Clicks)
	clicks := tr.Rest()
	require.Len(t, clicks, 1)
	assert.Equal(t, "html>body>div:nth-of-type(2)>b:nth-of-type(9999)", clicks[0].Path)
}

// The paths of one Feed count MaxScanPerFeed earlier siblings together: at
// the limit every click is attributed, one sibling over the last is not
// (all are counted).
func TestPathScanPerFeedAtTheLimit(t *testing.T) {
	tr := NewTracker()
	tr.Feed(snapshot(0))
	const k = 5_000
	var adds []capture.AddedNode
	for i := range k {
		adds = append(adds, capture.AddedNode{ParentID: 7, Node: el(1000+i, "b")})
	}
	tr.Feed([]capture.Event{{Type: capture.IncrementalSnapshot, Timestamp: 1, Data: capture.MutationData{Adds: adds}}})
	before := tr.tree.scanned
	tr.Feed([]capture.Event{click(2, 1000+k-1, 0, 0)})
	per := tr.tree.scanned - before // siblings one path to the last b counts
	require.Greater(t, per, k-1)
	fit := MaxScanPerFeed / per
	feed := func(n int) int {
		kept := len(tr.clicks)
		var clicks []capture.Event
		for i := range n {
			clicks = append(clicks, click(int64(100_000*(i+3)), 1000+k-1, 0, 0))
		}
		tr.Feed(clicks)
		return len(tr.clicks) - kept
	}
	require.Equal(t, fit, feed(fit), "clicks within the budget are attributed")
	assert.Equal(t, fit, feed(fit+1), "the one over the budget is counted, not attributed")
}
