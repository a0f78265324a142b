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
