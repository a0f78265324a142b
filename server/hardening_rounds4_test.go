package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/settings"
	"github.com/veil-replay/veil/server/store"
)

// A recorder may send page URLs as long as any string (1 MiB), and every
// session listing loads, scrubs and sends each listed session's pages: a few
// sessions of 100 such pages made a listing of 1000 sessions cost gigabytes.
// The page list keeps MaxPageBytes a URL and MaxPagesBytes a session.
func TestHostileLongPageURLsAreCutInListings(t *testing.T) {
	e := newEnv(t)
	id := sid("longpages")
	first := record(t, rules.Rules{})[0]
	e.sendBatch("shop", id, 0, first)
	for seq := 1; seq <= 2; seq++ {
		e.sendBatch("shop", id, seq, longHrefBatch(first, seq, 5))
	}
	code, body := e.do("GET", "/api/sessions?app=shop", e.admin, "")
	require.Equal(t, 200, code)
	require.Less(t, len(body), store.MaxPagesBytes+4096, "the listing holds the bounded page list only")
	require.Contains(t, body, store.PageCut)
	code, body = e.do("GET", "/api/sessions/"+id, e.admin, "")
	require.Equal(t, 200, code)
	require.Less(t, len(body), store.MaxPagesBytes+4096)
	// The recording keeps the whole URL.
	code, body = e.do("GET", "/api/sessions/"+id+"/events", e.admin, "")
	require.Equal(t, 200, code)
	require.True(t, strings.Contains(body, strings.Repeat("o", 1<<20-100)), "the whole URL replays")
}

// longHrefBatch is a batch of n page loads, each with a page URL of about
// 1 MiB, after first (a Meta and a FullSnapshot): about n MiB stored for
// 2 KiB of gzip each.
func longHrefBatch(first []capture.Event, seq, n int) []capture.Event {
	var evs []capture.Event
	for i := range n {
		href := "https://shop.example/" + strings.Repeat(string(rune('a'+(seq*n+i)%26)), 1<<20-100)
		evs = append(evs, capture.Event{Type: capture.Meta, Timestamp: t0 + int64(seq*10+i),
			Data: capture.MetaData{Href: href, Width: 100, Height: 100}})
		for _, ev := range first[1:] {
			ev.Timestamp = t0 + int64(seq*10+i)
			evs = append(evs, ev)
		}
	}
	return evs
}

// A replay holds a whole session in memory several times over, and a
// recorder decides how large a session is: 20 batches of 10 KiB of gzip
// stored 140 MiB that took 850 MiB of heap to replay. A replay reserves
// ReplayByteCost a stored byte from ReplayMemory: a session over
// MaxReplayBytes is refused 413 naming the limit (and left out of heatmaps),
// and replays wait for each other's memory, then 503 with Retry-After.
func TestHostileHugeSessionReplayIsBounded(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Ingest.Wait = 50 * time.Millisecond
		o.Ingest.SessionBytes = 64 << 20 // as a session stored before MaxSessionBytes
	})
	id := sid("hugereplay")
	rec := record(t, rules.Rules{})
	first := rec[0]
	e.sendBatch("shop", id, 0, first)
	for seq := 1; seq <= 2; seq++ {
		e.sendBatch("shop", id, seq, longHrefBatch(first, seq, 6))
	}
	e.sendBatch("shop", id, 3, rec[3]) // a click: the heatmap reads it
	x, ok, err := e.st.Session(context.Background(), id)
	require.NoError(t, err)
	require.True(t, ok)
	require.Greater(t, x.PlainBytes, int64(MaxReplayBytes))
	code, body := e.do("GET", "/api/sessions/"+id+"/events", e.admin, "")
	require.Equal(t, http.StatusRequestEntityTooLarge, code, body)
	require.Contains(t, body, "over the limit of "+strconv.Itoa(ReplayMemory))
	require.Equal(t, ReplayMemory, int(e.srv.replays.mem.available()), "nothing stays reserved")

	// The heatmap leaves it out, and says so.
	small := sid("smallreplay")
	for i, b := range record(t, rules.Rules{}) {
		e.sendBatch("shop", small, i, b)
	}
	h, err := e.srv.heatmapOf(context.Background(), e.srv.app("shop").PlaybackSet(), "shop")
	require.NoError(t, err)
	require.True(t, h.Partial)
	require.Equal(t, 1, h.Sessions)

	// A small session replays; while the memory is taken it waits, then 503.
	code, body = e.do("GET", "/api/sessions/"+small+"/events", e.admin, "")
	require.Equal(t, 200, code, body)
	require.True(t, e.srv.replays.mem.acquire(context.Background(), ReplayMemory, 0))
	req, _ := http.NewRequest("GET", e.ts.URL+"/api/sessions/"+small+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+e.admin)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	require.Equal(t, "1", resp.Header.Get("Retry-After"))
	_, err = e.srv.heatmapOf(context.Background(), e.srv.app("shop").PlaybackSet(), "shop")
	require.ErrorIs(t, err, errReplayBusy)
	e.srv.replays.mem.release(ReplayMemory)
}

