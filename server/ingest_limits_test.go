package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/netip"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// sendFull posts a batch and returns the status, body and Retry-After.
func (e *env) sendFull(query string, body []byte) (int, string, string) {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.ts.URL+IngestPath+"?"+query, bytes.NewReader(body))
	require.NoError(e.t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String(), resp.Header.Get("Retry-After")
}

// zeros is the attack body: a JSON array of n zeros.
func zeros(n int) []byte {
	return []byte("[" + strings.TrimSuffix(strings.Repeat("0,", n), ",") + "]")
}

// TestHostileBodies: bodies that cost far more to decode than their size are
// refused with 413 before any tree is built, and the collector goes on.
func TestHostileBodies(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name string
		body []byte
		msg  string
	}{
		{"16 KiB gzip of zeros", gz(zeros(8<<20 - 8)), "tokens"},
		{"deep nesting", gz(bytes.Repeat([]byte("["), 1<<20)), "depth"},
		{"deep objects", gz([]byte(strings.Repeat(`{"a":`, MaxBatchDepth+1))), "depth"},
		{"plain zeros over the token cap", zeros(MaxBatchTokens), "tokens"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Less(t, len(c.body), MaxBodyBytes)
			code, body, _ := e.sendFull(q("shop", sid("hostile"), 0), c.body)
			assert.Equal(t, http.StatusRequestEntityTooLarge, code, body)
			assert.Contains(t, body, c.msg)
			assert.Contains(t, body, `"error":`)
		})
	}
	t.Run("a normal batch still goes in", func(t *testing.T) {
		e.sendBatch("shop", sid("normalafter"), 0, record(t, rules.MaskAll())[0])
	})
}

// TestTokenBudgetAtAndOver: a body may hold exactly its budget of tokens,
// and not one more; the budget grows with the size as sent, up to the cap.
func TestTokenBudgetAtAndOver(t *testing.T) {
	cases := []struct {
		wire int
		want int
	}{
		{0, BaseTokens},
		{1000, BaseTokens + 32000},
		{MaxBodyBytes, MaxBatchTokens},
	}
	for _, c := range cases {
		t.Run(strconv.Itoa(c.wire)+" bytes", func(t *testing.T) {
			assert.Equal(t, c.want, tokenBudget(c.wire).Tokens)
			_, err := meter(zeros(c.want-1), c.wire) // the array itself is a token
			assert.NoError(t, err)
			_, err = meter(zeros(c.want), c.wire)
			assert.ErrorIs(t, err, errTooCostly)
		})
	}
}

// TestIngestBusy: beyond the work slots and their queue, and when decoding
// memory is taken, a batch is refused at once with 503 and Retry-After, and
// accepted again once the work is done.
func TestIngestBusy(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Ingest = IngestLimits{Work: 2, Queue: 1, Wait: 50 * time.Millisecond, Memory: 32 << 20}
	})
	rec := record(t, rules.MaskAll())
	body := gz(capture.AppendEvents(nil, rec[0]))
	ctx := context.Background()

	t.Run("work slots at the limit", func(t *testing.T) {
		require.True(t, e.srv.ing.work.acquire(ctx))
		code, msg, _ := e.sendFull(q("shop", sid("oneslotleft"), 0), body)
		assert.Equal(t, 204, code, msg, "one slot of two taken: served")
		require.True(t, e.srv.ing.work.acquire(ctx))
		code, msg, retry := e.sendFull(q("shop", sid("noslotleft"), 0), body)
		assert.Equal(t, 503, code, msg, "both taken: refused after waiting in the queue")
		assert.Equal(t, "1", retry)
		e.srv.ing.work.release()
		e.srv.ing.work.release()
		code, msg, _ = e.sendFull(q("shop", sid("noslotleft"), 0), body)
		assert.Equal(t, 204, code, msg, "served again")
	})
	t.Run("queue full refuses at once", func(t *testing.T) {
		g := newGate(1, 1, time.Hour)
		require.True(t, g.acquire(ctx))
		waited := make(chan bool)
		go func() { waited <- g.acquire(ctx) }()
		require.Eventually(t, func() bool { g.mu.Lock(); defer g.mu.Unlock(); return g.waiting == 1 }, time.Second, time.Millisecond)
		start := time.Now()
		assert.False(t, g.acquire(ctx), "one over the queue")
		assert.Less(t, time.Since(start), time.Second, "refused without waiting")
		g.release()
		assert.True(t, <-waited, "the queued caller gets the slot")
		g.release()
	})
	t.Run("decoding memory taken", func(t *testing.T) {
		require.True(t, e.srv.ing.mem.acquire(ctx, 32<<20, time.Millisecond))
		code, msg, retry := e.sendFull(q("shop", sid("nomemory"), 0), body)
		assert.Equal(t, 503, code, msg)
		assert.Equal(t, "1", retry)
		e.srv.ing.mem.release(32 << 20)
		code, msg, _ = e.sendFull(q("shop", sid("nomemory"), 0), body)
		assert.Equal(t, 204, code, msg)
	})
}

