//go:build !js

package e2e

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// discVector is one way a page makes a text field drawn as discs after the
// recorder wrote it: arm runs in the page (its last expression must be
// true), then the test types secret into the field (sel, in the shadow
// root of host when host is set).
type discVector struct {
	name, arm, host, sel, secret string
}

// runDiscVectors loads page in allow-list mode (the whole form revealed),
// waits for the snapshot, then arms and types each vector in turn: one at
// a time, so that a check one vector sets off does not mark the fields of
// the vectors after it. It returns everything the collector received.
func runDiscVectors(t *testing.T, page string, vectors []discVector, before func(b *browser)) string {
	t.Helper()
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#f", "#f *", "#a-host", "#a-shpush", "#fi"]}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/"+page))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	if before != nil {
		before(b)
	}
	for _, v := range vectors {
		if v.arm != "" {
			require.True(t, eval[bool](t, b, `(() => {`+v.arm+`})()`), "armed %s", v.name)
		}
		eval[bool](t, b, `veil.flush().then(() => true)`)
		if v.secret != "" {
			typeInto(t, b, v.host, v.sel, v.secret)
		}
	}
	typeInto(t, b, "", "#open", "TYPED-OPEN-7117")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the open field's typing at the collector", func() bool {
		return strings.Contains(s.All(), "TYPED-OPEN-7117")
	})
	st := eval[status](t, b, `veil.status()`)
	require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	if f := os.Getenv("VEIL_DISC_DUMP"); f != "" {
		_ = os.WriteFile(f, []byte(s.All()), 0o644)
	}
	return s.All()
}

// discsNow is JS that is true when the field sel (in document) is drawn as
// discs now.
func discsNow(sel string) string {
	return `const cs = getComputedStyle(document.querySelector(` + jsString(sel) + `));
		return cs.webkitTextSecurity !== "none";`
}

// TestLateDiscsByAncestor: a class, inline style, style attribute, data
// attribute or id given later to an element above a text field (or to a
// sibling a rule names) makes the page's CSS draw that field as discs; so
// does a class on the shadow host of a field (:host(.x)). What is typed
// afterwards is masked although the rules reveal the form; what was
// typed before stays as it was recorded.
func TestLateDiscsByAncestor(t *testing.T) {
	vectors := []discVector{
		{"ancestor class", `document.getElementById("w-class").classList.add("secure");` + discsNow("#a-class"), "", "#a-class", "TYPED-CLASS-2001"},
		{"ancestor inline style (CSSOM)", `document.getElementById("w-style").style.webkitTextSecurity = "disc";` + discsNow("#a-style"), "", "#a-style", "TYPED-STYLE-2002"},
		{"ancestor style attribute", `document.getElementById("w-styleattr").setAttribute("style", "-webkit-text-security: circle");` + discsNow("#a-styleattr"), "", "#a-styleattr", "TYPED-STYLEATTR-2003"},
		{"ancestor data attribute", `document.getElementById("w-attr").dataset.state = "locked";` + discsNow("#a-attr"), "", "#a-attr", "TYPED-ATTR-2004"},
		{"ancestor id", `document.getElementById("w-id").id = "vault";` + discsNow("#a-id"), "", "#a-id", "TYPED-ID-2005"},
		{"shadow host class", `const h = document.getElementById("w-host"); h.classList.add("secure");
			return getComputedStyle(h.shadowRoot.querySelector("#a-host")).webkitTextSecurity === "disc";`, "#w-host", "#a-host", "TYPED-HOST-2006"},
		// (not "REV-…": "Rev" is an honorific, and the detectors mask the word after it)
		{"reverse: typed before", "", "", "#a-rev", "TYPED-RVS-BEFORE-2007"},
		{"reverse: typed after", `document.getElementById("w-rev").classList.add("secure");` + discsNow("#a-rev"), "", "#a-rev", "TYPED-RVS-AFTER-2007"},
		{"sibling class", `document.getElementById("t-sib").classList.add("on");` + discsNow("#a-sib"), "", "#a-sib", "TYPED-SIB-2008"},
	}
	all := runDiscVectors(t, "late-disc-vectors.html", vectors, nil)
	for _, v := range vectors {
		if v.name == "reverse: typed before" {
			discPresent(t, all, "typed before the discs: recorded as the rules say", v.secret)
			continue
		}
		discAbsent(t, all, v.secret, v.name)
	}
	discPresent(t, all, "shown in clear before the discs came", "PRE-CLASS-1001", "PRE-STYLE-1002", "PRE-ATTR-1004", "PRE-ID-1005", "PRE-HOST-1006", "PRE-SIB-1008")
}

