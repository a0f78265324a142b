package server

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// TestVisitorDeletionsCountInTheClientsShare: a deletion (delete=1) asks the
// store as admission does, and is answered 204 for any made-up session
// whatever the secret; it counts within its client's share of the work
// slots, so one client's flood of them runs a few at a time (then 503 with
// Retry-After) instead of asking the store all at once, while another client
// is served, and busy slots of other clients refuse no deletion.
func TestVisitorDeletionsCountInTheClientsShare(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Ingest = IngestLimits{Work: 2, Wait: 100 * time.Millisecond}
	})
	require.Equal(t, 1, e.srv.ing.lim.ClientWork)
	del := "app=shop&session=" + sid("madeup") + "&delete=1"
	// At the limit: the client's one slot free.
	code, msg, _ := e.sendFull(del, nil)
	require.Equal(t, http.StatusNoContent, code, msg)

	// Over it: the client's share held by a request in progress.
	loopback := clientNet(netip.MustParseAddr("127.0.0.1"))
	require.True(t, e.srv.ing.clients.take(context.Background(), loopback, 0))
	code, msg, retry := e.sendFull(del, nil)
	assert.Equal(t, http.StatusServiceUnavailable, code, msg)
	assert.Contains(t, msg, "this client")
	assert.Equal(t, "1", retry)

	other := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{
		LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	resp, err := other.Post(e.ts.URL+IngestPath+"?"+del, "text/plain", nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode, "another client is served")
	e.srv.ing.clients.give(loopback)

	// Every work slot of the collector busy (other clients' batches): a
	// deletion is still served, within its own client's share.
	require.True(t, e.srv.ing.work.acquire(context.Background()))
	require.True(t, e.srv.ing.work.acquire(context.Background()))
	defer e.srv.ing.work.release()
	defer e.srv.ing.work.release()
	code, msg, _ = e.sendFull(del, nil)
	assert.Equal(t, http.StatusNoContent, code, msg, "a deletion is not refused for others' work")
}

// TestMadeUpDeletionsKeepVisitorsTombstones: a visitor's deletion beyond the
// application's budget of stored tombstones is remembered in memory only,
// among at most maxTombstones ids. Deletions of made-up sessions (anyone may
// send them: 204 whatever the secret) must not push it out: the deleted
// session's late batch would then be stored, the session back in the store.
func TestMadeUpDeletionsKeepVisitorsTombstones(t *testing.T) {
	e := newEnv(t, func(o *Options) {
		o.Ingest = IngestLimits{VisitorDeletes: 1e-9, VisitorDeletesBurst: 1}
	})
	rec := record(t, rules.MaskAll())
	ctx := context.Background()
	first, gone := sid("firstdeleted"), sid("beyondbudget")
	for _, id := range []string{first, gone} {
		e.sendBatch("shop", id, 0, rec[0])
	}
	for _, id := range []string{first, gone} { // the first within the budget (stored), the second beyond it
		code, msg, _ := e.sendFull("app=shop&session="+id+"&"+SecretParam+"="+secretOf(id)+"&delete=1", nil)
		require.Equal(t, http.StatusNoContent, code, msg)
	}
	buried, err := e.srv.buried(ctx, gone)
	require.NoError(t, err)
	require.False(t, buried, "beyond the budget: remembered in memory only")

	// A flood of deletions of made-up sessions, as many as the memory holds.
	for i := range maxTombstones {
		_, err := e.srv.deleteSessionAudited(ctx, sid("madeup"+strconv.Itoa(i)), "shop", "visitor", true)
		require.NoError(t, err)
	}
	// The deleted session's late batch (its tab's retry) is discarded.
	code, msg := e.send(q("shop", gone, 1), gz(capture.AppendEvents(nil, rec[1])), "https://shop.example")
	require.Equal(t, http.StatusNoContent, code, msg)
	_, found, err := e.st.Session(ctx, gone)
	require.NoError(t, err)
	require.False(t, found, "a session its visitor deleted was stored again after a flood of made-up deletions")
}

// fakeConn is a connection from a chosen address; Close counts.
type fakeConn struct {
	net.Conn
	from   string
	closed *atomic.Int32
}

func (c *fakeConn) RemoteAddr() net.Addr {
	return net.TCPAddrFromAddrPort(netip.MustParseAddrPort(c.from))
}
func (c *fakeConn) Close() error { c.closed.Add(1); return nil }

// fakeListener hands out connections from the addresses sent to it.
type fakeListener struct {
	from   chan string
	closed atomic.Int32
}

