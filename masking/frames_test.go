package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// frameWriter writes documents parsed from HTML as raw Node ops, as the
// shim does for same-origin frames: an <iframe data-frame="NAME"> gets the
// document parsed from frames[NAME] as its child.
type frameWriter struct {
	t      *testing.T
	w      *capture.Writer
	next   int
	frames map[string]string
	ids    map[string]int // id attribute → node id
}

func (f *frameWriter) doc(parent int, src string) int {
	h, err := html.Parse(strings.NewReader(src))
	require.NoError(f.t, err)
	id := f.next
	f.next++
	f.w.Node(id, parent, 0, &capture.NodeData{Kind: capture.KindDocument})
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		f.node(c, id)
	}
	return id
}

func (f *frameWriter) node(h *html.Node, parent int) {
	var nd capture.NodeData
	switch h.Type {
	case html.ElementNode:
		nd = capture.NodeData{Kind: capture.KindElement, Tag: h.Data, Attrs: h.Attr}
	case html.TextNode:
		nd = capture.NodeData{Kind: capture.KindText, Data: h.Data}
	case html.DoctypeNode:
		nd = capture.NodeData{Kind: capture.KindDoctype, Name: h.Data}
	default:
		return
	}
	id := f.next
	f.next++
	f.w.Node(id, parent, 0, &nd)
	for _, a := range h.Attr {
		if a.Key == "id" {
			f.ids[a.Val] = id
		}
	}
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		f.node(c, id)
	}
	if h.Data == "iframe" {
		for _, a := range h.Attr {
			if a.Key == "data-frame" {
				src, ok := f.frames[a.Val]
				require.True(f.t, ok, "no frame named %q", a.Val)
				f.doc(id, src)
			}
		}
	}
}

// run writes f's snapshot through s as one batch, then each step as a batch
// of its own ended by MutationEnd, hands each batch and its events to seen,
// and returns everything s sent.
func (f *frameWriter) run(s *Session, steps []func(f *frameWriter), seen func(batch []byte, events []capture.Event)) []byte {
	var out []byte
	write := func(batch []byte) {
		events, err := s.Write(batch)
		require.NoError(f.t, err)
		out = capture.AppendEvents(out, events)
		seen(batch, events)
	}
	write(f.w.Bytes())
	for _, step := range steps {
		f.w = capture.NewWriter(20)
		step(f)
		f.w.MutationEnd(20)
		write(f.w.Bytes())
	}
	return out
}

// id returns the node id of the element with id attribute name.
func (f *frameWriter) id(name string) int {
	id, ok := f.ids[name]
	require.True(f.t, ok, "no element #%s", name)
	return id
}

