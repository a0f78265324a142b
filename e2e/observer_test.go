//go:build !js

package e2e

import (
	"encoding/base64"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// deepDumpJS describes the page as the mirror holds it: open shadow roots
// first under their host, then light children, then a same-origin iframe's
// document.
const deepDumpJS = `(() => {
	const out = [];
	const walk = (n, depth) => {
		let line = depth + ' ';
		switch (n.nodeType) {
		case 9: line += '#document'; break;
		case 11: line += '#shadow-root'; break;
		case 10: line += '!' + n.name; break;
		case 1:
			line += '<' + n.localName;
			for (const a of n.attributes) line += ' ' + a.name + '=' + JSON.stringify(a.value);
			break;
		case 3: line += '"' + JSON.stringify(n.data); break;
		case 8: line += '#' + JSON.stringify(n.data); break;
		default: return;
		}
		out.push(line);
		if (n.nodeType === 1 && n.localName === 'template') return;
		if (n.nodeType === 1 && n.shadowRoot) walk(n.shadowRoot, depth + 1);
		for (let c = n.firstChild; c; c = c.nextSibling) walk(c, depth + 1);
		if (n.nodeType === 1 && n.localName === 'iframe' && n.contentDocument) walk(n.contentDocument, depth + 1);
	};
	walk(document, 0);
	return out;
})()`

// deepDumpMirror is dumpMirror that tells shadow roots from documents and
// leaves out the inlined stylesheet text, which the page does not carry as
// an attribute.
func deepDumpMirror(m *capture.Mirror) []string {
	var out []string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		line := strconv.Itoa(depth) + " "
		switch n.Type {
		case html.DocumentNode:
			if n.Data == capture.ShadowRootData {
				line += "#shadow-root"
			} else {
				line += "#document"
			}
		case html.DoctypeNode:
			line += "!" + n.Data
		case html.ElementNode:
			line += "<" + n.Data
			for _, a := range n.Attr {
				// The frame's URL the recorder adds is checked apart, and
				// so is the URL of a sheet it inlines (sheet_check_test.go).
				if a.Key != "_cssText" && a.Key != capture.FrameURLAttr && a.Key != capture.SheetURLAttr {
					line += " " + a.Key + "=" + strconv.Quote(a.Val)
				}
			}
		case html.TextNode:
			line += `"` + strconv.Quote(n.Data)
		case html.CommentNode:
			line += "#" + strconv.Quote(n.Data)
		}
		out = append(out, line)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(&m.Root().Node, 0)
	return out
}

// frameURLInMirror is the capture.FrameURLAttr of the iframe whose id
// attribute is id, "" when it has none.
func frameURLInMirror(m *capture.Mirror, id string) string {
	var find func(n *html.Node) string
	find = func(n *html.Node) string {
		if n.Type == html.ElementNode && n.Data == "iframe" {
			var own, url string
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					own = a.Val
				case capture.FrameURLAttr:
					url = a.Val
				}
			}
			if own == id {
				return url
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if u := find(c); u != "" {
				return u
			}
		}
		return ""
	}
	return find(&m.Root().Node)
}

// rawOps decodes every raw batch the page kept (__veilTestKeepRaw) and
// applies them to a fresh mirror.
func rawOps(t *testing.T, b *browser) ([]capture.Op, *capture.Mirror) {
	t.Helper()
	m := capture.NewMirror()
	var ops []capture.Op
	for i, b64 := range eval[[]string](t, b, `window.__veilTestBatches`) {
		raw, err := base64.StdEncoding.DecodeString(b64)
		require.NoError(t, err)
		r, err := capture.NewReader(raw)
		require.NoError(t, err)
		for j := 0; ; j++ {
			var op capture.Op
			err := r.Next(&op)
			if err == io.EOF {
				break
			}
			require.NoError(t, err, "batch %d op %d", i, j)
			_, err = m.Apply(&op)
			require.NoError(t, err, "batch %d op %d (%s)", i, j, op.Kind)
			ops = append(ops, op)
		}
	}
	return ops, m
}

func findOp(ops []capture.Op, match func(op *capture.Op) bool) *capture.Op {
	for i := range ops {
		if match(&ops[i]) {
			return &ops[i]
		}
	}
	return nil
}

