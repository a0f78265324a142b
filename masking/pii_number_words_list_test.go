package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestIsDigitWordReadsTheList: the words grouped by length in isDigitWord
// are digitWords, no more and no fewer, in any case.
func TestIsDigitWordReadsTheList(t *testing.T) {
	for _, w := range strings.Fields(digitWords) {
		assert.True(t, isDigitWord(w), w)
		assert.True(t, isDigitWord(strings.ToUpper(w)), w)
	}
	for _, w := range []string{"", "o", "on", "ones", "twos", "sixty", "zeros", "fiver", "eighth", "doubles", "the", "to", "for", "seve", "trip"} {
		assert.False(t, isDigitWord(w), w)
	}
}
