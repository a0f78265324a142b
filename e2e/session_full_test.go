//go:build !js

package e2e

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A collector that takes no more of a session (it holds what one replay
// can) answers 413 with Veil-Session-Full: the recorder goes on in a new
// session from a fresh full snapshot, instead of sending snapshots the
// collector refuses until it gives up.
func TestSessionFullRollsOver(t *testing.T) {
	s := newConsentSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	var mu sync.Mutex
	first := ""
	s.Answer(func(r request) int {
		mu.Lock()
		defer mu.Unlock()
		id := r.Query.Get("session")
		if first == "" {
			first = id
		}
		if id == first && r.Query.Get("seq") != "0" {
			return statusSessionFull
		}
		return 204
	})
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "recording")
	addText(t, b, "IN-THE-FULL-SESSION")
	flushed(t, b)
	mu.Lock()
	was := first
	mu.Unlock()
	require.NotEmpty(t, was)
	b.waitFor(t, `veil.status().state === "recording" && veil.status().sessionId !== "" && veil.status().sessionId !== `+jsString(was))
	addText(t, b, "IN-THE-NEW-SESSION")
	flushed(t, b)

	var newSession []request
	for _, r := range s.Requests() {
		if id := r.Query.Get("session"); id != was {
			newSession = append(newSession, r)
		}
	}
	require.NotEmpty(t, newSession, "batches of a new session")
	// Batches travel concurrently, so the collector may take seq 1 (a small
	// mutation batch) before seq 0 (the snapshot): order them by seq, as
	// the collector does.
	slices.SortFunc(newSession, func(a, b request) int {
		return cmp.Compare(seqOf(t, a), seqOf(t, b))
	})
	for i, r := range newSession {
		assert.Equal(t, i, seqOf(t, r), "the new session's batches are numbered from 0 without a gap")
	}
	assert.Contains(t, string(newSession[0].Body), `"type":2`, "with a full snapshot")
	var all strings.Builder
	for _, r := range newSession {
		all.Write(r.Body)
	}
	assert.Contains(t, all.String(), "IN-THE-NEW-SESSION")
	assert.Equal(t, 1, countDistinctSessions(s)-1, "one new session, not one per refusal")
}

func countDistinctSessions(s *site) int {
	seen := map[string]bool{}
	for _, r := range s.Requests() {
		seen[r.Query.Get("session")] = true
	}
	return len(seen)
}

// A collector that says "full" to a session's very first batch (a
// snapshot larger than a session may store) would say it to every new
// session too: that is a refusal like any other, and the recorder stops
// after MAX_DROP_STREAK of them instead of starting sessions without end.
func TestSessionFullAtOnceStops(t *testing.T) {
	s := newSite(t, maskAll)
	s.Answer(func(request) int { return statusSessionFull })
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestDropBackoffMs = 20`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/rec-transport.html"))
	b.waitFor(t, `window.veil && veil.status().state === "failed"`)
	assert.Equal(t, 1, countDistinctSessions(s), "no new session for a collector that takes none")
}
