package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMaskURLTokens: runs of 16 or more letters and digits mixing both are
// masked from the path on; 15 are not, nor runs of one kind, nor the host.
func TestMaskURLTokens(t *testing.T) {
	tok16 := "Xk9fQ2mZ7pL4vT8w"
	cases := []struct {
		in, want string
		hits     int
	}{
		{"https://a.example/reset/" + tok16, "https://a.example/reset/" + strings.Repeat("*", 16), 1},
		{"https://a.example/reset/" + tok16[:15], "https://a.example/reset/" + tok16[:15], 0}, // one below
		{"https://a.example/reset/" + tok16 + "/x?y=", "https://a.example/reset/" + strings.Repeat("*", 16) + "/x?y=", 1},
		{"/magic/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.x", "/magic/********************.*******************.x", 2},
		{"/invite/8f3a9c2b7d1e4f5a6b7c8d9e0f1a2b3c", "/invite/********************************", 1},
		{"/articles/internationalization-guide", "/articles/internationalization-guide", 0}, // letters only
		{"/how-to-cook-pasta-in-10-minutes", "/how-to-cook-pasta-in-10-minutes", 0},         // short runs
		{"/p;jsessionid=0A1B2C3D4E5F6A7B8C9D", "/p;jsessionid=********************", 1},
		{"https://abcdefgh12345678.example/p", "https://abcdefgh12345678.example/p", 0}, // the host is kept
		{"", "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, hits := maskSecretTokens(tc.in, urlPathStart(tc.in))
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.hits, hits)
			again, n := maskSecretTokens(got, urlPathStart(got))
			assert.Equal(t, got, again)
			assert.Zero(t, n)
		})
	}
}

// TestNavigatesOnlyForShownURLs: links, form targets and frames are
// navigational; stylesheets, images, scripts and sprites are not.
func TestNavigatesOnlyForShownURLs(t *testing.T) {
	for _, c := range []struct {
		ns, tag, name string
		want          bool
	}{
		{"", "a", "href", true}, {"", "A", "HREF", true}, {"", "area", "href", true}, {"svg", "a", "href", true},
		{"svg", "a", "xlink:href", true}, {"", "form", "action", true}, {"", "button", "formaction", true},
		{"", "iframe", "src", true}, {"", "blockquote", "cite", true},
		{"", "link", "href", false}, {"", "img", "src", false}, {"", "script", "src", false},
		{"svg", "use", "href", false}, {"svg", "image", "href", false},
		{"", "base", "href", true}, {"svg", "svg", "xml:base", true}, {"math", "math", "href", true},
		{"math", "mi", "href", true}, {"", "object", "data", true}, {"", "embed", "src", true},
		{"", "img", "attributionsrc", true}, {"", "html", "manifest", true},
		{"svg", "object", "data", false}, {"", "video", "src", false}, {"", "img", "srcset", false},
	} {
		assert.Equal(t, c.want, navigates(c.ns, c.tag, c.name), "%s %s %s", c.ns, c.tag, c.name)
	}
}
