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

// TestTypedSearchInLinksMasked: a results page renders links whose path
// holds what was searched (the next page, a list of recent searches).
// block-list keeps the paths of links (mask-all masks them whole), so a
// search typed into a masked field went out in clear, in the links written
// as the results came (seconds after the typing: no echo of the
// keystrokes) and in every later snapshot.
func TestTypedSearchInLinksMasked(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/search-links.html")

	b.do(t, chromedp.Focus("#q"), chromedp.KeyEvent("Graves disease"))
	time.Sleep(1500 * time.Millisecond)
	b.do(t, chromedp.Click("#go"))
	b.waitFor(t, `window.shown === true`)
	require.True(t, eval[bool](t, b, `document.getElementById('next').getAttribute('href') === '/pages/results/graves-disease/2'`))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eval[bool](t, b, `(veil.stop(), veil.start()).then(() => veil.flush()).then(() => true)`)
	eventually(t, "two full snapshots at the collector", func() bool { return strings.Count(s.All(), `"type":2,`) >= 2 })
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := strings.ToLower(s.All())
	assert.Contains(t, all, `"id":"next","href":`, "the links are recorded")
	leaked := countLeaks(t, s, all, "graves", "disease")
	assert.Zero(t, leaked, "what was typed, in link paths at the collector")
}
