//go:build !js

package e2e

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var sessionIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

func seqOf(t *testing.T, r request) int {
	t.Helper()
	n, err := strconv.Atoi(r.Query.Get("seq"))
	require.NoError(t, err, "seq of %v", r.Query)
	return n
}

// Every request follows the collector protocol; the session survives a
// reload of the tab and its sequence numbers go on without a gap.
func TestTransportProtocol(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/rec-transport.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `(document.getElementById("later").textContent = "more", veil.flush().then(() => true))`)
	first := eval[status](t, b, `veil.status()`)
	require.Regexp(t, sessionIDPattern, first.SessionID)

	b.do(t, chromedp.Reload())
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	assert.Equal(t, first.SessionID, eval[status](t, b, `veil.status()`).SessionID, "one session per tab")

	reqs := s.Requests()
	require.GreaterOrEqual(t, len(reqs), 3)
	var seqs []int
	for _, r := range reqs {
		assert.Equal(t, "e2e", r.Query.Get("app"))
		assert.Equal(t, first.SessionID, r.Query.Get("session"))
		assert.Equal(t, "text/plain", r.Header.Get("Content-Type"))
		assert.True(t, r.Gzip, "gzip body")
		for k := range r.Header {
			assert.False(t, strings.HasPrefix(strings.ToLower(k), "x-"), "custom header %s", k)
		}
		var events []map[string]any
		assert.NoError(t, json.Unmarshal(r.Body, &events), "a JSON array of events")
		seqs = append(seqs, seqOf(t, r))
	}
	sort.Ints(seqs)
	for i, n := range seqs {
		assert.Equal(t, i, n, "sequence numbers count from 0 without gaps or repeats: %v", seqs)
	}
	assert.NotContains(t, s.All(), "TRANSPORT-SECRET")
}

// 5xx, 429 and network errors are retried with the same (session, seq);
// nothing is lost.
func TestTransportRetries(t *testing.T) {
	var calls atomic.Int32
	s, b := recordTransportPage(t, func(r request) int {
		switch calls.Add(1) {
		case 1:
			return 503
		case 2:
			return 429
		}
		return 204
	}, `window.__veilTestBackoffMs = 50;`)
	eventually(t, "three tries of the first batch", func() bool { return calls.Load() >= 3 })
	reqs := s.Requests()
	for _, r := range reqs[:3] {
		assert.Equal(t, 0, seqOf(t, r), "a retry keeps its seq")
		assert.Equal(t, 1, r.countEvents(t, 2), "the full snapshot")
	}
	b.waitFor(t, `veil.status().sent >= 1`)
	assert.Zero(t, eval[status](t, b, `veil.status()`).Dropped)
}

// A batch the collector rejects (4xx) is not retried; it is counted and a
// fresh full snapshot follows, so that a replay can go on after the gap.
func TestTransportRejectedBatchTakesFreshSnapshot(t *testing.T) {
	s, b := recordTransportPage(t, func(r request) int {
		if r.Query.Get("seq") == "1" {
			return 400
		}
		return 204
	}, "")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eval[bool](t, b, `(document.getElementById("later").textContent = "changed", veil.flush().then(() => true))`)
	b.waitFor(t, `veil.status().dropped === 1`)
	eventually(t, "a second full snapshot", func() bool {
		n := 0
		for _, r := range s.Requests() {
			if r.Query.Get("seq") != "1" {
				n += r.countEvents(t, 2)
			}
		}
		return n >= 2
	})
	n := 0
	for _, r := range s.Requests() {
		if r.Query.Get("seq") == "1" {
			n++
		}
	}
	assert.Equal(t, 1, n, "a 4xx is never retried")
	assert.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)
}