// discAbsent fails when secret reached the collector, naming the vector
// (without dumping everything the collector received).
func discAbsent(t *testing.T, all, secret, vector string) {
	t.Helper()
	if i := strings.Index(all, secret); i >= 0 {
		lo := max(0, i-600)
		t.Errorf("%s: %s reached the collector: …%s…", vector, secret, all[lo:min(len(all), i+len(secret)+40)])
	}
}

// discPresent fails when one of values is not at the collector.
func discPresent(t *testing.T, all, why string, values ...string) {
	t.Helper()
	for _, v := range values {
		if !strings.Contains(all, v) {
			t.Errorf("%s missing at the collector (%s)", v, why)
		}
	}
}

// TestLateDiscsByCSSOM: a stylesheet edited through the CSSOM without any
// DOM change — a property set on an existing rule (setProperty, the camel
// case property, cssText), a rule's selector changed, a sheet made before
// the recorder ran pushed onto document's or a shadow root's
// adoptedStyleSheets (an array mutation, not an assignment), a rule
// inserted into an adopted sheet, a sheet's media changed or a disabled
// sheet enabled — or a rule that starts to apply with no change to the
// field (:has() on a checkbox's state, :focus, a container query) draws a
// field as discs: what is typed afterwards is masked.
func TestLateDiscsByCSSOM(t *testing.T) {
	rule := func(i int) string {
		return `document.getElementById("s-edit").sheet.cssRules[` + string(rune('0'+i)) + `]`
	}
	vectors := []discVector{
		{"rule.style.setProperty", rule(0) + `.style.setProperty("-webkit-text-security", "disc");` + discsNow("#a-setprop"), "", "#a-setprop", "TYPED-SETPROP-3009"},
		{"rule.style.webkitTextSecurity", rule(1) + `.style.webkitTextSecurity = "square";` + discsNow("#a-prop"), "", "#a-prop", "TYPED-PROP-3010"},
		{"rule.style.cssText", rule(2) + `.style.cssText = "-webkit-text-security: circle";` + discsNow("#a-csstext"), "", "#a-csstext", "TYPED-CSSTEXT-3011"},
		{"rule.selectorText", rule(3) + `.selectorText = "#a-selector";` + discsNow("#a-selector"), "", "#a-selector", "TYPED-SELECTOR-3012"},
		{"document.adoptedStyleSheets.push", `document.adoptedStyleSheets.push(window.early);` + discsNow("#a-push"), "", "#a-push", "TYPED-PUSH-3013"},
		{"insertRule into an adopted sheet", `window.adopted.insertRule("#a-adins { -webkit-text-security: disc; }", 0);` + discsNow("#a-adins"), "", "#a-adins", "TYPED-ADINS-3014"},
		{"shadowRoot.adoptedStyleSheets.push", `const h = document.getElementById("w-shpush"); h.shadowRoot.adoptedStyleSheets.push(window.earlyShadow);
			return getComputedStyle(h.shadowRoot.querySelector("#a-shpush")).webkitTextSecurity === "disc";`, "#w-shpush", "#a-shpush", "TYPED-SHPUSH-3015"},
		{"sheet.media.mediaText", `document.getElementById("s-media").sheet.media.mediaText = "all";` + discsNow("#a-media"), "", "#a-media", "TYPED-MEDIA-3016"},
		{"sheet.disabled = false", `document.getElementById("s-off").sheet.disabled = false;` + discsNow("#a-off"), "", "#a-off", "TYPED-OFF-3017"},
		{":has() on a checkbox's state", `document.getElementById("c-has").checked = true;` + discsNow("#a-has"), "", "#a-has", "TYPED-HAS-3018"},
		{":focus", `document.getElementById("a-focus").focus();` + discsNow("#a-focus"), "", "#a-focus", "TYPED-FOCUS-3019"},
		{"container query", `document.getElementById("w-cq").style.width = "400px";` + discsNow("#a-cq"), "", "#a-cq", "TYPED-CQ-3020"},
	}
	// A headless page has no focus of its own: :focus matches once it is emulated.
	focus := func(b *browser) {
		b.do(t, func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
			return chromedp.Void{}, err
		})
	}
	all := runDiscVectors(t, "late-disc-vectors.html", vectors, focus)
	for _, v := range vectors {
		discAbsent(t, all, v.secret, v.name)
	}
	discPresent(t, all, "shown in clear before the discs came", "PRE-SETPROP-1009", "PRE-SELECTOR-1012", "PRE-PUSH-1013",
		"PRE-SHPUSH-1015", "PRE-MEDIA-1016", "PRE-OFF-1017", "PRE-HAS-1018", "PRE-FOCUS-1019", "PRE-CQ-1020")
}

