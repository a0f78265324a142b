package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// clock is an injectable time for gap and retention tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const testKeyLine = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

type env struct {
	t      testing.TB
	srv    *Server
	ts     *httptest.Server
	st     store.Store
	db     string
	clock  *clock
	admin  string
	keyTxt string
}

// newEnv starts a collector on 127.0.0.1 with a fresh database, an admin
// token, and the application "shop" (mask-all recording rules).
func newEnv(t testing.TB, mod ...func(*Options)) *env {
	t.Helper()
	return newEnvAt(t, filepath.Join(t.TempDir(), "veil.db"), testKeyLine, mod...)
}

func newEnvAt(t testing.TB, db, keyTxt string, mod ...func(*Options)) *env {
	t.Helper()
	st, err := store.Open(db)
	require.NoError(t, err)
	return newEnvOn(t, st, db, keyTxt, mod...)
}

// newEnvOn is newEnv on an open store (db names it), closed when t ends.
func newEnvOn(t testing.TB, st store.Store, db, keyTxt string, mod ...func(*Options)) *env {
	t.Helper()
	ring, err := keys.Parse(keyTxt)
	require.NoError(t, err)
	c := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	opt := Options{Store: st, Keys: ring, Now: c.Now, Log: testLogger(t)}
	for _, m := range mod {
		m(&opt)
	}
	srv, err := New(context.Background(), opt)
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	e := &env{t: t, srv: srv, ts: ts, st: st, db: db, clock: c, keyTxt: keyTxt}
	t.Cleanup(func() { ts.Close(); st.Close() })
	secret, _, err := CreateToken(context.Background(), st, "test", auth.Admin, []string{"*"}, "", c.Now())
	require.NoError(t, err)
	e.admin = secret
	if _, ok := srv.apps["shop"]; !ok {
		e.putSettings("shop", shopSettings)
	}
	return e
}

const shopSettings = `{"recorder":{"application":"shop","endpoint":"/veil/ingest"},
	"allowedOrigins":["https://shop.example"]}`

func (e *env) token(role auth.Role, apps ...string) string {
	e.t.Helper()
	secret, _, err := CreateToken(context.Background(), e.st, "test", role, apps, "", e.clock.Now())
	require.NoError(e.t, err)
	return secret
}

func (e *env) putSettings(app, doc string) {
	e.t.Helper()
	code, body := e.do("PUT", "/api/apps/"+app+"/settings", e.admin, doc)
	require.Equal(e.t, 200, code, body)
}

// do sends an API request and returns the status and body.
func (e *env) do(method, path, token, body string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	require.NoError(e.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return resp.StatusCode, string(b)
}

// send posts one batch body as a recorder does.
func (e *env) send(query string, body []byte, origin string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.ts.URL+IngestPath+"?"+query, bytes.NewReader(body))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "text/plain")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (e *env) sendBatch(app, session string, seq int, events []capture.Event) {
	e.t.Helper()
	code, body := e.send(q(app, session, seq), gz(capture.AppendEvents(nil, events)), "https://shop.example")
	require.Equal(e.t, 204, code, body)
}

func q(app, session string, seq int) string {
	return "app=" + app + "&session=" + session + "&" + SecretParam + "=" + secretOf(session) + "&seq=" + strconv.Itoa(seq)
}

// secretOf is the session secret the test recorder of session holds.
func secretOf(session string) string { return ("secret-of-" + session)[:min(64, 10+len(session))] }

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func testLogger(t testing.TB) *log.Logger { return log.New(testWriter{t}, "", 0) }

// The site's linked style sheet (inlined by the recorder as _cssText)
// names its ids and classes: under mask-all, Veil keeps only the tokens a
// linked sheet or a rule names (the others become placeholders, keyed per
// session), and these tests find nodes by id.
const page = `<!DOCTYPE html><html><head><title>Order of Jane Roe</title>` +
	`<link rel="stylesheet" href="/site.css" _cssText="#box, #msg, #email, .cart-zq9x-secretclass, .added-zq9x {}"></head><body>
<div id="box" class="cart-zq9x-secretclass"><p id="msg">Jane Roe ordered twice</p>
<input id="email" name="email" value="jane@roe.example"></div></body></html>`

const t0 = int64(1772366400000)

// record makes a realistic recording of page as the browser engine would
// send it under recording rules r: a snapshot, then batches of mutations on
// nodes of earlier batches, input and pointer events.
func record(t testing.TB, r rules.Rules) [][]capture.Event {
	t.Helper()
	set, err := rules.Compile(r)
	require.NoError(t, err)
	sess := masking.NewSession(set)
	sess.SetConsent("granted", "optIn")
	raw, err := capture.FromHTML(strings.NewReader(page), "https://shop.example/cart?token=s3cr3t", t0)
	require.NoError(t, err)
	first, err := sess.Write(raw)
	require.NoError(t, err)
	var snap *capture.SNode
	for _, e := range first {
		if d, ok := e.Data.(capture.FullSnapshotData); ok {
			snap = d.Node
		}
	}
	require.NotNil(t, snap)
	box, msg, email := byID(snap, "box"), byID(snap, "msg"), byID(snap, "email")
	require.NotNil(t, box)
	out := [][]capture.Event{first}
	step := func(f func(w *capture.Writer, at int64)) {
		at := t0 + int64(len(out))*100
		w := capture.NewWriter(at)
		f(w, at)
		evs, err := sess.Write(w.Bytes())
		require.NoError(t, err)
		require.NotEmpty(t, evs)
		out = append(out, evs)
	}
	step(func(w *capture.Writer, at int64) {
		w.Text(msg.ChildNodes[0].ID, "Hello again Jane Roe")
		w.MutationEnd(at)
	})
	step(func(w *capture.Writer, at int64) {
		w.Node(1000, box.ID, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "span",
			Attrs: []html.Attribute{{Key: "class", Val: "added-zq9x"}, {Key: "title", Val: "Jane's basket"}}})
		w.Node(1001, 1000, 0, &capture.NodeData{Kind: capture.KindText, Data: "3 items for Jane"})
		w.MutationEnd(at)
	})
	step(func(w *capture.Writer, at int64) {
		w.Input(at, email.ID, "jane.roe@mail.example", false)
		w.Mouse(at+1, capture.Click, email.ID, 10, 20, 0)
	})
	step(func(w *capture.Writer, at int64) {
		w.Remove(1000)
		w.MutationEnd(at)
	})
	return out
}

func byID(n *capture.SNode, id string) *capture.SNode {
	if n == nil {
		return nil
	}
	for _, a := range n.Attributes {
		if a.Name == "id" && a.Value == id {
			return n
		}
	}
	for _, c := range n.ChildNodes {
		if f := byID(c, id); f != nil {
			return f
		}
	}
	return nil
}

// sid makes a valid session id from a short name.
func sid(name string) string { return name + strings.Repeat("x", max(0, 16-len(name))) }

func newRequest(method, url, origin string) (*http.Request, error) {
	r, err := http.NewRequest(method, url, nil)
	if err == nil && origin != "" {
		r.Header.Set("Origin", origin)
	}
	return r, err
}