// The replay budget at its limit and one byte over.
func TestReplayBudgetAtTheLimit(t *testing.T) {
	b := newReplayBudget(ReplayMemory, 0)
	release, status, msg := b.reserve(context.Background(), MaxReplayBytes)
	require.Zero(t, status, msg)
	release()
	_, status, msg = b.reserve(context.Background(), MaxReplayBytes+1)
	require.Equal(t, http.StatusRequestEntityTooLarge, status)
	require.Contains(t, msg, "sessions up to "+strconv.Itoa(MaxReplayBytes)+" stored bytes replay")
	require.Equal(t, int64(ReplayMemory), b.mem.available())

	// While the answer is written (as slowly as a client reads it), only
	// its bytes stay reserved.
	_, status, _ = b.reserve(context.Background(), 1000)
	require.Zero(t, status)
	release = b.keepOnly(1000, 700)
	require.Equal(t, int64(ReplayMemory-700), b.mem.available())
	release()
	require.Equal(t, int64(ReplayMemory), b.mem.available())
}

// The heatmap page lists up to 200 pages, each URL written twice (text and
// link): a recorded page URL may be 1 MiB. URLs longer than
// store.MaxPageBytes are not listed.
func TestHostileLongPageURLsAreNotListedByTheHeatmap(t *testing.T) {
	e := newEnv(t)
	e.putSettings("shop", heatShop)
	long := "https://shop.example/" + strings.Repeat("a", 1<<20-100)
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList, AllowParams: []string{"q"}})
	require.NoError(t, err)
	sess := masking.NewSession(set)
	raw, err := capture.FromHTML(strings.NewReader(heatDoc), long, t0)
	require.NoError(t, err)
	first, err := sess.Write(raw)
	require.NoError(t, err)
	var snap *capture.SNode
	for _, ev := range first {
		if d, ok := ev.Data.(capture.FullSnapshotData); ok {
			snap = d.Node
		}
	}
	w := capture.NewWriter(t0 + 1000)
	w.Mouse(t0+1000, capture.Click, byID(snap, "buy").ID, 10, 10, 0)
	clicks, err := sess.Write(w.Bytes())
	require.NoError(t, err)
	e.sendBatch("shop", sid("longheat"), 0, first)
	e.sendBatch("shop", sid("longheat"), 1, clicks)
	clicksOn(t, e, "shortheat", "buy")

	v := e.viewer(t)
	v.login(e.token(auth.Replay, "shop"))
	resp, body := v.req("GET", "/viewer/heatmap?app=shop", nil)
	require.Equal(t, 200, resp.StatusCode)
	require.Less(t, len(body), 64<<10)
	require.Contains(t, body, "deals")
}

// A body's buffer grew with what arrived, but started at its stated
// Content-Length: a client opening connections that announce 1 MiB and send
// nothing held 1 MiB of heap each (256 connections a client, 2048 in all)
// while the wire budget counted 32 KiB. The buffer now holds what arrived.
func TestHostileContentLengthReservesNoMemory(t *testing.T) {
	e := newEnv(t)
	const conns = 64
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range conns {
		e.slowBody(t, sid(fmt.Sprintf("cl%d", i)), 0)
	}
	require.Eventually(t, func() bool {
		return e.srv.ing.wire.clients.total() == conns*wireFirstStep
	}, 5*time.Second, 5*time.Millisecond)
	time.Sleep(50 * time.Millisecond)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	require.Less(t, grown, int64(conns*MaxBodyBytes/4), "%d connections announcing %d bytes and sending none hold %d bytes of heap", conns, MaxBodyBytes, grown)
}

