//go:build !js

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLateEchoMasked: what was typed, shown again more than a second later
// — a search's "Results for …" once its request returns, a greeting by the
// first name once a form was sent and cleared, an aria-label naming the
// query, another control's placeholder and aria-label naming it; and a
// value a page writes into a style attribute as a CSS string
// that its sheet draws (content: var(--nick)). Block-list recorded these as page text in clear: the recorder
// took text as an echo only within a second of the keystroke. Page text
// changed meanwhile that shows nothing typed is still recorded.
func TestLateEchoMasked(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/late-echo.html")

	b.do(t, chromedp.Focus("#q"), chromedp.KeyEvent("Hannelore Quist"))
	b.do(t, chromedp.Focus("#name"), chromedp.KeyEvent("Cressida Tremayne"))
	b.do(t, chromedp.Focus("#town"), chromedp.KeyEvent("Zwolle"))
	b.do(t, chromedp.Focus("#nick"), chromedp.KeyEvent("Ysolde"))
	b.do(t, chromedp.Click("#send"))
	time.Sleep(2200 * time.Millisecond) // the answers come back after 1.5 s
	require.True(t, eval[bool](t, b, `(() => {
		const $ = (id) => document.getElementById(id);
		return $('results').textContent.includes('Hannelore Quist') && $('thanks').textContent.includes('Cressida') &&
			$('thanks').textContent.includes('ZWOLLE') && $('name').value === '' && $('status').textContent === 'PUBLIC-LATE-READY' &&
			getComputedStyle($('badge'), '::after').content === '"Ysolde"';
	})()`), "the page did not show what was typed")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the public status at the collector", func() bool { return strings.Contains(s.All(), "PUBLIC-LATE-READY") })
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := strings.ToLower(s.Sent())
	assert.Contains(t, all, "public-late-heading", "block-list records page text")
	assert.Contains(t, all, "results for", "text around the echo stays page text")
	assert.Zero(t, countLeaks(t, s, all, "hannelore", "quist", "cressida", "tremayne", "zwolle", "ysolde"),
		"late echoes of what was typed at the collector")
}

// TestLateCutEchoMasked: a header that shows the saved name cut short to
// fit ("Wilhel…", a title "Zbrow...") a moment after the form was
// sent. No whole word of what was typed is in it, so block-list recorded
// the name's start as page text in clear. Text that shows nothing typed
// ("Read more…", already on the page) stays page text.
func TestLateCutEchoMasked(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/late-cut.html")
	b.do(t, chromedp.Focus("#name"), chromedp.KeyEvent("Wilhelmina Zbrowskaja"))
	b.do(t, chromedp.Click("#send"))
	time.Sleep(1800 * time.Millisecond) // the answer comes back after 1.5 s
	require.True(t, eval[bool](t, b, `document.getElementById('hello').textContent === 'Wilhel\u2026' &&
		document.getElementById('me').title.endsWith('Zbrow...') && document.getElementById('status').textContent === 'PUBLIC-CUT-READY'`),
		"the page did not show the name cut short")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the public status at the collector", func() bool { return strings.Contains(s.All(), "PUBLIC-CUT-READY") })

	all := strings.ToLower(s.Sent())
	assert.Contains(t, all, "public-cut-heading", "block-list records page text")
	assert.Contains(t, all, "read more", "text that shows nothing typed stays page text")
	assert.Zero(t, countLeaks(t, s, all, "wilhel", "zbrow"), "the name cut short at the collector")
}

// TestCarriedEchoMasked: a form sent by a navigation, answered by a page
// that shows what was typed ("Thanks, Cressida", the town in capitals) in
// its markup and a moment later. The recorder that saw the typing is gone
// with its page; block-list recorded the answer as page text in clear. The
// words go with the tab as salted hashes, never as typed, and never a
// password's; what the next page shows of them is masked, in its text and
// in the path of its URL (/thanks/branch/Zwolle).
func TestCarriedEchoMasked(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/carry-form.html")
	b.do(t, chromedp.Focus("#name"), chromedp.KeyEvent("Cressida Tremayne"))
	b.do(t, chromedp.Focus("#town"), chromedp.KeyEvent("Zwolle"))
	b.do(t, chromedp.Focus("#pw"), chromedp.KeyEvent("Hunter2Quist"))
	b.do(t, chromedp.Click("#send"))
	b.waitFor(t, `location.pathname.startsWith('/pages/carry-thanks.html/branch/') && window.veil && veil.status().state === "recording"`)
	stored := eval[string](t, b, `sessionStorage.getItem('veil:typed') || ''`)
	assert.Empty(t, stored, "what was carried is read once and removed")
	time.Sleep(1200 * time.Millisecond)
	require.True(t, eval[bool](t, b, `document.body.textContent.includes('Thanks, Cressida!') && document.body.textContent.includes('ZWOLLE') &&
		document.getElementById('status').textContent === 'PUBLIC-CARRY-READY'`), "the page did not show what was typed")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the public status at the collector", func() bool { return strings.Contains(s.All(), "PUBLIC-CARRY-READY") })

	all := strings.ToLower(s.Sent())
	assert.Contains(t, all, "public-carry-thanks", "block-list records page text")
	assert.Contains(t, all, "we saved your details", "words nobody typed stay page text")
	assert.Zero(t, countLeaks(t, s, all, "cressida", "tremayne", "zwolle", "hunter2quist"),
		"what the next page showed of what was typed")
}

// TestCarriedWordsNotInClear: what goes with the tab holds no typed word
// and no password's, in any form the page could read.
func TestCarriedWordsNotInClear(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/carry-form.html")
	b.do(t, chromedp.Focus("#name"), chromedp.KeyEvent("Cressida Tremayne"))
	b.do(t, chromedp.Focus("#pw"), chromedp.KeyEvent("Hunter2Quist"))
	// A page that reads storage at pagehide, after the recorder wrote it.
	kept := eval[string](t, b, `(() => {
		window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
		return sessionStorage.getItem('veil:typed') || '';
	})()`)
	require.NotEmpty(t, kept, "the words were carried")
	var o struct {
		H []uint32 `json:"h"`
	}
	require.NoError(t, json.Unmarshal([]byte(kept), &o))
	assert.Len(t, o.H, 2, "cressida and tremayne; not the password")
	low := strings.ToLower(kept)
	for _, w := range []string{"cressida", "tremayne", "hunter"} {
		assert.NotContains(t, low, w)
	}
}