func TestWeightedAtAndOver(t *testing.T) {
	ctx := context.Background()
	w := newWeighted(100)
	assert.False(t, w.acquire(ctx, 101, time.Hour), "more than the capacity is never granted")
	require.True(t, w.acquire(ctx, 60, time.Millisecond))
	assert.True(t, w.acquire(ctx, 40, time.Millisecond), "exactly the rest")
	assert.False(t, w.acquire(ctx, 1, 10*time.Millisecond), "one over")
	got := make(chan bool)
	go func() { got <- w.acquire(ctx, 50, time.Hour) }()
	w.release(40)
	w.release(10)
	assert.True(t, <-got, "a waiter is granted once enough is free")
	w.release(50)
	w.release(50)
	assert.Equal(t, int64(100), w.available())
}

// TestNewSessionRateLimits: a client, and an application, may start a burst
// of new sessions and no more; refused sessions get 429 with Retry-After;
// sessions already started go on; the client's count refills with time.
func TestNewSessionRateLimits(t *testing.T) {
	rec := record(t, rules.MaskAll())
	first := gz(capture.AppendEvents(nil, rec[0]))
	cases := []struct {
		name string
		rate RateLimits
	}{
		{"per client", RateLimits{ClientBurst: 3, ClientRate: 0.001, AppBurst: 1000, AppRate: 1000}},
		{"per application", RateLimits{ClientBurst: 1000, ClientRate: 1000, AppBurst: 3, AppRate: 0.001}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, func(o *Options) { o.Ingest.Rate = c.rate })
			for i := range 3 {
				code, msg, _ := e.sendFull(q("shop", sid("burst"+strconv.Itoa(i)), 0), first)
				require.Equal(t, 204, code, msg, "session %d of the burst", i)
			}
			code, msg, retry := e.sendFull(q("shop", sid("burst3"), 0), first)
			assert.Equal(t, 429, code, msg, "one over the burst")
			assert.Equal(t, "1", retry)
			_, ok, err := e.st.Session(context.Background(), sid("burst3"))
			require.NoError(t, err)
			assert.False(t, ok, "nothing stored for the refused session")
			e.sendBatch("shop", sid("burst0"), 1, rec[1]) // a started session is not new
			e.clock.Advance(2000 * time.Second)           // 2 sessions' worth at 0.001/s
			code, msg, _ = e.sendFull(q("shop", sid("burst3"), 0), first)
			assert.Equal(t, 204, code, msg, "refilled")
		})
	}
}

// takesRecorder is a store that remembers the bucket keys it was asked to
// charge.
type takesRecorder struct {
	store.Store
	keys []string
}

func (r *takesRecorder) TakeTokens(ctx context.Context, takes []store.TokenTake, now time.Time) (bool, error) {
	for _, t := range takes {
		r.keys = append(r.keys, t.Key)
	}
	return r.Store.TakeTokens(ctx, takes, now)
}

func TestClientHashNotStoredInClear(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "v.db"))
	require.NoError(t, err)
	defer st.Close()
	rec := &takesRecorder{Store: st}
	ring, err := keys.Parse(testKeyLine)
	require.NoError(t, err)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	a := mustAddr(t, "203.0.113.7")
	sl := newSessionLimiter(rec, ring, "new-sessions", RateLimits{})
	ok, err := sl.allow(context.Background(), "shop", a, now)
	require.NoError(t, err)
	require.True(t, ok)
	require.Len(t, rec.keys, 2)
	first := rec.keys[0]
	assert.True(t, strings.HasPrefix(first, "new-sessions:client:"), first)
	assert.NotContains(t, first, "203.0.113.7")
	assert.Equal(t, "new-sessions:app:shop", rec.keys[1])

	// another collector with the same keyring charges the same bucket
	other := newSessionLimiter(rec, ring, "new-sessions", RateLimits{})
	_, err = other.allow(context.Background(), "shop", a, now.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, first, rec.keys[2], "collectors sharing a keyring agree")

	_, err = sl.allow(context.Background(), "shop", a, now.Add(ClientKeyLifetime))
	require.NoError(t, err)
	assert.NotEqual(t, first, rec.keys[4], "the same address hashes apart in the next period")

	otherRing, err := keys.Parse("k9:" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32)))
	require.NoError(t, err)
	_, err = newSessionLimiter(rec, otherRing, "new-sessions", RateLimits{}).allow(context.Background(), "shop", a, now)
	require.NoError(t, err)
	assert.NotEqual(t, first, rec.keys[6], "another keyring, another hash")
}