// Stored bytes per session are bounded at ingest (MaxSessionBytes, the
// largest session a replay takes): a recorder turned 10 KiB of gzip into
// 7 MiB of storage a batch, for ever. At the limit a batch is stored; one
// byte over it is dropped and answered 413 naming the limit, and the
// session waits for its next full snapshot (later batches are dropped, as
// after any dropped batch); what was stored before stays and replays.
func TestSessionBytesAtTheLimit(t *testing.T) {
	require.Equal(t, int64(MaxReplayBytes), int64(MaxSessionBytes), "every session stored can be replayed")
	rec := record(t, rules.Rules{})
	sizes := func() []int64 {
		e := newEnv(t)
		var out []int64
		for i := range 3 {
			e.sendBatch("shop", sid("measure"), i, rec[i])
			x, _, err := e.st.Session(context.Background(), sid("measure"))
			require.NoError(t, err)
			out = append(out, x.PlainBytes)
		}
		return out
	}()
	for _, tc := range []struct {
		name  string
		limit int64
		last  int // the last seq stored
		// at the limit, seq 2 is refused before any work and seq 3 waits
		// for it; one over, seq 1 is masked and dropped, the later ones are
		// dropped out of step
		dropped, pending int
	}{{"at", sizes[1], 1, 0, 1}, {"one over", sizes[1] - 1, 0, 3, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(o *Options) { o.Ingest.SessionBytes = tc.limit })
			id := sid("full")
			for seq := range 4 {
				code, body := e.send(q("shop", id, seq), gz(capture.AppendEvents(nil, rec[seq])), "https://shop.example")
				if seq != tc.last+1 {
					require.Equal(t, 204, code, "seq %d: %s", seq, body)
					continue
				}
				require.Equal(t, http.StatusRequestEntityTooLarge, code, "seq %d: %s", seq, body)
				require.Contains(t, body, "the limit of a session is "+strconv.FormatInt(tc.limit, 10))
			}
			x, _, err := e.st.Session(context.Background(), id)
			require.NoError(t, err)
			require.Equal(t, sizes[tc.last], x.PlainBytes)
			require.Equal(t, tc.last+1, x.Batches)
			require.Equal(t, [2]int{tc.dropped, tc.pending}, [2]int{x.Dropped, x.Pending}, "dropped, pending")
			code, body := e.do("GET", "/api/sessions/"+id+"/events", e.admin, "")
			require.Equal(t, 200, code, body)
			require.Contains(t, body, `"type":2`, "the snapshot stored before replays")
		})
	}
}

// Every application's settings are held compiled in memory (25 to 50 bytes
// of heap a byte of settings): the applications and their settings
// together are bounded, at PUT and at import, at the limit and one over.
func TestSettingsOfAllApplicationsAreBounded(t *testing.T) {
	doc := func(app string) string {
		return `{"recorder":{"application":"` + app + `","endpoint":"/veil/ingest"}}`
	}
	t.Run("applications", func(t *testing.T) {
		e := newEnv(t, func(o *Options) { o.Settings.Apps = 3 }) // shop is one
		e.putSettings("a1", doc("a1"))
		code, body := e.do("POST", "/api/settings/import", e.admin, `{"apps":{"a2":`+doc("a2")+`,"shop":`+shopSettings+`}}`)
		require.Equal(t, 200, code, body)
		code, body = e.do("PUT", "/api/apps/a3/settings", e.admin, doc("a3"))
		require.Equal(t, http.StatusConflict, code, body)
		require.Contains(t, body, "4 applications, over the limit of 3")
		code, body = e.do("POST", "/api/settings/import", e.admin, `{"apps":{"a3":`+doc("a3")+`}}`)
		require.Equal(t, http.StatusConflict, code, body)
		require.Nil(t, e.srv.app("a3"))
		e.putSettings("a2", doc("a2")) // replacing one is no new application
	})
	t.Run("bytes", func(t *testing.T) {
		limit := len(mustParse(t, "shop", shopSettings)) + len(mustParse(t, "a1", doc("a1")))
		over := newEnv(t, func(o *Options) { o.Settings.Bytes = limit - 1 })
		code, body := over.do("PUT", "/api/apps/a1/settings", over.admin, doc("a1"))
		require.Equal(t, http.StatusRequestEntityTooLarge, code, body)
		require.Contains(t, body, "over the limit of "+strconv.Itoa(limit-1))
		code, body = over.do("POST", "/api/settings/import", over.admin, `{"apps":{"a1":`+doc("a1")+`}}`)
		require.Equal(t, http.StatusRequestEntityTooLarge, code, body)
		require.Nil(t, over.srv.app("a1"))
		at := newEnv(t, func(o *Options) { o.Settings.Bytes = limit })
		at.putSettings("a1", doc("a1"))
	})
}