func (l *fakeListener) Accept() (net.Conn, error) {
	a, ok := <-l.from
	if !ok {
		return nil, net.ErrClosed
	}
	return &fakeConn{from: a, closed: &l.closed}, nil
}
func (l *fakeListener) Close() error   { return nil }
func (l *fakeListener) Addr() net.Addr { return &net.TCPAddr{} }

// TestConnectionCapPerIPv6Network: one subscriber is routed a /56 or a /48,
// hundreds of /64 "clients": the connections of one /48 are capped as a
// whole (MaxNetworkConnections), so that one home line cannot hold every
// connection of the collector with a few of its /64s; another network is
// served.
func TestConnectionCapPerIPv6Network(t *testing.T) {
	require.Less(t, MaxNetworkConnections, MaxConnections/2, "one /48 holds well under the total")
	fl := &fakeListener{from: make(chan string, 4)}
	ln := LimitConnections(fl, HTTPLimits{MaxConnections: 100, MaxClientConnections: 2, MaxNetworkConnections: 5})
	accept := func(from string) (net.Conn, int32) {
		t.Helper()
		before := fl.closed.Load()
		fl.from <- from
		c, err := ln.Accept()
		require.NoError(t, err)
		return c, fl.closed.Load() - before
	}
	var held []net.Conn
	// Five /64s of one /48, two connections each: the network's fifth
	// connection is accepted (at the cap), its sixth is closed at once.
	for i := range 3 {
		for range 2 {
			from := "[2001:db8:1:" + strconv.Itoa(i+1) + "::7]:1000"
			if i == 2 && len(held) == 5 {
				break
			}
			c, refused := accept(from)
			require.Zero(t, refused, "connection %d from %s", len(held)+1, from)
			held = append(held, c)
		}
	}
	require.Len(t, held, 5)
	// Over the network's cap: closed as accepted; Accept goes on to the next
	// connection, from another network, which is served.
	fl.from <- "[2001:db8:1:4::7]:1000"
	c, refused := accept("[2001:db8:2::7]:1000")
	assert.Equal(t, int32(1), refused, "the /48's sixth connection is closed at once")
	assert.Equal(t, "2001:db8:2::7", c.RemoteAddr().(*net.TCPAddr).IP.String(), "another network is served")
	c.Close()
	// A connection closed gives the network its place back.
	held[0].Close()
	c, refused = accept("[2001:db8:1:9::7]:1000")
	assert.Zero(t, refused)
	c.Close()
	// IPv4 clients count one by one, as before.
	for i := range 8 {
		c, refused := accept("192.0.2." + strconv.Itoa(i+1) + ":1000")
		assert.Zero(t, refused)
		defer c.Close()
	}
}

