//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const optInConfig = `{"application": "e2e", "endpoint": "/veil/collect", "optIn": true, "recording": {"mode": "mask-all"}}`

func TestMetaRecordsConsent(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	all := s.All()
	assert.Contains(t, all, `"consent":"not-required"`)
	assert.Contains(t, all, `"consentSource":"config"`)
	assert.Contains(t, all, `"rulesVersion":`)
}

// With optIn, nothing is observed or sent before veil.optIn(); consent then
// holds for the tab's session, and the Meta says under what consent.
func TestOptInWaitsForConsent(t *testing.T) {
	s := newSite(t, optInConfig)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "waiting-for-consent"`)
	time.Sleep(500 * time.Millisecond)
	assert.Zero(t, s.Received())
	assert.Equal(t, "recording", eval[status](t, b, `veil.optIn().then(s => s)`).State)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	assert.Contains(t, s.All(), `"consent":"granted"`)
	assert.Contains(t, s.All(), `"consentSource":"optIn"`)

	b.do(t, chromedp.Reload())
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
}

// optOut stops at once: every patch and listener is gone, masked batches
// not yet delivered are discarded, nothing more is sent, and the recording
// can be deleted.
func TestOptOutTearsDownAndDiscards(t *testing.T) {
	s := newSite(t, maskAll)
	s.Answer(func(request) int { return 503 })
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestBackoffMs = 60000;
		window.__native = {
			value: Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set,
			insertRule: CSSStyleSheet.prototype.insertRule,
			attachShadow: Element.prototype.attachShadow,
			pushState: History.prototype.pushState,
		};`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	sid := eval[status](t, b, `veil.status()`).SessionID
	before := s.Received()
	require.Positive(t, before)

	s.Answer(nil)
	st := eval[status](t, b, `veil.optOut({deleteRecorded: true})`)
	assert.Equal(t, "opted-out", st.State)
	assert.True(t, eval[bool](t, b, `
		Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set === __native.value &&
		CSSStyleSheet.prototype.insertRule === __native.insertRule &&
		Element.prototype.attachShadow === __native.attachShadow &&
		History.prototype.pushState === __native.pushState`), "page APIs restored")

	b.do(t, chromedp.SendKeys("#note", "AFTER-OPT-OUT"))
	eval[bool](t, b, `(document.getElementById("later").textContent = "after", veil.flush().then(() => true))`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/rec-next.html")) // pagehide must beacon nothing
	time.Sleep(500 * time.Millisecond)

	reqs := s.Requests()
	require.Len(t, reqs, before+1, "only the deletion after opting out")
	del := reqs[before]
	assert.Equal(t, "1", del.Query.Get("delete"))
	assert.Equal(t, sid, del.Query.Get("session"))
	assert.Equal(t, "e2e", del.Query.Get("app"))
	assert.Empty(t, del.Body)

	// Opting out is remembered for the tab.
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "opted-out"`)
}

// stop pauses within the page; start resumes with a fresh full snapshot.
func TestStopStart(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eval[bool](t, b, `(veil.stop(), true)`)
	assert.Equal(t, "stopped", eval[status](t, b, `veil.status()`).State)
	n := s.Received()
	eval[bool](t, b, `(document.getElementById("later").textContent = "while stopped", veil.flush().then(() => true))`)
	time.Sleep(300 * time.Millisecond)
	assert.Equal(t, n, s.Received(), "nothing recorded while stopped")

	assert.Equal(t, "recording", eval[status](t, b, `veil.start()`).State)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	assert.Equal(t, 2, s.countEvents(t, 2), "a fresh full snapshot after start")
	assert.Contains(t, s.All(), strings.Repeat("*", len("while stopped")), "the page as it is now")
}

// veil.init(config) without a data-config attribute.
func TestInitFromScript(t *testing.T) {
	s := newSite(t, `{"broken": `)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/rec-init.html"))
	b.waitFor(t, `window.veil && veil.status().state === "loading"`)
	time.Sleep(200 * time.Millisecond)
	assert.Equal(t, "loading", eval[status](t, b, `veil.status()`).State, "waits for init")
	st := eval[status](t, b, `veil.init({application: "e2e", endpoint: "/veil/collect", recording: {mode: "mask-all"}})`)
	assert.Equal(t, "recording", st.State)
	assert.Equal(t, "veil: init was already called",
		eval[string](t, b, `veil.init({}).then(() => "resolved", e => e.message)`))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	assert.Contains(t, s.All(), `"type":2,`)
	assert.NotContains(t, s.All(), "INIT-SECRET")
}

// countEvents counts the rrweb events of type typ the collector got.
func (s *site) countEvents(t *testing.T, typ int) int {
	t.Helper()
	n := 0
	for _, r := range s.Requests() {
		n += r.countEvents(t, typ)
	}
	return n
}
