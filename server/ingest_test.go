package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// fingerprint summarises what is stored for a session, to show that a
// rejected request changed nothing.
func (e *env) fingerprint(session string) string {
	e.t.Helper()
	bs, err := e.st.StoredBatches(context.Background(), session)
	require.NoError(e.t, err)
	h := sha256.New()
	for _, b := range bs {
		h.Write([]byte(strconv.Itoa(b.Seq)))
		h.Write(b.Data)
	}
	s, ok, err := e.st.Session(context.Background(), session)
	require.NoError(e.t, err)
	require.True(e.t, ok)
	return strconv.Itoa(len(bs)) + "/" + strconv.Itoa(s.Batches) + "/" + strconv.Itoa(s.Pending) + "/" + string(h.Sum(nil))
}

func TestIngestRejects(t *testing.T) {
	e := newEnv(t)
	e.putSettings("blog", `{"recorder":{"application":"blog","endpoint":"/veil/ingest"}}`)
	rec := record(t, rules.MaskAll())
	good := sid("good")
	for i, b := range rec[:3] {
		e.sendBatch("shop", good, i, b)
	}
	blogSession := sid("blogsession")
	code, msg := e.send(q("blog", blogSession, 0), gz(capture.AppendEvents(nil, rec[0])), "")
	require.Equal(t, 204, code, msg)
	before := e.fingerprint(good)

	valid := gz(capture.AppendEvents(nil, rec[3]))
	validGz := gz(capture.AppendEvents(nil, rec[0]))
	oneEvent := `[{"type":3,"data":{"source":3,"id":1,"x":0,"y":5},"timestamp":1772366400000}]`
	cases := []struct {
		name   string
		query  string
		body   []byte
		origin string
		status int
		msg    string
	}{
		{"garbage", q("shop", good, 3), []byte("\x00\x01\x02garbage"), "", 415, "neither gzip nor JSON"},
		{"text", q("shop", good, 3), []byte("hello"), "", 415, "neither gzip nor JSON"},
		{"truncated gzip", q("shop", good, 3), valid[:len(valid)/2], "", 400, "gzip"},
		{"corrupt gzip header", q("shop", good, 3), []byte{0x1f, 0x8b, 0, 0, 0}, "", 400, "corrupt gzip"},
		{"gzip bomb", q("shop", good, 3), gz(bytes.Repeat([]byte(" "), MaxDecodedBytes+1)), "", 413, "inflates to over the limit"},
		{"not an array", q("shop", good, 3), gz([]byte(`{"type":4}`)), "", 400, "expected an array"},
		{"unknown event type", q("shop", good, 3), []byte(`[{"type":9,"data":{},"timestamp":1}]`), "", 400, "cannot be masked again"},
		{"unknown source", q("shop", good, 3), []byte(`[{"type":3,"data":{"source":99},"timestamp":1}]`), "", 400, "malformed events"},
		{"invalid JSON", q("shop", good, 3), []byte(`[{"type":`), "", 400, "malformed events"},
		{"invalid UTF-8", q("shop", good, 3), []byte("[\"\xff\"]"), "", 400, "invalid UTF-8"},
		{"empty body", q("shop", good, 3), nil, "", 400, "empty body"},
		{"empty array", q("shop", good, 3), []byte(`[]`), "", 400, "empty batch"},
		{"missing timestamp", q("shop", good, 3), []byte(`[{"type":3,"data":{"source":3,"id":1,"x":0,"y":0}}]`), "", 400, "timestamp"},
		{"missing app", "session=" + good + "&seq=3", valid, "", 400, "missing app"},
		{"bad app", q("Shop!", good, 3), valid, "", 400, "bad app"},
		{"unknown app", q("nosuchapp", good, 3), valid, "", 404, "unknown application"},
		{"missing session", "app=shop&seq=3", valid, "", 400, "missing session"},
		{"short session id", q("shop", "abc", 3), valid, "", 400, "bad session id"},
		{"long session id", q("shop", strings.Repeat("a", 65), 3), valid, "", 400, "bad session id"},
		{"session id with dots", q("shop", "../../etc/passwd0000", 3), valid, "", 400, "bad session id"},
		{"missing seq", "app=shop&session=" + good, valid, "", 400, "seq"},
		{"negative seq", "app=shop&session=" + good + "&seq=-1", valid, "", 400, "seq"},
		{"seq over 2^31-1", "app=shop&session=" + good + "&seq=2147483648", valid, "", 400, "seq"},
		{"seq not a number", "app=shop&session=" + good + "&seq=3x", valid, "", 400, "seq"},
		{"seq with leading zero", "app=shop&session=" + good + "&seq=03", valid, "", 400, "seq"},
		{"oversized body", q("shop", good, 3), append([]byte(oneEvent), bytes.Repeat([]byte(" "), MaxBodyBytes)...), "", 413, "over the limit"},
		{"wrong origin", q("shop", good, 3), valid, "https://evil.example", 403, "not allowed"},
		{"origin of another app", q("blog", good, 3), valid, "https://shop.example", 403, "not allowed"},
		{"session of another app", q("shop", blogSession, 1), valid, "", 400, "another application"},
		{"seq too far ahead", q("shop", good, 3+MaxAhead+1), validGz, "", 429, "ahead"},
		{"delete with a body", q("shop", good, 0) + "&delete=1", valid, "", 400, "empty body"},
	}
	require.GreaterOrEqual(t, len(cases), 20)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := e.send(c.query, c.body, c.origin)
			assert.Equal(t, c.status, code, body)
			assert.Contains(t, body, `"error":`)
			assert.Contains(t, body, c.msg)
			assert.Equal(t, before, e.fingerprint(good), "data accepted earlier is intact")
		})
	}
	// And the session still continues where it was.
	e.sendBatch("shop", good, 3, rec[3])
	s, _, err := e.st.Session(context.Background(), good)
	require.NoError(t, err)
	assert.Equal(t, 4, s.Batches)
	assert.Zero(t, s.Dropped)
}

