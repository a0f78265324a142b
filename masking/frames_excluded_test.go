package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// A frame whose document the recorder reports at an excluded URL is
// recorded empty (ExcludeFrames), in a snapshot, added later, and after it
// navigates; its URL never goes out.
func TestFramesAtExcludedURLsAreLeftOut(t *testing.T) {
	const (
		open    = `data-veil-frame-url="https://x.example/open/a"`
		private = `data-veil-frame-url="https://x.example/private/b"`
	)
	frames := map[string]string{
		"first":  `<p>FIRST-TEXT</p>`,
		"second": `<h2>SECOND-TEXT</h2>`,
		"outer":  `<p>OUTER-TEXT</p><iframe id="inner" ` + private + ` data-frame="second"></iframe>`,
	}
	cases := []struct {
		name  string
		page  string
		steps []func(f *frameWriter)
		want  []string // text in what was sent
		gone  []string // text never in it
	}{
		{name: "open URL", page: `<iframe ` + open + ` data-frame="first"></iframe>`, want: []string{"FIRST-TEXT"}},
		{name: "excluded URL", page: `<iframe id="f" ` + private + ` data-frame="first"></iframe>`,
			steps: []func(f *frameWriter){func(f *frameWriter) {
				f.node(f.fragment(`<b>LATER-TEXT</b>`), f.id("f")+3) // the frame's <html>: document, <html>, <head>, <body>
			}},
			gone: []string{"FIRST-TEXT", "LATER-TEXT"}},
		{name: "no URL reported", page: `<iframe data-frame="first"></iframe>`, gone: []string{"FIRST-TEXT"}},
		{name: "nested frame at an excluded URL", page: `<iframe ` + open + ` data-frame="outer"></iframe>`,
			want: []string{"OUTER-TEXT"}, gone: []string{"SECOND-TEXT"}},
		{name: "added later at an excluded URL", page: `<div id="slot"></div>`,
			steps: []func(f *frameWriter){func(f *frameWriter) {
				f.node(f.fragment(`<iframe `+private+` data-frame="first"></iframe>`), f.id("slot"))
			}},
			gone: []string{"FIRST-TEXT"}},
		{name: "navigates into an excluded URL", page: `<iframe id="swap" ` + open + ` data-frame="first"></iframe>`,
			steps: []func(f *frameWriter){func(f *frameWriter) {
				f.w.Attr(f.id("swap"), capture.FrameURLAttr, "https://x.example/private/next")
				f.w.Remove(f.id("swap") + 1)
				f.doc(f.id("swap"), frames["second"])
			}},
			want: []string{"FIRST-TEXT"}, gone: []string{"SECOND-TEXT"}},
		{name: "navigates out of an excluded URL", page: `<iframe id="swap" ` + private + ` data-frame="first"></iframe>`,
			steps: []func(f *frameWriter){func(f *frameWriter) {
				f.w.Attr(f.id("swap"), capture.FrameURLAttr, "https://x.example/open/next")
				f.w.Remove(f.id("swap") + 1)
				f.doc(f.id("swap"), frames["second"])
			}},
			want: []string{"SECOND-TEXT"}, gone: []string{"FIRST-TEXT"}},
	}
	r, err := rules.Parse([]byte(`{"mode":"block-list"}`))
	require.NoError(t, err)
	set, err := rules.Compile(r)
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &frameWriter{t: t, w: capture.NewWriter(10), next: 1, frames: frames, ids: map[string]int{}}
			f.w.SnapshotStart(10, "https://x.example/", 1280, 800, 0, 0)
			f.doc(0, `<!DOCTYPE html><html><head></head><body><p>TOP-TEXT</p>`+c.page+`</body></html>`)
			f.w.SnapshotEnd(10)
			s := NewSession(set)
			s.ExcludeFrames(func(url string) bool { return strings.Contains(url, "/private/") })
			rp := newReplayer(t)
			sent := string(f.run(s, c.steps, func(_ []byte, events []capture.Event) { rp.apply(events) }))
			assert.Contains(t, sent, "TOP-TEXT")
			for _, text := range c.want {
				assert.Contains(t, sent, text)
			}
			for _, text := range append(c.gone, "private", "open/", capture.FrameURLAttr) {
				assert.NotContains(t, sent, text)
			}
		})
	}
}

// A frame with its URL reported twice (the page's own attribute beside the
// recorder's) counts as excluded: which one is true is not known.
func TestFrameURLReportedTwiceIsExcluded(t *testing.T) {
	s := NewSession(nil)
	s.ExcludeFrames(func(url string) bool { return strings.Contains(url, "/private/") })
	iframe := func(urls ...string) *html.Node {
		n := &html.Node{Type: html.ElementNode, Data: "iframe"}
		for _, u := range urls {
			n.Attr = append(n.Attr, html.Attribute{Key: capture.FrameURLAttr, Val: u})
		}
		return n
	}
	assert.False(t, s.frameAtExcludedURL(iframe("https://x.example/open/")))
	assert.True(t, s.frameAtExcludedURL(iframe("https://x.example/private/")))
	assert.True(t, s.frameAtExcludedURL(iframe()))
	assert.True(t, s.frameAtExcludedURL(iframe("https://x.example/open/", "https://x.example/open/")))
}
