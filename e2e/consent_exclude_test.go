//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// block-list records page text in clear, so text captured at an excluded
// URL would show in what the collector got.
const excludeConfig = `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"},
	"excludeUrls": ["/consent/private/", "#secret$"]}`

func addText(t *testing.T, b *browser, text string) {
	t.Helper()
	eval[bool](t, b, `(() => {
		const p = document.createElement("p");
		p.textContent = `+jsString(text)+`;
		document.getElementById("later").append(p);
		return true;
	})()`)
}

// Navigation into an excluded URL pauses: nothing captured after it is
// sent; leaving it resumes with a fresh full snapshot.
func TestConsentExcludeUrls(t *testing.T) {
	s := newConsentSite(t, excludeConfig)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "recording")
	addText(t, b, "BEFORE-NAVIGATION")
	flushed(t, b)
	require.True(t, strings.Contains(s.All(), "BEFORE-NAVIGATION"), "recorded before the navigation")

	// The text changes in the same task as the navigation, before the
	// engine has answered.
	eval[bool](t, b, `(history.pushState({}, "", "/consent/private/account?card=1"),
		document.getElementById("later").textContent = "EXCLUDED-AT-ONCE", true)`)
	b.waitState(t, "excluded-url")
	assertNothingMore(t, s, b, "EXCLUDED-LATER")
	b.do(t, chromedp.SendKeys("#note", "EXCLUDED-TYPED"))

	// Leaving, the page replaces the excluded view, as a single-page app does:
	// the fresh snapshot records the page as it is after the navigation.
	leave := `document.getElementById("later").textContent = "", document.getElementById("note").value = "",`
	eval[bool](t, b, `(history.pushState({}, "", "/consent/basic.html?back=1"), `+leave+` true)`)
	b.waitState(t, "recording")
	addText(t, b, "RESUMED-TEXT")
	flushed(t, b)
	assert.Equal(t, 2, s.countEvents(t, evFullSnapshot), "a fresh full snapshot on leaving")
	assert.True(t, strings.Contains(s.All(), "RESUMED-TEXT"), "recorded after leaving")

	// Back into it and out again by popstate, then by hash changes.
	eval[bool](t, b, `(history.back(), true)`)
	b.waitState(t, "excluded-url")
	assertNothingMore(t, s, b, "EXCLUDED-AFTER-POPSTATE")
	eval[bool](t, b, `(history.forward(), `+leave+` true)`)
	b.waitState(t, "recording")
	// What was captured at the allowed URL (the fresh snapshot) may still be
	// on its way; let it arrive before counting what comes after.
	flushed(t, b)
	eval[bool](t, b, `(location.hash = "#secret", true)`)
	b.waitState(t, "excluded-url")
	assertNothingMore(t, s, b, "EXCLUDED-AFTER-HASHCHANGE")
	eval[bool](t, b, `(location.hash = "#open", `+leave+` true)`)
	b.waitState(t, "recording")
	flushed(t, b)
	assert.Equal(t, 4, s.countEvents(t, evFullSnapshot))

	assertAbsent(t, s, "EXCLUDED", "private", "secret")

	// A page loaded at an excluded URL observes nothing at all.
	n := s.Received()
	b.do(t, chromedp.Navigate(s.URL+"/consent/private/page.html"))
	b.waitState(t, "excluded-url")
	assertNothingMore(t, s, b, "EXCLUDED-FULL-LOAD")
	assert.Equal(t, n, s.Received())
	assertAbsent(t, s, "EXCLUDED")
}

// An invalid pattern is a configuration error: failed, and nothing sent.
func TestConsentExcludeUrlsInvalid(t *testing.T) {
	s := newConsentSite(t, configWith(`"excludeUrls": ["/ok/", "(unclosed"]`))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "failed")
	st := ctl(t, b, `veil.status()`)
	assert.Contains(t, st.Reason, "excludeUrls[1]")
	assertNothingMore(t, s, b, "AFTER-FAILED")
	assert.Zero(t, s.Received())
}

// assertAbsent checks that no body the collector got contains any of words
// (without printing the bodies: they are long).
func assertAbsent(t *testing.T, s *site, words ...string) {
	t.Helper()
	for i, b := range s.Bodies() {
		body := s.withoutPort(string(b))
		for _, w := range words {
			if j := strings.Index(body, w); j >= 0 {
				t.Errorf("body %d contains %q: ...%s...", i, w, body[max(0, j-80):min(len(body), j+80)])
			}
		}
	}
}
