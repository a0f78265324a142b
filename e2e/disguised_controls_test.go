//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// revealForm reveals the form's controls: what the recorder must still
// mask there is a control the page draws as discs.
const revealForm = `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#pay", "#pay *"]}}`

// TestDisguisedControlsMasked: a control a stylesheet draws as discs
// (-webkit-text-security, or a font of discs) is a password field to the person typing, and one
// a <label for> elsewhere names "Card verification" (or aria-labelledby
// "One-time code") is a card's (a code's); their
// values are masked even where an allow rule reveals the form — in the
// snapshot, as typed, from the moment a class added later makes one or a
// label filled in later names one, and for a control added later. Class names and ids are chosen that name no
// floor field (rules/floor_names.go).
func TestDisguisedControlsMasked(t *testing.T) {
	s := newSite(t, revealForm)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/disguised-controls.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	b.do(t, chromedp.SendKeys("#styled", "TYPED-DISC-3318"))
	eval[bool](t, b, `(() => {
		document.getElementById("later").classList.add("dots");
		const i = document.createElement("input");
		i.id = "added";
		i.value = "ADDED-SECRET-8841";
		document.getElementById("pay").appendChild(i);
		document.getElementById("relabel-text").textContent = "Security code"; // a translation, late
		return true;
	})()`)
	b.do(t, chromedp.SendKeys("#relabel", "TYPED-RELABEL-7719"))
	b.do(t, chromedp.SendKeys("#later", "TYPED-LATER-9025"))
	b.do(t, chromedp.SendKeys("#open", "TYPED-OPEN-5560"))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the open field's typing at the collector", func() bool {
		return strings.Contains(s.All(), "TYPED-OPEN-5560")
	})

	st := eval[status](t, b, `veil.status()`)
	require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	all := s.All()
	for _, secret := range []string{"DISC-SECRET-7392", "DISC-SECRET-6604", "TYPED-DISC-3318", "TYPED-LATER-9025", "LABEL-SECRET-5013", "ADDED-SECRET-8841", "REF-SECRET-6290", "FONT-SECRET-3926", "TYPED-RELABEL-7719"} {
		assert.NotContains(t, all, secret)
	}
	// The rules do reveal the form: the open field and the one whose
	// discs a later rule turns off are recorded as typed.
	assert.Contains(t, all, "OPEN-VALUE-1180")
	assert.Contains(t, all, "LATER-VALUE-2051", "shown in clear before the class came")
	assert.Contains(t, all, "RELABEL-VALUE-4402", "shown in clear before its label said what it is")
	assert.Contains(t, all, "SHOWN-VALUE-4417")
	assert.Contains(t, all, "NICK-VALUE-7730")
	assert.NotContains(t, all, "data-veil-label", "the labels' text is never recorded")
	assert.Contains(t, all, `"data-veil-mask":""`)
}
