//go:build !js

package e2e

import (
	"encoding/base64"
	"io"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

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
	want := eval[[]string](t, b, deepDumpJS)
	got := deepDumpMirror(m)
	require.Equal(t, strings.Join(want, "\n"), strings.Join(got, "\n"))
}
