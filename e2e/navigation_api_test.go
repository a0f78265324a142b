//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// interceptNavigations makes same-document navigations the Navigation API's
// way, as routers built on it do: the URL changes with no pushState, no
// popstate and no hashchange.
const interceptNavigations = `(navigation.addEventListener("navigate", (e) => {
	if (e.canIntercept) e.intercept({ handler: async () => {} });
}), true)`

// A single-page app that navigates with the Navigation API into an excluded
// URL pauses the recording as pushState does, and the page's URL changes are
// recorded (Meta events). Before, such a navigation went unnoticed: the
// excluded page was recorded under the old URL.
func TestNavigationAPIExcludeUrls(t *testing.T) {
	s := newConsentSite(t, excludeConfig)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "recording")
	eval[bool](t, b, interceptNavigations)

	eval[bool](t, b, `(navigation.navigate("/consent/basic.html?view=2"), true)`)
	addText(t, b, "AFTER-FIRST-NAVIGATE")
	flushed(t, b)
	require.Contains(t, s.All(), "AFTER-FIRST-NAVIGATE")
	assert.Contains(t, s.All(), "basic.html?view=", "the new URL is recorded (a Meta event)")

	eval[bool](t, b, `(navigation.navigate("/consent/private/account"),
		document.getElementById("later").textContent = "EXCLUDED-AT-ONCE", true)`)
	b.waitState(t, "excluded-url")
	assertNothingMore(t, s, b, "EXCLUDED-LATER")
	b.do(t, chromedp.SendKeys("#note", "EXCLUDED-TYPED"))

	leave := `document.getElementById("later").textContent = "", document.getElementById("note").value = "",`
	eval[bool](t, b, `(navigation.navigate("/consent/basic.html?back=1"), `+leave+` true)`)
	b.waitState(t, "recording")
	addText(t, b, "RESUMED-TEXT")
	flushed(t, b)
	assert.True(t, strings.Contains(s.All(), "RESUMED-TEXT"), "recorded after leaving")

	// pushState through a reference taken from another realm (or saved
	// before the recorder patched History) passes no patch; the Navigation
	// API still hears of it.
	eval[bool](t, b, `(() => {
		const f = document.createElement("iframe");
		document.body.append(f);
		f.contentWindow.History.prototype.pushState.call(history, {}, "", "/consent/private/by-saved-reference");
		f.remove();
		document.getElementById("later").textContent = "EXCLUDED-BY-REFERENCE";
		return true;
	})()`)
	b.waitState(t, "excluded-url")
	assertNothingMore(t, s, b, "EXCLUDED-AFTER-REFERENCE")
	assertAbsent(t, s, "EXCLUDED", "private")
}
