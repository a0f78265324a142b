//go:build !js

package e2e

import (
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKeypadWithoutRule: a PIN pad no hideInteractions rule names says the
// PIN by where it was pressed (the replay shows the keys where the page
// had them). The engine knows a keypad for what it is, in every mode: no
// click, tap or pointer position over its keys reaches the collector, while
// clicks elsewhere (a lone digit button, Continue) do.
func TestKeypadWithoutRule(t *testing.T) {
	b := newBrowser(t)
	for _, mode := range []string{"mask-all", "block-list"} {
		t.Run(mode, func(t *testing.T) {
			s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "`+mode+`"}}`)
			openRecorded(t, b, s, "/pages/keypad.html")
			b.do(t, chromedp.Click("#k8"), chromedp.Click(".pad button:nth-child(3) small"), chromedp.Click("#k0"),
				chromedp.Click("#r4"), chromedp.Click("#continue"))
			eval[bool](t, b, `veil.flush().then(() => true)`)
			last := eval[clickLog](t, b, `clickLog`)
			require.Len(t, last.Keypad, 3, "three presses on the pad")
			require.Len(t, last.Other, 2, "the rating and Continue")
			eventually(t, "the click on Continue at the collector", func() bool {
				for _, c := range clicks(t, collectedEvents(t, s)) {
					if near(c, last.Other[1]) {
						return true
					}
				}
				return false
			})
			events := collectedEvents(t, s)
			rated := false
			for _, c := range clicks(t, events) {
				rated = rated || near(c, last.Other[0])
			}
			assert.True(t, rated, "a lone digit button is no keypad: its click stays")
			over := 0
			for _, c := range append(interactions(t, events), movePositions(t, events)...) {
				for _, k := range last.Keypad {
					if near(c, k) {
						over++
					}
				}
			}
			assert.Zero(t, over, "interactions at the collector over the keypad's keys")
		})
	}
}

// TestKeypadPressByNewNodes: a key that shows its press by new nodes (its
// label swapped for a dot, or the key replaced by a pressed copy) or that is
// put back in its place names the
// key by the ids the removes and adds are sent for. None of them reaches
// the collector, in any mode, while a lone rating button's swapped label
// and a paragraph added by Continue do.
func TestKeypadPressByNewNodes(t *testing.T) {
	b := newBrowser(t)
	for _, mode := range []string{"mask-all", "block-list", "allow-list"} {
		t.Run(mode, func(t *testing.T) {
			allow := ""
			if mode == "allow-list" {
				allow = `, "allow": ["body", "body *"]`
			}
			s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "`+mode+`"`+allow+`}}`)
			openRecorded(t, b, s, "/pages/keypad-replace.html")
			for _, sel := range []string{"#k5", "#k8", "#k9", "#k0", "#r4"} {
				b.do(t, chromedp.Click(sel))
				b.waitFor(t, `window.pressed > 0`)
				eval[bool](t, b, `(pressed = 0, true)`)
			}
			b.do(t, chromedp.Click("#continue"))
			eval[bool](t, b, `veil.flush().then(() => true)`)
			eventually(t, "Continue's paragraph at the collector", func() bool {
				return mutationCounts(t, collectedEvents(t, s)).adds >= 4
			})
			got := mutationCounts(t, collectedEvents(t, s))
			// The rating's label out and back (two removes, two adds), and
			// Continue's <p> with its text (two adds).
			assert.Equal(t, mutationCount{adds: 4, removes: 2}, got, "the pad's presses sent nothing")
		})
	}
}

type mutationCount struct{ adds, removes int }

// mutationCounts counts the added and removed nodes of DOM mutations.
func mutationCounts(t *testing.T, events []rrEvent) mutationCount {
	t.Helper()
	var c mutationCount
	for _, e := range events {
		if e.Type != evIncremental {
			continue
		}
		var d struct {
			Source  int               `json:"source"`
			Adds    []json.RawMessage `json:"adds"`
			Removes []json.RawMessage `json:"removes"`
		}
		require.NoError(t, json.Unmarshal(e.Data, &d))
		if d.Source == 0 {
			c.adds += len(d.Adds)
			c.removes += len(d.Removes)
		}
	}
	return c
}