func TestIngestLimitsAtTheLimit(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	first := capture.AppendEvents(nil, rec[0])

	t.Run("body of exactly MaxBodyBytes", func(t *testing.T) {
		body := append(append([]byte{}, first...), bytes.Repeat([]byte(" "), MaxBodyBytes-len(first))...)
		require.Len(t, body, MaxBodyBytes)
		code, msg := e.send(q("shop", sid("atbodylimit"), 0), body, "")
		assert.Equal(t, 204, code, msg)
		code, msg = e.send(q("shop", sid("overbodylimit"), 0), append(body, ' '), "")
		assert.Equal(t, 413, code, msg)
	})
	t.Run("inflated body of exactly MaxDecodedBytes", func(t *testing.T) {
		body := append(append([]byte{}, first...), bytes.Repeat([]byte(" "), MaxDecodedBytes-len(first))...)
		code, msg := e.send(q("shop", sid("atdecodedlimit"), 0), gz(body), "")
		assert.Equal(t, 204, code, msg)
		code, msg = e.send(q("shop", sid("overdecodedlimit"), 0), gz(append(body, ' ')), "")
		assert.Equal(t, 413, code, msg)
	})
	t.Run("seq exactly MaxAhead ahead", func(t *testing.T) {
		s := sid("ahead")
		e.sendBatch("shop", s, 0, rec[0])
		code, msg := e.send(q("shop", s, 1+MaxAhead), gz(capture.AppendEvents(nil, rec[1])), "")
		assert.Equal(t, 204, code, msg)
		code, msg = e.send(q("shop", s, 2+MaxAhead), gz(capture.AppendEvents(nil, rec[1])), "")
		assert.Equal(t, 429, code, msg)
	})
	t.Run("seq bounds", func(t *testing.T) {
		for in, want := range map[string]bool{"0": true, "2147483647": true, "2147483648": false, "": false, "+1": false, "1e3": false} {
			_, ok := parseSeq(in)
			assert.Equal(t, want, ok, in)
		}
	})
	t.Run("session id bounds", func(t *testing.T) {
		assert.True(t, validSession(strings.Repeat("a", 16)))
		assert.True(t, validSession(strings.Repeat("Z", 64)))
		assert.False(t, validSession(strings.Repeat("a", 15)))
		assert.False(t, validSession(strings.Repeat("a", 65)))
	})
}

func TestIngestRetriesAndReordering(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("reorder")
	order := []int{0, 2, 1, 1, 2, 4, 3, 0, 4}
	for _, seq := range order {
		e.sendBatch("shop", s, seq, rec[seq])
	}
	x, ok, err := e.st.Session(context.Background(), s)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, len(rec), x.Batches, "each seq stored once")
	assert.Zero(t, x.Pending)
	assert.Zero(t, x.Dropped)
	assert.Zero(t, x.Gaps)
	assert.Zero(t, x.Remasked, "a well-masked recording needs no change")
	require.Len(t, x.Pages, 1)
	assert.True(t, strings.HasPrefix(x.Pages[0], "https://shop.example/cart"), x.Pages[0])
	assert.NotContains(t, x.Pages[0], "s3cr3t", "the page URL, scrubbed")
	assert.Equal(t, "granted", x.Consent)
	assert.Equal(t, "optIn", x.ConsentSource)
	assert.NotEmpty(t, x.RulesVersion)
	bs, err := e.st.StoredBatches(context.Background(), s)
	require.NoError(t, err)
	for i, b := range bs {
		assert.Equal(t, i, b.Seq)
	}
}