// Everything that changes what the page shows is observed: URL changes,
// CSSOM, shadow roots and iframes that arrive late, form controls of every
// kind, React's native setter, contenteditable, scrolling and resizing. The
// raw ops say it was seen; the mirror built from them equals the page; and
// the masked output has the matching rrweb events and no secret.
func TestObserverCompleteness(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestKeepRaw = true;
		window.__nativeValueSetter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/rec-observer.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording" && Array.isArray(window.__veilTestBatches)`)
	eval[bool](t, b, `veil.flush().then(() => true)`)

	eval[bool](t, b, `(() => {
		history.pushState({}, '', '/pages/rec-next-step?token=URL-SECRET-2424#frag');
		const st = document.getElementById('st').sheet;
		st.insertRule('.b { color: rgb(7, 8, 9); }', 1);
		st.deleteRule(0);
		const root = document.getElementById('host').attachShadow({ mode: 'open' });
		root.innerHTML = '<p>SHADOW-SECRET-5150</p><input id="sin">';
		document.getElementById('frames').innerHTML = '<iframe id="f" src="rec-frame.html"></iframe>';
		document.getElementById('sel').value = 'b';
		// React keeps the setter it found before any recorder patched it.
		const react = document.getElementById('react');
		window.__nativeValueSetter.call(react, 'REACT-SECRET-9090');
		react.dispatchEvent(new Event('input', { bubbles: true }));
		return true;
	})()`)
	b.waitFor(t, `(() => { const f = document.getElementById('f'); return f && f.contentDocument && f.contentDocument.getElementById('fin'); })()`)
	b.do(t, chromedp.Click("#cb"), chromedp.Click("#r2"))
	b.do(t, chromedp.SendKeys("#ed", "EDIT-SECRET-8080"))
	b.do(t, chromedp.EmulateViewport(1000, 700))
	eval[bool](t, b, `(() => {
		const d = document.getElementById('f').contentDocument;
		const fin = d.getElementById('fin');
		fin.value = 'FRAME-TYPED-7070';
		fin.dispatchEvent(new Event('input', { bubbles: true }));
		document.getElementById('scroller').scrollTop = 100;
		window.scrollTo(0, 500);
		return new Promise(r => setTimeout(() => r(true), 400)); // scroll and resize are throttled
	})()`)
	// A second load of the iframe replaces its document in the mirror.
	eval[bool](t, b, `new Promise(r => { const f = document.getElementById('f'); f.onload = () => r(true); f.src = 'rec-frame.html?again'; })`)
	eval[bool](t, b, `veil.flush().then(() => true)`)

	ops, m := rawOps(t, b)
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)
	assert.Equal(t, strings.Join(eval[[]string](t, b, deepDumpJS), "\n"), strings.Join(deepDumpMirror(m), "\n"),
		"the mirror built from the raw ops equals the page")

	assert.Equal(t, eval[string](t, b, `document.getElementById("f").contentDocument.URL`),
		frameURLInMirror(m, "f"), "the iframe carries its document's URL, also after a second load")

	has := func(what string, match func(op *capture.Op) bool) {
		t.Helper()
		assert.NotNil(t, findOp(ops, match), what)
	}
	has("Navigate on pushState", func(op *capture.Op) bool {
		return op.Kind == capture.OpNavigate && strings.HasSuffix(op.Href, "/pages/rec-next-step?token=URL-SECRET-2424#frag")
	})
	has("insertRule", func(op *capture.Op) bool {
		return op.Kind == capture.OpStyleRule && op.StyleOp == capture.StyleInsert && op.Index == 1 && op.Rule == ".b { color: rgb(7, 8, 9); }"
	})
	has("deleteRule", func(op *capture.Op) bool {
		return op.Kind == capture.OpStyleRule && op.StyleOp == capture.StyleDelete && op.Index == 0
	})
	has("rules inserted into an empty <style> before recording", func(op *capture.Op) bool {
		return op.Kind == capture.OpStyleRule && op.StyleOp == capture.StyleInsert && strings.Contains(op.Rule, ".pre-inserted")
	})
	has("a late shadow root", func(op *capture.Op) bool {
		return op.Kind == capture.OpNode && op.Node.Kind == capture.KindShadowRoot
	})
	has("the same-origin stylesheet inlined", func(op *capture.Op) bool {
		if op.Kind != capture.OpNode || op.Node.Tag != "link" {
			return false
		}
		for _, a := range op.Node.Attrs {
			if a.Key == "_cssText" && strings.Contains(a.Val, "rgb(1, 2, 3)") {
				return true
			}
		}
		return false
	})
	for _, v := range []string{"b", "REACT-SECRET-9090", "FRAME-TYPED-7070"} {
		has("Input "+v, func(op *capture.Op) bool { return op.Kind == capture.OpInput && op.Value == v })
	}
	has("checkbox", func(op *capture.Op) bool { return op.Kind == capture.OpInput && op.Value == "on" && op.Checked })
	has("radio unchecked by its group", func(op *capture.Op) bool {
		return op.Kind == capture.OpInput && op.Value == "1" && !op.Checked
	})
	has("element scroll", func(op *capture.Op) bool { return op.Kind == capture.OpScroll && op.Y == 100 })
	has("page scroll", func(op *capture.Op) bool { return op.Kind == capture.OpScroll && op.Y == 500 })
	has("viewport resize", func(op *capture.Op) bool {
		return op.Kind == capture.OpViewport && op.Width == 1000 && op.Height == 700
	})

	all := s.All()
	for _, secret := range []string{"URL-SECRET-2424", "SHADOW-SECRET-5150", "FRAME-SECRET-6060", "FRAME-TYPED-7070",
		"EDIT-SECRET-8080", "REACT-SECRET-9090", "SECRET"} {
		assert.NotContains(t, all, secret)
	}
	assert.Contains(t, all, "rec-next-step", "Meta of the new URL")
	assert.Contains(t, all, `"source":8`, "StyleSheetRule events")
	assert.Contains(t, all, "rgb(7, 8, 9)", "inserted CSS keeps its structure")
	assert.Contains(t, all, "rgb(1, 2, 3)", "inlined stylesheet text")
	assert.Contains(t, all, `"source":3`, "Scroll events")
	assert.Contains(t, all, `"source":4`, "ViewportResize events")
}
