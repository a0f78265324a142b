//go:build !js

package e2e

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The JavaScript SHA-256 that plain-HTTP pages use (no crypto.subtle there)
// agrees with the browser's own on every padding boundary and a large input.
func TestOriginSHA256FallbackAgreesWithBrowser(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/src/", http.StripPrefix("/src/", http.FileServer(http.Dir("../js-shim/src"))))
	mux.Handle("/blank.html", serveString("text/html; charset=utf-8", `<!DOCTYPE html><title>sha</title>`))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(srv.URL+"/blank.html"))
	mismatches := eval[[]int](t, b, `import("/src/sha256.js").then(async ({ sha256 }) => {
		const hex = (u8) => Array.from(u8, (x) => x.toString(16).padStart(2, "0")).join("");
		const bad = [];
		const lens = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65537, 3 << 20];
		for (const n of lens) {
			const buf = new Uint8Array(n + 3);
			for (let i = 0; i < buf.length; i += 65536) crypto.getRandomValues(buf.subarray(i, Math.min(i + 65536, buf.length)));
			const bytes = buf.subarray(3); // a view at an offset, as fetched bytes never are
			const want = hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
			if (hex(sha256(bytes)) !== want) bad.push(n);
		}
		return bad;
	})`)
	assert.Empty(t, mismatches, "input lengths whose digests differ")
}

// Without crypto.subtle in the page (as on plain HTTP) the engine's files
// are still checked: an intact set records, a tampered worker fails closed.
func TestOriginPinsCheckedWithoutSubtleCrypto(t *testing.T) {
	const noSubtle = `Object.defineProperty(Crypto.prototype, "subtle", { get() { return undefined; }, configurable: true });`
	o := newOriginSetup(t)
	b := newBrowser(t)
	b.beforeLoad(t, noSubtle)
	b.do(t, chromedp.Navigate(o.page.URL+"/page.html"))
	b.waitFor(t, `window.veil && ["recording", "failed"].includes(veil.status().state)`)
	st := eval[status](t, b, `veil.status()`)
	require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	require.True(t, eval[bool](t, b, `crypto.subtle === undefined`))

	o = newOriginSetup(t)
	o.replace("/veil/veil-worker.js", []byte("self.onmessage = () => self.postMessage({ type: 'ready' });"))
	b = newBrowser(t)
	b.beforeLoad(t, noSubtle)
	b.do(t, chromedp.Navigate(o.page.URL+"/page.html"))
	b.waitFor(t, `window.veil && veil.status().state === "failed"`)
	assert.Contains(t, eval[status](t, b, `veil.status()`).Reason, "does not match the SHA-256 built into veil.js")
	assert.Zero(t, o.collector.Received())
}
