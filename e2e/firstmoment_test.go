//go:build !js

package e2e

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// firstMomentPage loads veil.js in <head>, before the body is parsed, and
// clicks a button 50 ms after load, noting when and in which state. On a
// loaded machine the recorder's configuration (fetched: observing starts
// only once it is known) may come later than that: the click then waits
// until the configuration is known (the first snapshot, or a state other
// than loading), else it would test the machine's speed.
const firstMomentPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>First moment</title>
<script src="/veil/veil.js" data-config="/veil/config.json"></script>
</head><body>
<h1>Basket of FIRSTMOMENT-SECRET-NAME-6120</h1>
<button id="buy">Buy</button>
<input id="note" type="text">
<script>
addEventListener('load', () => setTimeout(function click() {
  const observing = performance.getEntriesByName('veil:first-snapshot').length > 0;
  if (!observing && veil.status().state === 'loading' && performance.now() < 10000) return setTimeout(click, 10);
  window.__click = { at: performance.now(), state: veil.status().state };
  document.getElementById('buy').click();
}, 50));
</script>
</body></html>`

// slowEngine serves dist/veil.wasm only after delay: the engine is still
// loading while the visitor acts.
func slowEngine(delay time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeFile(w, r, filepath.Join(distDir, "veil.wasm"))
	})
}

// markMs reads a performance mark of the page in ms, or -1 if not set.
func markMs(t *testing.T, b *browser, name string) float64 {
	t.Helper()
	return eval[float64](t, b, `(performance.getEntriesByName(`+jsString(name)+`)[0] || {startTime: -1}).startTime`)
}

// A click 50 ms after load, while the engine is still loading, is in the
// recording: observation started at script start and was held in the page.
func TestFirstMomentClickBeforeEngineIsRecorded(t *testing.T) {
	s := newSite(t, maskAll)
	s.Handle("/pages/firstmoment.html", serveString("text/html; charset=utf-8", firstMomentPage))
	s.Handle("/veil/veil.wasm", slowEngine(800*time.Millisecond))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/firstmoment.html"))
	b.waitFor(t, `window.__click && window.veil && ["recording", "failed"].includes(veil.status().state)`)
	st := eval[status](t, b, `veil.status()`)
	require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	assert.Equal(t, "loading", eval[string](t, b, `__click.state`), "the engine was not ready at the click")
	eval[bool](t, b, `veil.flush().then(() => true)`)

	// On a loaded machine the batch holding it may still be on its way.
	eventually(t, "the early click is in the recording", func() bool { return len(clicks(t, collectedEvents(t, s))) > 0 })
	assert.NotContains(t, s.All(), "FIRSTMOMENT-SECRET-NAME-6120")

	start, first, click := markMs(t, b, "veil:script-start"), markMs(t, b, "veil:first-snapshot"), eval[float64](t, b, `__click.at`)
	require.GreaterOrEqual(t, start, 0.0)
	require.Greater(t, first, start)
	assert.Less(t, first, click, "the first full snapshot was taken before the click")
	// The engine's start-up (its veil.wasm served 800 ms late) is marked too,
	// and ends after the click the page recorded meanwhile.
	ready := markMs(t, b, "veil:engine-ready")
	assert.Greater(t, ready, click, "the engine was ready after the click")
	assert.GreaterOrEqual(t, ready-start, 800.0, "engine start-up includes its late veil.wasm")
	t.Logf("time to first snapshot: %.1f ms, engine ready: %.1f ms (script start %.1f ms, snapshot %.1f ms, click %.1f ms after navigation start)",
		first-start, ready-start, start, first, click)
}

// What was observed while the engine loaded is dropped when the URL turns
// out to be excluded: zero requests to the collector.
func TestFirstMomentExcludedURLSendsNothing(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "excludeUrls": ["/pages/firstmoment"]}`)
	s.Handle("/pages/firstmoment.html", serveString("text/html; charset=utf-8", firstMomentPage))
	s.Handle("/veil/veil.wasm", slowEngine(500*time.Millisecond))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/firstmoment.html"))
	b.waitFor(t, `window.__click && window.veil && ["excluded-url", "failed"].includes(veil.status().state)`)
	assert.Equal(t, "excluded-url", eval[status](t, b, `veil.status()`).State)
	assert.Positive(t, markMs(t, b, "veil:first-snapshot"), "the page was observed while the engine loaded")
	assert.Equal(t, "loading", eval[string](t, b, `__click.state`))
	eval[bool](t, b, `veil.flush().then(() => new Promise(r => setTimeout(() => r(true), 1200)))`)
	assert.Zero(t, s.Received(), "requests to the collector")
}

