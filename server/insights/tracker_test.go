package insights

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

func el(id int, tag string, kids ...*capture.SNode) *capture.SNode {
	return &capture.SNode{Type: capture.ElementNode, ID: id, TagName: tag, ChildNodes: kids}
}

// page: html > body > (div#4 > button#5, button#6), div#7 > input#8, blocked div#9 > button#10
func snapshot(at int64) []capture.Event {
	doc := &capture.SNode{Type: capture.DocumentNode, ID: 1, ChildNodes: []*capture.SNode{
		el(2, "html", el(3, "body",
			el(4, "div", el(5, "button"), el(6, "button")),
			el(7, "div", el(8, "input")),
			func() *capture.SNode { b := el(9, "div", el(10, "button")); b.NeedBlock = true; return b }(),
		)),
	}}
	return []capture.Event{
		{Type: capture.Meta, Timestamp: at, Data: capture.MetaData{Href: "https://shop.example/cart"}},
		{Type: capture.FullSnapshot, Timestamp: at, Data: capture.FullSnapshotData{Node: doc}},
	}
}

func click(at int64, id, x, y int) capture.Event {
	return capture.Event{Type: capture.IncrementalSnapshot, Timestamp: at,
		Data: capture.MouseInteractionData{Kind: capture.Click, ID: id, X: x, Y: y}}
}

func mutation(at int64) capture.Event {
	return capture.Event{Type: capture.IncrementalSnapshot, Timestamp: at,
		Data: capture.MutationData{Texts: []capture.TextMutation{{ID: 5, Value: "**"}}}}
}

func TestPaths(t *testing.T) {
	tr := NewTracker()
	tr.Feed(snapshot(0))
	for id, want := range map[int]string{
		5: "html>body>div:nth-of-type(1)>button:nth-of-type(1)",
		6: "html>body>div:nth-of-type(1)>button:nth-of-type(2)",
		8: "html>body>div:nth-of-type(2)>input:nth-of-type(1)",
	} {
		got, ok := tr.tree.path(id)
		assert.True(t, ok)
		assert.Equal(t, want, got, "node %d", id)
	}
	for _, id := range []int{1, 9, 10, 99} { // document, blocked, inside blocked, unknown
		_, ok := tr.tree.path(id)
		assert.False(t, ok, "node %d", id)
	}

	// a node inserted before the first div becomes div 1; a removed one is gone
	tr.Feed([]capture.Event{{Type: capture.IncrementalSnapshot, Timestamp: 1, Data: capture.MutationData{
		Adds:    []capture.AddedNode{{ParentID: 3, NextID: 4, Node: el(11, "div")}},
		Removes: []capture.RemovedNode{{ParentID: 4, ID: 5}},
	}}})
	got, _ := tr.tree.path(6)
	assert.Equal(t, "html>body>div:nth-of-type(2)>button:nth-of-type(1)", got)
	_, ok := tr.tree.path(5)
	assert.False(t, ok)
}

func TestRageAndDeadClicks(t *testing.T) {
	tr := NewTracker()
	tr.Feed(snapshot(1000))
	tr.Feed([]capture.Event{
		// a rage burst: four clicks within 1 s within 30 px; counted once
		click(2000, 5, 100, 100), click(2200, 5, 110, 95), click(2400, 5, 120, 105), click(2600, 5, 105, 100),
		// three quick clicks far apart: no rage
		click(5000, 6, 10, 10), click(5100, 6, 300, 10), click(5200, 6, 10, 300),
		mutation(5300), // answers the three
		// a click answered by a mutation in time: alive
		click(8000, 6, 50, 50), mutation(8900),
		// a click on a field: never dead
		click(10000, 8, 60, 60),
		// a click on a blocked element: counted, never attributed
		click(12000, 10, 70, 70),
		// a click nothing answers: dead once 1 s has passed
		click(14000, 5, 80, 80),
		mutation(15500),
	})
	f := tr.Facts()
	assert.Equal(t, 11, f.Clicks)
	assert.Equal(t, 1, f.RageClicks)
	// the burst's clicks are unanswered (no mutation until 5300) and so are dead, plus the last one
	assert.Equal(t, 5, f.DeadClicks)
	assert.Equal(t, 1, f.PageViews)
	assert.Equal(t, int64(1000), f.Start)
	assert.Equal(t, int64(15500), f.End)

	taken := tr.Take()
	require.Len(t, taken, 10) // every attributed click is final by 15500
	var rage, dead int
	for _, c := range taken {
		assert.Equal(t, "https://shop.example/cart", c.Page)
		assert.NotContains(t, c.Path, "nth-of-type(3)")
		if c.Rage {
			rage++
		}
		if c.Dead {
			dead++
		}
	}
	assert.Equal(t, 2, rage) // the third and fourth click of the burst
	assert.Equal(t, 5, dead)
	assert.Empty(t, tr.Take())
}

func TestTakeKeepsUndecided(t *testing.T) {
	tr := NewTracker()
	tr.Feed(snapshot(0))
	tr.Feed([]capture.Event{click(100, 5, 1, 1)})
	assert.Empty(t, tr.Take(), "a click may still be answered or join a burst")
	tr.Feed([]capture.Event{click(300, 5, 1, 1), click(500, 5, 1, 1)})
	tr.Feed([]capture.Event{mutation(3000)})
	taken := tr.Take()
	require.Len(t, taken, 3)
	assert.True(t, taken[2].Rage)
	assert.Equal(t, 1, tr.Facts().RageClicks)
}

func TestErrorsCounted(t *testing.T) {
	tr := NewTracker()
	tr.Feed([]capture.Event{{Type: capture.Custom, Timestamp: 5, Data: capture.CustomData{Tag: capture.ErrorTag}},
		{Type: capture.Custom, Timestamp: 6, Data: capture.CustomData{Tag: "veil-consent"}}})
	assert.Equal(t, 1, tr.Facts().Errors)
}

func TestRestAtTheEnd(t *testing.T) {
	tr := NewTracker()
	tr.Feed(snapshot(0))
	tr.Feed([]capture.Event{click(100, 5, 1, 1), click(5000, 6, 1, 1)})
	taken := tr.Take()
	require.Len(t, taken, 1, "the first click is final")
	assert.True(t, taken[0].Dead)
	rest := tr.Rest()
	require.Len(t, rest, 1, "the last click: the session ended before it was answered")
	assert.False(t, rest[0].Dead, "not known to be dead")
	assert.Empty(t, tr.Rest())
	assert.Empty(t, tr.Take())
}
