//go:build !js

package e2e

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestPageTextDiscsCrossOrigin: page text that a cross-origin sheet (its
// rules hidden from the CSSOM) draws as discs — by class, on an ancestor,
// inherited into a shadow root — is masked in the snapshot, whether the
// sheet's server allows CORS (the recorder reads a copy) or not (the
// recorder reads the computed style of what holds text). Text the sheet
// does not draw as discs stays recorded.
func TestPageTextDiscsCrossOrigin(t *testing.T) {
	for _, from := range []string{"cors", "plain"} {
		t.Run(from, func(t *testing.T) {
			s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
			s.mux.HandleFunc("/cors/", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				http.ServeFile(w, r, filepath.Join(pagesDir, strings.TrimPrefix(r.URL.Path, "/cors/")))
			})
			b := newBrowser(t)
			b.do(t, chromedp.Navigate(s.URL+"/pages/page-text-discs-xo.html?from="+from))
			b.waitFor(t, `window.veil && veil.status().state === "recording"`)
			require.True(t, eval[bool](t, b, `(() => {
				try { document.styleSheets[0].cssRules; return false; } catch { /* unreadable, as it should be */ }
				const i = document.getElementById("h").shadowRoot.querySelector("i");
				return getComputedStyle(document.querySelector("p.xo")).webkitTextSecurity === "disc" && getComputedStyle(i).webkitTextSecurity === "disc";
			})()`), "the cross-origin sheet draws the text as discs, and its rules cannot be read")
			eval[bool](t, b, `veil.flush().then(() => true)`)
			eventually(t, "the snapshot at the collector", func() bool {
				return strings.Contains(s.All(), "CLEAR-XO-9200")
			})
			all := s.All()
			leaked := 0
			for _, v := range []struct{ name, secret string }{{"class", "SNAP-XO-8501"}, {"ancestor", "SNAP-XO-DESC-8502"}, {"shadow root under a host it draws as discs", "SNAP-XO-SHADOW-8503"}} {
				t.Run(v.name, func(t *testing.T) {
					if strings.Contains(all, v.secret) {
						leaked++
					}
					discAbsent(t, all, v.secret, v.name)
				})
			}
			t.Logf("%d of 3 secrets reached the collector", leaked)
		})
	}
}