// TestPendingStoredCompressedWithCaps: a batch that waits is stored as it
// arrived (gzip), not inflated; a plain JSON one is compressed; the bytes
// waiting per session and in total are capped at the limit and one over.
func TestPendingStoredCompressedWithCaps(t *testing.T) {
	rec := record(t, rules.MaskAll())
	ahead := gz(capture.AppendEvents(nil, rec[2]))
	sealedSize := func(e *env, session string) int {
		bs, err := e.st.PendingBatches(context.Background(), session)
		require.NoError(t, err)
		n := 0
		for _, b := range bs {
			n += len(b.Data)
		}
		return n
	}
	t.Run("stored as sent", func(t *testing.T) {
		e := newEnv(t)
		s := sid("compressed")
		e.sendBatch("shop", s, 0, rec[0])
		// 1 MiB of whitespace inflates 1000-fold: stored, it stays small.
		big := gz(append(capture.AppendEvents(nil, rec[2]), bytes.Repeat([]byte(" "), 1<<20)...))
		code, msg := e.send(q("shop", s, 2), big, "")
		require.Equal(t, 204, code, msg)
		assert.Less(t, sealedSize(e, s), len(big)+64, "sealed gzip as it arrived")
		plain := append(capture.AppendEvents(nil, rec[3]), bytes.Repeat([]byte(" "), 100_000)...)
		code, msg = e.send(q("shop", s, 3), plain, "")
		require.Equal(t, 204, code, msg)
		assert.Less(t, sealedSize(e, s), len(big)+64+2000, "plain JSON compressed before it is stored")
		e.sendBatch("shop", s, 1, rec[1])
		x, _, err := e.st.Session(context.Background(), s)
		require.NoError(t, err)
		assert.Equal(t, 4, x.Batches, "the waiting batches were decoded and stored")
		assert.Zero(t, x.Pending)
	})
	// One waiting batch costs its gzip size plus the seal's overhead.
	e0 := newEnv(t)
	e0.sendBatch("shop", sid("measure"), 0, rec[0])
	code, _ := e0.send(q("shop", sid("measure"), 2), ahead, "")
	require.Equal(t, 204, code)
	one := int64(sealedSize(e0, sid("measure")))
	require.Equal(t, int64(len(ahead)), one-29, "the seal adds a zero byte, a nonce and a tag")
	cases := []struct {
		name   string
		lim    IngestLimits
		status int
	}{
		{"per session at the limit", IngestLimits{PendingSession: 2 * one}, 204},
		{"per session one over", IngestLimits{PendingSession: 2*one - 1}, 429},
		{"in total at the limit", IngestLimits{PendingTotal: 2 * one, PendingApp: 2 * one}, 204},
		{"in total one over", IngestLimits{PendingTotal: 2*one - 1, PendingApp: 2 * one}, 503},
		{"per application at the limit", IngestLimits{PendingApp: 2 * one}, 204},
		{"per application one over", IngestLimits{PendingApp: 2*one - 1}, 503},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, func(o *Options) { o.Ingest = c.lim })
			s := sid("capped")
			e.sendBatch("shop", s, 0, rec[0])
			code, msg := e.send(q("shop", s, 2), ahead, "")
			require.Equal(t, 204, code, msg)
			code, msg = e.send(q("shop", s, 3), ahead, "")
			assert.Equal(t, c.status, code, msg)
		})
	}
}

func mustAddr(t *testing.T, s string) netip.Addr {
	t.Helper()
	a, err := netip.ParseAddr(s)
	require.NoError(t, err)
	return a
}

// TestInflateStopsAtTheBudget: the attack body is refused after inflating
// little more than its budget allows, not its 16 MiB, and allocating about
// a megabyte.
func TestInflateStopsAtTheBudget(t *testing.T) {
	cases := []struct {
		name string
		body []byte
	}{
		{"16 KiB gzip of zeros", gz(zeros(8<<20 - 8))},
		{"deep nesting", gz(bytes.Repeat([]byte("["), 16<<20-1))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, u, status, msg := inflate(c.body)
			runtime.ReadMemStats(&after)
			assert.Equal(t, http.StatusRequestEntityTooLarge, status, msg)
			assert.LessOrEqual(t, u.Tokens, tokenBudget(len(c.body)).Tokens+1)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(3<<20), "allocated while refusing")
		})
	}
}
