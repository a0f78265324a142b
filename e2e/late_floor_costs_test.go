//go:build bench && !js

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLateFloorCosts measures what reporting late labels and stylesheets
// costs the page (make build, then
// `go test -tags bench -run TestLateFloorCosts -count=1 -v ./e2e`): 5000
// texts changed at once, each 8 elements deep under elements with ids, in
// a page where a control names its label by aria-labelledby; and a <style>
// added to a page of 2000 text inputs, then a keystroke, before which the
// recorder checks the inputs again (unless the style names no way of
// drawing discs).
// The same workloads run without the recorder first; the difference is the
// recorder's (medians of 25 runs).
func TestLateFloorCosts(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "mask-all"}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/late-floor-costs.html"))
	b.waitFor(t, `window.costs`)
	const reps = "25"
	textsBare := eval[float64](t, b, `costs.texts(`+reps+`)`)
	styleBare := eval[float64](t, b, `costs.style(`+reps+`, "--probe")`)
	colorBare := eval[float64](t, b, `costs.style(`+reps+`, "color")`)
	eval[bool](t, b, `costs.load().then(() => true)`)
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	texts := eval[float64](t, b, `costs.texts(`+reps+`)`)
	inner(t, b, "5000 texts")
	style := eval[float64](t, b, `costs.style(`+reps+`, "--probe")`)
	inner(t, b, "<style> with a custom property added, 2000 inputs")
	color := eval[float64](t, b, `costs.style(`+reps+`, "color")`)
	inner(t, b, "<style> with a colour added, 2000 inputs")
	t.Logf("5000 texts changed: %.2f ms without the recorder, %.2f ms with it (+%.2f ms)", textsBare, texts, texts-textsBare)
	t.Logf("<style> with a custom property added, 2000 inputs, a keystroke: %.2f ms without the recorder, %.2f ms with it (+%.2f ms)", styleBare, style, style-styleBare)
	t.Logf("<style> with a colour added, 2000 inputs, a keystroke: %.2f ms without the recorder, %.2f ms with it (+%.2f ms)", colorBare, color, color-colorBare)
}

// inner logs, and resets, the timings a bundle built with timers around
// Mutations.relabel and Mutations.sweep leaves in window.__veilCost (build
// one by hand to see them; the shipped bundle has none).
func inner(t *testing.T, b *browser, what string) {
	got := eval[map[string]float64](t, b, `(() => {
		const c = window.__veilCost;
		if (!c) return {};
		window.__veilCost = {relabel: [], sweep: []};
		const med = (a) => { a = a.slice().sort((x, y) => x - y); return a.length ? a[a.length >> 1] : -1; };
		const max = (a) => a.length ? Math.max(...a) : -1;
		return {relabelMedian: med(c.relabel), relabelMax: max(c.relabel), relabels: c.relabel.length,
			sweepMedian: med(c.sweep), sweepMax: max(c.sweep), sweeps: c.sweep.length};
	})()`)
	if len(got) > 0 {
		t.Logf("%s, inside the recorder: %v", what, got)
	}
}
