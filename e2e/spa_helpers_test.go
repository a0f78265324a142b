//go:build !js

package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

const esbuildBin = "../js-shim/node_modules/.bin/esbuild"

// npmTarball is the package `make npm-pack` wrote to dist/.
func npmTarball(t *testing.T) string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(distDir, "veil-replay-recorder-*.tgz"))
	require.NoError(t, err)
	require.Len(t, found, 1, "dist/ must hold exactly one veil-replay-recorder-*.tgz: run make npm-pack first")
	abs, err := filepath.Abs(found[0])
	require.NoError(t, err)
	return abs
}

// buildSPA copies e2e/testdata/spa to a temporary directory, installs React
// from npm and Veil from the packed tarball there, and bundles the app's
// entries (src/main.jsx, src/loose.jsx) with the shim's esbuild into build/.
func buildSPA(t *testing.T) string {
	t.Helper()
	tarball := npmTarball(t)
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("testdata/spa")))
	for _, junk := range []string{"node_modules", "build", "package-lock.json"} {
		require.NoError(t, os.RemoveAll(filepath.Join(dir, junk)))
	}
	runIn(t, dir, "npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--prefer-offline", tarball)
	esbuild, err := filepath.Abs(esbuildBin)
	require.NoError(t, err)
	runIn(t, dir, esbuild, "src/main.jsx", "src/loose.jsx", "--bundle", "--minify", "--format=esm", "--jsx=automatic",
		"--target=es2020", `--define:process.env.NODE_ENV="production"`, "--outdir=build", "--log-level=warning")
	return dir
}

// runIn runs a command in dir within a minute, failing the test with its output.
func runIn(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	return string(out)
}

// seen is one request a server got, its body decompressed when gzip.
type seen struct {
	Method, URL string
	Header      http.Header
	Body        []byte
}

// String is everything of the request a secret could hide in.
func (r seen) String() string {
	var b strings.Builder
	b.WriteString(r.Method + " " + r.URL + "\n")
	r.Header.Write(&b)
	b.Write(r.Body)
	return b.String()
}

// requestLog wraps a handler and keeps every request it serves.
type requestLog struct {
	mu   sync.Mutex
	all  []seen
	next http.Handler
}

// testClient marks the test's own API calls, which are not browser traffic.
const testClient = "Veil-Test-Client"

func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get(testClient) != "" {
		l.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	plain := body
	if len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err == nil {
			plain, err = io.ReadAll(zr)
		}
		if err != nil {
			plain = []byte("undecodable body: " + err.Error())
		}
	}
	l.mu.Lock()
	l.all = append(l.all, seen{Method: r.Method, URL: r.URL.String(), Header: r.Header.Clone(), Body: plain})
	l.mu.Unlock()
	r.Body = io.NopCloser(bytes.NewReader(body))
	l.next.ServeHTTP(w, r)
}

func (l *requestLog) requests() []seen {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]seen(nil), l.all...)
}

// ingests returns the batches posted to the ingest endpoint.
func (l *requestLog) ingests() []seen {
	var out []seen
	for _, r := range l.requests() {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL, server.IngestPath) {
			out = append(out, r)
		}
	}
	return out
}

// collector is a real collector (package server, as `veil serve` runs it)
// on 127.0.0.1 behind a requestLog, with an admin and a replay-unmasked token.
type collector struct {
	*httptest.Server
	log             *requestLog
	admin, unmasked string
}

func startCollector(t *testing.T) *collector {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "veil.db"))
	require.NoError(t, err)
	line, err := keys.NewLine("spa")
	require.NoError(t, err)
	ring, err := keys.Parse(line)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := server.New(ctx, server.Options{Store: st, Keys: ring})
	require.NoError(t, err)
	go srv.Run(ctx)
	c := &collector{log: &requestLog{next: srv.Handler()}}
	c.Server = httptest.NewServer(c.log)
	t.Cleanup(func() { c.Close(); cancel(); st.Close() })
	c.admin, _, err = server.CreateToken(ctx, st, "e2e", auth.Admin, []string{"*"}, "spa test", time.Now())
	require.NoError(t, err)
	c.unmasked, _, err = server.CreateToken(ctx, st, "e2e", auth.ReplayUnmasked, []string{"*"}, "spa test", time.Now())
	require.NoError(t, err)
	return c
}

// api calls the collector's API with a bearer token (not logged as
// browser traffic).
func (c *collector) api(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, c.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set(testClient, "api")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// storedEvents returns the capture-level events the collector stored for
// the application's only session.
func (c *collector) storedEvents(t *testing.T, app string) []rrEvent {
	t.Helper()
	code, body := c.api(t, "GET", "/api/sessions?app="+app, c.admin, "")
	require.Equal(t, http.StatusOK, code, body)
	var list []struct{ ID string }
	require.NoError(t, json.Unmarshal([]byte(body), &list))
	require.Len(t, list, 1, "one session: %s", body)
	code, body = c.api(t, "GET", "/api/sessions/"+list[0].ID+"/events?unmasked=1", c.unmasked, "")
	require.Equal(t, http.StatusOK, code, body)
	var events []rrEvent
	require.NoError(t, json.Unmarshal([]byte(body), &events), "%.300s", body)
	return events
}
