//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// silentWorker starts, then never answers again: an engine that hangs on a
// batch, or a worker the browser stopped without an error event.
const silentWorker = `
self.onmessage = (e) => {
  if (e.data.type === 'init') self.postMessage({ type: 'ready' });
};
`

// TestEngineSilentFailsClosed: a worker that stops answering left the
// recorder "recording" for ever, nothing sent and no reason given, and
// veil.flush() never settled. Once the engine owes an answer for the
// timeout, recording fails with a reason that says so, once on the
// console, and still nothing reaches the collector.
func TestEngineSilentFailsClosed(t *testing.T) {
	s := newSite(t, maskAll)
	s.fakeAsset(t, "veil-worker.js", "text/javascript", silentWorker)
	b := newBrowser(t)
	b.beforeLoad(t, `window.__veilTestEngineTimeoutMs = 1500;`)
	b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
	b.waitFor(t, `window.veil && veil.status().state !== "loading"`)
	eval[bool](t, b, `(document.getElementById("later").textContent = "ADDED-SECRET-4410", veil.flush(), true)`)
	var st status
	deadline := time.Now().Add(8 * time.Second)
	for time.Now().Before(deadline) {
		if st = eval[status](t, b, `veil.status()`); st.State == "failed" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	require.Equal(t, "failed", st.State, "a silent engine must stop the recording and say why")
	assert.Contains(t, st.Reason, "no answer")
	assert.True(t, eval[bool](t, b, `Promise.race([veil.flush().then(() => true), new Promise((r) => setTimeout(() => r(false), 2000))])`),
		"veil.flush() settles once the recording failed")
	assert.Equal(t, 1, b.countConsole("veil: recording stopped"), "one console warning")
	assert.Zero(t, s.Received(), "requests to the collector")
}
