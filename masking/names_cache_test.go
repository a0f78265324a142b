package masking

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// The cache answers as keptName for names it kept, names it refused, names
// that share a slot, and names that differ from a kept one only in a byte
// in the middle ("data-4111…" next to "data-abcd…").
func TestKeptNamesAnswersAsKeptName(t *testing.T) {
	names := []string{"", "class", "title", "data-i", "aria-label", "x-widget", "data-4111111111111111",
		"data-411a111a111a1111", "data-4111_1111_1111_1111", "jane@example.com", "data-jane.doe@example.com",
		"Data-I", "1abc", "_x", "a:b"}
	for i := range 300 {
		names = append(names, "data-"+strconv.Itoa(i*7919), "n"+strconv.Itoa(i)+"x")
	}
	var k keptNames
	for round := range 3 {
		for _, n := range names {
			require.Equal(t, keptName(n), k.kept(n), "round %d: %q", round, n)
		}
	}
}
