//go:build !js

package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// Elements that are measured (images, canvases) and added by a mutation are
// measured once per frame, never inside the MutationObserver callback, and
// the Node ops carry their sizes.
func TestRecorderMeasuresAddedElementsOncePerFrame(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestKeepRaw = true;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/recorder-layout.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording" && Array.isArray(window.__veilTestBatches)`)
	eval[bool](t, b, `veil.flush().then(() => true)`)

	calls := eval[[]int](t, b, `(async () => {
		let calls = 0;
		const orig = Element.prototype.getBoundingClientRect;
		Element.prototype.getBoundingClientRect = function () { calls++; return orig.call(this); };
		document.getElementById('list').insertAdjacentHTML('beforeend',
			'<img id="pic" width="123" height="45" alt=""><canvas width="77" height="33"></canvas>');
		await Promise.resolve(); // the MutationObserver's callback has run
		await Promise.resolve();
		const inCallback = calls;
		await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
		return [inCallback, calls];
	})()`)
	require.Len(t, calls, 2)
	assert.Equal(t, 0, calls[0], "no layout read inside the MutationObserver callback")
	assert.Equal(t, 2, calls[1], "both elements measured by the next frame")
	eval[bool](t, b, `veil.flush().then(() => true)`)

	ops, m := rawOps(t, b)
	assert.Equal(t, strings.Join(eval[[]string](t, b, deepDumpJS), "\n"), strings.Join(deepDumpMirror(m), "\n"))
	for _, want := range []struct {
		tag  string
		w, h int
	}{{"img", 123, 45}, {"canvas", 77, 33}} {
		op := findOp(ops, func(op *capture.Op) bool { return op.Kind == capture.OpNode && op.Node.Tag == want.tag })
		if assert.NotNil(t, op, want.tag) {
			assert.Equal(t, [2]int{want.w, want.h}, [2]int{op.Node.Width, op.Node.Height}, want.tag+" size")
		}
	}
}

// A large same-origin stylesheet is inlined whole (read across the walk's
// slices), and rules inserted into it later are recorded one by one, not by
// writing the whole sheet again for every rule.
func TestRecorderLinkedSheetRulesAreRecordedAsRules(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestKeepRaw = true;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/recorder-cssom.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording" && Array.isArray(window.__veilTestBatches)`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eval[bool](t, b, `(() => {
		const sheet = document.getElementById('big').sheet;
		for (let i = 0; i < 30; i++) sheet.insertRule('.n' + i + ' { color: rgb(1, 2, 3); }', sheet.cssRules.length);
		sheet.deleteRule(0);
		return true;
	})()`)
	eval[bool](t, b, `veil.flush().then(() => true)`)

	ops, m := rawOps(t, b)
	assert.Equal(t, strings.Join(eval[[]string](t, b, deepDumpJS), "\n"), strings.Join(deepDumpMirror(m), "\n"))
	link := findOp(ops, func(op *capture.Op) bool { return op.Kind == capture.OpNode && op.Node.Tag == "link" })
	require.NotNil(t, link)
	css := ""
	for _, a := range link.Node.Attrs {
		if a.Key == "_cssText" {
			css = a.Val
		}
	}
	assert.Contains(t, css, ".c0 { width: 0px; }")
	assert.Contains(t, css, ".c19999 { width: 19999px; }")
	assert.Equal(t, 20000, strings.Count(css, "}"), "every rule inlined once")

	inserts, deletes, rewrites := 0, 0, 0
	for _, op := range ops {
		switch {
		case op.Kind == capture.OpStyleRule && op.ID == link.ID && op.StyleOp == capture.StyleInsert:
			inserts++
			assert.Equal(t, ".n"+strconv.Itoa(inserts-1)+" { color: rgb(1, 2, 3); }", op.Rule)
			assert.Equal(t, 20000+inserts-1, op.Index)
		case op.Kind == capture.OpStyleRule && op.ID == link.ID && op.StyleOp == capture.StyleDelete:
			deletes++
		case op.Kind == capture.OpAttr && op.Name == "_cssText":
			rewrites++
		}
	}
	assert.Equal(t, 30, inserts)
	assert.Equal(t, 1, deletes)
	assert.Zero(t, rewrites, "the sheet's text is not written again")
	assert.True(t, strings.Contains(s.All(), `"source":8`), "StyleSheetRule events were sent")
}

// A parent whose children the page reorders while the snapshot walk is
// paused inside it: the mirror built from the raw ops still equals the page
// (no child that stayed in place is skipped, none is written twice).
func TestRecorderWalkResumesAfterReorder(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestKeepRaw = true;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/recorder-reorder.html"))
	b.waitFor(t, `window.reorderDone === true && window.veil && veil.status().state === "recording" && Array.isArray(window.__veilTestBatches)`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	_, m := rawOps(t, b)
	assert.Equal(t, strings.Join(eval[[]string](t, b, deepDumpJS), "\n"), strings.Join(deepDumpMirror(m), "\n"),
		"the mirror built from the raw ops equals the page")
}
