//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAttrEchoMasked: what is typed, written again into attributes of
// other elements — an image's alt, a button's aria-label, a link's path,
// a tooltip and a data attribute of an element made anew. block-list
// records such attributes as page text (the PII detectors find no name),
// so the typed name went out in clear although its field was masked.
func TestAttrEchoMasked(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/attr-echo.html")

	b.do(t, chromedp.Focus("#name"), chromedp.KeyEvent("Ottoline Brackenridge"))
	require.True(t, eval[bool](t, b, `document.getElementById('avatar').alt === 'Photo of Ottoline Brackenridge'`))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := strings.ToLower(s.All())
	assert.Contains(t, all, "public-attr-heading", "block-list records page text")
	assert.Contains(t, all, "your photo", "block-list records attributes")
	leaked := countLeaks(t, s, all, "ottoline", "brackenridge", "ott", "brack")
	assert.Zero(t, leaked, "echoes of what was typed in attributes at the collector")
}
