//go:build !js

package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What the visitor types into the React app. Every one holds "zyx", which
// nothing else on the page or in the configuration does.
var spaSecrets = map[string]string{
	"#name":     "Quentin Zyxwab",
	"#email":    "q.zyxwab@example.org",
	"#password": "Pa55-zyxword",
	"#about":    "I live at 9 Zyx Lane",
	"#q":        "zyxsecret",
}

// spaSite serves the bundled app on its own origin: /app/ the bundles,
// /assets/veil/ the package's assets straight from node_modules (as an app
// would copy them to its static files), every other path the page (the
// single-page app's fallback), loading entry.
func spaSite(t *testing.T, dir, collectorURL, entry string) *httptest.Server {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err)
	page = []byte(strings.NewReplacer("__COLLECTOR_ORIGIN__", collectorURL, "__ENTRY__", entry).Replace(string(page)))
	mux := http.NewServeMux()
	mux.Handle("/app/", http.StripPrefix("/app/", http.FileServer(http.Dir(filepath.Join(dir, "build")))))
	assets := filepath.Join(dir, "node_modules", "@veil-replay", "recorder", "pkg", "assets")
	mux.Handle("/assets/veil/", http.StripPrefix("/assets/veil/", http.FileServer(http.Dir(assets))))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// putSPASettings makes application "spa" record from appOrigin: allow-list
// rules that show the navigation, headings, labels and buttons only.
func putSPASettings(t *testing.T, c *collector, appOrigin string) {
	t.Helper()
	settings := `{"recorder": {"application": "spa", "endpoint": "` + c.URL + `/veil/ingest",
		"recording": {"mode": "allow-list", "allow": ["nav", "h1", "label", "button", ".banner"]}},
		"allowedOrigins": ["` + appOrigin + `"]}`
	code, body := c.api(t, "PUT", "/api/apps/spa/settings", c.admin, settings)
	require.Equal(t, http.StatusOK, code, body)
}

// routes returns the path and query of every Meta event (a page or route
// change), in order; a repeated one (a fresh snapshot of the same route,
// after a lost batch) counts once.
func routes(t *testing.T, events []rrEvent) []string {
	t.Helper()
	var out []string
	for _, e := range events {
		if e.Type != 4 {
			continue
		}
		var meta struct{ Href string }
		require.NoError(t, json.Unmarshal(e.Data, &meta))
		u, err := url.Parse(meta.Href)
		require.NoError(t, err, meta.Href)
		if uri := u.RequestURI(); len(out) == 0 || out[len(out)-1] != uri {
			out = append(out, uri)
		}
	}
	return out
}

// inputEvents counts the IncrementalSnapshot Input events (rrweb source 5).
func inputEvents(t *testing.T, events []rrEvent) int {
	t.Helper()
	n := 0
	for _, e := range events {
		var d incremental
		if e.Type == evIncremental && json.Unmarshal(e.Data, &d) == nil && d.Source == 5 {
			n++
		}
	}
	return n
}

// assertNoSecret fails for every typed secret found in text, quoting a
// little of what surrounds it (a whole batch would drown the message).
func assertNoSecret(t *testing.T, what, text string) {
	t.Helper()
	low := strings.ToLower(text)
	for _, s := range []string{"zyx", "quentin", "pa55"} {
		if i := strings.Index(low, s); i >= 0 {
			t.Errorf("%s holds what was typed (%q): …%s…", what, s, text[max(0, i-80):min(len(text), i+40)])
		}
	}
}

// withoutDrawnIDs is r as a string without the values the recorder draws
// at random (the session id and its key): "Zyx-_8lK…" is no typing.
func withoutDrawnIDs(r seen) string {
	text := r.String()
	if u, err := url.Parse(r.URL); err == nil {
		for _, name := range []string{"session", "key"} {
			if v := u.Query().Get(name); v != "" {
				text = strings.ReplaceAll(text, v, "<"+name+">")
			}
		}
	}
	return text
}