// TestLateDiscsMoreWays: values that reach a field drawn as discs by ways
// other than typing (a value set by script — also for several fields in a
// loop that restyles each, whose values the recorder writes at the end of
// the task —, a textarea's text, a value attribute), a contenteditable
// drawn as discs, a field moved into a container that draws discs, a font
// of discs named otherwise than the text-security fonts (dotsfont), a
// same-origin iframe added later; and a value set by script while a field
// is a password field for a moment stays masked.
func TestLateDiscsMoreWays(t *testing.T) {
	secure := func(id string) string { return `document.getElementById("` + id + `").classList.add("secure");` }
	vectors := []discVector{
		{"value set by script", secure("w-script") + `document.getElementById("a-script").value = "SCRIPT-SECRET-4021"; return true;`, "", "", ""},
		{"textarea text set by script", secure("w-ta") + `document.getElementById("a-ta").textContent = "TA-TEXT-SECRET-4022"; return true;`, "", "#a-ta", "TYPED-TA-4022"},
		{"value attribute", secure("w-valattr") + `document.getElementById("a-valattr").setAttribute("value", "VALATTR-SECRET-4023"); return true;`, "", "", ""},
		{"field moved into a disc container", `document.getElementById("w-move").appendChild(document.getElementById("a-move"));` + discsNow("#a-move"), "", "#a-move", "TYPED-MOVE-4025"},
		{"font of discs (dotsfont)", `document.getElementById("w-font").classList.add("dotty"); return true;`, "", "#a-font", "TYPED-FONT-4026"},
		{"contenteditable drawn as discs", secure("w-ce") + discsNow("#a-ce"), "", "", ""},
		{"contenteditable drawn as discs: typed", `const e = document.getElementById("a-ce"); e.focus();
			document.execCommand("insertText", false, "TYPED-CE-4024"); return e.textContent.includes("TYPED-CE-4024");`, "", "", ""},
		{"type switched to password and back around a value set by script", `const i = document.getElementById("a-toggle");
			i.type = "password"; i.value = "TOGGLE-SECRET-4028"; i.type = "text"; return true;`, "", "", ""},
		{"values set by script, each field restyled as they are set", secure("w-fill") + `let k = 0;
			for (const e of document.querySelectorAll("#w-fill .fill")) { e.value = "FILL-SECRET-" + k++; e.classList.toggle("done"); }
			return true;`, "", "", ""},
		{"contenteditable drawn as discs, filled by script", secure("w-ce2") + `document.getElementById("a-ce2").textContent = "CE-SCRIPT-SECRET-4030";
			document.getElementById("a-ce3").firstChild.data = "CE-DATA-SECRET-4031";` + discsNow("#a-ce2"), "", "", ""},
		// Loaded before the next vector draws its field as discs: what it
		// showed in clear before that is recorded (the recorder writes a
		// frame's document at its load).
		{"same-origin iframe added later", `const fr = document.createElement("iframe"); fr.id = "fr";
			fr.src = "late-disc-frame.html";
			const loaded = new Promise((resolve) => fr.addEventListener("load", () => resolve(true)));
			document.getElementById("f").appendChild(fr); return loaded;`, "", "", ""},
		{"same-origin iframe: ancestor class", `const d = document.getElementById("fr").contentDocument;
			if (!d.getElementById("fw")) return false;
			d.getElementById("fw").classList.add("secure");
			const e = d.getElementById("fi"); e.focus(); d.execCommand("insertText", false, "TYPED-FRAME-4027");
			return e.value.includes("TYPED-FRAME-4027");`, "", "", ""},
	}
	all := runDiscVectors(t, "late-disc-vectors.html", vectors, nil)
	for _, v := range vectors {
		if v.secret != "" {
			discAbsent(t, all, v.secret, v.name)
		}
	}
	discAbsent(t, all, "SCRIPT-SECRET-4021", "value set by script")
	discAbsent(t, all, "TA-TEXT-SECRET-4022", "textarea text set by script")
	discAbsent(t, all, "VALATTR-SECRET-4023", "value attribute")
	discAbsent(t, all, "TYPED-CE-4024", "contenteditable drawn as discs")
	discAbsent(t, all, "CE-SCRIPT-SECRET-4030", "contenteditable drawn as discs, filled by script")
	discAbsent(t, all, "CE-DATA-SECRET-4031", "contenteditable drawn as discs, its text changed by script")
	discAbsent(t, all, "TOGGLE-SECRET-4028", "type switched to password and back around a value set by script")
	for _, k := range []string{"0", "1", "2"} {
		discAbsent(t, all, "FILL-SECRET-"+k, "values set by script, each field restyled as they are set")
	}
	discAbsent(t, all, "TYPED-FRAME-4027", "same-origin iframe: ancestor class")
	discPresent(t, all, "shown in clear before the discs came", "PRE-SCRIPT-1021", "PRE-TA-1022", "PRE-VALATTR-1023", "PRE-CE-1024",
		"PRE-MOVE-1025", "PRE-FONT-1026", "PRE-FRAME-1027", "PRE-TOGGLE-1028", "PRE-FILL-1029", "PRE-CE2-1030", "PRE-CE3-1031")
}