// A page that leaves an excluded URL (pushState) before the engine is
// ready: what was held from the excluded URL is dropped, and recording
// starts afresh at the allowed one.
func TestFirstMomentHeldFromExcludedURLIsDropped(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "excludeUrls": ["/private"]}`)
	s.Handle("/pages/private.html", serveString("text/html; charset=utf-8", strings.Replace(firstMomentPage, "</body>",
		`<script>setTimeout(() => {
		  document.querySelector("h1").textContent = "public basket";
		  history.pushState(null, "", "/pages/public.html");
		}, 300);</script></body>`, 1)))
	s.Handle("/veil/veil.wasm", slowEngine(600*time.Millisecond))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/private.html"))
	b.waitFor(t, `location.pathname === "/pages/public.html" && window.veil && ["recording", "failed"].includes(veil.status().state)`)
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	events := collectedEvents(t, s)
	require.NotEmpty(t, events)
	all := s.All()
	assert.Contains(t, all, "/pages/public.html")
	assert.NotContains(t, all, "/pages/private.html", "nothing observed at the excluded URL is sent")
	assert.Empty(t, clicks(t, events), "the click at the excluded URL is dropped")
}

// An engine that fails to load: what was observed meanwhile is dropped,
// nothing is sent.
func TestFirstMomentFailedEngineSendsNothing(t *testing.T) {
	s := newSite(t, maskAll)
	s.Handle("/pages/firstmoment.html", serveString("text/html; charset=utf-8", firstMomentPage))
	s.Handle("/veil/veil.wasm", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(500 * time.Millisecond)
		http.Error(w, "engine unavailable", http.StatusServiceUnavailable)
	}))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/firstmoment.html"))
	b.waitFor(t, `window.veil && veil.status().state === "failed"`)
	assert.Contains(t, eval[status](t, b, `veil.status()`).Reason, "HTTP 503")
	assert.Positive(t, markMs(t, b, "veil:first-snapshot"), "the page was observed while the engine loaded")
	eval[bool](t, b, `veil.flush().then(() => new Promise(r => setTimeout(() => r(true), 1200)))`)
	assert.Zero(t, s.Received(), "requests to the collector")
}

// Over the limit of what may be held while the engine loads, the recorder
// fails closed for the session and sends nothing.
func TestFirstMomentHeldLimitFailsClosed(t *testing.T) {
	s := newSite(t, maskAll)
	s.Handle("/pages/firstmoment.html", serveString("text/html; charset=utf-8", firstMomentPage))
	s.Handle("/veil/veil.wasm", slowEngine(1500*time.Millisecond))
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestMaxHeld = 300;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/firstmoment.html"))
	b.waitFor(t, `window.veil && veil.status().state === "failed"`)
	assert.Contains(t, eval[status](t, b, `veil.status()`).Reason, "over the limit of 300")
	time.Sleep(2 * time.Second) // the engine arrives meanwhile
	assert.Zero(t, s.Received(), "requests to the collector")
}

// Where consent is required and not given, nothing is observed early
// either: no snapshot, no raw batch.
func TestFirstMomentWaitsForConsent(t *testing.T) {
	s := newSite(t, optInConfig)
	s.Handle("/pages/firstmoment.html", serveString("text/html; charset=utf-8", firstMomentPage))
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestKeepRaw = true;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/firstmoment.html"))
	b.waitFor(t, `window.__click && window.veil && veil.status().state === "waiting-for-consent"`)
	time.Sleep(1500 * time.Millisecond) // past the recorder's 1 s flush
	assert.Equal(t, -1.0, markMs(t, b, "veil:first-snapshot"), "nothing observed")
	assert.True(t, eval[bool](t, b, `window.__veilTestBatches === undefined`), "no raw batch written")
	assert.Zero(t, s.Received())

	assert.Equal(t, "recording", eval[status](t, b, `veil.optIn()`).State)
	assert.Positive(t, markMs(t, b, "veil:first-snapshot"), "observed once consent is given")
}

// An image that arrives after the first snapshot measured it (0×0 then):
// the snapshot is taken again at load, so its placeholder has its size.
func TestFirstMomentImageLoadedLaterKeepsItsSize(t *testing.T) {
	var img bytes.Buffer
	require.NoError(t, png.Encode(&img, image.NewGray(image.Rect(0, 0, 43, 31))))
	s := newSite(t, maskAll)
	s.Handle("/pages/firstmoment.html", serveString("text/html; charset=utf-8",
		strings.Replace(firstMomentPage, `<button id="buy">`, `<img src="/pages/slow.png" alt=""><button id="buy">`, 1)))
	s.Handle("/pages/slow.png", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// Late enough that the recorder's configuration (fetched) came
		// first, also on a loaded machine.
		time.Sleep(1500 * time.Millisecond)
		w.Header().Set("Content-Type", "image/png")
		w.Write(img.Bytes())
	}))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/firstmoment.html"))
	b.waitFor(t, `window.veil && ["recording", "failed"].includes(veil.status().state)`)
	// The snapshot at load comes after the image arrived: on a loaded
	// machine the recording may start before that.
	b.waitFor(t, `document.readyState === "complete"`)
	var snapshots []string
	eventually(t, "the early snapshot and the one at load", func() bool {
		eval[bool](t, b, `veil.flush().then(() => true)`)
		events := collectedEvents(t, s)
		sort.SliceStable(events, func(i, j int) bool { return events[i].Timestamp < events[j].Timestamp }) // bodies may arrive out of order
		snapshots = snapshots[:0]
		for _, e := range events {
			if e.Type == evFullSnapshot {
				snapshots = append(snapshots, string(e.Data))
			}
		}
		return len(snapshots) >= 2
	})
	assert.NotContains(t, snapshots[0], `"rr_width":"43px"`, "measured before the image loaded")
	assert.Contains(t, snapshots[len(snapshots)-1], `"rr_width":"43px"`)
	assert.Contains(t, snapshots[len(snapshots)-1], `"rr_height":"31px"`)
}
