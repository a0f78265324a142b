//go:build !js

package e2e

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	v4Page    = "/attack4/live.html"
	srcScroll = 3 // rrweb's IncrementalSource.Scroll
	// wheelScrollTop is where the page scrolls a list inside the
	// hideInteractions keypad (a PIN wheel): the position is the choice.
	wheelScrollTop = 37
)

// v4Modes are the three recording modes privacy round 4 attacks, each with
// the same blocked area and hideInteractions keypad; allow-list allows the
// whole body, so that only what is never page text stays masked there.
var v4Modes = []struct{ name, config string }{
	{"mask-all", `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "mask-all",
		"block": [".blocked"], "hideInteractions": ["#keys"]}}`},
	{"allow-list", `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list",
		"allow": ["body"], "block": [".blocked"], "hideInteractions": ["#keys"]}}`},
	{"block-list", `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list",
		"block": [".blocked"], "hideInteractions": ["#keys"]}}`},
}

// Privacy round 4 through the real recorder: live DOM state that is not in
// the markup (values, choices, editing hosts the markup does not name,
// shadow roots, written frames, errors, URLs, CSSOM), driven in Chromium in
// each mode. No secret may reach the collector; public text and the
// navigation must (the replay still shows the page).
func TestV4Attack(t *testing.T) {
	b := newBrowser(t)
	for _, mode := range v4Modes {
		s := newSite(t, mode.config)
		s.Handle("/attack4/", http.StripPrefix("/attack4/", http.FileServer(http.Dir("testdata/attack4"))))
		b.do(t, chromedp.Navigate(s.URL+v4Page+"?session=AV-URLQ-64#AV-URLF-65"))
		b.waitFor(t, `window.veil && veil.status().state === "recording"`)
		eventually(t, "a full snapshot at the collector", func() bool { return strings.Contains(s.All(), `"type":2,`) })
		for _, v := range v4Vectors {
			if v.script != "" {
				require.True(t, eval[bool](t, b, v.script), "%s/%s: the page did not take the vector", mode.name, v.name)
			}
			if v.act != nil {
				v.act(t, b)
			}
		}
		time.Sleep(150 * time.Millisecond)
		b.do(t, chromedp.Click("#done"))
		eval[bool](t, b, `veil.flush().then(() => true)`)
		last := eval[clickLog](t, b, `({keypad: clickLog.keys, other: clickLog.other})`)
		require.Len(t, last.Keypad, 4, "three clicks (one in a shadow root) and a tap on the keypad")
		require.NotEmpty(t, last.Other, "the click on Done")
		eventually(t, "the click on Done at the collector", func() bool {
			for _, c := range clicks(t, collectedEvents(t, s)) {
				if near(c, last.Other[len(last.Other)-1]) {
					return true
				}
			}
			return false
		})
		st := eval[status](t, b, `veil.status()`)
		require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
		all := strings.ToLower(s.All())
		events := collectedEvents(t, s)

		for _, v := range v4Vectors {
			t.Run(v.name+"/"+mode.name, func(t *testing.T) {
				if v.maskedIn != nil && !slices.Contains(v.maskedIn, mode.name) {
					// Recorded by design in this mode: the replay must show it.
					for _, secret := range v.secrets {
						assert.Contains(t, all, strings.ToLower(secret), "%s records this text", mode.name)
					}
					return
				}
				for _, secret := range v.secrets {
					absent(t, all, strings.ToLower(secret), "secret leaked")
				}
				if v.name == "hide-interactions" {
					for _, c := range append(interactions(t, events), movePositions(t, events)...) {
						for _, k := range last.Keypad {
							assert.False(t, near(c, k), "an interaction over the hideInteractions keypad at %v,%v", c.X, c.Y)
						}
					}
					for _, e := range events {
						var d incremental
						if e.Type == evIncremental && json.Unmarshal(e.Data, &d) == nil && d.Source == srcScroll {
							assert.NotEqual(t, float64(wheelScrollTop), d.Y, "the scroll position inside the hideInteractions area was recorded")
						}
					}
				}
			})
		}
		t.Run("url/"+mode.name, func(t *testing.T) {
			absent(t, all, "av-urlq-64", "secret leaked")
			absent(t, all, "av-urlf-65", "secret leaked")
			assert.Contains(t, all, "/v4/next", "the pushState navigation is not in the recording")
		})
		t.Run("fidelity/"+mode.name, func(t *testing.T) {
			if mode.name == "mask-all" {
				absent(t, all, "public-v4-text", "public text that mask-all masks")
				assert.Contains(t, all, strings.Repeat("*", len("PUBLIC-V4-TEXT")))
			} else {
				assert.Contains(t, all, "public-v4-text")
			}
			assert.Contains(t, all, `"*****"`, "masked input values")
		})
	}
}
