//go:build !js

package e2e

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const errorOnlyConfig = `"errorOnly": {"enabled": true, "windowSeconds": 1}`

// Error-only mode sends nothing until an uncaught error or an unhandled
// rejection; then the buffer (the last window, starting with a full
// snapshot) arrives with a veil-error event, its name kept and its message masked, and
// the session is recorded normally from then on, also after a reload.
func TestConsentErrorOnly(t *testing.T) {
	for _, tc := range []struct {
		name, trigger, message string
	}{
		{"uncaught error", `setTimeout(() => { throw new Error("CARD-4111-SECRET"); })`, "CARD-4111-SECRET"},
		{"unhandled rejection", `Promise.reject(new Error("REJECT-4111-SECRET"))`, "REJECT-4111-SECRET"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newConsentSite(t, configWith(errorOnlyConfig))
			b := newBrowser(t)
			b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
			b.waitState(t, "error-only-buffering")
			// Several windows pass: the buffer is trimmed to the last ones.
			for i := range 4 {
				addText(t, b, "buffered "+strings.Repeat("x", i+1))
				time.Sleep(600 * time.Millisecond)
			}
			assertNothingMore(t, s, b, "STILL-BUFFERING")
			require.Zero(t, s.Received())
			assert.Positive(t, ctl(t, b, `veil.status()`).Buffered, "the buffer holds masked batches")

			eval[bool](t, b, `(`+tc.trigger+`, true)`)
			b.waitState(t, "recording")
			flushed(t, b)
			require.Positive(t, s.Received())
			events := eventsInSeqOrder(t, s)
			require.NotEmpty(t, events)
			assert.Equal(t, 4, events[0].Type, "the buffer starts with a Meta")
			assert.Equal(t, evFullSnapshot, events[1].Type, "and a full snapshot")

			errs := pageErrorEvents(t, s)
			require.Len(t, errs, 1)
			assert.Equal(t, "Error", errs[0].Name, "the error's name is kept")
			require.NotNil(t, errs[0].Message)
			msg := *errs[0].Message
			assert.Regexp(t, regexp.MustCompile(`^[* ]+$`), msg, "masked like text")
			assert.Equal(t, len(tc.message), len(msg))
			assertAbsent(t, s, "SECRET")

			// The buffer covered the last windows, not the whole visit: at
			// 1 s windows it spans at most about two.
			var errAt int64
			for _, e := range events {
				if e.Type == 5 {
					errAt = e.Timestamp
				}
			}
			assert.GreaterOrEqual(t, events[0].Timestamp, errAt-2500, "old segments were trimmed")

			// Recording goes on.
			n := s.Received()
			addText(t, b, "after the error")
			flushed(t, b)
			assert.Greater(t, s.Received(), n)

			b.do(t, chromedp.Reload())
			b.waitState(t, "recording")
		})
	}
}

// A page without errors sends nothing, also at pagehide.
func TestConsentErrorOnlyQuiet(t *testing.T) {
	s := newConsentSite(t, configWith(errorOnlyConfig))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "error-only-buffering")
	assertNothingMore(t, s, b, "QUIET")
	b.do(t, chromedp.Navigate(s.URL+"/consent/basic.html"))
	b.waitState(t, "error-only-buffering")
	sleepy()
	assert.Zero(t, s.Received())
}

// eventsInSeqOrder decodes the collector's bodies in the order of their seq
// parameter: batches travel in parallel and may arrive in any order.
func eventsInSeqOrder(t *testing.T, s *site) []rrEvent {
	t.Helper()
	reqs := s.Requests()
	slices.SortFunc(reqs, func(a, b request) int {
		x, _ := strconv.Atoi(a.Query.Get("seq"))
		y, _ := strconv.Atoi(b.Query.Get("seq"))
		return x - y
	})
	var all []rrEvent
	seen := map[string]bool{} // a retried batch arrives twice with its session and seq
	for _, r := range reqs {
		key := r.Query.Get("session") + "/" + r.Query.Get("seq")
		if seen[key] {
			continue
		}
		seen[key] = true
		var batch []rrEvent
		require.NoError(t, json.Unmarshal(r.Body, &batch), "seq %s", r.Query.Get("seq"))
		all = append(all, batch...)
	}
	return all
}
