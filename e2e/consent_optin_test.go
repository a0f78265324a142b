//go:build !js

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Before consent nothing is sent; optIn() starts recording under "granted"
// from "optIn", and the consent holds for the tab across a reload.
func TestConsentOptInAcrossReload(t *testing.T) {
	s := newConsentSite(t, configWith(`"optIn": true`))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "waiting-for-consent")
	assertNothingMore(t, s, b, "BEFORE-CONSENT")
	require.Zero(t, s.Received())

	st := ctl(t, b, `veil.optIn()`)
	assert.Equal(t, "recording", st.State)
	assert.Equal(t, "granted", st.Consent)
	assert.Equal(t, "optIn", st.ConsentSource)
	flushed(t, b)
	require.Positive(t, s.sentBytes())
	assert.Contains(t, s.All(), `"consentSource":"optIn"`)
	assert.Equal(t, 1, s.countEvents(t, evFullSnapshot))

	b.do(t, chromedp.Reload())
	b.waitState(t, "recording")
	flushed(t, b)
	assert.Equal(t, 2, s.countEvents(t, evFullSnapshot), "the reloaded page is recorded without asking again")
	assert.Equal(t, st.SessionID, ctl(t, b, `veil.status()`).SessionID, "same session")
}

// A banner may answer before veil.js has loaded: calls queued on a plain
// array are replayed, so the first page view is recorded.
func TestConsentQueuedBeforeLoad(t *testing.T) {
	s := newConsentSite(t, configWith(`"optIn": true`))
	b := newBrowser(t)
	b.beforeLoad(t, `window.veil = ['optIn'];`)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "recording")
	flushed(t, b)
	assert.Positive(t, s.sentBytes())
	assert.Equal(t, 2, eval[int](t, b, `veil.push('stop', ['start']) `), "push takes several calls")
}

// optOut discards what was not delivered (never flushes it), removes every
// observer, sends nothing afterwards, and deleteRecorded asks the collector
// to delete the session; optIn afterwards starts a new session.
func TestConsentOptOutDiscards(t *testing.T) {
	s := newConsentSite(t, configWith(``))
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestBackoffMs = 300;`)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "recording")
	flushed(t, b)
	sid := ctl(t, b, `veil.status()`).SessionID
	delivered := s.Received()
	require.Positive(t, delivered)

	// The collector fails for a while: new batches wait in the queue.
	s.Answer(func(request) int { return 503 })
	eval[bool](t, b, `(document.getElementById("later").textContent = "QUEUED-BEFORE-OPT-OUT", veil.flush().then(() => true))`)
	failedTries := s.Received() - delivered
	require.Positive(t, failedTries, "the queued batch was tried once")
	s.Answer(nil)

	st := ctl(t, b, `veil.optOut({deleteRecorded: true})`)
	assert.Equal(t, "opted-out", st.State)
	assert.Empty(t, st.SessionID)
	afterOptOut := s.Received()
	reqs := s.Requests()
	del := reqs[len(reqs)-1]
	assert.Equal(t, "1", del.Query.Get("delete"))
	assert.Equal(t, sid, del.Query.Get("session"))

	// Retries would have come within a few backoffs: none may.
	assertNothingMore(t, s, b, "AFTER-OPT-OUT")
	b.do(t, chromedp.SendKeys("#note", "typed"))
	assert.Equal(t, afterOptOut, s.Received(), "nothing after opting out")
	assert.Equal(t, delivered+failedTries+1, afterOptOut, "only the deletion after the failed tries")

	st = ctl(t, b, `veil.optIn()`)
	assert.Equal(t, "recording", st.State)
	assert.NotEqual(t, sid, st.SessionID, "a new session after opting in again")
}

// stop() and start() pause within the page and never grant consent.
func TestConsentStopStartNeverGrants(t *testing.T) {
	s := newConsentSite(t, configWith(`"optIn": true`))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "waiting-for-consent")
	eval[bool](t, b, `(veil.stop(), true)`)
	assert.Equal(t, "waiting-for-consent", ctl(t, b, `veil.start()`).State)
	assert.Equal(t, "waiting-for-consent", ctl(t, b, `veil.start({ignoreSampling: true})`).State)
	assertNothingMore(t, s, b, "STARTED-WITHOUT-CONSENT")
	require.Zero(t, s.Received())

	// Consent during a pause: the pause holds until start().
	eval[bool](t, b, `(veil.stop(), true)`)
	assert.Equal(t, "stopped", ctl(t, b, `veil.optIn()`).State)
	assertNothingMore(t, s, b, "PAUSED")
	require.Zero(t, s.Received())
	assert.Equal(t, "recording", ctl(t, b, `veil.start()`).State)
	flushed(t, b)
	assert.Positive(t, s.Received())
}

// optOut({deleteRecorded: true}) asks a busy collector again: a deletion
// answered 503 (its client's share of the work was taken for 2 s) or 429 is
// tried again after Retry-After, three tries in all, and the promise settles
// only with the answer; a deletion still refused after them rejects with the
// status, so the page can say so.
func TestConsentOptOutDeletionRetriedWhenBusy(t *testing.T) {
	s := newConsentSite(t, configWith(``))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "recording")
	flushed(t, b)
	busy := 2
	s.Answer(func(r request) int {
		if r.Query.Get("delete") == "1" && busy > 0 {
			busy--
			return 503
		}
		return 204
	})
	got := eval[string](t, b, `veil.optOut({deleteRecorded: true}).then(() => "deleted", (e) => String(e))`)
	assert.Equal(t, "deleted", got)
	deletes := 0
	for _, r := range s.Requests() {
		if r.Query.Get("delete") == "1" {
			deletes++
		}
	}
	assert.Equal(t, 3, deletes, "two refusals, then the deletion")

	require.Equal(t, "recording", ctl(t, b, `veil.optIn()`).State)
	flushed(t, b)
	s.Answer(func(r request) int {
		if r.Query.Get("delete") == "1" {
			return 429
		}
		return 204
	})
	got = eval[string](t, b, `veil.optOut({deleteRecorded: true}).then(() => "deleted", (e) => String(e))`)
	assert.Contains(t, got, "HTTP 429 after 3 tries")
}
