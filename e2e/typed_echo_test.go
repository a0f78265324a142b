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

// TestTypedEchoMasked: what is typed, shown again as page text — the name
// and security code drawn on a picture of the card as they are typed, a
// greeting re-rendered with the name, a debounced "Delivery to <city>", a
// PIN pad listening on the whole page that shows each digit in a box. The
// controls' values are masked, but block-list recorded their echoes as page
// text in clear (mask-all kept their length). Page text changed meanwhile
// that shows nothing typed is still recorded, and so is the heading.
func TestTypedEchoMasked(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/typed-echo.html")

	b.do(t, chromedp.Focus("#holder"), chromedp.KeyEvent("Jane Quinteros"))
	b.do(t, chromedp.Focus("#cvc"), chromedp.KeyEvent("737"))
	b.do(t, chromedp.Focus("#first"), chromedp.KeyEvent("Marisol"))
	b.do(t, chromedp.Focus("#city"), chromedp.KeyEvent("Zwolle"))
	time.Sleep(400 * time.Millisecond) // the debounced echo
	require.True(t, eval[bool](t, b, `(document.activeElement.blur(), document.activeElement === document.body)`))
	b.do(t, chromedp.KeyEvent("5930"))
	require.True(t, eval[bool](t, b, `(() => {
		const $ = (id) => document.getElementById(id);
		return $('card-name').textContent === 'JANE QUINTEROS' && $('card-cvc').textContent === '737' &&
			$('greet').textContent === 'Hello, Marisol!' && $('city-echo').textContent === 'Zwolle' &&
			$('pin').textContent === '5930' && $('status').textContent === 'PUBLIC-STATUS-READY';
	})()`), "the page did not echo what was typed")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the public status at the collector", func() bool { return strings.Contains(s.All(), "PUBLIC-STATUS-READY") })
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := strings.ToLower(s.Sent())
	assert.Contains(t, all, "public-echo-heading", "block-list records page text")
	leaked := 0
	// Typed words in any string, whole; "737" in strings only: a node id
	// or a timestamp may hold its digits.
	strs := strings.Join(jsonStrings.FindAllString(all, -1), "\n")
	for _, secret := range []string{"jane", "quinteros", "737", "marisol", "zwolle", `"textcontent":"5"`, `"textcontent":"9"`, `"textcontent":"3"`} {
		in := all
		if secret == "737" {
			in = strs
		}
		if n := strings.Count(in, secret); n > 0 {
			t.Logf("%s at the collector %d times", secret, n)
			leaked += n
			logWhere(t, s, secret)
		}
	}
	assert.Zero(t, leaked, "echoes of what was typed at the collector")
}
