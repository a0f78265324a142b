//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTypedSearchInPathMasked: a single-page app puts what was typed into
// its path (/search/<query>, /users/<name>). The engine keeps URL paths in
// every mode (it masks query values and fragments), so a search typed into
// a masked field went out in clear in mask-all, in the navigation's URL and
// in every later snapshot's. The search is submitted after a pause, as a
// person does. So did a name whose words a directory put in segments of
// their own, after it emptied its field through the value setter, and a
// word a slug wrote without its marks (Jürgen as Jurgen).
func TestTypedSearchInPathMasked(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect"}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/search-path.html")

	b.do(t, chromedp.Focus("#q"), chromedp.KeyEvent("Hashimoto thyroiditis"))
	time.Sleep(1500 * time.Millisecond)
	b.do(t, chromedp.Click("#go"))
	require.Equal(t, "/pages/search/hashimoto-thyroiditis", eval[string](t, b, `location.pathname`))
	b.do(t, chromedp.Focus("#who"), chromedp.KeyEvent("Cressida Jürgen Tremayne"))
	time.Sleep(1500 * time.Millisecond)
	b.do(t, chromedp.Click("#go2"))
	require.Equal(t, "/pages/directory/Cressida/Jurgen/Tremayne/card", eval[string](t, b, `location.pathname`))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	// A fresh full snapshot at that URL, later.
	eval[bool](t, b, `(veil.stop(), veil.start()).then(() => veil.flush()).then(() => true)`)
	eventually(t, "two full snapshots at the collector", func() bool { return strings.Count(s.All(), `"type":2,`) >= 2 })
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := strings.ToLower(s.All())
	assert.Contains(t, all, "/pages/search/", "the navigation is recorded")
	leaked := countLeaks(t, s, all, "hashimoto", "thyroiditis", "cressida", "jurgen", "jürgen", "tremayne")
	assert.Zero(t, leaked, "what was typed, in a URL path at the collector")
}
