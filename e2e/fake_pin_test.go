//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestFakePinBoxes: a field the person cannot see — transparent (opacity
// 0), with transparent text, or a transparent text fill — under boxes that
// show a dot per character is a hidden value, as one drawn as discs is:
// what is typed into it (or set by script) is masked although the rules
// reveal the form; a visible field's value is recorded. Also a field made
// invisible only after the snapshot.
func TestFakePinBoxes(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#f", "#f *"]}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/fake-pin.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	typeInto(t, b, "", "#g1", "GHOST-SECRET-5101")
	typeInto(t, b, "", "#g2", "INK-SECRET-5102")
	typeInto(t, b, "", "#g3", "FILL-SECRET-5103")
	require.True(t, eval[bool](t, b, `(document.getElementById("g4").className = "ghost", true)`))
	typeInto(t, b, "", "#g4", "LATER-SECRET-5104")
	typeInto(t, b, "", "#open", "TYPED-OPEN-7117")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the open field's typing at the collector", func() bool {
		return strings.Contains(s.All(), "TYPED-OPEN-7117")
	})
	all := s.All()
	for _, secret := range []string{"GHOST-SECRET-5101", "INK-SECRET-5102", "FILL-SECRET-5103", "LATER-SECRET-5104"} {
		discAbsent(t, all, secret, "fake PIN boxes")
	}
	discPresent(t, all, "a visible field", "OPEN-VALUE-3318")
}