// TestImportRefusesANameTwice: the settings parser refuses a duplicate key
// (PUT answers 400); an import naming an application twice, or apps twice,
// was taken with the last winning: one who reviews the file sees the first
// (mask-all), the collector applied the second (block-list, page text in
// clear). Both are refused with 400, quoting the name, and nothing changes.
func TestImportRefusesANameTwice(t *testing.T) {
	e := newEnv(t)
	strict := `{"recorder":{"application":"bank","endpoint":"/veil/ingest"}}`
	loose := `{"recorder":{"application":"bank","endpoint":"/veil/ingest","recording":{"mode":"block-list"}}}`
	// At the limit: each name once.
	code, body := e.do("POST", "/api/settings/import", e.admin, `{"apps":{"bank":`+strict+`}}`)
	require.Equal(t, http.StatusOK, code, body)
	for _, doc := range []string{
		`{"apps":{"bank":` + strict + `,"bank":` + loose + `}}`,
		`{"apps":{"bank":` + strict + `},"apps":{"bank":` + loose + `}}`,
	} {
		code, body := e.do("POST", "/api/settings/import", e.admin, doc)
		assert.Equal(t, http.StatusBadRequest, code, body)
		assert.Contains(t, body, "twice")
	}
	code, body = e.do("GET", "/api/apps/bank/settings", e.admin, "")
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"recording":{"mode":"mask-all"}`, "the settings are unchanged")
	// Still strict about other members.
	code, body = e.do("POST", "/api/settings/import", e.admin, `{"apps":{"bank":`+strict+`},"extra":1}`)
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Contains(t, body, "unknown field")
}

// TestCrossSiteLoginPostsSpendNoAttempts: viewer logins are limited per
// client address (LoginsPerClientBurst, then one per 5 s). A page on any
// other site that the viewer (or anyone behind the same office address)
// visits can make the browser POST to /viewer/login: those posts, refused by
// their Origin, spent the address's attempts, so one ad locked every viewer
// of an office out of logging in. They are refused (403, audited) without
// counting; a login from the viewer's own page still counts.
func TestCrossSiteLoginPostsSpendNoAttempts(t *testing.T) {
	e := newEnv(t)
	forged := func() int {
		r, err := http.NewRequest("POST", e.ts.URL+"/viewer/login", strings.NewReader("token=x&csrf=y"))
		require.NoError(t, err)
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Origin", "https://ads.example")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := range 3 * LoginsPerClientBurst {
		require.Equal(t, http.StatusForbidden, forged(), "forged post %d", i+1)
	}
	v := e.viewer(t)
	_, page := v.req("GET", "/viewer/login", nil)
	resp, body := v.req("POST", "/viewer/login", url.Values{"token": {e.admin}, "csrf": {csrfOf(t, page)}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, body)

	// Attempts from the viewer's own page still count: at the burst, then 429.
	for i := range LoginsPerClientBurst - 1 {
		_, page := v.req("GET", "/viewer/login", nil)
		resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {"veil_guess"}, "csrf": {csrfOf(t, page)}})
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "attempt %d", i+2)
	}
	_, page = v.req("GET", "/viewer/login", nil)
	resp, _ = v.req("POST", "/viewer/login", url.Values{"token": {e.admin}, "csrf": {csrfOf(t, page)}})
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
}

// TestIngestContentEncoding: the protocol names no Content-Encoding (a body
// is gzip or plain JSON by its first bytes). A request naming gzip, x-gzip
// or identity is read so; any other coding or a list ("gzip, gzip" with a
// body gzipped twice, "br") is refused with 415 quoting the header, instead
// of being read as what it is not (400 "invalid UTF-8", or a plain body
// accepted under "br" that a proxy in front reads differently). Nothing is
// stored for a refused one.
func TestIngestContentEncoding(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	plain := capture.AppendEvents(nil, rec[0])
	post := func(session, ce string, body []byte) (int, string) {
		t.Helper()
		return postWith(t, e, "Content-Encoding", ce, q("shop", session, 0), body)
	}
	for i, tc := range []struct {
		ce   string
		body []byte
	}{{"", gz(plain)}, {"", plain}, {"gzip", gz(plain)}, {"GZIP", gz(plain)}, {"x-gzip", gz(plain)}, {"identity", plain}, {"gzip", plain}} {
		code, msg := post(sid("ce"+strconv.Itoa(i)), tc.ce, tc.body)
		assert.Equal(t, http.StatusNoContent, code, "%q: %s", tc.ce, msg)
	}
	for i, tc := range []struct {
		ce   string
		body []byte
	}{{"gzip, gzip", gz(gz(plain))}, {"br", plain}, {"deflate", plain}, {"gzip, identity, br", gz(plain)}} {
		id := sid("bad" + strconv.Itoa(i))
		code, msg := post(id, tc.ce, tc.body)
		assert.Equal(t, http.StatusUnsupportedMediaType, code, "%q: %s", tc.ce, msg)
		assert.Contains(t, msg, strconv.Quote(tc.ce)[1:len(strconv.Quote(tc.ce))-1], "quotes the header")
		_, found, err := e.st.Session(context.Background(), id)
		require.NoError(t, err)
		assert.False(t, found, "nothing stored")
	}
}

// TestHeadOfAReplayIsRefused: Go's mux routes HEAD to GET handlers. A HEAD
// of a session's events decoded and masked the whole session and the audit
// log recorded a view (charged to the token's views) for an answer with no
// body; so did the audit export. They answer 405 with Allow: GET, audit
// nothing and charge nothing; GET still views, once audited.
func TestHeadOfAReplayIsRefused(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("headed")
	e.sendBatch("shop", s, 0, rec[0])
	views := func() int {
		n := 0
		for _, r := range e.auditLog() {
			if r.Action == "session.view" {
				n++
			}
		}
		return n
	}
	for _, path := range []string{"/api/sessions/" + s + "/events", "/api/audit/export"} {
		r, err := http.NewRequest("HEAD", e.ts.URL+path, nil)
		require.NoError(t, err)
		r.Header.Set("Authorization", "Bearer "+e.admin)
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode, path)
		assert.Equal(t, "GET", resp.Header.Get("Allow"), path)
	}
	assert.Zero(t, views(), "a HEAD is no view")
	code, body := e.do("GET", "/api/sessions/"+s+"/events", e.admin, "")
	require.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, 1, views())
}
