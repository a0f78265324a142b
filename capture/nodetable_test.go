package capture

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The table must answer exactly as a map would, whichever side holds an id:
// ids in page order, ids far beyond the nodes held, and ids that the slice
// grows over after they went to the map.
func TestNodeTableAgreesWithMap(t *testing.T) {
	var tab nodeTable
	want := map[int]*Node{}
	ids := []int{1, 2, 3, 70, 1 << 40, 9_000_000, 5000, 4, 1 << 53, 100_000, 64, 63}
	for i := 5; i < 3000; i += 3 {
		ids = append(ids, i)
	}
	for _, id := range ids {
		if want[id] != nil {
			continue
		}
		n := &Node{ID: id}
		tab.put(id, n)
		want[id] = n
	}
	check := func() {
		t.Helper()
		require.Equal(t, len(want), tab.count)
		for _, id := range append(ids, 0, 6, 1<<41, 8_999_999) {
			require.Same(t, want[id], tab.get(id), "id %d", id)
		}
	}
	check()
	require.NotEmpty(t, tab.sparse, "ids far beyond the nodes held must not size the slice")
	require.LessOrEqual(t, len(tab.dense), denseRatio*tab.count+denseSlack)
	for _, id := range []int{1 << 40, 3, 5000, 2999, 9_000_000, 12345} {
		tab.del(id)
		delete(want, id)
	}
	check()
	tab.reset()
	clear(want)
	check()
	tab.put(1<<40, &Node{ID: 1 << 40})
	require.Equal(t, 1<<40, tab.get(1<<40).ID)
	require.Nil(t, tab.get(1))
}
