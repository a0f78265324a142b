//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoReferrerToCollector: the engine masks the page URL's query and
// fragment in what it records, but a request the recorder makes carries the
// page's URL in its Referer header, whole, to a collector on the same site
// (and to any collector under a page's referrer policy "unsafe-url"): the
// recorder's requests send no Referer at all.
func TestNoReferrerToCollector(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "mask-all"}}`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/keypad.html?email=hannelore.quist%40example.com&acct=48213377#token=tremayne"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool { return strings.Contains(s.All(), `"type":2,`) })
	b.do(t, chromedp.Click("#continue"))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	reqs := s.Requests()
	require.NotEmpty(t, reqs)
	for _, r := range reqs {
		assert.Empty(t, r.Header.Get("Referer"), "seq %s", r.Query.Get("seq"))
	}
	assert.Zero(t, countLeaks(t, s, s.Sent(), "hannelore", "48213377", "tremayne"))
}
