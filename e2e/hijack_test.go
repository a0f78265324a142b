//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"

	"github.com/veil-replay/veil/capture"
)

// A page whose framework replaced window.MutationObserver with one that
// observes nothing is still recorded, mutations included: the recorder takes
// the browser's own constructor from a clean realm. Masking is unchanged.
func TestHijackedMutationObserverIsRecorded(t *testing.T) {
	testHijackedPage(t, "hijack-mo.html")
}

// A page that wraps Node.prototype.appendChild, Element.prototype.setAttribute
// and MutationObserver (zone.js style) is recorded, and its wrappers keep
// working.
func TestHijackedDOMMethodsAreRecorded(t *testing.T) {
	b := testHijackedPage(t, "hijack-dom.html")
	wrapped := eval[map[string]int](t, b, `window.__wrapped`)
	assert.Positive(t, wrapped["appendChild"], "the page's appendChild wrapper ran")
	assert.Positive(t, wrapped["setAttribute"], "the page's setAttribute wrapper ran")
}

func testHijackedPage(t *testing.T, page string) *browser {
	t.Helper()
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestKeepRaw = true;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/"+page))
	b.waitFor(t, `window.veil && veil.status().state === "recording" && Array.isArray(window.__veilTestBatches)`)
	eval[bool](t, b, `veil.flush().then(() => true)`)

	eval[bool](t, b, `(() => {
		const p = document.createElement('p');
		p.className = 'row';
		p.appendChild(document.createTextNode('Added row HIJACK-ADDED-2222'));
		document.getElementById('list').appendChild(p);
		document.querySelector('h1').setAttribute('title', 'HIJACK-ATTR-3333');
		document.querySelector('#list p').firstChild.data = 'Changed row HIJACK-CHANGED-5555';
		const f = document.getElementById('field');
		f.value = 'HIJACK-TYPED-4444';
		f.dispatchEvent(new Event('input', { bubbles: true }));
		return true;
	})()`)
	eval[bool](t, b, `veil.flush().then(() => true)`)

	ops, m := rawOps(t, b)
	assert.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)
	assert.Equal(t, strings.Join(eval[[]string](t, b, deepDumpJS), "\n"), strings.Join(deepDumpMirror(m), "\n"),
		"the mirror built from the raw ops equals the page")
	has := func(what string, match func(op *capture.Op) bool) {
		t.Helper()
		assert.NotNil(t, findOp(ops, match), what)
	}
	has("the appended row", func(op *capture.Op) bool {
		return op.Kind == capture.OpNode && op.Node.Data == "Added row HIJACK-ADDED-2222"
	})
	has("the attribute set", func(op *capture.Op) bool {
		return op.Kind == capture.OpAttr && op.Name == "title" && op.Value == "HIJACK-ATTR-3333"
	})
	has("the text changed", func(op *capture.Op) bool {
		return op.Kind == capture.OpText && op.Value == "Changed row HIJACK-CHANGED-5555"
	})
	has("the value typed", func(op *capture.Op) bool {
		return op.Kind == capture.OpInput && op.Value == "HIJACK-TYPED-4444"
	})
	assert.Nil(t, findOp(ops, func(op *capture.Op) bool {
		return op.Kind == capture.OpNode && op.Node.Tag == "iframe"
	}), "the clean realm's iframe is never recorded")

	all := s.All()
	assert.Contains(t, all, `"source":0`, "mutation events were sent")
	for _, secret := range []string{"HIJACK-INITIAL-1111", "HIJACK-ADDED-2222", "HIJACK-ATTR-3333", "HIJACK-TYPED-4444",
		"HIJACK-CHANGED-5555", "HIJACK"} {
		assert.NotContains(t, all, secret, "masked before it left")
	}
	return b
}
