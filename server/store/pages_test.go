package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMergePagesCleansURLs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://x.example/a", "https://x.example/a"},
		{"https://x.example/a\x00b", "https://x.example/a%00b"},
		{"https://x.example/a\nb\r", "https://x.example/a%0Ab%0D"},
		{"https://x.example/\xff", "https://x.example/\uFFFD"},
		{"https://x.example/é", "https://x.example/é"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, mergePages("", []string{tc.in}))
			assert.Equal(t, []string{"https://x.example/0", tc.want}, splitPages(mergePages("https://x.example/0", []string{tc.in})))
		})
	}
}

// A page URL is kept whole up to MaxPageBytes and cut one byte over it, on a
// character boundary, ending with PageCut; a session keeps MaxPagesBytes of
// page URLs at most: at the limit all, one byte over not the last. Lists
// stored before these bounds are read within them.
func TestMergePagesBoundsTheirBytes(t *testing.T) {
	at := "https://x.example/" + strings.Repeat("a", MaxPageBytes-len("https://x.example/"))
	assert.Equal(t, at, mergePages("", []string{at}))
	n := MaxPageBytes - len(PageCut)        // where a cut falls
	over := at[:n-1] + "é" + at[n+1:] + "a" // one byte over, a two-byte character across the cut
	require.Len(t, over, MaxPageBytes+1)
	got := mergePages("", []string{over})
	assert.True(t, got == at[:n-1]+PageCut, "cut before the character, marked: %q", got[len(got)-8:])
	assert.True(t, utf8.ValidString(got))
	huge := "https://x.example/" + strings.Repeat("b", 1<<20)
	assert.Len(t, mergePages("", []string{huge}), MaxPageBytes)

	// MaxPagesBytes together: eight pages of MaxPageBytes fill it exactly.
	var full []string
	for i := range MaxPagesBytes / MaxPageBytes {
		full = append(full, fmt.Sprintf("https://x.example/%d/", i)+strings.Repeat("c", MaxPageBytes-len(fmt.Sprintf("https://x.example/%d/", i))))
	}
	kept := splitPages(mergePages("", full))
	assert.Equal(t, full, kept, "at the limit: all kept")
	more := splitPages(mergePages(mergePages("", full), []string{"https://x.example/z"}))
	assert.Equal(t, full, more, "one byte over: the next page is not kept")
	fewer := append(slices.Clone(full[1:]), "https://x.example/z")
	assert.Equal(t, fewer, splitPages(mergePages("", fewer)), "under the limit: kept")

	// A list stored before the bounds is read within them.
	old := strings.Join([]string{huge, huge + "x", huge + "y"}, "\n")
	read := splitPages(old)
	total := 0
	for _, p := range read {
		assert.LessOrEqual(t, len(p), MaxPageBytes)
		total += len(p)
	}
	assert.LessOrEqual(t, total, MaxPagesBytes)
}
