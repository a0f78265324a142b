//go:build !js

package e2e

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const rrwebDist = "../js-shim/node_modules/rrweb/dist"

// newPagesSite is newSite with more to serve: the pages under
// e2e/testdata/{matrix,fidelity,bench}, rrweb's prebuilt UMD bundle at
// /rrweb/rrweb.js (with its CSS), and golden pages whose script tag uses
// absolute URLs at /abs/NAME/page.html, so that a page with a <base> element
// still loads the recorder from this server.
func newPagesSite(t *testing.T, config string) *site {
	t.Helper()
	for _, f := range []string{"veil.js", "veil-worker.js", "veil.wasm", "wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(distDir, f)); err != nil {
			t.Fatalf("dist/%s is missing: run make build first (%v)", f, err)
		}
	}
	s := &site{config: config}
	mux := http.NewServeMux()
	mux.HandleFunc("/veil/config.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, s.config)
	})
	mux.HandleFunc(collectPath, func(w http.ResponseWriter, r *http.Request) { collectAny(s, w, r) })
	mux.Handle("/veil/", http.StripPrefix("/veil/", http.FileServer(http.Dir(distDir))))
	for _, dir := range []string{"matrix", "fidelity", "bench"} {
		mux.Handle("/"+dir+"/", http.StripPrefix("/"+dir+"/", http.FileServer(http.Dir(filepath.Join("testdata", dir)))))
	}
	// The .cjs suffix would get no JavaScript MIME type from FileServer.
	mux.HandleFunc("/rrweb/rrweb.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, filepath.Join(rrwebDist, "rrweb.umd.min.cjs"))
	})
	mux.HandleFunc("/rrweb/style.css", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(rrwebDist, "style.css"))
	})
	mux.HandleFunc("/abs/{name}/page.html", func(w http.ResponseWriter, r *http.Request) {
		page, err := absGoldenPage(r.PathValue("name"), "http://"+r.Host)
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// absGoldenPage is goldenPage with the recorder's URLs made absolute.
func absGoldenPage(name, origin string) ([]byte, error) {
	page, err := goldenPage(name)
	if err != nil {
		return nil, err
	}
	abs := strings.NewReplacer(`src="/veil/`, `src="`+origin+`/veil/`, `data-config="/veil/`, `data-config="`+origin+`/veil/`).Replace(scriptTag)
	return bytes.Replace(page, []byte(scriptTag), []byte(abs), 1), nil
}

// collectAny keeps a body as site.collect does, but recognises gzip by its
// magic bytes rather than by a Content-Encoding header: beacons and
// CORS-safelisted requests cannot carry that header, and a compressed body
// kept as is would hide any secret from the assertions.
func collectAny(s *site, w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err == nil && len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b {
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(body)); err == nil {
			body, err = io.ReadAll(zr)
		}
	}
	if err != nil {
		body = []byte("undecodable body: " + err.Error())
	}
	s.mu.Lock()
	s.received++
	s.bodies = append(s.bodies, body)
	s.requests = append(s.requests, request{Query: r.URL.Query(), Header: r.Header.Clone(), Body: body})
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}
