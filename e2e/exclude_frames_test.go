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

// A same-origin frame at an allowed URL that moves to an excluded URL
// inside itself, without loading — history.pushState, replaceState, a
// fragment (location.hash), the Navigation API (navigation.navigate
// intercepted) — is recorded empty from there on: what it shows, and what
// is typed into it, at the excluded URL never reaches the collector; the
// page around it and an allowed frame are recorded. Before, the frame's URL
// was reported only when it loaded.
func TestExcludedURLInFrameByHistory(t *testing.T) {
	// The rules reveal the frames' field: only the exclusion keeps its value out.
	s := newConsentSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list", "allow": ["#x"]},
	"excludeUrls": ["/consent/private/", "#secret$"]}`)
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<!DOCTYPE html><html><body>` + body + `</body></html>`))
		}
	}
	s.Handle("/framed/outer.html", page(`<h1>OUTER-PAGE</h1>
<iframe id="push" src="/framed/open.html"></iframe>
<iframe id="replace" src="/framed/open.html"></iframe>
<iframe id="hash" src="/framed/open.html"></iframe>
<iframe id="nav" src="/framed/open.html"></iframe>
<iframe id="typed" src="/framed/open.html"></iframe>
<iframe id="stay" src="/framed/open.html"></iframe>
<script src="/veil/veil.js" data-config="/veil/config.json"></script>`))
	s.Handle("/framed/open.html", page(`<p>OPEN-FRAME-TEXT</p><input id="x" value="">`))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/framed/outer.html"))
	b.waitState(t, "recording")
	ids := []string{"push", "replace", "hash", "nav", "typed", "stay"}
	for _, id := range ids {
		b.waitFor(t, `document.getElementById("`+id+`").contentDocument && document.getElementById("`+id+`").contentDocument.readyState === "complete"`)
	}
	flushed(t, b)
	frame := func(id string) string { return `document.getElementById("` + id + `")` }
	// Each moves, then shows something at once (same task), and again later.
	eval[bool](t, b, `(() => {
		const w = (id) => document.getElementById(id).contentWindow;
		const d = (id) => document.getElementById(id).contentDocument;
		w("push").history.pushState({}, "", "/consent/private/spa.html");
		d("push").body.append("EXCLUDED-AFTER-PUSH");
		w("replace").history.replaceState({}, "", "/consent/private/spa.html");
		d("replace").body.append("EXCLUDED-AFTER-REPLACE");
		w("hash").location.hash = "secret";
		d("hash").body.append("EXCLUDED-AFTER-HASH");
		const n = w("nav").navigation;
		n.addEventListener("navigate", (e) => e.intercept({ handler: async () => {} }));
		n.navigate("/consent/private/nav.html");
		d("nav").body.append("EXCLUDED-AFTER-NAVIGATE");
		return true;
	})()`)
	eval[bool](t, b, `new Promise(r => setTimeout(() => r(true), 300))`)
	eval[bool](t, b, `(() => {
		for (const id of ["push", "replace", "hash", "nav"]) document.getElementById(id).contentDocument.body.append("EXCLUDED-LATER-" + id);
		return true;
	})()`)
	// A field typed into after the frame moved, with no other change.
	eval[bool](t, b, frame("typed")+`.contentWindow.history.pushState({}, "", "/consent/private/form.html") || true`)
	eval[bool](t, b, `(() => { const d = `+frame("typed")+`.contentDocument; const x = d.getElementById("x"); x.focus(); d.execCommand("insertText", false, "EXCLUDED-TYPED"); return x.value === "EXCLUDED-TYPED"; })()`)
	eval[bool](t, b, `(`+frame("stay")+`.contentDocument.body.append("ALLOWED-FRAME-LATER"), true)`)
	eval[bool](t, b, `(() => { const d = `+frame("stay")+`.contentDocument; const x = d.getElementById("x"); x.focus(); d.execCommand("insertText", false, "ALLOWED-TYPED"); return true; })()`)
	flushed(t, b)
	eventually(t, "the allowed frame's later text at the collector", func() bool {
		return strings.Contains(s.All(), "ALLOWED-FRAME-LATER") && strings.Contains(s.All(), "ALLOWED-TYPED")
	})
	all := s.All()
	assert.True(t, strings.Contains(all, "OUTER-PAGE"), "the page around the frames is recorded")
	assert.True(t, strings.Contains(all, "OPEN-FRAME-TEXT"), "a frame at an allowed URL is recorded")
	for _, secret := range []string{"EXCLUDED-AFTER-PUSH", "EXCLUDED-AFTER-REPLACE", "EXCLUDED-AFTER-HASH", "EXCLUDED-AFTER-NAVIGATE",
		"EXCLUDED-LATER-push", "EXCLUDED-LATER-replace", "EXCLUDED-LATER-hash", "EXCLUDED-LATER-nav", "EXCLUDED-TYPED"} {
		assert.NotContains(t, all, secret)
	}
	assertAbsent(t, s, "EXCLUDED", "/consent/private")
}