func mustParse(t *testing.T, name, doc string) []byte {
	app, _, err := settings.Parse(name, []byte(doc))
	require.NoError(t, err)
	return app.AppendJSON(nil)
}

// Every view is audited in the append-only log: a token may view
// ViewsPerTokenBurst times at once, then ViewsPerToken a second; beyond,
// 429 with Retry-After, nothing read and nothing audited.
func TestViewsPerTokenAtTheLimit(t *testing.T) {
	e := newEnv(t)
	id := sid("views")
	e.sendBatch("shop", id, 0, record(t, rules.Rules{})[0])
	tok := e.token(auth.Replay, "shop")
	views := func() int {
		list, err := e.st.AuditLog(context.Background(), store.AuditFilter{Limit: 1000})
		require.NoError(t, err)
		n := 0
		for _, a := range list {
			if a.Action == "session.view" {
				n++
			}
		}
		return n
	}
	for i := range ViewsPerTokenBurst {
		code, body := e.do("GET", "/api/sessions/"+id+"/events", tok, "")
		require.Equal(t, 200, code, "view %d: %s", i, body)
	}
	req, _ := http.NewRequest("GET", e.ts.URL+"/api/sessions/"+id+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	require.Equal(t, "1", resp.Header.Get("Retry-After"))
	require.Equal(t, ViewsPerTokenBurst, views(), "the refused view is not audited")
	code, _ := e.do("GET", "/api/sessions/"+id+"/events", e.admin, "")
	require.Equal(t, 200, code, "another token is not held back")
	e.clock.Advance(time.Second)
	for range int(ViewsPerToken) {
		code, body := e.do("GET", "/api/sessions/"+id+"/events", tok, "")
		require.Equal(t, 200, code, body)
	}
	code, _ = e.do("GET", "/api/sessions/"+id+"/events", tok, "")
	require.Equal(t, http.StatusTooManyRequests, code)
}

// slowAccess is a store whose SessionAccess of ids starting "slow" takes
// delay, as a busy database does.
type slowAccess struct {
	store.Store
	delay time.Duration
}

func (s slowAccess) SessionAccess(ctx context.Context, id string) (store.Access, bool, error) {
	if strings.HasPrefix(id, "slow") {
		time.Sleep(s.delay)
	}
	return s.Store.SessionAccess(ctx, id)
}

// Admission asks the store under a work slot: it now counts against the
// client's share of the slots (MaxClientWork), as the work on the body
// does, so one client's requests waiting on a slow store cannot hold every
// slot while other recorders wait.
func TestAdmissionKeepsToTheClientsShare(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Ingest = IngestLimits{Work: 2, Queue: 4, Wait: 300 * time.Millisecond}
		o.TrustProxy = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
		o.Store = slowAccess{o.Store, 2 * time.Second}
	})
	require.Equal(t, 1, e.srv.ing.lim.ClientWork)
	send := func(from, session string, seq int, body []byte) (int, string) {
		return postFrom(t, e, from, q("shop", session, seq), body)
	}
	rec := record(t, rules.Rules{})
	body := gz(capture.AppendEvents(nil, rec[0]))
	done := make(chan int, 2)
	for i := range 2 {
		go func() {
			code, _ := send("198.51.100.1", sid(fmt.Sprintf("slow%d", i)), 0, body)
			done <- code
		}()
	}
	time.Sleep(100 * time.Millisecond) // both are in admission (or waiting for it)
	start := time.Now()
	code, msg := send("198.51.100.2", sid("normal"), 0, body)
	require.Equal(t, 204, code, msg)
	require.Less(t, time.Since(start), time.Second, "the other client's batch did not wait for the slow ones")
	codes := []int{<-done, <-done}
	slices.Sort(codes)
	require.Equal(t, []int{204, 503}, codes, "one slow request at a time of that client; the other one waited its share, then 503")
}

