//go:build !js

package e2e

import (
	"encoding/base64"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// rejectingEngine stands in for wasm_exec.js: its veilEngine rejects the
// batches listed in REJECT (1-based write numbers, or "all")
// the way the real engine rejects a batch over a limit: an error that is
// not fatal.
func rejectingEngine(reject string) string {
	return `
const REJECT = ` + reject + `;
let writes = 0;
WebAssembly.instantiateStreaming = async () => ({ instance: {} });
self.Go = class {
  constructor() { this.importObject = {}; }
  run() {
    self.veilEngine = {
      init: () => '',
      write: () => {
        writes++;
        const bad = REJECT === 'all' || REJECT.includes(writes);
        return { events: new Uint8Array(0), count: 0, error: bad ? 'masking: test limit' : '', dead: false };
      },
    };
    return new Promise(() => {});
  }
};
`
}

func snapshotStarts(t *testing.T, b *browser) int {
	t.Helper()
	n := 0
	for _, b64 := range eval[[]string](t, b, `window.__veilTestBatches`) {
		raw, err := base64.StdEncoding.DecodeString(b64)
		require.NoError(t, err)
		r, err := capture.NewReader(raw)
		require.NoError(t, err)
		var op capture.Op
		for r.Next(&op) == nil {
			if op.Kind == capture.OpSnapshotStart {
				n++
			}
		}
	}
	return n
}

// A batch the engine rejects is counted and followed by a fresh full
// snapshot; the session goes on.
func TestEngineRejectedBatchTakesFreshSnapshot(t *testing.T) {
	s := newSite(t, maskAll)
	s.fakeAsset(t, "wasm_exec.js", "text/javascript", rejectingEngine("[1]"))
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestKeepRaw = true;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording" && veil.status().dropped === 1`)
	eval[bool](t, b, `veil.flush().then(() => true)`)
	st := eval[status](t, b, `veil.status()`)
	assert.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	assert.Equal(t, 1, st.Dropped)
	assert.Equal(t, 2, snapshotStarts(t, b), "the first snapshot and the fresh one")
}

// An engine that rejects every fresh snapshot too disagrees with the page
// for good: the recorder fails closed instead of looping.
func TestEngineRejectingEverythingFails(t *testing.T) {
	s := newSite(t, maskAll)
	s.fakeAsset(t, "wasm_exec.js", "text/javascript", rejectingEngine("'all'"))
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestKeepRaw = true;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state === "failed"`)
	st := eval[status](t, b, `veil.status()`)
	assert.Contains(t, st.Reason, "masking: test limit")
	assert.Equal(t, 4, snapshotStarts(t, b), "the first snapshot and three more tries")
	assert.Zero(t, s.Received())
}
