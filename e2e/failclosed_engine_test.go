//go:build !js

package e2e

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeEngine stands in for wasm_exec.js in the worker: it registers a
// veilEngine that starts fine and then dies on its first batch, the way the
// real engine reports a panic.
const fakeEngine = `
WebAssembly.instantiateStreaming = async () => ({ instance: {} });
self.Go = class {
  constructor() { this.importObject = {}; }
  run() {
    self.veilEngine = {
      init: () => '',
      write: () => ({ events: new Uint8Array(0), count: 0, error: 'engine: dead: test panic', dead: true }),
    };
    return new Promise(() => {});
  }
};
`

// crashLater is a worker that starts, then throws on the first batch.
const crashLater = `
self.onmessage = (e) => {
  if (e.data.type === 'init') self.postMessage({ type: 'ready' });
  else setTimeout(() => { throw new Error('test crash after start'); });
};
`

func serveString(contentType, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		io.WriteString(w, body)
	})
}

// Each way the engine can be unable to run: nothing is sent, the state is
// failed with a reason that says why, and the console says so once.
func TestFailClosedEngine(t *testing.T) {
	privacyPage, err := os.ReadFile(filepath.Join(pagesDir, "privacy.html"))
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		setup  func(s *site, b *browser)
		reason string
	}{
		{"WebAssembly blocked by CSP", func(s *site, _ *browser) {
			s.Handle("/pages/privacy.html", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Security-Policy", "script-src 'self'")
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(privacyPage)
			}))
		}, "Content-Security-Policy"},
		{"no WebAssembly", func(_ *site, b *browser) {
			b.beforeLoad(t, "delete globalThis.WebAssembly;")
		}, "WebAssembly is not available"},
		{"corrupt wasm", func(s *site, _ *browser) {
			s.Handle("/veil/veil.wasm", serveString("application/wasm", "\x00asm\x01\x00\x00\x00garbage that is no module"))
		}, "cannot load veil.wasm"},
		{"engine panics", func(s *site, _ *browser) {
			s.fakeAsset(t, "wasm_exec.js", "text/javascript", fakeEngine)
		}, "engine: dead: test panic"},
		{"worker crashes at start", func(s *site, _ *browser) {
			s.fakeAsset(t, "veil-worker.js", "text/javascript", "throw new Error('test crash');")
		}, "worker:"},
		{"worker crashes while recording", func(s *site, _ *browser) {
			s.fakeAsset(t, "veil-worker.js", "text/javascript", crashLater)
		}, "test crash after start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, maskAll)
			b := newBrowser(t)
			tc.setup(s, b)
			b.do(t, chromedp.Navigate(s.URL+"/pages/privacy.html"))
			b.waitFor(t, `window.veil && veil.status().state === "failed"`)
			// A recorder that wrongly went on has time to send something.
			eval[bool](t, b, `(() => {
				document.getElementById("later").textContent = "ADDED-SECRET-3307";
				return veil.flush().then(() => new Promise(r => setTimeout(() => r(true), 1000)));
			})()`)
			st := eval[status](t, b, `veil.status()`)
			assert.Equal(t, "failed", st.State)
			assert.Contains(t, st.Reason, tc.reason)
			assert.Zero(t, s.Received(), "requests to the collector")
			assert.Equal(t, 1, b.countConsole("veil: recording stopped"), "one console warning")
			time.Sleep(100 * time.Millisecond)
			assert.Zero(t, s.Received(), "requests to the collector")
		})
	}
}

// countConsole counts console messages containing s.
func (b *browser) countConsole(s string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, line := range b.console {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}
