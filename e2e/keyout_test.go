//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSessionKeyOutOfPageSight: every batch's URL carries the session's
// key (what appends to or deletes the recording). Sent from the page, that
// URL was in sight of the page's own scripts: a wrapper of fetch (an error
// tracker's breadcrumbs, which travel to a third party) and the page's
// resource timing saw it for every batch. The engine's worker sends the
// batches now; the page sees none of their URLs.
func TestSessionKeyOutOfPageSight(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.beforeLoad(t, `(() => {
		const seen = window.__seenURLs = [];
		const f = window.fetch;
		window.fetch = function (input, init) {
			seen.push(String(input && input.url ? input.url : input));
			return f.apply(this, arguments);
		};
		const open = XMLHttpRequest.prototype.open;
		XMLHttpRequest.prototype.open = function (m, url) {
			seen.push(String(url));
			return open.apply(this, arguments);
		};
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) seen.push(e.name);
		}).observe({ type: 'resource', buffered: true });
	})()`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	for i := 0; i < 3; i++ {
		eval[bool](t, b, `(document.body.appendChild(document.createElement("p")).textContent = "row", veil.flush().then(() => true))`)
	}
	// Resource entries are delivered to observers a moment later.
	eval[bool](t, b, `new Promise((r) => setTimeout(() => r(true), 300))`)
	reqs := s.Requests()
	require.GreaterOrEqual(t, len(reqs), 2, "batches at the collector")
	key := reqs[0].Query.Get("key")
	require.NotEmpty(t, key)
	seen := eval[[]string](t, b, `window.__seenURLs.concat(performance.getEntriesByType("resource").map((e) => e.name))`)
	require.NotEmpty(t, seen, "the page saw its own loads (the wrappers work)")
	for _, u := range seen {
		assert.NotContains(t, u, key, "the session's key in a URL the page saw")
		assert.False(t, strings.Contains(u, "seq="), "a batch's URL the page saw: %s", u)
	}
}
