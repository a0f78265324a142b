//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// largePageHTML is a page of about 45,000 nodes (about 405,000 JSON tokens):
// more than one batch may carry (capture.SplitLimit), so its snapshot goes
// in parts.
func largePageHTML() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><title>Large</title></head><body><main>`)
	for i := range 5000 {
		fmt.Fprintf(&b, `<div class="row"><span>Row %d</span> <b>total</b><i>%d</i></div>`+"\n", i, i*7)
	}
	b.WriteString(`<p>LAST-ROW-TEXT</p>` + scriptTag + `</main></body></html>`)
	return b.String()
}

// TestLargePageReplaysWhole: a page whose snapshot is cut into parts (each
// sent as a batch of its own) is rebuilt by rrweb's Replayer element for
// element and text for text.
func TestLargePageReplaysWhole(t *testing.T) {
	s := newIframeSite(t, blockListConfig)
	page := largePageHTML()
	s.Handle("/large.html", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page))
	}))
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/large.html"))
	b.waitFor(t, `document.readyState === "complete" && window.veil && veil.status().state === "recording"`)
	eventually(t, "the last row at the collector", func() bool {
		eval[bool](t, b, `veil.flush().then(() => true)`)
		return strings.Contains(s.All(), "LAST-ROW-TEXT")
	})
	original := eval[frameDescription](t, b, `(`+describeFramesJS+`)(document)`)
	require.Greater(t, len(original.Elements), 15000)

	events := eventsInSeqOrder(t, s)
	// The snapshot's parts: batches holding only appended nodes at the
	// snapshot's time, right after it.
	parts := 0
	for _, r := range s.Requests() {
		var batch []rrEvent
		require.NoError(t, json.Unmarshal(r.Body, &batch))
		if len(batch) == 1 && batch[0].Type == evIncremental && strings.Contains(string(batch[0].Data), `"adds":[{`) &&
			len(r.Body) > 100_000 {
			parts++
		}
	}
	assert.Positive(t, parts, "the snapshot was sent in parts")
	t.Logf("%d parts, %d elements", parts, len(original.Elements))

	payload, err := json.Marshal(events)
	require.NoError(t, err)
	b.do(t, chromedp.Navigate(s.URL+"/replay/replay.html"))
	b.waitFor(t, `typeof window.rrweb === "object" && typeof window.replay === "function"`)
	warned := b.countConsole("[replayer]")
	require.True(t, eval[bool](t, b, `replay(`+string(payload)+`)`))
	replayed := eval[frameDescription](t, b, `(`+describeFramesJS+`)(window.replayedDocument)`)
	assert.Equal(t, warned, b.countConsole("[replayer]"), "rrweb's Replayer warned about the events")
	assert.Equal(t, len(original.Elements), len(replayed.Elements))
	assert.Equal(t, original.Elements, replayed.Elements, "elements (depth and tag)")
	assert.Equal(t, original.Texts, replayed.Texts, "page text")
}
