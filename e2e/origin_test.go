//go:build !js

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// originSecrets are on the origin test page; none may reach the collector.
var originSecrets = []string{"ORIGIN-SECRET-TITLE-5120", "ORIGIN-SECRET-NAME-8841", "ORIGIN-SECRET-VALUE-3306", "SECRET-TYPED-7152"}

// recordsFromOrigin loads the page and checks that it records, masked,
// into the collector on the third origin.
func recordsFromOrigin(t *testing.T, o *originSetup, pageURL string) *browser {
	t.Helper()
	b := newBrowser(t)
	b.beforeLoad(t, workerURLs)
	b.do(t, chromedp.Navigate(pageURL))
	b.waitFor(t, `window.veil && ["recording", "failed"].includes(veil.status().state)`)
	st := eval[status](t, b, `veil.status()`)
	require.Equal(t, "recording", st.State, "reason: %s", st.Reason)
	b.do(t, chromedp.SendKeys("#note", "SECRET-TYPED-7152"))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	all := o.collector.All()
	require.Contains(t, all, `"type":2`, "a full snapshot reached the collector")
	for _, secret := range originSecrets {
		assert.NotContains(t, all, secret)
	}
	return b
}

// veil.js, its worker and engine on a second origin (veil serve --static),
// the collector on a third: the worker starts from a blob: URL, every file
// is fetched with the build's version, and the page records.
func TestOriginScriptFromAnotherOriginRecords(t *testing.T) {
	o := newOriginSetup(t)
	b := recordsFromOrigin(t, o, o.page.URL+"/page.html")
	urls := eval[[]string](t, b, `window.__workerURLs`)
	require.Len(t, urls, 1)
	assert.True(t, strings.HasPrefix(urls[0], "blob:"+o.page.URL+"/"), "worker started from a same-origin blob: URL, got %s", urls[0])

	sri, err := os.ReadFile(filepath.Join(distDir, "veil.sri.json"))
	require.NoError(t, err)
	got := strings.Join(o.requests(), "\n")
	for _, f := range []string{"veil-worker.js", "wasm_exec.js", "veil.wasm"} {
		assert.Regexp(t, `/veil/`+f+`\?v=[0-9a-f]{12}\n?`, got, "the engine's files are asked for by version")
	}
	version := strings.SplitN(strings.SplitN(got, "veil.wasm?v=", 2)[1], "\n", 2)[0]
	assert.Contains(t, string(sri), `"version": "`+version+`"`, "the version is the build's")
}

// On the page's own origin the worker starts from its URL: no blob:, so
// no CSP change is needed there.
func TestOriginSameOriginStartsWorkerFromURL(t *testing.T) {
	o := newOriginSetup(t)
	b := recordsFromOrigin(t, o, o.assets.URL+"/page.html")
	urls := eval[[]string](t, b, `window.__workerURLs`)
	require.Len(t, urls, 1)
	assert.True(t, strings.HasPrefix(urls[0], o.assets.URL+"/veil/veil-worker.js?v="), "got %s", urls[0])
}

// veil.js on the page's origin, its engine elsewhere (data-assets names the
// folder, here without its trailing slash): the engine is fetched from
// there and started from a blob: URL.
func TestOriginAssetsFolderOption(t *testing.T) {
	o := newOriginSetup(t)
	o.html = strings.Replace(originPage, `src="{{ASSETS}}/veil/veil.js"`, `src="/veil/veil.js" data-assets="{{ASSETS}}/veil"`, 1)
	b := recordsFromOrigin(t, o, o.page.URL+"/page.html")
	urls := eval[[]string](t, b, `window.__workerURLs`)
	require.Len(t, urls, 1)
	assert.True(t, strings.HasPrefix(urls[0], "blob:"), "got %s", urls[0])
	assert.Regexp(t, `/veil/veil\.wasm\?v=`, strings.Join(o.requests(), "\n"), "the engine came from the assets origin")
}

