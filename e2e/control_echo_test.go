//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestControlEchoInAttributes: a page copies what is typed into the
// field's own data-value and title (a floating label, a tooltip), and a
// server-rendered value into data-initial. The value is masked in every
// mode; block-list keeps attributes as page content and sent the copies in
// clear beside the mask.
func TestControlEchoInAttributes(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/control-echo.html")

	b.do(t, chromedp.Focus("#nick"), chromedp.KeyEvent("Zephyrine"))
	require.True(t, eval[bool](t, b, `(() => {
		const n = document.getElementById('nick');
		return n.value === 'Zephyrine' && n.dataset.value === 'Zephyrine' && n.title === 'Zephyrine';
	})()`), "the page did not copy the value")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the field's attributes at the collector", func() bool { return strings.Contains(s.All(), `"data-value"`) })
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := strings.ToLower(s.Sent())
	assert.Contains(t, all, "public-control-echo", "block-list records page text")
	assert.Contains(t, all, "your nickname", "a title that is no copy stays page content")
	// Three letters of a copy are enough to tell: "zep" of "Zephyrine".
	leaked := countLeaks(t, s, all, "zep", "phyr", "rine", "ulaanbaatar")
	assert.Zero(t, leaked, "the field's value copied into its attributes")
}
