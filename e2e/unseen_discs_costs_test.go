//go:build bench && !js

package e2e

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestUnseenDiscCosts measures what catching page text drawn as discs by
// rules the CSSOM reading misses costs (make build, then `go test -tags
// bench -run TestUnseenDiscCosts -count=1 -v ./e2e`; build the shim
// without it to compare): a fresh full snapshot of 10,000 elements and a
// task changing 200 texts and 200 classes (each changed text's element has
// its computed style read), without a cross-origin sheet, with one served
// with CORS (a copy is fetched and read) and with one served without (the
// computed style of every element holding text is read at each snapshot).
// Medians; "one more" is a single snapshot after them.
func TestUnseenDiscCosts(t *testing.T) {
	for _, xo := range []string{"none", "cors", "plain"} {
		s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
		s.mux.HandleFunc("/cors/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			http.ServeFile(w, r, filepath.Join(pagesDir, strings.TrimPrefix(r.URL.Path, "/cors/")))
		})
		b := newBrowser(t)
		b.do(t, chromedp.Navigate(s.URL+"/pages/page-text-discs-costs.html?css=plain&xo="+xo))
		b.waitFor(t, `window.veil && veil.status().state === "recording"`)
		eval[bool](t, b, `veil.flush().then(() => true)`)
		eval[float64](t, b, `costs.snapshot(3)`) // warm-up
		snap := eval[float64](t, b, `costs.snapshot(15)`)
		eval[float64](t, b, `costs.texts(10)`)
		texts := eval[float64](t, b, `costs.texts(60)`)
		long := eval[float64](t, b, `(async () => {
			const t0 = performance.now(); veil.stop(); await veil.start(); return performance.now() - t0; })()`)
		t.Logf("cross-origin sheet: %s: snapshot %.2f ms (one more: %.2f ms), 200 texts and classes %.3f ms", xo, snap, long, texts)
	}
}