func TestIngestGapResynchronisesAtSnapshot(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("gap")
	e.sendBatch("shop", s, 0, rec[0])
	e.sendBatch("shop", s, 2, rec[2]) // seq 1 never comes
	e.sendBatch("shop", s, 3, rec[3])
	e.clock.Advance(GapTimeout + 1)
	require.NoError(t, e.srv.ResolveGaps(context.Background()))
	x, _, err := e.st.Session(context.Background(), s)
	require.NoError(t, err)
	assert.Equal(t, 1, x.Gaps)
	assert.Equal(t, 2, x.Dropped, "batches after a gap are dropped until a full snapshot")
	assert.Equal(t, 1, x.Batches)
	assert.Zero(t, x.Pending)
	e.sendBatch("shop", s, 4, rec[4]) // still out of step: no snapshot
	e.sendBatch("shop", s, 5, rec[0]) // a fresh full snapshot resynchronises
	e.sendBatch("shop", s, 6, rec[1])
	e.sendBatch("shop", s, 1, rec[1]) // too late: already given up on
	x, _, err = e.st.Session(context.Background(), s)
	require.NoError(t, err)
	assert.Equal(t, 3, x.Dropped)
	assert.Equal(t, 3, x.Batches)
}

func TestIngestMasksAgain(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.Rules{Mode: rules.ModeBlockList}) // a faulty page: clear text under mask-all settings
	s := sid("faulty")
	for i, b := range rec {
		e.sendBatch("shop", s, i, b)
	}
	x, _, err := e.st.Session(context.Background(), s)
	require.NoError(t, err)
	assert.Positive(t, x.Remasked, "changes at ingest are counted")
	code, body := e.do("GET", "/api/sessions/"+s, e.token("replay", "shop"), "")
	require.Equal(t, 200, code)
	assert.Contains(t, body, `"remasked":`+strconv.Itoa(x.Remasked))
	code, body = e.do("GET", "/api/sessions/"+s+"/events?unmasked=1", e.token("replay-unmasked", "shop"), "")
	require.Equal(t, 200, code, body)
	assert.NotContains(t, body, "Jane", "stored masked: even capture-level content has none of it")
	assert.Contains(t, body, "cart-zq9x-secretclass")
}

func TestConfigEndpointAndCORS(t *testing.T) {
	e := newEnv(t)
	e.putSettings("shop", `{"recorder":{"application":"shop","endpoint":"/veil/ingest","recording":{"mode":"block-list"}},
		"playback":{"mode":"mask-all","block":[".secret-zq9x"]},"allowedOrigins":["https://shop.example"]}`)
	req := func(method, path, origin string) (int, string, map[string][]string) {
		r, err := newRequest(method, e.ts.URL+path, origin)
		require.NoError(t, err)
		resp, err := e.ts.Client().Do(r)
		require.NoError(t, err)
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String(), resp.Header
	}
	code, body, h := req("GET", ConfigPath+"?app=shop", "https://shop.example")
	require.Equal(t, 200, code, body)
	assert.Equal(t, "no-store", h["Cache-Control"][0])
	assert.Equal(t, "https://shop.example", h["Access-Control-Allow-Origin"][0])
	assert.Contains(t, body, `"block-list"`)
	assert.NotContains(t, body, "secret-zq9x", "playback rules never reach a browser")
	assert.NotContains(t, body, "playback")

	code, _, _ = req("GET", ConfigPath+"?app=shop", "https://evil.example")
	assert.Equal(t, 403, code)
	code, _, _ = req("GET", ConfigPath+"?app=nope", "")
	assert.Equal(t, 404, code)
	code, _, h = req("OPTIONS", IngestPath+"?app=shop", "https://shop.example")
	assert.Equal(t, 204, code)
	assert.Contains(t, h["Access-Control-Allow-Methods"][0], "POST")
	code, _, _ = req("OPTIONS", IngestPath+"?app=shop", "https://evil.example")
	assert.Equal(t, 403, code)
}
