//go:build bench && !js

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFakePinHiddenCosts measures what checking a focused field for being
// out of sight (sight.js) costs at each keystroke, on a 10,000-element page
// with the field 24 levels deep (make build, then `go test -tags bench -run
// TestFakePinHiddenCosts -count=1 -v ./e2e`; build the shim without it to
// compare). The rules reveal the field, so that it stays unmarked and is
// checked at every keystroke. Median of 200 keystrokes, after 50.
func TestFakePinHiddenCosts(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#typed"]}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/fake-pin-costs.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eval[float64](t, b, `costs.typing(50)`)
	typing := eval[float64](t, b, `costs.typing(200)`)
	t.Logf("one keystroke into a field 24 levels deep: %.3f ms", typing)
	eval[float64](t, b, `costs.setting(50)`)
	setting := eval[float64](t, b, `costs.setting(500)`)
	t.Logf("one value set by script (and its input event) in that field: %.4f ms (mean of 500)", setting)
}
