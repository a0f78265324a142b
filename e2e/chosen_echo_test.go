//go:build !js

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChosenEchoMasked: what was chosen or pasted, shown again as page
// text — the name of the file chosen ("Uploaded: <name>"), the option of a
// select repeated in a sentence, a one-time code pasted onto boxes the page
// draws. The file input, the select and the code are input values, but
// block-list recorded their echoes as page text in clear.
func TestChosenEchoMasked(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	file := filepath.Join(t.TempDir(), "Quintanilla-HIV-results.pdf")
	require.NoError(t, os.WriteFile(file, []byte("%PDF-1.4\n"), 0o600))
	b.do(t, chromedp.Navigate(s.URL+"/pages/chosen-echo.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool { return strings.Contains(s.All(), `"type":2,`) })

	b.do(t, chromedp.SetUploadFiles("#cv", []string{file}))
	b.do(t, chromedp.SetValue("#clinic", "ward-7"))
	require.True(t, eval[bool](t, b, `(() => {
		document.getElementById('clinic').dispatchEvent(new Event('change', { bubbles: true }));
		const dt = new DataTransfer();
		dt.setData('text/plain', 'K7Q2MX');
		document.getElementById('otp').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
		const $ = (id) => document.getElementById(id);
		return $('cv-name').textContent.includes('Quintanilla') && $('clinic-echo').textContent === 'Oncology Ward Seven' &&
			$('otp').textContent === 'K7Q2MX';
	})()`), "the page did not echo what was chosen")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := strings.ToLower(s.All())
	assert.Contains(t, all, "public-chosen-heading", "block-list records page text")
	leaked := countLeaks(t, s, all, "quintanilla", "hiv-results", "oncology", `"textcontent":"k"`, `"textcontent":"q"`, `"textcontent":"x"`)
	assert.Zero(t, leaked, "echoes of what was chosen or pasted at the collector")
}
