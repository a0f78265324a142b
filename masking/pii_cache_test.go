package masking

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// The cache answers as scrubPII, matches counted, for strings with and
// without PII, strings that share a slot, strings past the cache's length,
// asked in an order that refills every slot.
func TestPIICacheAnswersAsScrubPII(t *testing.T) {
	inputs := []string{"", "row r3", "name", "4111 1111 1111 1111", "jane@example.com", "call +44 20 7946 0958",
		"DE89 3704 0044 0532 0130 00", "order 12345678", "a long value that the cache does not take, 4111-1111-1111-1111 inside"}
	for i := range 500 {
		inputs = append(inputs, "v"+strconv.Itoa(i*7919), "4111 1111 1111 "+strconv.Itoa(1000+i))
	}
	var c piiCache
	for round := range 3 {
		for _, in := range inputs {
			wantOut, wantHits := scrubPII(in)
			gotOut, gotHits := c.scrub(in)
			require.Equal(t, wantOut, gotOut, "round %d: %q", round, in)
			require.Equal(t, wantHits, gotHits, "round %d: %q", round, in)
		}
	}
}

// Two strings of one set are both kept: a class toggled back and forth
// ("row r4" / "row r4 on") is scrubbed once each, whichever set the two
// values share with others asked between them.
func TestPIICacheKeepsTwoOfASet(t *testing.T) {
	// three strings of one set, found by the set function itself
	var same []string
	want := piiCacheSet("row r4")
	for i := 0; len(same) < 2; i++ {
		if v := "row r" + strconv.Itoa(i) + " on"; piiCacheSet(v) == want {
			same = append(same, v)
		}
	}
	var c piiCache
	for range 10 {
		c.scrub("row r4")
		c.scrub(same[0])
	}
	require.Equal(t, 2, c.misses, "two values of one set, asked in turn")
	// a third pushes out the one asked least lately, not the last one
	c.scrub(same[1])
	c.scrub(same[0])
	require.Equal(t, 3, c.misses, "%q pushed out %q", same[1], same[0])
}
