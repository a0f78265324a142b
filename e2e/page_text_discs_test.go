//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestPageTextDiscs: page text (not a form control) that a stylesheet rule
// draws as discs — by class, nested rule, @media, a font of discs, a linked
// sheet, an ancestor's class, a pseudo-element, a shadow root's own sheet,
// :host(.x), :host-context(), a same-origin frame's sheet, a rule inserted
// into an empty <style> (CSS-in-JS) or into one with text — is masked in
// block-list and allow-list modes, at the snapshot and when it comes later:
// a class given with new text in one task, an element added with the
// class, a rule inserted (insertRule) before new text, a <style> added with
// the text it styles, an ancestor's id, a shadow root attached later, a
// constructed sheet adopted, a sibling's class (~), a rule inserted into a
// <style> added with text of its own. Text the CSS does not draw as discs
// stays recorded.
func TestPageTextDiscs(t *testing.T) {
	for _, mode := range []struct{ name, config string }{
		{"block-list", `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`},
		{"allow-list", `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["body", "body *"]}}`},
	} {
		t.Run(mode.name, func(t *testing.T) {
			s := newSite(t, mode.config)
			b := newBrowser(t)
			b.do(t, chromedp.Navigate(s.URL+"/pages/page-text-discs.html"))
			b.waitFor(t, `window.veil && veil.status().state === "recording"`)
			eventually(t, "a full snapshot at the collector", func() bool {
				return strings.Contains(s.All(), `"type":2,`)
			})
			b.waitFor(t, `document.getElementById("fr").contentDocument.readyState === "complete"`)
			require.True(t, eval[bool](t, b, `(() => {
				const $ = (id) => document.getElementById(id);
				const discs = (el) => getComputedStyle(el).webkitTextSecurity !== "none";
				const all = [];
				$("l-class").classList.add("secret"); $("l-class").firstChild.data = "LATE-CLASS-8101"; all.push($("l-class"));
				const a = document.createElement("span"); a.className = "secret"; a.textContent = "LATE-ADD-8102"; $("l-add").append(a); all.push(a);
				$("snap-class").firstChild.data = "LATE-TEXT-8103"; all.push($("snap-class"));
				$("s-late").sheet.insertRule(".later { -webkit-text-security: disc; }", 0); $("l-rule").firstChild.data = "LATE-RULE-8104"; all.push($("l-rule"));
				$("l-style").innerHTML = '<div><style>.fresh { -webkit-text-security: disc; }</style><p class="fresh">LATE-STYLE-8105</p></div>'; all.push($("l-style").querySelector("p"));
				$("l-id").id = "vault"; $("l-id-p").firstChild.data = "LATE-ID-8106"; all.push($("l-id-p"));
				const r = $("l-shadow").attachShadow({ mode: "open" });
				r.innerHTML = '<style>b { -webkit-text-security: disc; }</style><b>LATE-SHADOW-8107</b>'; all.push(r.querySelector("b"));
				const sheet = new CSSStyleSheet(); sheet.replaceSync(".adopt { -webkit-text-security: disc; }");
				document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; $("l-adopt").firstChild.data = "LATE-ADOPT-8108"; all.push($("l-adopt"));
				$("l-sib-t").classList.add("sib-on"); $("l-sib").firstChild.data = "LATE-SIB-8109"; all.push($("l-sib"));
				const ed = document.createElement("style"); ed.textContent = "@media (min-width: 1px) { .u { color: red; } }"; document.head.append(ed);
				ed.sheet.insertRule(".late-ed { -webkit-text-security: disc; }", 1);
				const pe = document.createElement("p"); pe.className = "late-ed"; pe.textContent = "LATE-EDITED-8110"; $("l-add").append(pe); all.push(pe);
				return all.every(discs);
			})()`), "every late vector draws its text as discs")
			eval[bool](t, b, `veil.flush().then(() => true)`)
			eval[bool](t, b, `(document.getElementById("clear-late").textContent = "CLEAR-LATE-9001", true)`)
			eval[bool](t, b, `veil.flush().then(() => true)`)
			eventually(t, "the last clear text at the collector", func() bool {
				return strings.Contains(s.All(), "CLEAR-LATE-9001")
			})
			require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)
			all := s.All()
			for _, secret := range []string{"SNAP-CLASS-8001", "SNAP-NEST-8002", "SNAP-MEDIA-8003", "SNAP-FONT-8004", "SNAP-LINK-8005",
				"SNAP-DESC-8006", "SNAP-SHADOW-8007", "SNAP-HOST-8008", "SNAP-PSEUDO-8009", "SNAP-FRAME-8010", "SNAP-CSSJS-8011", "SNAP-EDITED-8012", "SNAP-HOSTCTX-8013",
				"LATE-CLASS-8101", "LATE-ADD-8102", "LATE-TEXT-8103", "LATE-RULE-8104", "LATE-STYLE-8105", "LATE-ID-8106",
				"LATE-SHADOW-8107", "LATE-ADOPT-8108", "LATE-SIB-8109", "LATE-EDITED-8110"} {
				discAbsent(t, all, secret, mode.name)
			}
			discPresent(t, all, "the CSS does not draw it as discs", "CLEAR-TEXT-9000", "SHADOW-CLEAR-9002", "FRAME-CLEAR-9003",
				"PRE-CLASS-1101", "PRE-RULE-1104", "PRE-ID-1106", "PRE-ADOPT-1108", "PRE-SIB-1109")
		})
	}
}
