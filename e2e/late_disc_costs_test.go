//go:build bench && !js

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLateDiscCosts measures what checking a text field for discs before
// each value the recorder writes costs the page (make build, then
// `go test -tags bench -run TestLateDiscCosts -count=1 -v ./e2e`), on a page
// of 2000 text inputs: a keystroke after a class change that restyles them
// all; a script that fills all 2000 values, restyling each field as it
// goes (each check recalculates style: the worst case); a framework
// re-render that sets an attribute on all 2000. The same workloads run
// without the recorder first; the difference is the recorder's (medians
// of 25 runs).
func TestLateDiscCosts(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#fields *"]}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/late-disc-costs.html"))
	b.waitFor(t, `window.costs`)
	const reps = "25"
	eval[float64](t, b, `costs.key(`+reps+`)`) // warm-up
	keyBare := eval[float64](t, b, `costs.key(`+reps+`)`)
	fillBare := eval[float64](t, b, `costs.fill(`+reps+`)`)
	attrsBare := eval[float64](t, b, `costs.attrs(`+reps+`)`)
	eval[bool](t, b, `costs.load().then(() => true)`)
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	// The time inside Recorder.secure, from a bundle built by hand with a
	// timer around it that adds to window.__veilDiscCost {n, sum, max} (the
	// shipped bundle has none).
	inner := func(what string) {
		got := eval[map[string]float64](t, b, `(() => { const c = window.__veilDiscCost || {}; window.__veilDiscCost = {n: 0, sum: 0, max: 0}; return c; })()`)
		if len(got) > 0 && got["n"] > 0 {
			t.Logf("%s, inside the check (25 runs): %.0f checks, %.2f ms in all, %.4f ms each, %.3f ms at most", what, got["n"], got["sum"], got["sum"]/got["n"], got["max"])
		}
	}
	inner("snapshot")
	key := eval[float64](t, b, `costs.key(`+reps+`)`)
	inner("keystroke")
	fill := eval[float64](t, b, `costs.fill(`+reps+`)`)
	inner("fill")
	attrs := eval[float64](t, b, `costs.attrs(`+reps+`)`)
	inner("attrs")
	t.Logf("a keystroke after a class change restyling 2000 inputs: %.3f ms without the recorder, %.3f ms with it (+%.3f ms)", keyBare, key, key-keyBare)
	t.Logf("2000 values set by script, each field restyled: %.2f ms without the recorder, %.2f ms with it (+%.2f ms)", fillBare, fill, fill-fillBare)
	t.Logf("an attribute set on 2000 inputs: %.2f ms without the recorder, %.2f ms with it (+%.2f ms)", attrsBare, attrs, attrs-attrsBare)
}
