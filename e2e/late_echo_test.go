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

// TestLateEchoMasked: what was typed, shown again more than a second later
// — a search's "Results for …" once its request returns, a greeting by the
// first name once a form was sent and cleared, an aria-label naming the
// query; and a value a page writes into a style attribute as a CSS string
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
	leaked := 0
	for _, secret := range []string{"hannelore", "quist", "cressida", "tremayne", "zwolle", "ysolde"} {
		if n := strings.Count(all, secret); n > 0 {
			t.Logf("%s at the collector %d times", secret, n)
			leaked += n
			logWhere(t, s, secret)
		}
	}
	assert.Zero(t, leaked, "late echoes of what was typed at the collector")
}
