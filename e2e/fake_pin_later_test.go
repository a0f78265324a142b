//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestFakePinHiddenLater: a focused field, visible while the first
// characters are typed, is moved off the page between two keystrokes by
// what changes no style the recorder reads at every keystroke (sight.js
// reads the boxes again only after something that may move them): a class
// added (a mutation), a rule inserted (insertRule), in the same task as
// both keystrokes; a rule edited in place (which the recorder cannot see),
// with a pause before the next keystroke. What is typed after is masked;
// what was typed before, and a field that stays in sight, keep their text.
func TestFakePinHiddenLater(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#f", "#f *"]}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/fake-pin-later.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	// Both keystrokes and the change between them in one task.
	for _, c := range []struct{ id, change string }{
		{"l-class", `document.getElementById("w-class").className = "far"`},
		{"l-rule", `document.styleSheets[0].insertRule("#w-rule { margin-left: -10000px }", 0)`},
		{"l-open", `document.getElementById("l-open").title = "still here"`},
	} {
		require.True(t, eval[bool](t, b, `(() => {
			const e = document.getElementById(`+jsString(c.id)+`); e.focus();
			document.execCommand("insertText", false, "BEFORE-`+c.id+`-");
			`+c.change+`;
			document.execCommand("insertText", false, "AFTER-`+c.id+`");
			return e.value === "BEFORE-`+c.id+`-AFTER-`+c.id+`";
		})()`), "typed into #%s", c.id)
	}
	require.True(t, eval[bool](t, b, `(async () => {
		const e = document.getElementById("l-edit"); e.focus();
		document.execCommand("insertText", false, "BEFORE-l-edit-");
		const rule = [...document.styleSheets[0].cssRules].find((r) => r.selectorText === "#w-edit");
		rule.style.marginLeft = "-10000px";
		await new Promise((r) => setTimeout(r, 400));
		document.execCommand("insertText", false, "AFTER-l-edit");
		return e.value === "BEFORE-l-edit-AFTER-l-edit";
	})()`), "typed into #l-edit")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the open field's typing at the collector", func() bool {
		return strings.Contains(s.All(), "AFTER-l-open")
	})
	all := s.All()
	for _, id := range []string{"l-class", "l-rule", "l-edit"} {
		discAbsent(t, all, "AFTER-"+id, "#"+id+" moved off the page while typed into")
		discPresent(t, all, "typed while in sight", "BEFORE-"+id)
	}
	discPresent(t, all, "a field that stays in sight", "BEFORE-l-open-AFTER-l-open")
}
