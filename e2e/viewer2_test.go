//go:build !js

package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// frameFit is where the scaled replay frame sits in the viewer's window.
type frameFit struct {
	Left, Top, Right, Bottom, Width float64
	InnerW, InnerH, ScrollW         float64
	InPlayer                        bool
	Scale                           string
}

const frameFitJS = `(() => {
	const f = veilViewer.replayer.iframe.getBoundingClientRect(), p = document.getElementById("player").getBoundingClientRect();
	return {Left: f.left, Top: f.top, Right: f.right, Bottom: f.bottom, Width: f.width, InnerW: innerWidth, InnerH: innerHeight,
		ScrollW: document.documentElement.scrollWidth, Scale: document.getElementById("player").dataset.scale || "",
		InPlayer: f.left >= p.left - 0.5 && f.top >= p.top - 0.5 && f.right <= p.right + 0.5 && f.bottom <= p.bottom + 0.5};
})()`

// fitAt sets the viewer's window size and waits for the replay to fit it:
// the whole frame inside the window and the player, no horizontal scroll.
func fitAt(t *testing.T, b *browser, w, h int64) frameFit {
	t.Helper()
	b.do(t, chromedp.EmulateViewport(w, h))
	b.waitFor(t, `innerWidth === `+strconv.FormatInt(w, 10)+` && (() => { const f = veilViewer.replayer.iframe.getBoundingClientRect();
		return f.width > 0 && f.right <= innerWidth + 0.5 && f.bottom <= innerHeight + 0.5; })()`)
	f := eval[frameFit](t, b, frameFitJS)
	assert.GreaterOrEqual(t, f.Left, 0.0)
	assert.GreaterOrEqual(t, f.Top, 0.0)
	assert.LessOrEqual(t, f.Right, f.InnerW+0.5, "frame within the window's width")
	assert.LessOrEqual(t, f.Bottom, f.InnerH+0.5, "frame within the window's height: %+v", f)
	assert.LessOrEqual(t, f.ScrollW, f.InnerW, "no horizontal scroll")
	assert.True(t, f.InPlayer, "frame not clipped by the player: %+v", f)
	assert.Greater(t, f.Width, 0.5*f.InnerW, "the replay takes most of the width: %+v", f)
	return f
}

type listEntry struct {
	Kind, Label string
	At          float64
}

const entriesJS = `veilViewer.entries.map((e) => ({Kind: e.kind, Label: e.label + (e.detail ? " " + e.detail : ""), At: e.at}))`

