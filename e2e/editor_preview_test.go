//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEditorPreviewMasked: text typed into an editing host is an input
// value, but a live preview that repeats it (a comment box, a markdown
// editor) is page text, which block-list recorded in clear.
func TestEditorPreviewMasked(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/editor-preview.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	b.waitFor(t, `veil.flush().then(() => true)`)

	b.do(t, chromedp.Click("#editor"), chromedp.KeyEvent("my diagnosis is Hashimoto"))
	require.True(t, eval[bool](t, b, `document.getElementById('preview').textContent === 'my diagnosis is Hashimoto'`))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := strings.ToLower(s.All())
	assert.Contains(t, all, "public-editor-heading", "block-list records page text")
	leaked := countLeaks(t, s, all, "diagnosis", "hashimoto", "hashi")
	assert.Zero(t, leaked, "the preview of what was typed at the collector")
}
