package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// A batch that comes back to nodes whose attributes it changed earlier
// (a, b, c, then a, c again) lists each node once, with all its changes
// in order, and leaves no row mark behind for the next batch.
func TestAttributeRowsRevisitedNodes(t *testing.T) {
	s, m := startSession(t, rules.Rules{Mode: rules.ModeBlockList},
		`<!DOCTYPE html><html><head></head><body><p id=a>1</p><p id=b>2</p><p id=c>3</p></body></html>`)
	ids := map[string]int{}
	for _, id := range liveIDs(m) {
		if n := m.Node(id); n.Data == "p" {
			ids[getAttr(&n.Node, "id")] = id
		}
	}
	require.Len(t, ids, 3)

	for round, batch := range [][][2]string{
		{{"a", "x"}, {"b", "x"}, {"c", "x"}, {"a", "y"}, {"c", "y"}, {"a", "z"}},
		{{"b", "w"}, {"b", "v"}, {"a", "w"}},
	} {
		w := capture.NewWriter(10)
		for _, ch := range batch {
			w.Attr(ids[ch[0]], "class", "k"+ch[1])
			w.Attr(ids[ch[0]], "lang", ch[1])
		}
		w.MutationEnd(20)
		events, err := s.Write(w.Bytes())
		require.NoError(t, err)
		require.Len(t, events, 1)
		got := map[int][]string{}
		var order []int
		for _, am := range events[0].Data.(capture.MutationData).Attributes {
			_, dup := got[am.ID]
			assert.False(t, dup, "round %d: node %d listed twice", round, am.ID)
			order = append(order, am.ID)
			for _, c := range am.Attributes {
				got[am.ID] = append(got[am.ID], c.Name)
			}
		}
		want := map[int][]string{}
		var wantOrder []int
		for _, ch := range batch {
			if _, ok := want[ids[ch[0]]]; !ok {
				wantOrder = append(wantOrder, ids[ch[0]])
				want[ids[ch[0]]] = []string{"class", "lang"}
			}
		}
		assert.Equal(t, wantOrder, order, "round %d", round)
		assert.Equal(t, want, got, "round %d", round)
		for _, id := range liveIDs(m) {
			if n := s.mirror.Node(id); n != nil {
				assert.False(t, has(n, bitAttrRow), "round %d: node %d keeps its row mark", round, id)
			}
		}
	}
}
