package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The arena masks exactly as maskText does, for texts of every kind
// (already masked, whitespace, multi-byte, invalid UTF-8, longer than the
// arena takes, enough of them to fill several chunks), and a string it
// handed out never changes afterwards.
func TestTextArenaMasksAsMaskText(t *testing.T) {
	inputs := []string{"", " ", "***", "Customer 12", "€ 42", "a\u00a0b\u3000c", "\xff\xfe ok", "line\nbreak\ttab",
		"日本語 テキスト", strings.Repeat("x y ", 400), "\u2028\u2029", "\uFFFD"}
	var a textArena
	type handed struct{ got, want string }
	var all []handed
	for round := range 40 {
		for _, in := range inputs {
			in += strings.Repeat("z", round*7)
			got := a.mask(in)
			require.Equal(t, maskText(in), got, "%q", in)
			all = append(all, handed{got, maskText(in)})
		}
	}
	for _, h := range all {
		require.Equal(t, h.want, h.got, "a string from the arena changed after later ones were made")
	}
}
