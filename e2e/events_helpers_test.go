//go:build !js

package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// rrEvent is one rrweb event as the collector received it.
type rrEvent struct {
	Type      int             `json:"type"`
	Timestamp int64           `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// incremental is the part of an IncrementalSnapshot's data the tests read.
type incremental struct {
	Source int     `json:"source"`
	Type   int     `json:"type"`
	ID     int     `json:"id"`
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
}

// rrweb's numbering.
const (
	evFullSnapshot = 2
	evIncremental  = 3
	srcMouseMove   = 1
	srcMouseInter  = 2
	srcTouchMove   = 6
	mouseClick     = 2
)

// collectedEvents decodes every body the collector got; each is a JSON array
// of events. A body that is not one fails the test: the collector must only
// ever get well-formed, masked events.
func collectedEvents(t *testing.T, s *site) []rrEvent {
	t.Helper()
	var all []rrEvent
	for i, body := range s.Bodies() {
		var batch []rrEvent
		require.NoError(t, json.Unmarshal(body, &batch), "body %d: %.200s", i, body)
		all = append(all, batch...)
	}
	return all
}

// interactions returns the MouseInteraction events (clicks, presses,
// focus, touches) among events.
func interactions(t *testing.T, events []rrEvent) []incremental {
	t.Helper()
	var out []incremental
	for _, e := range events {
		if e.Type != evIncremental {
			continue
		}
		var d incremental
		require.NoError(t, json.Unmarshal(e.Data, &d))
		if d.Source == srcMouseInter {
			out = append(out, d)
		}
	}
	return out
}

// movePositions returns every pointer position of MouseMove and TouchMove
// events.
func movePositions(t *testing.T, events []rrEvent) []incremental {
	t.Helper()
	var out []incremental
	for _, e := range events {
		if e.Type != evIncremental {
			continue
		}
		var d struct {
			Source    int           `json:"source"`
			Positions []incremental `json:"positions"`
		}
		require.NoError(t, json.Unmarshal(e.Data, &d))
		if d.Source == srcMouseMove || d.Source == srcTouchMove {
			out = append(out, d.Positions...)
		}
	}
	return out
}

// clicks returns the MouseInteraction clicks among events.
func clicks(t *testing.T, events []rrEvent) []incremental {
	t.Helper()
	var out []incremental
	for _, d := range interactions(t, events) {
		if d.Type == mouseClick {
			out = append(out, d)
		}
	}
	return out
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// openRecorded opens path of site s in b and waits until the recorder is
// recording and its first full snapshot has reached the collector.
func openRecorded(t *testing.T, b *browser, s *site, path string) {
	t.Helper()
	b.do(t, chromedp.Navigate(s.URL+path))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool { return strings.Contains(s.All(), `"type":2,`) })
}
