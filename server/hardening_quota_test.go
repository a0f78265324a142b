package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// appBytes is what the application's sessions hold, as its quota counts.
func (e *env) appBytes(app string) int64 {
	e.t.Helper()
	n, err := e.st.AppBytes(context.Background(), app)
	require.NoError(e.t, err)
	return n
}

// post sends one batch body from the shop's origin and returns the answer.
func (e *env) post(query string, body []byte) (*http.Response, string) {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.ts.URL+IngestPath+"?"+query, strings.NewReader(string(body)))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Origin", "https://shop.example")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return resp, string(b)
}

// requireQuotaRefusal checks the answer of a batch over the quota: 413, a
// JSON reason, and no SessionFullHeader (a recorder would roll over into a
// new session, refused again, without end).
func requireQuotaRefusal(t *testing.T, resp *http.Response, body string) {
	t.Helper()
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, body)
	assert.Empty(t, resp.Header.Get(SessionFullHeader), "not a full session: the recorder must not roll over")
	assert.True(t, strings.HasPrefix(body, `{"error":"application \"shop\" `), body)
	assert.Contains(t, body, "quota")
}

// An application's stored bytes are bounded by its quota: at the quota
// every batch is taken; a batch one byte over is refused, and what was
// taken before stays. Without the quota one recorder key stored session
// after session without end (each bounded by MaxSessionBytes, their number
// by nothing).
func TestAppQuotaAtTheLimit(t *testing.T) {
	rec := record(t, rules.Rules{})
	m := newEnv(t)
	for i := range rec {
		m.sendBatch("shop", sid("measure"), i, rec[i])
	}
	used := m.appBytes("shop")
	require.Positive(t, used)

	at := newEnv(t, func(o *Options) { o.Ingest.AppBytes = used })
	for i := range rec {
		at.sendBatch("shop", sid("at-quota"), i, rec[i])
	}
	assert.Equal(t, used, at.appBytes("shop"), "at the quota")

	over := newEnv(t, func(o *Options) { o.Ingest.AppBytes = used - 1 })
	last := len(rec) - 1
	for i := range last {
		over.sendBatch("shop", sid("over-quota"), i, rec[i])
	}
	resp, body := over.post(q("shop", sid("over-quota"), last), gz(capture.AppendEvents(nil, rec[last])))
	requireQuotaRefusal(t, resp, body)
	assert.Contains(t, body, "its storage quota is "+strconv.FormatInt(used-1, 10))
	stored, err := over.st.StoredBatches(context.Background(), sid("over-quota"))
	require.NoError(t, err)
	assert.Len(t, stored, last, "what was taken before stays")
	assert.LessOrEqual(t, over.appBytes("shop"), used-1)
}

// An application at its quota takes no batch, refused before the body is
// read (a malformed body gets the quota's 413, not a 400); deleting a
// session and retention give its bytes back.
func TestAppQuotaRefusedEarlyAndFreed(t *testing.T) {
	rec := record(t, rules.Rules{})
	m := newEnv(t)
	m.sendBatch("shop", sid("measure"), 0, rec[0])
	one := m.appBytes("shop")

	e := newEnv(t, func(o *Options) { o.Ingest.AppBytes = 2 * one })
	e.sendBatch("shop", sid("first"), 0, rec[0])
	e.clock.Advance(10 * 24 * time.Hour)
	e.sendBatch("shop", sid("second"), 0, rec[0])
	require.Equal(t, 2*one, e.appBytes("shop"), "at the quota")
	for _, id := range []string{sid("second"), sid("third")} {
		resp, body := e.post(q("shop", id, 1), []byte("not JSON at all"))
		requireQuotaRefusal(t, resp, body)
		assert.Contains(t, body, "has used its storage quota")
	}

	code, body := e.do("DELETE", "/api/sessions/"+sid("second"), e.admin, "")
	require.Equal(t, 204, code, body)
	assert.Equal(t, one, e.appBytes("shop"), "deletion gives the bytes back")
	e.sendBatch("shop", sid("third"), 0, rec[0])
	resp, body := e.post(q("shop", sid("fourth"), 0), gz(capture.AppendEvents(nil, rec[0])))
	requireQuotaRefusal(t, resp, body)

	e.clock.Advance(26 * 24 * time.Hour) // "first" is 36 days old
	n, err := e.srv.Sweep(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Equal(t, one, e.appBytes("shop"), "retention gives the bytes back")
	e.sendBatch("shop", sid("fourth"), 0, rec[0])
}

// A batch that runs ahead is charged as it waits, and refused when that
// would go over; a batch that waited and would go over once masked is
// dropped (its waiting bytes given back) and the session resumes at its
// next full snapshot.
func TestAppQuotaWaitingBatches(t *testing.T) {
	rec := record(t, rules.Rules{})
	snap := rec[0]
	m := newEnv(t)
	m.sendBatch("shop", sid("measure"), 1, snap) // waits
	m.sendBatch("shop", sid("measure"), 0, snap) // and then both are stored
	both := m.appBytes("shop")
	x, _, err := m.st.Session(context.Background(), sid("measure"))
	require.NoError(t, err)
	require.Equal(t, 2, x.Batches)

	e := newEnv(t, func(o *Options) { o.Ingest.AppBytes = both - 1 })
	e.sendBatch("shop", sid("waits"), 1, snap)
	e.sendBatch("shop", sid("waits"), 0, snap)
	x, _, err = e.st.Session(context.Background(), sid("waits"))
	require.NoError(t, err)
	assert.Equal(t, [3]int{1, 0, 1}, [3]int{x.Batches, x.Pending, x.Dropped}, "the waited batch is dropped at the quota")
	assert.Less(t, e.appBytes("shop"), both-1)

	// Now a batch ahead that does not fit while waiting: refused.
	// (Stored gzip as sent, so whitespace stored, not compressed, pads it.)
	left := both - 1 - e.appBytes("shop")
	require.Less(t, left, int64(MaxBodyBytes/2))
	plain := capture.AppendEvents(nil, snap)
	padded := append([]byte("["+strings.Repeat(" ", int(left))), plain[1:]...)
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.NoCompression)
	require.NoError(t, err)
	zw.Write(padded)
	require.NoError(t, zw.Close())
	resp, body := e.post(q("shop", sid("waits"), 3), buf.Bytes())
	requireQuotaRefusal(t, resp, body)
	x, _, err = e.st.Session(context.Background(), sid("waits"))
	require.NoError(t, err)
	assert.Zero(t, x.Pending, "nothing waits")
}
