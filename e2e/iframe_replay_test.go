//go:build !js

package e2e

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// blockListConfig records page text in clear (input values stay masked), so
// that a replayed frame can be compared with the page element for element
// and text for text.
const blockListConfig = `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`

// describeFramesJS lists a document's body as "depth tag" lines in document
// order, descending into each iframe's document (a "depth #document" line,
// then its body one level deeper), and the non-blank text nodes. Scripts
// are left out: Veil never records them.
const describeFramesJS = `(doc) => {
	const out = { elements: [], texts: [] };
	const walk = (body, depth) => {
		for (let c = body.firstChild; c; c = c.nextSibling) {
			if (c.nodeType === 3) {
				if (c.data.trim() !== '') out.texts.push(c.data.trim());
				continue;
			}
			if (c.nodeType !== 1 || c.localName === 'script') continue;
			out.elements.push(depth + ' ' + c.localName);
			if (c.localName === 'iframe') {
				let inner = null;
				try { inner = c.contentDocument; } catch (e) {}
				if (inner && inner.body) {
					out.elements.push((depth + 1) + ' #document');
					walk(inner.body, depth + 2);
				}
				continue;
			}
			walk(c, depth + 1);
		}
	};
	walk(doc.body, 0);
	return out;
}`

type frameDescription struct {
	Elements []string `json:"elements"`
	Texts    []string `json:"texts"`
}

// newIframeSite is newSite with the pages of e2e/testdata/iframes under
// /iframes/, and under /replay/ the replay page with rrweb's UMD bundle. A
// replay that loads a frame's page instead of showing the recorded document
// gets a 404 there: the frames' relative URLs resolve under /replay/.
func newIframeSite(t *testing.T, config string) *site {
	t.Helper()
	s := newSite(t, config)
	s.Handle("/iframes/", http.StripPrefix("/iframes/", http.FileServer(http.Dir(filepath.Join("testdata", "iframes")))))
	s.Handle("/replay/replay.html", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join("testdata", "fidelity", "replay.html")) // the replay page the fidelity test also uses
	}))
	s.Handle("/rrweb/rrweb.js", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, filepath.Join(rrwebDist, "rrweb.umd.min.cjs"))
	}))
	s.Handle("/rrweb/style.css", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(rrwebDist, "style.css"))
	}))
	return s
}

// Same-origin iframes recorded by Veil must be rebuilt by rrweb's own
// Replayer: the replay shows every element of every frame, nested frames
// inside their parents, frames added or navigated after load included.
// rrweb's Replayer drops, without an error, a frame document it cannot
// place, so only a comparison with the page itself catches it.
func TestIframeReplayRebuildsEveryFrame(t *testing.T) {
	cases := []struct {
		name    string
		config  string
		page    string
		action  string // JavaScript run once recording, resolving when the page has changed; "" for none
		marker  string // in the events, count times, once the last frame is recorded
		count   int
		frames  int  // iframe documents the page ends with
		masking bool // page text is masked (mask-all), else kept (block-list)
	}{
		{name: "nested", config: blockListConfig, page: "nested.html", marker: "GRANDCHILD-FRAME-TEXT", count: 1, frames: 2},
		// The grandchild's button (only its page has one; its input's id is a
		// placeholder under mask-all) shows its document was recorded loaded,
		// not as the blank document a frame starts with.
		{name: "nested-mask-all", config: maskAll, page: "nested.html", marker: `"tagName":"button"`, count: 1, frames: 2, masking: true},
		{name: "added-after-load", config: blockListConfig, page: "added.html", action: "addFrame()", marker: "LATE-FRAME-TEXT", count: 1, frames: 1},
		{name: "nested-added-after-load", config: blockListConfig, page: "v2_added_nested.html", action: "addNested()", marker: "GRANDCHILD-FRAME-TEXT", count: 1, frames: 2},
		{name: "nested-added-after-load-mask-all", config: maskAll, page: "v2_added_nested.html", action: "addNested()", marker: `"tagName":"button"`, count: 1, frames: 2, masking: true},
		{name: "src-changed", config: blockListConfig, page: "swapped.html", action: "swapFrame()", marker: "SECOND-FRAME-TEXT", count: 1, frames: 1},
	}
	b := newBrowser(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newIframeSite(t, c.config)
			b.do(t, chromedp.Navigate(s.URL+"/iframes/"+c.page))
			b.waitFor(t, `document.readyState === "complete" && window.veil && veil.status().state === "recording"`)
			if c.action != "" {
				require.True(t, eval[bool](t, b, c.action))
			}
			eventually(t, c.marker+" at the collector", func() bool {
				eval[bool](t, b, `veil.flush().then(() => true)`)
				return strings.Count(s.All(), c.marker) >= c.count
			})
			original := eval[frameDescription](t, b, `(`+describeFramesJS+`)(document)`)
			require.Equal(t, c.frames, countLines(original.Elements, "#document"), "frame documents on the page: %v", original.Elements)

			// In recording order, as the collector stores batches: the
			// recorder sends them in parallel, and a stale first snapshot
			// (the page's load event asks for a fresh one) may arrive last.
			events := eventsInSeqOrder(t, s)
			for i := 1; i < len(events); i++ {
				require.GreaterOrEqual(t, events[i].Timestamp, events[i-1].Timestamp,
					"event %d: timestamps never go back in recording order (rrweb replays in time order)", i)
			}
			payload, err := json.Marshal(events)
			require.NoError(t, err)
			// The collector masks a recording again for playback, after
			// reading it back into raw batches: a frame's new document
			// must not stop it.
			parsed, err := capture.ParseEvents(payload)
			require.NoError(t, err)
			base := parsed[0].Timestamp
			_, err = capture.EncodeEvents(parsed, base)
			assert.NoError(t, err, "the events read back for playback masking")
			b.do(t, chromedp.Navigate(s.URL+"/replay/replay.html"))
			b.waitFor(t, `typeof window.rrweb === "object" && typeof window.replay === "function"`)
			warned := b.countConsole("[replayer]")
			require.True(t, eval[bool](t, b, `replay(`+string(payload)+`)`))
			// Give a frame that loads a URL instead of keeping the recorded
			// document the time to do so, and the console time to report.
			time.Sleep(500 * time.Millisecond)
			replayed := eval[frameDescription](t, b, `(`+describeFramesJS+`)(window.replayedDocument)`)
			assert.Equal(t, warned, b.countConsole("[replayer]"), "rrweb's Replayer warned about the events")

			assert.Equal(t, original.Elements, replayed.Elements, "elements (depth and tag), frames included")
			want := original.Texts
			if c.masking {
				want = nil
				for _, text := range original.Texts {
					want = append(want, maskedLike(text))
				}
			}
			assert.Equal(t, want, replayed.Texts, "page text")
		})
	}
}

func countLines(lines []string, suffix string) int {
	n := 0
	for _, l := range lines {
		if strings.HasSuffix(l, " "+suffix) {
			n++
		}
	}
	return n
}
