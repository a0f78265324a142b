package masking

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScrubSrcset(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"a.png", "a.png"},
		{"a.png 1x, b.png 2x", "a.png 1x, b.png 2x"},
		{"a.png?sig=abc 480w,b.png?sig=def 800w", "a.png?sig= 480w, b.png?sig= 800w"},
		{"  a.png   100w  ,  \n b.png 200w ", "a.png 100w, b.png 200w"},
		{"https://u:p@cdn.example/a.jpg#x 1.5x", "https://cdn.example/a.jpg 1.5x"},
		// A comma inside a URL is part of it; a trailing one ends the candidate.
		{"a,b.png 1x, c.png 2x", "a,b.png 1x, c.png 2x"},
		{"a.png,b.png 2x", "a.png,b.png 2x"}, // no space: one URL
		{"a.png,, ,b.png", "a.png, b.png"},
		{"/img?w=100&page=2 1x", "/img?w=&page=2 1x"},
		{"a.png 100w 50h", "a.png 100w 50h"},
		// Candidates that browsers ignore are dropped, free text with them.
		{"a.png Jane, b.png 1x", "b.png 1x"},
		{"a.png foo(1, 2) 1x, b.png 2x", "b.png 2x"},
		// Data and script URLs.
		{"data:image/png;base64,AAAA 1x, b.png 2x", "about:blank 1x, b.png 2x"},
		{"javascript:alert(1) 1x", "about:blank 1x"},
		{"#frag 1x", "about:blank 1x"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			got := scrubSrcset(tc.in, allowUTM)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, got, scrubSrcset(got, allowUTM), "not idempotent")
		})
	}
}

func Example_scrubSrcset() {
	fmt.Println(scrubSrcset("/a.jpg?sig=abc 1x, /b,2.jpg?sig=def 2x", nil))
	// Output: /a.jpg?sig= 1x, /b,2.jpg?sig= 2x
}
