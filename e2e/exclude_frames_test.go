//go:build !js

package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
)

// A same-origin frame showing a page at an excluded URL is recorded empty,
// also when it navigates there later; the page around it, and a frame at
// an allowed URL, are recorded. Before, excludeUrls were checked against the
// top page's URL only.
func TestExcludedURLInFrame(t *testing.T) {
	s := newConsentSite(t, excludeConfig)
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<!DOCTYPE html><html><body>` + body + `</body></html>`))
		}
	}
	s.Handle("/framed/outer.html", page(`<h1>OUTER-PAGE</h1>
<iframe id="f" src="/consent/private/frame.html"></iframe>
<iframe id="g" src="/framed/open.html"></iframe>
<script src="/veil/veil.js" data-config="/veil/config.json"></script>`))
	s.Handle("/framed/open.html", page(`<p>OPEN-FRAME-TEXT</p>`))
	s.Handle("/consent/private/frame.html", page(`<p>EXCLUDED-FRAME-TEXT</p><input id="x">`))
	s.Handle("/consent/private/later.html", page(`<p>EXCLUDED-AFTER-NAVIGATION</p>`))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/framed/outer.html"))
	b.waitState(t, "recording")
	loaded := func(id string) string {
		return `document.getElementById("` + id + `").contentDocument && document.getElementById("` + id + `").contentDocument.readyState === "complete"`
	}
	b.waitFor(t, loaded("f")+" && "+loaded("g"))
	eval[bool](t, b, `(document.getElementById("f").contentDocument.body.append("EXCLUDED-FRAME-LATER"), true)`)
	// The page cannot vouch for a frame's URL itself.
	eval[bool](t, b, `(document.getElementById("f").setAttribute("data-veil-frame-url", "https://elsewhere.example/"), true)`)
	eval[bool](t, b, `(document.getElementById("f").contentDocument.body.append("EXCLUDED-AFTER-CLAIM"), true)`)
	flushed(t, b)

	// The allowed frame navigates into an excluded page.
	eval[bool](t, b, `(document.getElementById("g").src = "/consent/private/later.html", true)`)
	b.waitFor(t, `document.getElementById("g").contentDocument.URL.endsWith("/later.html") && `+loaded("g"))
	eval[bool](t, b, `new Promise(r => setTimeout(() => r(true), 300))`)
	flushed(t, b)

	all := s.All()
	assert.True(t, strings.Contains(all, "OUTER-PAGE"), "the page around the frames is recorded")
	assert.True(t, strings.Contains(all, "OPEN-FRAME-TEXT"), "a frame at an allowed URL is recorded")
	assertAbsent(t, s, "EXCLUDED", "data-veil-frame-url", "elsewhere.example")
}
