package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/internal/pgtest"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const testKeyLine = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

// backends opens an empty store of each kind: the engine behaves the same
// on both.
var backends = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"sqlite", func(t *testing.T) store.Store {
		st, err := store.Open(filepath.Join(t.TempDir(), "veil.db"))
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		return st
	}},
	{"postgres", func(t *testing.T) store.Store {
		st, err := store.OpenDSN(pgtest.Start(t))
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		return st
	}},
}

// clock is an injectable time for gap tests.
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

// counts is an Observer that counts.
type counts struct {
	stored, dropped, gaps, remasked, pii, rebuilds, rebuilt atomic.Int64
}

func (c *counts) BatchStored(int)    { c.stored.Add(1) }
func (c *counts) BatchDropped()      { c.dropped.Add(1) }
func (c *counts) Gap(n int)          { c.gaps.Add(int64(n)) }
func (c *counts) Remasked(n int)     { c.remasked.Add(int64(n)) }
func (c *counts) PII(n int)          { c.pii.Add(int64(n)) }
func (c *counts) Rebuilt(n int)      { c.rebuilds.Add(1); c.rebuilt.Add(int64(n)) }
func (c *counts) rebuildsSoFar() int { return int(c.rebuilds.Load()) }

// collector is one Engine on a shared store, as one `veil serve` holds.
type collector struct {
	t    *testing.T
	e    *Engine
	obs  *counts
	ring *keys.Keyring
	st   store.Store
}

