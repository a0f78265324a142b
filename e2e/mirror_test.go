//go:build !js

package e2e

import (
	"encoding/base64"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// dumpJS describes the page's tree, one line per node, as dumpMirror does.
const dumpJS = `(() => {
	const out = [];
	const walk = (n, depth) => {
		let line = depth + ' ';
		switch (n.nodeType) {
		case 9: line += '#document'; break;
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
		for (let c = n.firstChild; c; c = c.nextSibling) walk(c, depth + 1);
	};
	walk(document, 0);
	return out;
})()`

func dumpMirror(m *capture.Mirror) []string {
	var out []string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		line := strconv.Itoa(depth) + " "
		switch n.Type {
		case html.DocumentNode:
			line += "#document"
		case html.DoctypeNode:
			line += "!" + n.Data
		case html.ElementNode:
			line += "<" + n.Data
			for _, a := range n.Attr {
				line += " " + a.Key + "=" + strconv.Quote(a.Val)
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

// The page changes all through the chunked snapshot and after it; applying
// every raw batch the recorder wrote must give a mirror equal to the page.
func TestMirrorFollowsChurn(t *testing.T) {
	s := newSite(t, maskAll)
	b := newBrowser(t)
	b.beforeLoad(t, "window.__veilTestKeepRaw = true;")
	b.do(t, chromedp.Navigate(s.URL+"/pages/churn.html"))
	b.waitFor(t, `window.__churnDone === true && veil.status().state === "recording"`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	m := capture.NewMirror()
	snapshotBatches, snapshotDone := 0, false
	for _, b64 := range eval[[]string](t, b, `window.__veilTestBatches`) {
		raw, err := base64.StdEncoding.DecodeString(b64)
		require.NoError(t, err)
		r, err := capture.NewReader(raw)
		require.NoError(t, err)
		if !snapshotDone {
			snapshotBatches++
		}
		var op capture.Op
		for i := 0; ; i++ {
			err := r.Next(&op)
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			_, err = m.Apply(&op)
			require.NoError(t, err, "op %d (%s) of batch %d", i, op.Kind, snapshotBatches)
			if op.Kind == capture.OpSnapshotEnd {
				snapshotDone = true
			}
		}
	}
	require.True(t, snapshotDone)
	require.Greater(t, snapshotBatches, 1, "the snapshot should have been walked in several slices")
	// JSON.stringify and strconv.Quote agree on the ASCII this page uses.
	want := eval[[]string](t, b, dumpJS)
	got := dumpMirror(m)
	require.Equal(t, strings.Join(want, "\n"), strings.Join(got, "\n"))
}