// A collector that refuses every batch (a page too large for it, an
// application it no longer knows) does not make the recorder walk the page
// again and again: fresh snapshots slow down, and after MAX_DROP_STREAK (6)
// refusals in a row with nothing delivered recording stops with a reason.
func TestTransportRefusedEverythingStops(t *testing.T) {
	s := newSite(t, maskAll)
	s.Answer(func(request) int { return 413 })
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestDropBackoffMs = 20`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/rec-transport.html"))
	b.waitFor(t, `window.veil && veil.status().state === "failed"`)
	st := eval[status](t, b, `veil.status()`)
	assert.Contains(t, st.Reason, "refused 6 batches in a row")
	snapshots := 0
	for _, r := range s.Requests() {
		snapshots += r.countEvents(t, 2)
	}
	assert.LessOrEqual(t, snapshots, 8, "full snapshots sent to a collector refusing them all")
	got := s.Received()
	time.Sleep(300 * time.Millisecond)
	assert.Equal(t, got, s.Received(), "nothing more is sent once stopped")
}

// With the collector down, memory stays capped: the oldest masked batches
// are dropped and counted.
func TestTransportMemoryCap(t *testing.T) {
	_, b := recordTransportPage(t, func(request) int { return 503 }, `window.__veilTestMaxQueue = 1; window.__veilTestBackoffMs = 60000;`)
	for i := 0; i < 3; i++ {
		eval[bool](t, b, `(document.getElementById("later").textContent = "x"+Math.random(), veil.flush().then(() => true))`)
	}
	st := eval[status](t, b, `veil.status()`)
	assert.GreaterOrEqual(t, st.Dropped, 2, "all but the newest batch dropped")
	assert.Equal(t, "recording", st.State)
}

// At pagehide, masked batches still waiting for a retry leave as beacons
// (same session and seq); raw data not yet masked is dropped and counted,
// never sent.
func TestPagehideBeaconsMaskedAndDropsRaw(t *testing.T) {
	var up atomic.Bool
	s, b := recordTransportPage(t, func(request) int {
		if up.Load() {
			return 204
		}
		return 503
	}, `window.__veilTestBackoffMs = 60000;`)
	eventually(t, "the snapshot tried once", func() bool { return s.Received() >= 1 })
	sid := eval[status](t, b, `veil.status()`).SessionID
	up.Store(true)
	// Typed and left in the same task: never masked, so never sent.
	eval[bool](t, b, `(() => {
		const f = document.getElementById("field");
		f.value = "LAST-SECOND-SECRET-3131";
		f.dispatchEvent(new Event("input", { bubbles: true }));
		location.href = "/pages/rec-next.html";
		return true;
	})()`)
	time.Sleep(700 * time.Millisecond) // polling across the navigation loses its context
	b.waitFor(t, `location.pathname === "/pages/rec-next.html" && document.readyState === "complete"`)
	eventually(t, "the snapshot again, as a beacon", func() bool {
		n := 0
		for _, r := range s.Requests() {
			if r.Query.Get("seq") == "0" && r.Query.Get("session") == sid && r.countEvents(t, 2) == 1 {
				n++
			}
		}
		return n >= 2 // the first try (503) and the beacon
	})
	time.Sleep(300 * time.Millisecond)
	assert.NotContains(t, s.All(), "LAST-SECOND-SECRET")
	var st status
	require.NoError(t, json.Unmarshal([]byte(eval[string](t, b, `sessionStorage.getItem("rec-status-at-pagehide")`)), &st))
	if st.Dropped == 0 {
		// On a loaded machine the engine may mask the input before the
		// page is hidden: then it left masked, as a beacon.
		assert.Contains(t, s.All(), `"source":5,"text":"*****"`, "the input neither dropped nor sent masked")
	}
}

// A batch large enough to travel as a Blob (transport.js, BLOB_BYTES: 32 KiB
// as sent) arrives whole: tried (503), then, still waiting for its retry at
// pagehide, beaconed under the same seq. The beacon fits the page's 64 KiB
// keepalive quota only if the failed try gave its bytes back (its answer's
// body cancelled): before that, this batch was lost at pagehide.
func TestTransportLargeBodyBeaconed(t *testing.T) {
	var up atomic.Bool
	s, b := recordTransportPage(t, func(r request) int {
		if up.Load() || r.Wire < 32<<10 {
			return 204
		}
		return 503
	}, `window.__veilTestBackoffMs = 60000;`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	// Ids are what gzip cannot squeeze: the added rows send over 32 KiB,
	// and less than a beacon may carry (64 KiB).
	eval[bool](t, b, `(() => {
		let h = "";
		for (let i = 0; i < 2500; i++) h += "<p>row <b>LARGE-BODY-" + i + "</b></p>";
		document.getElementById("later").innerHTML = h;
		return veil.flush().then(() => true);
	})()`)
	large := func() []request {
		var out []request
		for _, r := range s.Requests() {
			if r.Wire >= 32<<10 {
				out = append(out, r)
			}
		}
		return out
	}
	require.Len(t, large(), 1, "the large batch tried once")
	up.Store(true)
	b.do(t, chromedp.Navigate(s.URL+"/pages/rec-next.html"))
	eventually(t, "the large batch beaconed", func() bool { return len(large()) >= 2 })
	tries := large()
	for _, r := range tries {
		assert.True(t, r.Gzip, "gzip body")
		assert.Equal(t, tries[0].Query.Get("seq"), r.Query.Get("seq"), "the beacon keeps the batch's seq")
		assert.Equal(t, tries[0].Body, r.Body, "the same batch")
		var events []map[string]any
		assert.NoError(t, json.Unmarshal(r.Body, &events), "a JSON array of events")
	}
	assert.Contains(t, string(tries[0].Body), `"adds"`)
	assert.NotContains(t, s.All(), "LARGE-BODY")
}

// recordTransportPage opens the transport page, recording in mask-all mode
// against a collector that answers as answer says, with script (test
// switches) run before the page's own, and waits until it records.
func recordTransportPage(t *testing.T, answer func(request) int, script string) (*site, *browser) {
	t.Helper()
	s := newSite(t, maskAll)
	s.Answer(answer)
	b := newBrowser(t)
	if script != "" {
		b.beforeLoad(t, script)
	}
	b.do(t, chromedp.Navigate(s.URL+"/pages/rec-transport.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	return s, b
}

// countEvents counts the rrweb events of type typ in the request's body.
func (r request) countEvents(t *testing.T, typ int) int {
	t.Helper()
	var events []struct {
		Type int `json:"type"`
	}
	require.NoError(t, json.Unmarshal(r.Body, &events))
	n := 0
	for _, e := range events {
		if e.Type == typ {
			n++
		}
	}
	return n
}
