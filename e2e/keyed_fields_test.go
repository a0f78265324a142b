//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKeyedFieldsTypedText: a custom field that is neither a control nor
// editable takes keys itself (a focusable element whose keydown handler
// draws each character, PIN boxes in a shadow root) — what it then shows
// was typed, an input value, not page text; block-list, which records page
// text, recorded it in clear. And what was typed into an editing host no
// attribute names (here an EditContext, whose page draws the text) stays
// an input value in a fresh snapshot, which reads only the markup.
func TestKeyedFieldsTypedText(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/keyed-fields.html")
	require.True(t, eval[bool](t, b, `!!window.EditContext`), "Chromium has no EditContext")

	b.do(t, chromedp.Focus("#kd"), chromedp.KeyEvent("KEYEDSECRET71"))
	require.True(t, eval[bool](t, b, `(document.getElementById('pin').shadowRoot.getElementById('in').focus(), true)`))
	b.do(t, chromedp.KeyEvent("48213377"))
	b.do(t, chromedp.Click("#ec"), chromedp.KeyEvent("EDITCTXSECRET72"))
	require.True(t, eval[bool](t, b, `(() => {
		const $ = (id) => document.getElementById(id);
		return $('kd').textContent === 'KEYEDSECRET71' && $('ec').textContent === 'EDITCTXSECRET72' &&
			$('pin').shadowRoot.getElementById('in').textContent === '48213377';
	})()`), "the page did not take the keys")
	b.do(t, chromedp.Click("#public"))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	// A fresh full snapshot (stop and start again), after the typing.
	eval[bool](t, b, `(veil.stop(), veil.start()).then(() => veil.flush()).then(() => true)`)
	eventually(t, "two full snapshots at the collector", func() bool { return strings.Count(s.All(), `"type":2,`) >= 2 })
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := s.Sent()
	assert.Contains(t, all, "PUBLIC-KEYS-TEXT", "block-list records page text")
	leaked := countLeaks(t, s, all, "KEYEDSECRET71", "4821", "3377", "EDITCTXSECRET72",
		// One character a node: KEYEDSECRET71 typed into #kd is one span a key.
		`"textContent":"K"`, `"textContent":"Y"`, `"textContent":"7"`)
	assert.Zero(t, leaked, "typed text at the collector")
}
