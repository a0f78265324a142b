//go:build !js

package e2e

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server"
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
	mux    *http.ServeMux

	mu       sync.Mutex
	bodies   [][]byte // decompressed
	received int      // requests to the collector, whatever their body
	requests []request
	answer   func(r request) int // the collector's status code; nil: 204
}

// request is one request the collector got, its body decompressed.
type request struct {
	Query  url.Values
	Header http.Header
	Body   []byte
	Gzip   bool
	Wire   int // the body's size as sent
}

func newSite(t *testing.T, config string) *site {
	t.Helper()
	for _, f := range []string{"veil.js", "veil-worker.js", "veil.wasm", "wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(distDir, f)); err != nil {
			t.Fatalf("dist/%s is missing: run make build first (%v)", f, err)
		}
	}
	mux := http.NewServeMux()
	s := &site{config: config, mux: mux}
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

// collect keeps every body, decompressed when it starts with the gzip magic
// bytes (the protocol has no Content-Encoding: beacons cannot set headers).
func (s *site) collect(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.received++
	s.mu.Unlock()
	body, err := io.ReadAll(r.Body)
	wire := len(body)
	zipped := err == nil && len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b
	if zipped {
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(body)); err == nil {
			body, err = io.ReadAll(zr)
		}
	}
	if err != nil {
		// Keep something that no assertion can mistake for a clean body.
		body = []byte("undecodable body: " + err.Error())
	}
	req := request{Query: r.URL.Query(), Header: r.Header.Clone(), Body: body, Gzip: zipped, Wire: wire}
	s.mu.Lock()
	s.bodies = append(s.bodies, body)
	s.requests = append(s.requests, req)
	answer := s.answer
	s.mu.Unlock()
	code := http.StatusNoContent
	if answer != nil {
		code = answer(req)
	}
	if code == statusSessionFull {
		w.Header().Set(server.SessionFullHeader, "1")
		code = http.StatusRequestEntityTooLarge
	}
	if code >= 400 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, `{"error":"test collector says `+strconv.Itoa(code)+`"}`)
		return
	}
	w.WriteHeader(code)
}

// statusSessionFull, returned by an Answer function, answers as a collector
// does to a batch of a session that takes no more bytes: 413 with
// server.SessionFullHeader.
const statusSessionFull = -413

// Requests returns the requests the collector got so far.
func (s *site) Requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]request(nil), s.requests...)
}

// Answer sets how the collector answers from now on.
func (s *site) Answer(f func(r request) int) {
	s.mu.Lock()
	s.answer = f
	s.mu.Unlock()
}

// Handle serves h at pattern in front of the default routes (a more specific
// pattern wins in http.ServeMux), for tests that replace one file.
func (s *site) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

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

// Sent is All with the site's own port left out of every URL: a leak check
// that looks for a few typed digits must not find them in a random port
// ("3377" in http://127.0.0.1:33771/, a page's href in every meta event).
func (s *site) Sent() string { return s.withoutPort(s.All()) }

func (s *site) withoutPort(text string) string {
	return strings.ReplaceAll(text, s.Listener.Addr().String(), "127.0.0.1:PORT")
}

func TestGoldenPageAddsScriptTag(t *testing.T) {
	page, err := goldenPage("page-title-mask-all")
	require.NoError(t, err)
	require.Contains(t, string(page), scriptTag+"</body>")
	_, err = goldenPage("../go.mod")
	require.Error(t, err)
}
