//go:build !js

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// visit is what a scripted demo visit recorded, as the visitor's browser
// measured it.
type visit struct {
	id string
	// orders is the size of the account page's order history, which the
	// demo's playback rules (not its recording rules) block.
	ordersW, ordersH float64
}

// recordDemoVisit scripts a visit of the demo shop: typing and ticking the
// newsletter box on the sign-up page, three quick clicks on its heading
// (a rage click, and dead: nothing answers), a TypeError, then "Create
// account" to the account page, where it scrolls. It returns once the
// collector stored both pages.
func recordDemoVisit(t *testing.T, d *demoServer, b *browser) visit {
	t.Helper()
	b.do(t, chromedp.Navigate(d.URL+"/demo/signup.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	// the chat widget's timed messages are done (they are blocked anyway)
	b.waitFor(t, `document.querySelectorAll(".support-chat .msg").length >= 5`)
	b.do(t, chromedp.SendKeys("#name", "Zelda Quarrington"), chromedp.SendKeys("#email", "zq.private@example.org"),
		chromedp.SendKeys("#password", "Hunter2-zq9x"), chromedp.Click(`input[name="news"]`))
	require.True(t, eval[bool](t, b, `document.querySelector('input[name="news"]').checked`), "the visitor ticked the box")
	time.Sleep(1200 * time.Millisecond) // the input answers are over before the rage clicks
	b.do(t, chromedp.Click("main h2"), chromedp.Click("main h2"), chromedp.Click("main h2"))
	time.Sleep(1500 * time.Millisecond) // long enough for the clicks to be dead
	eval[bool](t, b, `(setTimeout(() => { null.veilBoom; }), true)`)
	time.Sleep(300 * time.Millisecond)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	b.do(t, chromedp.Click("#create"))
	waitAfterNavigation(t, b, `location.pathname.endsWith("/account.html") && window.veil && veil.status().state === "recording"`)
	size := eval[[]float64](t, b, `(() => { const r = document.querySelector(".order-history").getBoundingClientRect(); return [r.width, r.height]; })()`)
	require.Greater(t, size[1], 100.0, "the order history is a tall block")
	time.Sleep(500 * time.Millisecond)
	eval[bool](t, b, `(window.scrollTo(0, 200), true)`)
	// an idle stretch longer than the replayer's 10 s inactivity threshold,
	// ended by another scroll
	time.Sleep(11 * time.Second)
	eval[bool](t, b, `(window.scrollTo(0, 0), true)`)
	time.Sleep(300 * time.Millisecond)
	eval[bool](t, b, `veil.flush().then(() => true)`)

	var id string
	eventually(t, "the collector to store both pages", func() bool {
		code, body := d.api(t, "GET", "/api/sessions?app=demo", d.admin, "")
		var list []struct {
			ID    string
			Pages []string
		}
		if code != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list) != 1 {
			return false
		}
		id = list[0].ID
		return len(list[0].Pages) >= 2 && strings.HasSuffix(list[0].Pages[len(list[0].Pages)-1], "/account.html")
	})
	return visit{id: id, ordersW: size[0], ordersH: size[1]}
}

// openReplay logs in and opens the replay of session id (with query q,
// "" or "?t=…"), waiting until it is ready.
func openReplay(t *testing.T, b *browser, d *demoServer, id, q string) {
	t.Helper()
	b.do(t, chromedp.Navigate(d.URL+"/viewer/sessions/"+id+q))
	waitAfterNavigation(t, b, `document.getElementById("replay") && document.getElementById("replay").dataset.state === "ready"`)
}
