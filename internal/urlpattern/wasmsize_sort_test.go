package urlpattern

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

// sortPairs replaced slices.SortFunc to keep pdqsort out of the WebAssembly
// engine; it must order by lo exactly as a stable sort would, up to the
// order of pairs with equal lo (which clean merges either way).
func TestSortPairsOrdersByLo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 7, 64, 1000} {
		ps := make([]pair, n)
		for i := range ps {
			lo := rng.Int32N(50) // many equal lo values
			ps[i] = pair{lo, lo + rng.Int32N(5)}
		}
		want := slices.Clone(ps)
		slices.SortStableFunc(want, func(a, b pair) int { return int(a.lo - b.lo) })
		got := slices.Clone(ps)
		sortPairs(got)
		assert.True(t, slices.IsSortedFunc(got, func(a, b pair) int { return int(a.lo - b.lo) }), "n=%d: %v", n, got)
		byBoth := func(a, b pair) int {
			if a.lo != b.lo {
				return int(a.lo - b.lo)
			}
			return int(a.hi - b.hi)
		}
		slices.SortFunc(want, byBoth)
		slices.SortFunc(got, byBoth)
		assert.Equal(t, want, got, "n=%d: the same pairs", n)
	}
}

func TestCleanMergesUnsortedOverlappingPairs(t *testing.T) {
	assert.Equal(t, []rune{'0', '9', 'A', 'Z', 'a', 'z'}, clean([]rune{'a', 'm', 'A', 'Z', 'n', 'z', '0', '4', '3', '9'}))
	assert.Equal(t, []rune{1, 10}, clean([]rune{5, 10, 1, 4, 2, 3}))
	assert.Empty(t, clean(nil))
}

func TestPosixClassByName(t *testing.T) {
	got, ok := posixClass("xdigit")
	assert.True(t, ok)
	assert.Equal(t, []rune{'0', '9', 'A', 'F', 'a', 'f'}, got)
	_, ok = posixClass("Alpha")
	assert.False(t, ok, "names are case-sensitive, as in regexp")
	_, ok = posixClass("")
	assert.False(t, ok)
}