// TestSPAFromTarball: a React app with controlled inputs, pushState routing
// and a consent banner installs Veil from the packed npm tarball. Nothing is
// sent before consent (the app's optIn: true tightens the collector's
// configuration), nothing typed leaves the page — in any request the browser
// made to the collector, nor in the stored events — and every route change
// after consent is in the recording.
func TestSPAFromTarball(t *testing.T) {
	dir := buildSPA(t)

	t.Run("records every route, nothing typed", func(t *testing.T) {
		c := startCollector(t)
		app := spaSite(t, dir, c.URL, "main")
		putSPASettings(t, c, app.URL)
		b := newBrowser(t)

		b.do(t, chromedp.Navigate(app.URL+"/"))
		b.waitFor(t, `window.spaVeil && spaVeil.status().state === "waiting-for-consent"`)
		assert.Equal(t, "waiting-for-consent", eval[string](t, b, `spaInit`), "init resolves while it waits for consent")
		// Typed before consent: nothing may be observed yet.
		b.do(t, chromedp.Click(`nav a[href="/signup"]`))
		b.waitFor(t, `document.getElementById("page").dataset.path === "/signup"`)
		b.do(t, chromedp.SendKeys("#name", spaSecrets["#name"]))
		time.Sleep(700 * time.Millisecond)
		require.Empty(t, c.log.ingests(), "nothing is sent before consent")

		b.do(t, chromedp.Click("#consent-accept"))
		b.waitFor(t, `spaVeil.status().state === "recording"`)
		for _, id := range []string{"#email", "#password", "#about"} {
			b.do(t, chromedp.SendKeys(id, spaSecrets[id]))
		}
		b.waitFor(t, `document.querySelector(".echo").textContent.includes("Quentin")`)
		b.do(t, chromedp.Click("#create"))
		b.waitFor(t, `document.getElementById("page").dataset.path === "/account"`)
		b.waitFor(t, `document.querySelector(".account").textContent.includes("zyxwab@")`)
		b.do(t, chromedp.Click(`nav a[href="/search"]`))
		b.waitFor(t, `document.getElementById("page").dataset.path === "/search"`)
		b.do(t, chromedp.SendKeys("#q", spaSecrets["#q"]), chromedp.Click("#go"))
		b.waitFor(t, `location.search === "?q=zyxsecret" && document.querySelector(".results").textContent !== ""`)
		eval[bool](t, b, `(history.back(), true)`)
		b.waitFor(t, `location.search === "" && document.getElementById("page").dataset.path === "/search"`)
		assert.True(t, eval[bool](t, b, `spaVeil.flush().then(() => true)`))

		want := []string{"/signup", "/account", "/search", "/search?q=", "/search"}
		matches := func(got []string) bool {
			// The first Meta is the snapshot's at consent; then one per route change.
			// The search query's value is masked, so only its key is compared.
			if len(got) != len(want) {
				return false
			}
			for i := range got {
				if !strings.HasPrefix(got[i], want[i]) || (want[i] == "/search" && got[i] != "/search") {
					return false
				}
			}
			return true
		}

		sent := c.log.requests()
		require.NotEmpty(t, c.log.ingests())
		var events []rrEvent
		for i, r := range sent {
			assertNoSecret(t, "request "+r.Method+" "+r.URL, withoutDrawnIDs(r))
			if r.Method == http.MethodPost {
				var batch []rrEvent
				require.NoError(t, json.Unmarshal(r.Body, &batch), "request %d: %.200s", i, r.Body)
				events = append(events, batch...)
			}
		}
		t.Logf("route changes sent: %q", routes(t, events))
		assert.True(t, matches(routes(t, events)), "sent route changes %q, want %q", routes(t, events), want)
		assert.Positive(t, inputEvents(t, events), "the typing is recorded (masked)")

		var stored []rrEvent
		eventually(t, "the collector to store every route change", func() bool {
			stored = c.storedEvents(t, "spa")
			return matches(routes(t, stored))
		})
		raw, err := json.Marshal(stored)
		require.NoError(t, err)
		assertNoSecret(t, "the stored events", string(raw))
		assert.Positive(t, inputEvents(t, stored))
	})

	t.Run("a looser option is refused", func(t *testing.T) {
		c := startCollector(t)
		app := spaSite(t, dir, c.URL, "loose")
		putSPASettings(t, c, app.URL)
		b := newBrowser(t)

		b.do(t, chromedp.Navigate(app.URL+"/signup"))
		b.waitFor(t, `window.spaInit`)
		got := eval[string](t, b, `spaInit`)
		assert.Contains(t, got, "rejected: options: privacySignals: ignore would record visitors")
		st := eval[map[string]any](t, b, `spaVeil.status()`)
		assert.Equal(t, "failed", st["state"])
		assert.Contains(t, st["reason"], "may only tighten the collector's configuration")
		assert.Contains(t, eval[string](t, b, `spaVeil.optIn().then(() => "granted", (e) => e.message)`), "privacySignals")
		b.do(t, chromedp.SendKeys("#name", spaSecrets["#name"]))
		time.Sleep(700 * time.Millisecond)
		assert.Empty(t, c.log.ingests(), "a refused configuration records nothing")
		assert.NotEmpty(t, c.log.requests(), "the collector's configuration was fetched")
	})
}
