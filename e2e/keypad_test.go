//go:build !js

package e2e

import (
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
