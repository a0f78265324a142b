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
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	distDir     = "../dist"
	pagesDir    = "testdata/pages"
	goldenDir   = "../testdata"
	collectPath = "/veil/collect"
	scriptTag   = `<script src="/veil/veil.js" data-config="/veil/config.json"></script>`
)

// site is a test web server on 127.0.0.1: the built recorder under /veil/,
// test pages under /pages/, golden pages (with the recorder's script tag
// added before </body>) under /golden/NAME/page.html, one configuration at
// /veil/config.json, and a collector at /veil/collect that keeps every body.
type site struct {
	*httptest.Server
	config string

	mu       sync.Mutex
	bodies   [][]byte // decompressed
	received int      // requests to the collector, whatever their body
}

func newSite(t *testing.T, config string) *site {
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
	mux.HandleFunc(collectPath, s.collect)
	mux.Handle("/veil/", http.StripPrefix("/veil/", http.FileServer(http.Dir(distDir))))
	mux.Handle("/pages/", http.StripPrefix("/pages/", http.FileServer(http.Dir(pagesDir))))
	mux.HandleFunc("/golden/{name}/page.html", func(w http.ResponseWriter, r *http.Request) {
		page, err := goldenPage(r.PathValue("name"))
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

// goldenPage is testdata/NAME/page.html with the recorder's script tag; the
// golden test parses the very same bytes with capture.FromHTML.
func goldenPage(name string) ([]byte, error) {
	if strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return nil, os.ErrNotExist
	}
	page, err := os.ReadFile(filepath.Join(goldenDir, name, "page.html"))
	if err != nil {
		return nil, err
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return nil, os.ErrInvalid
	}
	return bytes.Join([][]byte{page[:i], []byte(scriptTag), page[i:]}, nil), nil
}

func (s *site) collect(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.received++
	s.mu.Unlock()
	body, err := io.ReadAll(r.Body)
	if err == nil && r.Header.Get("Content-Encoding") == "gzip" {
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(body)); err == nil {
			body, err = io.ReadAll(zr)
		}
	}
	if err != nil {
		// Keep something that no assertion can mistake for a clean body.
		body = []byte("undecodable body: " + err.Error())
	}
	s.mu.Lock()
	s.bodies = append(s.bodies, body)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// Bodies returns the decompressed bodies the collector got so far.
func (s *site) Bodies() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.bodies...)
}

// Received counts the requests the collector got so far.
func (s *site) Received() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.received
}

func (s *site) All() string {
	return string(bytes.Join(s.Bodies(), []byte("\n")))
}

func TestGoldenPageAddsScriptTag(t *testing.T) {
	page, err := goldenPage("page-title-mask-all")
	require.NoError(t, err)
	require.Contains(t, string(page), scriptTag+"</body>")
	_, err = goldenPage("../go.mod")
	require.Error(t, err)
}