func ofKind(list []listEntry, kind string) []listEntry {
	var out []listEntry
	for _, e := range list {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

func TestViewer2Replay(t *testing.T) {
	d := startDemo(t)
	b := newBrowser(t)
	v := recordDemoVisit(t, d, b)
	login(t, b, d, d.admin)
	openReplay(t, b, d, v.id, "")
	total := eval[float64](t, b, `veilViewer.total`)
	require.Greater(t, total, 6000.0, "the visit lasts long enough to seek in")
	entries := eval[[]listEntry](t, b, entriesJS)

	t.Run("fits 1366x900, then 1024x700 after a resize", func(t *testing.T) {
		big := fitAt(t, b, 1366, 900)
		small := fitAt(t, b, 1024, 700)
		assert.Less(t, small.Width, big.Width, "refitted smaller after the resize")
		assert.NotEqual(t, big.Scale, small.Scale)
	})

	t.Run("fullscreen", func(t *testing.T) {
		b.do(t, chromedp.Click("#fullscreen"))
		b.waitFor(t, `document.fullscreenElement && document.fullscreenElement.id === "stage"`)
		b.waitFor(t, `(() => { const f = veilViewer.replayer.iframe.getBoundingClientRect();
			return f.width > 0 && f.right <= innerWidth + 0.5 && f.bottom <= innerHeight + 0.5; })()`)
		b.do(t, chromedp.KeyEvent("f"))
		b.waitFor(t, `!document.fullscreenElement`)
	})

	t.Run("event list", func(t *testing.T) {
		pages := ofKind(entries, "page")
		require.Len(t, pages, 2, "%+v", entries)
		assert.Contains(t, pages[1].Label, "/demo/account.html")
		assert.NotEmpty(t, ofKind(entries, "click"))
		assert.NotEmpty(t, ofKind(entries, "input"))
		assert.NotEmpty(t, ofKind(entries, "scroll"))
		errs := ofKind(entries, "error")
		require.Len(t, errs, 1, "%+v", entries)
		assert.Contains(t, errs[0].Label, "TypeError")
		rage := ofKind(entries, "rage")
		require.Len(t, rage, 1, "the three clicks on the heading: %+v", entries)
		assert.Contains(t, rage[0].Label, "3 clicks on h2")
		dead := ofKind(entries, "dead")
		require.Len(t, dead, 1, "the heading answered nothing; the button navigated, the box was ticked: %+v", entries)
		assert.Contains(t, dead[0].Label, "h2")
		for _, e := range ofKind(entries, "input") {
			assert.NotContains(t, e.Label, "Zelda", "an input entry names the control, never the value")
		}

		// activating the account page's entry seeks there
		b.do(t, chromedp.Click(`#event-list li[data-kind="page"]:nth-of-type(n+2) button`))
		at := pages[1].At
		now := eval[float64](t, b, `veilViewer.now()`)
		assert.InDelta(t, at, now, 50, "seeked to the entry")
		assert.True(t, eval[bool](t, b, `document.querySelector('#event-list li[aria-current]').dataset.kind === "page"`))

		// a filter hides a kind
		b.do(t, chromedp.Click(`#event-filters input[value="click"]`))
		hidden := eval[bool](t, b, `Array.from(document.querySelectorAll('#event-list li[data-kind="click"]')).every((li) => li.hidden)`)
		assert.True(t, hidden, "clicks filtered out")
		assert.False(t, eval[bool](t, b, `document.querySelector('#event-list li[data-kind="page"]').hidden`))
		b.do(t, chromedp.Click(`#event-filters input[value="click"]`))

		marks := eval[[]string](t, b, `Array.from(document.querySelectorAll("#marks .mark")).map((m) => m.className + " " + m.getAttribute("aria-label"))`)
		assert.Len(t, marks, 5, "marks for 2 pages, an error, a rage and a dead click: %v", marks)
	})

	t.Run("keyboard", func(t *testing.T) {
		eval[bool](t, b, `(veilViewer.seek(1000), document.activeElement.blur(), true)`)
		b.do(t, chromedp.KeyEvent(kb.ArrowRight))
		assert.InDelta(t, 6000, eval[float64](t, b, `veilViewer.now()`), 100, "→ seeks 5 s on")
		b.do(t, chromedp.KeyEvent(kb.ArrowLeft), chromedp.KeyEvent(kb.ArrowLeft))
		assert.InDelta(t, 0, eval[float64](t, b, `veilViewer.now()`), 100, "← seeks 5 s back, not before the start")
		eval[bool](t, b, `(veilViewer.seek(2000), document.getElementById("seek").focus(), true)`)
		b.do(t, chromedp.KeyEvent(kb.ArrowRight))
		assert.InDelta(t, 7000, eval[float64](t, b, `veilViewer.now()`), 100, "→ on the focused timeline seeks 5 s too")
		eval[bool](t, b, `(document.activeElement.blur(), true)`)
		b.do(t, chromedp.KeyEvent("]"))
		assert.Equal(t, "2", eval[string](t, b, `document.getElementById("speed").value`))
		b.do(t, chromedp.KeyEvent("["), chromedp.KeyEvent("["), chromedp.KeyEvent("["))
		assert.Equal(t, "0.5", eval[string](t, b, `document.getElementById("speed").value`), "the slowest is 0.5x")
		for range 6 {
			b.do(t, chromedp.KeyEvent("]"))
		}
		assert.Equal(t, "16", eval[string](t, b, `document.getElementById("speed").value`), "the fastest is 16x")
		b.do(t, chromedp.KeyEvent(" "))
		b.waitFor(t, `document.getElementById("play").getAttribute("aria-pressed") === "true" && veilViewer.now() > 500`)
		b.do(t, chromedp.KeyEvent(" "))
		b.waitFor(t, `document.getElementById("play").getAttribute("aria-pressed") === "false"`)
		paused := eval[float64](t, b, `veilViewer.now()`)
		assert.InDelta(t, paused, eval[float64](t, b, `new Promise((r) => setTimeout(() => r(veilViewer.now()), 300))`), 1, "paused")
	})

	t.Run("playback-blocked element keeps its size", func(t *testing.T) {
		eval[bool](t, b, `(veilViewer.seek(veilViewer.total), true)`)
		b.waitFor(t, `veilViewer.replayer.iframe.contentDocument.querySelector(".order-history")`)
		got := eval[map[string]any](t, b, `(() => {
			const doc = veilViewer.replayer.iframe.contentDocument, el = doc.querySelector(".order-history"), r = el.getBoundingClientRect();
			return {w: r.width, h: r.height, blocked: el.hasAttribute("data-veil-blocked"),
				stripes: doc.defaultView.getComputedStyle(el).backgroundImage,
				hidden: el.querySelector("table") ? doc.defaultView.getComputedStyle(el.querySelector("table")).visibility : "no content"};
		})()`)
		assert.InDelta(t, v.ordersW, got["w"], 2, "width as recorded")
		assert.InDelta(t, v.ordersH, got["h"], 2, "height as recorded, not collapsed")
		assert.Equal(t, true, got["blocked"])
		assert.Contains(t, got["stripes"], "repeating-linear-gradient", "drawn as a striped placeholder")
		assert.Equal(t, "hidden", got["hidden"], "its masked content stays under the stripes")
		html := eval[string](t, b, `veilViewer.replayer.iframe.contentDocument.querySelector(".order-history").outerHTML`)
		for _, s := range []string{"48213", "2026-10-02", "189", "Orders"} {
			assert.NotContains(t, html, s)
		}
	})

	t.Run("masked checkbox is hatched, not unticked", func(t *testing.T) {
		at := ofKind(entries, "page")[1].At
		eval[bool](t, b, `(veilViewer.seek(`+strconv.FormatFloat(at-20, 'f', 0, 64)+`), true)`)
		b.waitFor(t, `(() => { const c = veilViewer.replayer.iframe.contentDocument.querySelector('input[type="checkbox"]');
			return c && c.getAttribute("data-veil-state") === "masked"; })()`)
		look := eval[string](t, b, `(() => { const c = veilViewer.replayer.iframe.contentDocument.querySelector('input[type="checkbox"]');
			const s = c.ownerDocument.defaultView.getComputedStyle(c); return s.appearance + " " + s.backgroundImage; })()`)
		assert.True(t, strings.HasPrefix(look, "none "), "not drawn as a native (unticked) box: %s", look)
		assert.Contains(t, look, "repeating-linear-gradient", "hatched")
	})

	t.Run("inactivity indicator while skipping", func(t *testing.T) {
		scrolls := ofKind(entries, "scroll")
		require.Len(t, scrolls, 2, "%+v", entries)
		eval[bool](t, b, `(document.getElementById("speed").value = "1", document.getElementById("speed").dispatchEvent(new Event("change")),
			veilViewer.seek(`+strconv.FormatFloat(scrolls[0].At-300, 'f', 0, 64)+`), true)`)
		assert.True(t, eval[bool](t, b, `document.getElementById("skipping").hidden`), "not skipping before playing")
		b.do(t, chromedp.Click("#play"))
		b.waitFor(t, `!document.getElementById("skipping").hidden`)
		b.waitFor(t, `document.getElementById("skipping").hidden && veilViewer.now() > `+strconv.FormatFloat(scrolls[1].At-500, 'f', 0, 64))
		b.do(t, chromedp.Click("#play"))
	})

	t.Run("?t= starts there and the link keeps the moment", func(t *testing.T) {
		// the link needs a login, and the login goes on to the moment
		b.do(t, chromedp.Click(`form[action="/viewer/logout"] button`))
		waitAfterNavigation(t, b, `location.pathname === "/viewer/login"`)
		b.do(t, chromedp.Navigate(d.URL+"/viewer/sessions/"+v.id+"?t=3"))
		waitAfterNavigation(t, b, `location.pathname === "/viewer/login" && document.getElementById("token")`)
		b.do(t, chromedp.SendKeys("#token", d.admin), chromedp.Click("#login"))
		waitAfterNavigation(t, b, `document.getElementById("replay") && document.getElementById("replay").dataset.state === "ready"`)
		assert.Equal(t, "?t=3", eval[string](t, b, `location.search`))
		assert.InDelta(t, 3000, eval[float64](t, b, `veilViewer.now()`), 50)
		assert.Equal(t, "3000", eval[string](t, b, `document.getElementById("seek").value`))
		eval[bool](t, b, `(veilViewer.seek(4600), true)`)
		b.do(t, chromedp.Click("#share"))
		b.waitFor(t, `document.getElementById("link").value !== ""`)
		link := eval[string](t, b, `document.getElementById("link").value`)
		assert.Equal(t, d.URL+"/viewer/sessions/"+v.id+"?t=4", link)
	})

	t.Run("no typed string in the viewer", func(t *testing.T) {
		for _, frac := range []float64{0, 0.3, 0.6, 1} {
			eval[bool](t, b, `(veilViewer.seek(`+strconv.FormatFloat(frac*total, 'f', 0, 64)+`), true)`)
			dom := eval[string](t, b, replayDOM)
			for _, s := range viewerSecrets {
				assert.NotContains(t, dom, s)
			}
		}
		api := eval[string](t, b, `Promise.all(["/events", ""].map((p) => fetch("/api/sessions/`+v.id+`" + p).then((r) => r.text()))).then((a) => a.join("\n"))`)
		require.Contains(t, api, `"type":2`, "the events arrived")
		for _, s := range viewerSecrets {
			assert.NotContains(t, api, s)
		}
	})

	t.Run("delete asks, then says what went", func(t *testing.T) {
		b.do(t, chromedp.Navigate(d.URL+"/viewer/"))
		b.do(t, chromedp.Click(`tr.session a.delete`))
		waitAfterNavigation(t, b, `document.getElementById("confirm-delete")`)
		assert.Contains(t, eval[string](t, b, `document.querySelector(".confirm").textContent`), v.id)
		b.do(t, chromedp.Click("#cancel-delete"))
		waitAfterNavigation(t, b, `location.pathname === "/viewer/" && document.querySelector("tr.session")`)
		b.do(t, chromedp.Click(`tr.session a.delete`))
		waitAfterNavigation(t, b, `document.getElementById("confirm-delete")`)
		b.do(t, chromedp.Click("#confirm-delete"))
		waitAfterNavigation(t, b, `document.getElementById("deleted")`)
		msg := eval[string](t, b, `document.getElementById("deleted").textContent`)
		assert.Contains(t, msg, "demo")
		assert.Contains(t, msg, v.id)
		code, body := d.api(t, "GET", "/api/sessions/"+v.id, d.admin, "")
		assert.Equal(t, 404, code, body)
		code, body = d.api(t, "GET", "/api/audit", d.admin, "")
		require.Equal(t, 200, code, body)
		assert.Contains(t, body, "session.delete")
	})
}