// Iframe documents, in a snapshot or added later, must reach a replayer in
// the form rrweb's Replayer accepts (the strict replayer of
// fuzz_session_test.go checks it: one isAttachIframe mutation per document,
// after its frame's, the document without a rootId, its nodes with the
// document's), and the replayed tree must equal a fresh snapshot's.
func TestIframeDocumentsReachTheReplayer(t *testing.T) {
	frames := map[string]string{
		"outer":  `<p>OUTER-TEXT</p><iframe id="inner" data-frame="inner"></iframe><span>after</span>`,
		"inner":  `<div id="deep">INNER-TEXT</div>`,
		"first":  `<p>FIRST-TEXT</p>`,
		"second": `<h2>SECOND-TEXT</h2><iframe data-frame="inner"></iframe>`,
		"host":   `<div id="host"><i>light</i></div>`,
	}
	cases := []struct {
		name  string
		page  string
		steps []func(f *frameWriter) // each one batch, ended by MutationEnd
		want  []string               // text in the replayed tree
		gone  []string               // text no longer in it
	}{
		{name: "nested", page: `<p>TOP-TEXT</p><iframe id="outer" data-frame="outer"></iframe>`,
			want: []string{"TOP-TEXT", "OUTER-TEXT", "INNER-TEXT"}},
		{name: "added after load", page: `<div id="slot"><p>slot</p></div>`,
			steps: []func(f *frameWriter){func(f *frameWriter) {
				f.node(f.fragment(`<iframe id="late" data-frame="outer"></iframe>`), f.id("slot"))
			}},
			want: []string{"OUTER-TEXT", "INNER-TEXT"}},
		{name: "text added in a nested frame", page: `<iframe id="outer" data-frame="outer"></iframe>`,
			steps: []func(f *frameWriter){func(f *frameWriter) {
				f.node(f.fragment(`<b>ADDED-TEXT</b>`), f.id("deep"))
			}},
			want: []string{"INNER-TEXT", "ADDED-TEXT"}},
		{name: "src changed", page: `<iframe id="swap" data-frame="first"></iframe>`,
			steps: []func(f *frameWriter){func(f *frameWriter) {
				f.w.Remove(f.id("swap") + 1) // the old document: written right after its iframe
				f.doc(f.id("swap"), frames["second"])
			}},
			want: []string{"SECOND-TEXT", "INNER-TEXT"}, gone: []string{"FIRST-TEXT"}},
		{name: "mask class set above a frame after load", page: `<div id="wrap"><iframe id="outer" data-frame="outer"></iframe></div>`,
			steps: []func(f *frameWriter){func(f *frameWriter) {
				f.w.Attr(f.id("wrap"), "class", "private")
			}},
			gone: []string{"OUTER-TEXT", "INNER-TEXT"}},
		{name: "shadow root in a frame", page: `<iframe id="outer" data-frame="host"></iframe>`,
			steps: shadowSteps(), want: []string{"SHADOW-TEXT", "LATER-TEXT"}},
		{name: "shadow root in the top document", page: `<div id="host"><i>light</i></div>`,
			steps: shadowSteps(), want: []string{"SHADOW-TEXT", "LATER-TEXT"}},
	}
	r, err := rules.Parse([]byte(`{"mode":"block-list","mask":[".private"]}`))
	require.NoError(t, err)
	set, err := rules.Compile(r)
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &frameWriter{t: t, w: capture.NewWriter(10), next: 1, frames: frames, ids: map[string]int{}}
			f.w.SnapshotStart(10, "https://x.example/", 1280, 800, 0, 0)
			f.doc(0, `<!DOCTYPE html><html><head></head><body>`+c.page+`</body></html>`)
			f.w.SnapshotEnd(10)
			mirror := capture.NewMirror()
			s := NewSession(set)
			rp := newReplayer(t)
			var out []byte
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("output:\n%s", out)
				}
			})
			out = f.run(s, c.steps, func(batch []byte, events []capture.Event) {
				applyAll(t, mirror, batch)
				rp.apply(events)
			})

			fresh := newReplayer(t)
			events, err := NewSession(set).Write(snapshotOf(t, mirror))
			require.NoError(t, err)
			fresh.apply(events)
			got, want := treeJSON(rp.tree()), treeJSON(fresh.tree())
			assert.Equal(t, want, got, "replayed tree differs from a fresh snapshot's")
			for _, text := range c.want {
				assert.Contains(t, got, text)
			}
			for _, text := range c.gone {
				assert.NotContains(t, got, text)
			}
		})
	}
}

// shadowSteps attach a shadow root to #host, then add to a node inside it:
// the later add's rootId must name the document around the host, which the
// replayer knows, not the shadow root, which it does not.
func shadowSteps() []func(f *frameWriter) {
	return []func(f *frameWriter){
		func(f *frameWriter) {
			root := f.next
			f.next++
			f.w.Node(root, f.id("host"), 0, &capture.NodeData{Kind: capture.KindShadowRoot})
			f.node(f.fragment(`<p id="inshadow">SHADOW-TEXT</p>`), root)
		},
		func(f *frameWriter) {
			f.node(f.fragment(`<b>LATER-TEXT</b>`), f.id("inshadow"))
		},
	}
}

// fragment returns the one element that src, a fragment in a <body>,
// parses to.
func (f *frameWriter) fragment(src string) *html.Node {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	require.NoError(f.t, err)
	require.Len(f.t, nodes, 1)
	return nodes[0]
}

func treeJSON(n *capture.SNode) string {
	sortAttrs(n)
	return string(capture.AppendEvent(nil, &capture.Event{Type: capture.FullSnapshot, Data: capture.FullSnapshotData{Node: n}}))
}

func TestReplayAttrName(t *testing.T) {
	el := func(ns, tag string) *html.Node { return &html.Node{Type: html.ElementNode, Namespace: ns, Data: tag} }
	cases := []struct {
		name string
		node *html.Node
		attr string
		want string
	}{
		{name: "iframe src", node: el("", "iframe"), attr: "src", want: "rr_src"},
		{name: "iframe width", node: el("", "iframe"), attr: "width", want: "width"},
		{name: "iframe srcdoc", node: el("", "iframe"), attr: "srcdoc", want: "srcdoc"},
		{name: "img src", node: el("", "img"), attr: "src", want: "src"},
		{name: "svg element named iframe", node: el("svg", "iframe"), attr: "src", want: "src"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, replayAttrName(c.node, c.attr))
		})
	}
}
