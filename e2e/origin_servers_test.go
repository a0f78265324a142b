//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// originSetup is three loopback origins: a page, the recorder's files
// served by `veil serve --static dist` (the real static handler, with its
// CORS and CORP headers), and a collector that serves the configuration and
// keeps every body. Ports differ, so the three are different origins.
type originSetup struct {
	page      *httptest.Server
	assets    *httptest.Server
	collector *site

	mu        sync.Mutex
	html      string            // the page, with {{ASSETS}} and {{COLLECTOR}} filled in
	csp       string            // the page's Content-Security-Policy, if any
	overrides map[string][]byte // recorder files served in place of dist's
	requested []string          // request URIs the assets origin got
}

const originPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Order ORIGIN-SECRET-TITLE-5120</title></head>
<body>
<h1>Order of ORIGIN-SECRET-NAME-8841</h1>
<input id="note" type="text" value="ORIGIN-SECRET-VALUE-3306">
<script src="{{ASSETS}}/veil/veil.js" {{INTEGRITY}} data-config="{{COLLECTOR}}/veil/config.json"></script>
</body></html>`

func newOriginSetup(t *testing.T) *originSetup {
	t.Helper()
	for _, f := range []string{"veil.js", "veil-worker.js", "veil.wasm", "wasm_exec.js", "veil.sri.json"} {
		if _, err := os.Stat(filepath.Join(distDir, f)); err != nil {
			t.Fatalf("dist/%s is missing: run make build first (%v)", f, err)
		}
	}
	o := &originSetup{overrides: map[string][]byte{}}

	// The collector: configuration and ingest, open to any origin as a
	// collector's allowedOrigins would make them.
	o.collector = &site{}
	cmux := http.NewServeMux()
	cmux.HandleFunc("/veil/config.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"application": "e2e", "endpoint": "`+o.collector.URL+collectPath+`", "recording": {"mode": "mask-all"}}`)
	})
	cmux.HandleFunc(collectPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		collectAny(o.collector, w, r)
	})
	o.collector.Server = httptest.NewServer(cmux)
	t.Cleanup(o.collector.Close)

	// The assets: veil serve --static dist, with files replaced on demand.
	st, err := store.Open(filepath.Join(t.TempDir(), "veil.db"))
	require.NoError(t, err)
	line, err := keys.NewLine("e2e")
	require.NoError(t, err)
	ring, err := keys.Parse(line)
	require.NoError(t, err)
	srv, err := server.New(context.Background(), server.Options{Store: st, Keys: ring, Static: distDir, Log: log.New(io.Discard, "", 0)})
	require.NoError(t, err)
	real := srv.Handler()
	o.assets = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.requested = append(o.requested, r.URL.RequestURI())
		body, replaced := o.overrides[r.URL.Path]
		o.mu.Unlock()
		if r.URL.Path == "/page.html" {
			o.servePage(w) // the same-origin case: page and recorder on one origin
			return
		}
		if replaced {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			if strings.HasSuffix(r.URL.Path, ".wasm") {
				w.Header().Set("Content-Type", "application/wasm")
			} else {
				w.Header().Set("Content-Type", "text/javascript")
			}
			w.Write(body)
			return
		}
		real.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { o.assets.Close(); st.Close() })

	o.page = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page.html":
			o.servePage(w)
		case "/veil/veil.js": // for pages that load veil.js here and its engine elsewhere
			http.ServeFile(w, r, filepath.Join(distDir, "veil.js"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(o.page.Close)
	o.html = originPage
	return o
}

func (o *originSetup) servePage(w http.ResponseWriter) {
	o.mu.Lock()
	html, csp := o.html, o.csp
	o.mu.Unlock()
	html = strings.NewReplacer("{{ASSETS}}", o.assets.URL, "{{COLLECTOR}}", o.collector.URL, "{{INTEGRITY}}", "").Replace(html)
	if csp != "" {
		w.Header().Set("Content-Security-Policy", strings.NewReplacer("{{ASSETS}}", o.assets.URL, "{{COLLECTOR}}", o.collector.URL).Replace(csp))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, html)
}

// pinScript makes the page load veil.js with the Subresource Integrity hash
// that make build publishes in dist/veil.sri.json.
func (o *originSetup) pinScript(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(distDir, "veil.sri.json"))
	require.NoError(t, err)
	var sri map[string]any
	require.NoError(t, json.Unmarshal(raw, &sri))
	hash, _ := sri["veil.js"].(string)
	require.True(t, strings.HasPrefix(hash, "sha384-"), "veil.sri.json: %s", raw)
	o.mu.Lock()
	o.html = strings.Replace(originPage, "{{INTEGRITY}}", `integrity="`+hash+`" crossorigin="anonymous"`, 1)
	o.mu.Unlock()
	return hash
}

// replace serves body at path on the assets origin instead of dist's file.
func (o *originSetup) replace(path string, body []byte) {
	o.mu.Lock()
	o.overrides[path] = body
	o.mu.Unlock()
}

func (o *originSetup) requests() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.requested...)
}

// workerURLs records, in the page, the URL of every Worker it starts.
const workerURLs = `window.__workerURLs = [];
(() => {
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(url, opts) { window.__workerURLs.push(String(url)); super(url, opts); }
  };
})();`
