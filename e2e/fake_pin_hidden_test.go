//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestFakePinHiddenOtherwise: fake PIN boxes whose field the person types
// into without seeing it, hidden otherwise than by its own opacity or
// colour: a wrapper of opacity 0 (or 0.02) or filter opacity(0), text of a
// colour all but transparent or of the background's colour, a clip-path
// or clip (on a wrapper or the field), a wrapper off the page (left, top,
// a fixed box beyond the viewport), a zero-size box that clips it, a
// transform that shrinks it to a speck, a font size of 1px, text indented
// out of the field, a field of no size, a shadow root under a transparent
// wrapper, a transparent iframe; and an editing host (contenteditable)
// under a transparent wrapper or in a zero-size box. What is typed is
// masked although the rules reveal the form. A visible field or editing
// host, and a field only scrolled out of view in a scrolling box, keep
// their typing.
func TestFakePinHiddenOtherwise(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "allow-list", "allow": ["#f", "#f *", "#e-open", "#a-host", "#sh", "#a-frame", "#fi"]}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/fake-pin-hidden.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	b.waitFor(t, `document.getElementById("a-frame").contentDocument.getElementById("fi") !== null`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	vectors := []struct{ name, sel, secret string }{
		{"wrapper opacity 0", "#a-op", "OPACITY-SECRET-5201"},
		{"wrapper clip-path", "#a-cp", "CLIPPATH-SECRET-5202"},
		{"wrapper clip rect(0 0 0 0)", "#a-clip", "CLIP-SECRET-5203"},
		{"wrapper left -10000px", "#a-far", "FAR-SECRET-5204"},
		{"wrapper top -5000px", "#a-up", "UP-SECRET-5205"},
		{"zero-size overflow hidden wrapper", "#a-zero", "ZERO-SECRET-5206"},
		{"wrapper scale(0.01)", "#a-tiny", "TINY-SECRET-5207"},
		{"fixed wrapper beyond the viewport", "#a-fixed", "FIXED-SECRET-5208"},
		{"field clip-path", "#a-fcp", "FCLIP-SECRET-5209"},
		{"field font-size 1px", "#a-font", "FONT-SECRET-5210"},
		{"field text-indent -10000px", "#a-indent", "INDENT-SECRET-5211"},
		{"field of no size", "#a-size", "SIZE-SECRET-5212"},
		{"wrapper filter opacity(0)", "#a-filter", "FILTER-SECRET-5213"},
		{"wrapper opacity 0.02", "#a-faint", "FAINT-SECRET-5218"},
		{"field text colour of alpha 0.03", "#a-ffaint", "FFAINT-SECRET-5219"},
		{"field text white on a wrapper's white", "#a-white", "WHITE-SECRET-5220"},
		{"field text of its own background's colour", "#a-same", "SAME-SECRET-5221"},
	}
	for _, v := range vectors {
		typeInto(t, b, "", v.sel, v.secret)
	}
	typeInto(t, b, "#a-host", "#sh", "SHADOW-SECRET-5214")
	require.True(t, eval[bool](t, b, `(() => {
		const d = document.getElementById("a-frame").contentDocument;
		const e = d.getElementById("fi"); e.focus();
		d.execCommand("insertText", false, "FRAME-SECRET-5215");
		return e.value.includes("FRAME-SECRET-5215");
	})()`), "typed into the transparent frame")
	for _, e := range []struct{ id, text string }{{"e-op", "EDIT-OPACITY-SECRET-5216"}, {"e-zero", "EDIT-ZERO-SECRET-5217"}, {"e-open", "EDIT-OPEN-7119"}} {
		require.True(t, eval[bool](t, b, `(() => {
			const e = document.getElementById(`+jsString(e.id)+`); e.focus();
			document.execCommand("insertText", false, `+jsString(e.text)+`);
			return e.textContent.includes(`+jsString(e.text)+`);
		})()`), "typed into #%s", e.id)
	}
	typeInto(t, b, "", "#a-scrolled", "SCROLLED-OPEN-7118")
	typeInto(t, b, "", "#open", "TYPED-OPEN-7117")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the open field's typing at the collector", func() bool {
		return strings.Contains(s.All(), "TYPED-OPEN-7117")
	})
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)
	all := s.All()
	leaked := 0
	for _, v := range append(vectors, struct{ name, sel, secret string }{"shadow root under a transparent wrapper", "#sh", "SHADOW-SECRET-5214"},
		struct{ name, sel, secret string }{"transparent iframe", "#fi", "FRAME-SECRET-5215"},
		struct{ name, sel, secret string }{"editing host under a transparent wrapper", "#e-op", "EDIT-OPACITY-SECRET-5216"},
		struct{ name, sel, secret string }{"editing host in a zero-size box", "#e-zero", "EDIT-ZERO-SECRET-5217"}) {
		t.Run(v.name, func(t *testing.T) {
			if strings.Contains(all, v.secret) {
				leaked++
			}
			discAbsent(t, all, v.secret, v.name)
		})
	}
	t.Logf("%d of %d secrets reached the collector", leaked, len(vectors)+4)
	discPresent(t, all, "a visible field or editing host, and a field scrolled out of view in its box", "OPEN-VALUE-3318", "SCROLLED-OPEN-7118", "PRE-FRAME-1027", "EDIT-OPEN-7119")
}