// A page's URL (its Meta) may be as long as any string, 1 MiB, and each
// session held for masking keeps several copies of it outside the page's
// tree, which alone was weighed: 40 sessions of one such batch each held
// 215 MiB of heap weighed as 0.7 MiB, and the live set (MaxLiveBytes) let
// 1024 of them stay. The URL is weighed now (ingest.HrefWeight).
func TestHostileLongHrefsAreWeighedInTheLiveSet(t *testing.T) {
	const liveBytes = 16 << 20
	e := newEnv(t, func(o *Options) { o.MaxLiveBytes = liveBytes })
	first := record(t, rules.Rules{})[0]
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range 20 {
		href := "https://shop.example/" + strings.Repeat(string(rune('a'+i%26)), 1<<20-100)
		evs := append([]capture.Event{{Type: capture.Meta, Timestamp: t0, Data: capture.MetaData{Href: href, Width: 100, Height: 100}}}, first[1:]...)
		e.sendBatch("shop", sid(fmt.Sprintf("href%d", i)), 0, evs)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	require.LessOrEqual(t, e.srv.live.eng.HeldBytes(), int64(liveBytes))
	require.Less(t, grown, int64(2*liveBytes), "sessions held: %d, weighed %d bytes, heap grew %d bytes",
		e.srv.live.size(), e.srv.live.eng.HeldBytes(), grown)
	// A session let go of is rebuilt at its next batch: nothing is lost.
	e.sendBatch("shop", sid("href0"), 1, record(t, rules.Rules{})[1])
	x, _, err := e.st.Session(context.Background(), sid("href0"))
	require.NoError(t, err)
	require.Equal(t, [2]int{2, 0}, [2]int{x.Batches, x.Dropped})
}

// A settings change is audited with the settings before and after it: the
// audit bytes of a token's settings changes are counted
// (SettingsAuditBytesPerTokenBurst at once, then SettingsAuditBytesPerToken
// a second); beyond, 429 with Retry-After, nothing stored or audited.
func TestSettingsAuditBytesPerToken(t *testing.T) {
	e := newEnv(t)
	var sels []string
	for i := 0; len(sels)*10 < settings.MaxBytes-8<<10; i++ {
		sels = append(sels, fmt.Sprintf(`".c%d"`, i))
	}
	doc := func(n int) string {
		return `{"recorder":{"application":"big","endpoint":"/veil/ingest","recording":{"mode":"block-list","mask":[` +
			strings.Join(sels[:len(sels)-n], ",") + `]}}}`
	}
	tok := e.token(auth.Settings, "big")
	audited, largest := 0, 0
	for n := 0; ; n++ {
		code, body := e.do("PUT", "/api/apps/big/settings", tok, doc(n%2))
		if code == http.StatusTooManyRequests {
			require.Contains(t, body, "too many settings changes with this token")
			break
		}
		require.Equal(t, 200, code, body)
		list, err := e.st.AuditLog(context.Background(), store.AuditFilter{Limit: 1000})
		require.NoError(t, err)
		audited = 0
		for _, a := range list {
			if a.Action == "settings.put" && a.Actor != e.tokenID(e.admin) {
				audited += len(a.Detail)
				largest = max(largest, len(a.Detail))
			}
		}
		require.Less(t, n, 100, "never refused")
	}
	require.GreaterOrEqual(t, audited, SettingsAuditBytesPerTokenBurst, "the burst is taken whole before a refusal")
	require.Less(t, audited-largest, SettingsAuditBytesPerTokenBurst, "and overdrawn by one change at most")
	code, _ := e.do("PUT", "/api/apps/big/settings", e.admin, doc(0))
	require.Equal(t, 200, code, "another token is not held back")
	code, _ = e.do("POST", "/api/settings/import", tok, `{"apps":{"big":`+doc(1)+`}}`)
	require.Equal(t, http.StatusTooManyRequests, code, "imports count too")
}

// postFrom posts body to the ingest path with query, as a proxy the
// collector trusts says client from sent it; it returns the status and body.
func postFrom(t *testing.T, e *env, from, query string, body []byte) (int, string) {
	t.Helper()
	return postWith(t, e, "X-Forwarded-For", from, query, body)
}

// postWith posts body to the ingest endpoint with query and one header
// (none when value is empty), and returns the status and the body read.
func postWith(t *testing.T, e *env, header, value, query string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", e.ts.URL+IngestPath+"?"+query, bytes.NewReader(body))
	require.NoError(t, err)
	if value != "" {
		req.Header.Set(header, value)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
