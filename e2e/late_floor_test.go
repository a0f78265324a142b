//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// typeInto types text into the control sel finds (in the page, or in the
// shadow root of host when host is not empty) as a person would: focus,
// then an insertText edit, which fires the input event.
func typeInto(t *testing.T, b *browser, host, sel, text string) {
	t.Helper()
	scope := "document"
	if host != "" {
		scope = "document.querySelector(" + jsString(host) + ").shadowRoot"
	}
	require.True(t, eval[bool](t, b, `(() => {
		const e = `+scope+`.querySelector(`+jsString(sel)+`);
		e.focus();
		document.execCommand("insertText", false, `+jsString(text)+`);
		return e.value.includes(`+jsString(text)+`);
	})()`), "typed into %s", sel)
}

// TestFloorByLabelChangedLaterAnyDepth: a control whose label says
// "Security code" (or PIN, CVV, one-time code…) is on the floor, also when
// the label says so only after the control was recorded, wherever that
// text sits: any depth below the <label>, a label holding several
// controls (every box of a code), a custom element that renders the text
// into its shadow root (before or after the snapshot), an element a
// control names by aria-labelledby (whose text changes, or which comes
// later), a <label for> added later. The rules reveal the whole form, and
// the ids and classes name no floor field: only the recorder's
// data-veil-label tells the engine.
func TestFloorByLabelChangedLaterAnyDepth(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#f", "#f *"]}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/late-floor.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	eval[bool](t, b, `(() => {
		document.getElementById("deep-text").textContent = "Security code"; // a translation, late
		document.getElementById("boxes-text").firstChild.data = "Your PIN";
		document.getElementById("ui").attachShadow({mode: "open"}).innerHTML = "<span>Card security code</span>";
		document.getElementById("ref-text").textContent = "One-time code";
		const later = document.createElement("div");
		later.innerHTML = '<span id="later-ref">Security answer</span>';
		document.getElementById("f").appendChild(later);
		document.getElementById("for-later-slot").innerHTML = '<label for="for-later">CVV</label>';
		return true;
	})()`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	typeInto(t, b, "", "#deep", "TYPED-DEEP-1904")
	typeInto(t, b, "", "#box2", "TYPED-BOX-2817")
	typeInto(t, b, "", "#box3", "TYPED-BOX-3342")
	typeInto(t, b, "", "#shadowed", "TYPED-SHADOW-5260")
	typeInto(t, b, "", "#shadowed-early", "TYPED-EARLY-6613")
	typeInto(t, b, "", "#referring", "TYPED-REF-7095")
	typeInto(t, b, "", "#referring-later", "TYPED-REFLATER-8150")
	typeInto(t, b, "", "#for-later", "TYPED-FORLATER-9436")
	typeInto(t, b, "", "#open", "TYPED-OPEN-4478")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the open field's typing at the collector", func() bool {
		return strings.Contains(s.All(), "TYPED-OPEN-4478")
	})

	st := eval[status](t, b, `veil.status()`)
	require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	all := s.All()
	for _, secret := range []string{"TYPED-DEEP-1904", "TYPED-BOX-2817", "TYPED-BOX-3342", "TYPED-SHADOW-5260",
		"EARLY-SHADOW-SECRET-4409", "TYPED-EARLY-6613", "TYPED-REF-7095", "TYPED-REFLATER-8150", "TYPED-FORLATER-9436"} {
		assert.NotContains(t, all, secret)
	}
	// The rules do reveal the form: what no label names is recorded.
	assert.Contains(t, all, "OPEN-VALUE-6120")
	assert.Contains(t, all, "DEEP-VALUE-2231", "shown in clear before its label said what it is")
	assert.NotContains(t, all, "data-veil-label", "the labels' text is never recorded")
}

// TestDisguisedByLaterStylesheet: a text field that a stylesheet draws as
// discs (-webkit-text-security) is a password field to the person typing,
// also when the stylesheet comes after the field was recorded and nothing
// about the field itself changes: a <style> added, a rule inserted into a
// sheet, a <link> that loads later, a constructed sheet adopted, a <style>
// added to a shadow root. The rules reveal the form.
func TestDisguisedByLaterStylesheet(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#f", "#f *", "#inner"]}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/late-discs.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	// A shadow root's field, recorded before its style comes.
	eval[bool](t, b, `(() => {
		document.getElementById("host").attachShadow({mode: "open"}).innerHTML = '<input id="inner">';
		return true;
	})()`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	typeInto(t, b, "#host", "#inner", "INNER-SHOWN-1357")
	require.True(t, eval[bool](t, b, `(async () => {
		const st = document.createElement("style");
		st.textContent = "#by-style { -webkit-text-security: disc; }";
		document.head.appendChild(st);
		document.getElementById("sheet").sheet.insertRule("#by-rule { -webkit-text-security: square; }", 0);
		const sheet = new CSSStyleSheet();
		sheet.replaceSync("#by-adopted { -webkit-text-security: circle; }");
		document.adoptedStyleSheets = [sheet];
		const inner = document.createElement("style");
		inner.textContent = "input { -webkit-text-security: disc; }";
		document.getElementById("host").shadowRoot.appendChild(inner);
		const link = document.createElement("link");
		link.rel = "stylesheet";
		link.href = "late-discs.css";
		const loaded = new Promise((r) => { link.onload = r; });
		document.head.appendChild(link);
		await loaded;
		return getComputedStyle(document.getElementById("by-link")).webkitTextSecurity === "disc";
	})()`), "the late stylesheet applies")
	typeInto(t, b, "", "#by-style", "TYPED-STYLE-2290")
	typeInto(t, b, "", "#by-rule", "TYPED-RULE-3751")
	typeInto(t, b, "", "#by-link", "TYPED-LINK-4863")
	typeInto(t, b, "", "#by-adopted", "TYPED-ADOPTED-5938")
	typeInto(t, b, "#host", "#inner", "TYPED-INNER-6024")
	typeInto(t, b, "", "#open", "TYPED-OPEN-7117")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the open field's typing at the collector", func() bool {
		return strings.Contains(s.All(), "TYPED-OPEN-7117")
	})

	st := eval[status](t, b, `veil.status()`)
	require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	all := s.All()
	for _, secret := range []string{"TYPED-STYLE-2290", "TYPED-RULE-3751", "TYPED-LINK-4863", "TYPED-ADOPTED-5938", "TYPED-INNER-6024"} {
		assert.NotContains(t, all, secret)
	}
	assert.Contains(t, all, "OPEN-VALUE-3318")
	assert.Contains(t, all, "STYLE-VALUE-1048", "shown in clear before the stylesheet came")
	assert.Contains(t, all, "LINK-VALUE-7702", "shown in clear before the stylesheet came")
	assert.Contains(t, all, "INNER-SHOWN-1357", "shown in clear before the shadow root's stylesheet came")
}
