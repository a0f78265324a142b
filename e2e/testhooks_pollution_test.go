//go:build !js

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

// TestTestHooksNotInherited: the recorder's test hooks (raw batches kept in
// page memory, a frozen clock, queue and time-out bounds) are read as the
// window's own properties. Read through the prototype chain, a page's
// Object.prototype pollution switched them on: every raw (unmasked) batch
// was kept in window.__veilTestBatches for any script of the page, and the
// engine's time-out and the held bytes' bound took the attacker's values.
func TestTestHooksNotInherited(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.beforeLoad(t, `Object.prototype.__veilTestKeepRaw = true; Object.prototype.__veilTestRawSnapshot = true;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	kept := eval[int](t, b, `(Object.getOwnPropertyDescriptor(window, '__veilTestBatches') ? window.__veilTestBatches.length : 0) +
		(Object.getOwnPropertyDescriptor(window, '__veilTestRaw') ? window.__veilTestRaw.length : 0)`)
	assert.Zero(t, kept, "raw batches kept in page memory through inherited test hooks")
	assert.NotEmpty(t, s.Requests(), "the page was recorded")
}
