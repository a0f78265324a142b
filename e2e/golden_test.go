//go:build !js

package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// testNow is the clock the page's recorder reads during the golden test, so
// that its batches and capture.FromHTML's carry the same times.
const testNow = 1_700_000_000_000

// The browser's snapshot walk and capture.FromHTML must number and describe
// the same page identically, op for op.
func TestSnapshotMatchesFromHTML(t *testing.T) {
	s := newSite(t, maskAll)
	for _, name := range []string{"page-title-mask-all", "radio-checkbox-mask-all", "svg-mask-all"} {
		t.Run(name, func(t *testing.T) {
			page, err := goldenPage(name)
			require.NoError(t, err)
			href := s.URL + "/golden/" + name + "/page.html"
			want, err := capture.FromHTML(bytes.NewReader(page), href, testNow)
			require.NoError(t, err)

			b := newBrowser(t)
			b.beforeLoad(t, "window.__veilTestRawSnapshot = true; window.__veilTestNow = "+strconv.Itoa(testNow)+";")
			b.do(t, chromedp.Navigate(href))
			b.waitFor(t, `Array.isArray(window.__veilTestRaw)`)
			var got [][]byte
			for _, b64 := range eval[[]string](t, b, `window.__veilTestRaw`) {
				raw, err := base64.StdEncoding.DecodeString(b64)
				require.NoError(t, err)
				got = append(got, raw)
			}
			require.NotEmpty(t, got)
			require.Equal(t, ops(t, want), ops(t, got...))
		})
	}
}

// ops decodes batches into one readable line per op, so that a mismatch
// shows where the two walks part.
func ops(t *testing.T, batches ...[]byte) []string {
	t.Helper()
	var out []string
	for _, batch := range batches {
		r, err := capture.NewReader(batch)
		require.NoError(t, err)
		var op capture.Op
		for {
			err := r.Next(&op)
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			out = append(out, fmt.Sprintf("%s t=%d id=%d parent=%d next=%d href=%q size=%dx%d xy=%d,%d node=%+v",
				op.Kind, op.Time, op.ID, op.Parent, op.Next, op.Href, op.Width, op.Height, op.X, op.Y, op.Node))
		}
	}
	return out
}
