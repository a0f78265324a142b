//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestPageTextDiscsUnseenRules: page text drawn as discs by rules that a
// text search of the page's CSS does not find — a property name written
// with an escape (-webkit-text-s\65 curity), an upper-case property, an
// escaped class selector, a rule edited in place through the CSSOM after
// the recorder ran (setProperty, the camel-case property, style.cssText,
// selectorText, a font of discs set in place), a <style> added later with
// an escaped property, a class that a cross-origin sheet (unreadable)
// draws as discs given later — is masked in block-list mode. (Snapshot
// text drawn so by a cross-origin sheet or by a rule edited before the
// recorder ran is not caught: discs.js says why.) Text no rule draws as discs
// stays recorded.
func TestPageTextDiscsUnseenRules(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/page-text-discs-edits.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	require.True(t, eval[bool](t, b, `[...document.querySelectorAll("p[class]:not([id])")].every((p) => getComputedStyle(p).webkitTextSecurity !== "none")`),
		"every snapshot vector draws its text as discs")
	late := []struct{ name, arm, id, secret string }{
		{"rule.style.setProperty", `r(0).style.setProperty("-webkit-text-security", "disc")`, "l-set", "LATE-SET-8301"},
		{"rule.style.webkitTextSecurity", `r(1).style.webkitTextSecurity = "circle"`, "l-camel", "LATE-CAMEL-8302"},
		{"rule.style.cssText", `r(2).style.cssText = "-webkit-text-security: square"`, "l-csstext", "LATE-CSSTEXT-8303"},
		{"rule.selectorText", `r(3).selectorText = "#l-sel"`, "l-sel", "LATE-SEL-8304"},
		{"rule font set to a font of discs", `r(4).style.fontFamily = "text-security-disc"`, "l-font", "LATE-FONT-8306"},
		{"style added with an escaped property", `const st = document.createElement("style"); st.textContent = ".late-esc { -webkit-text-s\\65 curity: disc; }"; document.head.append(st);
			const p = document.createElement("p"); p.id = "l-esc"; p.className = "late-esc"; p.textContent = "x"; document.getElementById("l-add").append(p)`, "l-esc", "LATE-ESC-8305"},
		{"cross-origin sheet's class given later", `const p = document.createElement("p"); p.id = "l-xo"; p.textContent = "x"; document.getElementById("l-add").append(p);
			p.className = "xo-late"`, "l-xo", "LATE-XORIGIN-8307"},
	}
	for _, v := range late {
		// The rule changes in one task; the text in a later one.
		require.True(t, eval[bool](t, b, `(() => { const r = (i) => document.getElementById("s-edit").sheet.cssRules[i]; `+v.arm+`;
			return getComputedStyle(document.getElementById(`+jsString(v.id)+`)).webkitTextSecurity !== "none" || /text-security/.test(getComputedStyle(document.getElementById(`+jsString(v.id)+`)).fontFamily); })()`), "armed %s", v.name)
		eval[bool](t, b, `veil.flush().then(() => true)`)
		require.True(t, eval[bool](t, b, `(document.getElementById(`+jsString(v.id)+`).firstChild.data = `+jsString(v.secret)+`, true)`))
		eval[bool](t, b, `veil.flush().then(() => true)`)
	}
	eval[bool](t, b, `(document.getElementById("clear-late").textContent = "CLEAR-LATE-9101", true)`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the last clear text at the collector", func() bool {
		return strings.Contains(s.All(), "CLEAR-LATE-9101")
	})
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)
	all := s.All()
	secrets := []struct{ name, secret string }{
		{"escaped property name", "SNAP-ESCPROP-8201"}, {"upper-case property", "SNAP-UPPER-8202"},
		{"escaped class selector", "SNAP-ESCSEL-8203"},
	}
	for _, v := range late {
		secrets = append(secrets, struct{ name, secret string }{v.name, v.secret})
	}
	leaked := 0
	for _, v := range secrets {
		t.Run(v.name, func(t *testing.T) {
			if strings.Contains(all, v.secret) {
				leaked++
			}
			discAbsent(t, all, v.secret, v.name)
		})
	}
	t.Logf("%d of %d secrets reached the collector", leaked, len(secrets))
	discPresent(t, all, "no rule draws it as discs", "CLEAR-TEXT-9100", "PRE-SET-1201", "PRE-CAMEL-1202", "PRE-CSSTEXT-1203", "PRE-SEL-1204", "PRE-FONT-1206")
}