// A CSP that allows what docs/any-origin.md lists, and veil.js pinned by
// its published Subresource Integrity hash: the page records.
func TestOriginWithAllowingCSPAndSRIRecords(t *testing.T) {
	o := newOriginSetup(t)
	o.pinScript(t)
	o.csp = "default-src 'self'; script-src 'self' {{ASSETS}} 'wasm-unsafe-eval'; worker-src 'self' blob:; " +
		"connect-src 'self' {{ASSETS}} {{COLLECTOR}}"
	recordsFromOrigin(t, o, o.page.URL+"/page.html")
}

// failsClosed loads the page and checks that recording failed with reason
// in status().reason and that the collector got nothing at all.
func failsClosed(t *testing.T, o *originSetup, pageURL, reason string) status {
	t.Helper()
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(pageURL))
	b.waitFor(t, `window.veil && veil.status().state === "failed"`)
	eval[bool](t, b, `(() => {
		document.querySelector("h1").textContent = "ORIGIN-SECRET-NAME-8841 again";
		return veil.flush().then(() => new Promise(r => setTimeout(() => r(true), 1200)));
	})()`)
	st := eval[status](t, b, `veil.status()`)
	t.Logf("status().reason: %s", st.Reason)
	assert.Equal(t, "failed", st.State)
	assert.Contains(t, st.Reason, reason)
	assert.Zero(t, o.collector.Received(), "requests to the collector")
	assert.Equal(t, 1, b.countConsole("veil: recording stopped"), "one console warning")
	return st
}

// A CSP that allows the script but not a blob: worker: nothing is sent, and
// the reason says what the CSP lacks.
func TestOriginCSPForbiddingBlobWorkerFailsClosed(t *testing.T) {
	o := newOriginSetup(t)
	o.csp = "default-src 'self'; script-src 'self' {{ASSETS}} 'wasm-unsafe-eval'; worker-src 'self'; " +
		"connect-src 'self' {{ASSETS}} {{COLLECTOR}}"
	failsClosed(t, o, o.page.URL+"/page.html", "worker-src blob:")
}

// A CSP whose connect-src leaves out the recorder's origin: the engine's
// files cannot be fetched, nothing is sent.
func TestOriginCSPForbiddingFetchFailsClosed(t *testing.T) {
	o := newOriginSetup(t)
	o.csp = "default-src 'self'; script-src 'self' {{ASSETS}} 'wasm-unsafe-eval'; worker-src blob:; " +
		"connect-src 'self' {{COLLECTOR}}"
	failsClosed(t, o, o.page.URL+"/page.html", "connect-src")
}

// An engine, worker or wasm_exec.js other than the build's fails closed,
// from another origin and from the page's own.
func TestOriginTamperedEngineFailsClosed(t *testing.T) {
	wasm, err := os.ReadFile(filepath.Join(distDir, "veil.wasm"))
	require.NoError(t, err)
	tampered := append([]byte(nil), wasm...)
	tampered[len(tampered)-1] ^= 1 // still a module a browser compiles: only the hash tells
	worker, err := os.ReadFile(filepath.Join(distDir, "veil-worker.js"))
	require.NoError(t, err)
	for _, tc := range []struct {
		name, path string
		body       []byte
		sameOrigin bool
		reason     string
	}{
		{"wasm cross-origin", "/veil/veil.wasm", tampered, false, "veil.wasm?v="},
		{"wasm same-origin", "/veil/veil.wasm", tampered, true, "veil.wasm?v="},
		{"worker cross-origin", "/veil/veil-worker.js", append([]byte("self.x=1;"), worker...), false, "veil-worker.js?v="},
		{"wasm_exec.js same-origin", "/veil/wasm_exec.js", []byte("self.Go = class {};"), true, "wasm_exec.js?v="},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newOriginSetup(t)
			o.replace(tc.path, tc.body)
			page := o.page.URL + "/page.html"
			if tc.sameOrigin {
				page = o.assets.URL + "/page.html"
			}
			st := failsClosed(t, o, page, tc.reason)
			assert.Contains(t, st.Reason, "does not match the SHA-256 built into veil.js")
		})
	}
}
