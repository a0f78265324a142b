//go:build bench && !js

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPageTextDiscCosts measures what looking for page text drawn as discs
// by stylesheets costs the recorder (make build, then `go test -tags bench
// -run TestPageTextDiscCosts -count=1 -v ./e2e`; build the shim without it
// to compare): a fresh full snapshot of 10,000 elements with a 3,000-rule
// <style>, and a task changing 200 texts and 200 classes, on CSS without
// any way of drawing discs, with escapes (the rules are read), and with one
// disc rule (every batch queries the document). Medians. The time inside
// Mutations.markDiscs comes from a bundle built by hand with a timer around
// it that adds to window.__veilPageDiscCost {n, sum, max, first} (the
// shipped bundle has none).
func TestPageTextDiscCosts(t *testing.T) {
	for _, css := range []string{"plain", "escapes", "discs"} {
		s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
		b := newBrowser(t)
		b.do(t, chromedp.Navigate(s.URL+"/pages/page-text-discs-costs.html?css="+css))
		b.waitFor(t, `window.veil && veil.status().state === "recording"`)
		eval[bool](t, b, `veil.flush().then(() => true)`)
		inner := func(what string) {
			got := eval[map[string]float64](t, b, `(() => { const c = window.__veilPageDiscCost || {}; window.__veilPageDiscCost = {n: 0, sum: 0, max: 0, first: -1}; return c; })()`)
			if len(got) > 0 && got["n"] > 0 {
				t.Logf("css=%s %s, inside markDiscs: %.0f calls, %.3f ms in all, first %.3f ms, %.4f ms each, %.3f ms at most", css, what, got["n"], got["sum"], got["first"], got["sum"]/got["n"], got["max"])
			}
		}
		inner("first snapshot")
		eval[float64](t, b, `costs.snapshot(3)`) // warm-up
		eval[bool](t, b, `(window.__veilPageDiscCost = {n: 0, sum: 0, max: 0, first: -1}, true)`)
		snap := eval[float64](t, b, `costs.snapshot(15)`)
		inner("15 snapshots")
		eval[float64](t, b, `costs.texts(10)`)
		eval[bool](t, b, `(window.__veilPageDiscCost = {n: 0, sum: 0, max: 0, first: -1}, true)`)
		texts := eval[float64](t, b, `costs.texts(60)`)
		inner("60 text tasks")
		t.Logf("css=%s: snapshot %.2f ms, 200 texts and classes %.3f ms", css, snap, texts)
	}
}