// TestLateDiscsStickyAfterFreshSnapshot: "was drawn as discs" is sticky as
// "was a password" is. What is typed into a field drawn as discs (or an
// editing host drawn so) stays masked after a "show" button takes the
// discs away and the recorder takes a fresh snapshot (veil.stop() and
// veil.start() here; a new configuration or a dropped batch do the same),
// which writes the live value again although the rules reveal the form.
func TestLateDiscsStickyAfterFreshSnapshot(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#f", "#f *"]}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/late-disc-sticky.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	typeInto(t, b, "", "#shown-pw", "PW-SECRET-6002")
	typeInto(t, b, "", "#shown-disc", "DISC-SECRET-6003")
	require.True(t, eval[bool](t, b, `(() => {
		const e = document.getElementById("shown-ce"); e.focus();
		document.execCommand("insertText", false, "CE-SECRET-6004");
		return e.textContent.includes("CE-SECRET-6004");
	})()`))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	require.True(t, eval[bool](t, b, `(() => {
		document.getElementById("shown-pw").type = "text";
		document.getElementById("shown-disc").classList.remove("dots");
		document.getElementById("shown-ce").classList.remove("dots");
		return getComputedStyle(document.getElementById("shown-disc")).webkitTextSecurity === "none";
	})()`), "the discs are gone")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	before := strings.Count(s.All(), `{"type":4,`)
	eval[bool](t, b, `(async () => { veil.stop(); await veil.start(); return true; })()`)
	b.waitFor(t, `veil.status().state === "recording"`)
	eventually(t, "a fresh snapshot at the collector", func() bool {
		return strings.Count(s.All(), `{"type":4,`) > before
	})
	typeInto(t, b, "", "#open", "TYPED-OPEN-7117")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the open field's typing at the collector", func() bool {
		return strings.Contains(s.All(), "TYPED-OPEN-7117")
	})
	all := s.All()
	discAbsent(t, all, "PW-SECRET-6002", "password field shown as text")
	discAbsent(t, all, "DISC-SECRET-6003", "field whose discs were taken away")
	discAbsent(t, all, "CE-SECRET-6004", "editing host whose discs were taken away")
	discPresent(t, all, "the rules reveal the form", "OPEN-VALUE-3318")
}
