package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