// newCollector starts an engine on st with mask-all recording rules for
// application "shop" (set, when given, replaces them).
func newCollector(t *testing.T, st store.Store, c *clock, mod ...func(*Config)) *collector {
	t.Helper()
	ring, err := keys.Parse(testKeyLine)
	require.NoError(t, err)
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	obs := &counts{}
	cfg := Config{Store: st, Keys: ring, Now: c.Now, Log: log.New(testWriter{t}, "", 0), Observer: obs,
		Rules: func(app string) *rules.Set {
			if app == "shop" || app == "other" {
				return set
			}
			return nil
		},
		Decode: func(_ context.Context, wire []byte) (Parsed, func(), error) {
			p, err := ParseBatch(gunzip(t, wire))
			return p, func() {}, err
		}}
	for _, m := range mod {
		m(&cfg)
	}
	return &collector{t: t, e: New(cfg), obs: obs, ring: ring, st: st}
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

// send gives the collector batch seq of session id of "shop", sent as JSON
// with the session's secret, and returns the result.
func (c *collector) send(id string, seq int, events []capture.Event) Result {
	c.t.Helper()
	return c.sendAs("shop", id, "secret-of-"+id, seq, events)
}

func (c *collector) sendAs(app, id, secret string, seq int, events []capture.Event) Result {
	c.t.Helper()
	res, err := c.trySend(app, id, secret, seq, events)
	require.NoError(c.t, err)
	return res
}

// trySend is send for any goroutine: it reports an error instead of
// failing the test.
func (c *collector) trySend(app, id, secret string, seq int, events []capture.Event) (Result, error) {
	wire := capture.AppendEvents(nil, events)
	p, err := ParseBatch(wire)
	if err != nil {
		return Result{}, err
	}
	return c.e.Accept(context.Background(), Batch{App: app, Session: id, Seq: seq, SecretHash: []byte(secret),
		Wire: wire, Parsed: p})
}

// accept sends and requires Accepted.
func (c *collector) accept(id string, seq int, events []capture.Event) {
	c.t.Helper()
	res := c.send(id, seq, events)
	require.Equal(c.t, Accepted, res.Outcome, "seq %d: %s", seq, res.Msg)
}

// storedText returns the stored batches of session id, opened, by seq.
func storedText(t *testing.T, st store.Store, id string) map[int]string {
	t.Helper()
	ring, err := keys.Parse(testKeyLine)
	require.NoError(t, err)
	ctx := context.Background()
	a, ok, err := st.SessionAccess(ctx, id)
	require.NoError(t, err)
	require.True(t, ok)
	dk, err := ring.UnwrapDataKey(id, a.DataKey)
	require.NoError(t, err)
	bs, err := st.StoredBatches(ctx, id)
	require.NoError(t, err)
	out := map[int]string{}
	for _, b := range bs {
		sealed, err := dk.Open(b.Data, AssociatedData(id, b.Seq, b.State))
		require.NoError(t, err)
		plain, err := StoredEvents(sealed, 1<<30)
		require.NoError(t, err)
		out[b.Seq] = string(plain)
	}
	return out
}

func sessionRow(t *testing.T, st store.Store, id string) store.Session {
	t.Helper()
	s, ok, err := st.Session(context.Background(), id)
	require.NoError(t, err)
	require.True(t, ok)
	return s
}

func gunzip(t *testing.T, b []byte) []byte {
	if !bytes.HasPrefix(b, gzipMagic) {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	out, err := io.ReadAll(zr)
	require.NoError(t, err)
	return out
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// The pages' style sheet names their ids and classes: under mask-all, Veil
// keeps only the tokens a style sheet or a rule names (the others become
// placeholders, keyed per session), and these tests find nodes by id and
// compare what collectors store byte for byte.
const page = `<!DOCTYPE html><html><head><title>Order of Jane Roe</title>` + pageStyle + `</head><body>
<div id="box" class="cart-zq9x-secretclass"><p id="msg">Jane Roe ordered twice</p>
<input id="email" name="email" value="jane@roe.example"></div></body></html>`

const page2 = `<!DOCTYPE html><html><head>` + pageStyle + `</head><body><main id="main" class="account-zq9x"><h1 id="hi">Account of Jane Roe</h1>
<p id="note">Card ending 4242</p></main></body></html>`

const pageStyle = `<link rel="stylesheet" href="/site.css" _cssText="#box, #msg, #email, .cart-zq9x-secretclass, .added-zq9x, #main, #hi, #note, .account-zq9x {}">`

const t0 = int64(1772366400000)

// record makes a recording as a browser engine under mode would send it:
// a snapshot; batches of text, node, input and removal mutations; then a
// second page (a new full snapshot, seq 5) and a mutation on it (seq 6).
func record(t testing.TB, mode rules.Mode) [][]capture.Event {
	t.Helper()
	set, err := rules.Compile(rules.Rules{Mode: mode})
	require.NoError(t, err)
	sess := masking.NewSession(set)
	sess.SetConsent("granted", "optIn")
	var out [][]capture.Event
	write := func(raw []byte) []capture.Event {
		evs, err := sess.Write(raw)
		require.NoError(t, err)
		require.NotEmpty(t, evs)
		out = append(out, evs)
		return evs
	}
	snapshot := func(doc, href string) *capture.SNode {
		raw, err := capture.FromHTML(strings.NewReader(doc), href, t0+int64(len(out))*100)
		require.NoError(t, err)
		for _, e := range write(raw) {
			if d, ok := e.Data.(capture.FullSnapshotData); ok {
				return d.Node
			}
		}
		t.Fatal("no full snapshot")
		return nil
	}
	step := func(f func(w *capture.Writer, at int64)) {
		at := t0 + int64(len(out))*100
		w := capture.NewWriter(at)
		f(w, at)
		write(w.Bytes())
	}
	snap := snapshot(page, "https://shop.example/cart?token=s3cr3t")
	box, msg, email := byID(snap, "box"), byID(snap, "msg"), byID(snap, "email")
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
	snap = snapshot(page2, "https://shop.example/account")
	note := byID(snap, "note")
	step(func(w *capture.Writer, at int64) {
		w.Text(note.ChildNodes[0].ID, "Card ending 1881, Jane")
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

// inOrder is what one collector stores of rec sent in order: the reference
// every other run must match byte for byte.
func inOrder(t *testing.T, rec [][]capture.Event) map[int]string {
	t.Helper()
	st := backends[0].open(t)
	c := newCollector(t, st, newClock())
	for i, b := range rec {
		c.accept(sid("reference"), i, b)
	}
	return storedText(t, st, sid("reference"))
}
