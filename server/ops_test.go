package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/ingest"
)

// scrape reads the server's metrics as Prometheus text, the way a scraper
// does, and returns the raw text and the families by name.
func scrape(t *testing.T, srv *Server) (string, map[string]*dto.MetricFamily) {
	t.Helper()
	ms := httptest.NewServer(srv.Metrics().Handler())
	defer ms.Close()
	resp, err := http.Get(ms.URL + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(raw))
	require.NoError(t, err, "the scrape is valid Prometheus text")
	return string(raw), fams
}

// value is the value of the series of family name with exactly labels
// (counter, gauge, or a histogram's sample count); -1 when absent.
func value(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		for _, l := range m.GetLabel() {
			if labels[l.GetName()] != l.GetValue() {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue()
		case m.Gauge != nil:
			return m.GetGauge().GetValue()
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount())
		}
	}
	return -1
}

func TestMetricsCountRealIngestRequestsByOutcomeAndRoute(t *testing.T) {
	e := newEnv(t)
	batches := record(t, rules.MaskAll())
	id := sid("metrics")
	for i, b := range batches {
		e.sendBatch("shop", id, i, b)
	}
	code, _ := e.send(q("shop", id, len(batches)), []byte("[not json"), "https://shop.example")
	require.Equal(t, 400, code)
	code, _ = e.send(q("nosuchapp", id, 0), gz([]byte("[]")), "")
	require.Equal(t, 404, code)
	code, _ = e.do("GET", "/api/sessions/"+id, e.admin, "")
	require.Equal(t, 200, code)

	raw, fams := scrape(t, e.srv)
	n := float64(len(batches))
	assert.Equal(t, n, value(fams, "veil_ingest_requests_total", map[string]string{"outcome": "accepted"}))
	assert.Equal(t, 1.0, value(fams, "veil_ingest_requests_total", map[string]string{"outcome": "malformed"}))
	assert.Equal(t, 1.0, value(fams, "veil_ingest_requests_total", map[string]string{"outcome": "unknown_app"}))
	assert.Equal(t, n+2, value(fams, "veil_ingest_duration_seconds", map[string]string{}))
	assert.Equal(t, n, value(fams, "veil_http_requests_total",
		map[string]string{"route": "POST /veil/ingest", "method": "POST", "code": "204"}))
	assert.Equal(t, 1.0, value(fams, "veil_http_requests_total",
		map[string]string{"route": "GET /api/sessions/{id}", "method": "GET", "code": "200"}))
	assert.GreaterOrEqual(t, value(fams, "veil_http_request_duration_seconds",
		map[string]string{"route": "PUT /api/apps/{app}/settings"}), 1.0, "newEnv stored settings through the API")
	assert.Greater(t, value(fams, "veil_ingest_received_bytes_total", map[string]string{}), 100.0)
	// Counted by the ingest engine through Options.Observer's default, the
	// server's Metrics.
	assert.Equal(t, n, value(fams, "veil_batches_stored_total", map[string]string{}))
	assert.Greater(t, value(fams, "veil_stored_bytes_total", map[string]string{}), 100.0)
	assert.Equal(t, 0.0, value(fams, "veil_batches_dropped_total", map[string]string{}))
	assert.Equal(t, 1.0, value(fams, "veil_live_sessions", map[string]string{}), "the session being recorded")
	for _, name := range []string{"veil_batches_stored_total", "veil_batches_dropped_total", "veil_stored_bytes_total",
		"veil_remasked_strings_total", "veil_pii_hits_total", "veil_gaps_total", "veil_sessions_rebuilt_total",
		"veil_rebuilt_batches_total", "veil_live_sessions", "go_goroutines", "process_resident_memory_bytes"} {
		assert.Contains(t, fams, name)
	}
	assert.NotContains(t, raw, id, "no session id in a label")
	assert.NotContains(t, raw, "nosuchapp", "no application name from a request in a label")
	assert.NotContains(t, raw, secretOf(id))
}

func TestMetricsCountGapsAndDroppedBatchesOfARealSession(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("metrics-gap")
	e.sendBatch("shop", s, 0, rec[0])
	e.sendBatch("shop", s, 2, rec[2]) // seq 1 never comes
	e.sendBatch("shop", s, 3, rec[3])
	e.clock.Advance(GapTimeout + 1)
	require.NoError(t, e.srv.ResolveGaps(context.Background()))
	x, _, err := e.st.Session(context.Background(), s)
	require.NoError(t, err)
	_, fams := scrape(t, e.srv)
	assert.Equal(t, float64(x.Gaps), value(fams, "veil_gaps_total", map[string]string{}))
	assert.Equal(t, float64(x.Dropped), value(fams, "veil_batches_dropped_total", map[string]string{}))
	assert.Equal(t, float64(x.Batches), value(fams, "veil_batches_stored_total", map[string]string{}))
	assert.Equal(t, 1.0, value(fams, "veil_gaps_total", map[string]string{}))
}

func TestMetricsUnknownPathsShareOneLabel(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/no/such/a1b2c3d4e5f6", "/api/nothing-here"} {
		code, _ := e.do("GET", p, "", "")
		require.Equal(t, 404, code)
	}
	code, _ := e.do("PATCH", "/api/apps", e.admin, "")
	require.Equal(t, 405, code)
	code, _ = e.do("XSECRETMETHOD", "/api/apps", e.admin, "")
	require.Equal(t, 405, code)
	raw, fams := scrape(t, e.srv)
	assert.Equal(t, 1.0, value(fams, "veil_http_requests_total", map[string]string{"route": "unmatched", "method": "other", "code": "405"}))
	assert.NotContains(t, raw, "XSECRETMETHOD", "a method name is the client's free text")
	assert.Equal(t, 2.0, value(fams, "veil_http_requests_total", map[string]string{"route": "unmatched", "method": "GET", "code": "404"}))
	assert.Equal(t, 1.0, value(fams, "veil_http_requests_total", map[string]string{"route": "unmatched", "method": "PATCH", "code": "405"}))
	assert.NotContains(t, raw, "a1b2c3d4e5f6")
}

// Metrics is what the ingest engine reports to.
var _ ingest.Observer = (*Metrics)(nil)

func TestMetricsEveryIngestOutcomeStartsAtZero(t *testing.T) {
	_, fams := scrape(t, newEnv(t).srv)
	for _, o := range ingestOutcomes {
		assert.Equal(t, 0.0, value(fams, "veil_ingest_requests_total", map[string]string{"outcome": o}), o)
	}
	for _, status := range []int{204, 400, 403, 404, 413, 415, 429, 503, 500, 418} {
		assert.Contains(t, ingestOutcomes, ingestOutcome(status, false), "%d", status)
	}
	assert.Contains(t, ingestOutcomes, ingestOutcome(204, true))
}

func TestMetricsIngestObserverMovesItsSeries(t *testing.T) {
	m := NewMetrics()
	var o ingest.Observer = m
	o.BatchStored(1000)
	o.BatchStored(24)
	o.BatchDropped()
	o.Gap(2)
	o.Remasked(3)
	o.PII(4)
	o.Rebuilt(5)
	o.Gap(-1) // never lowers a counter
	held := 7
	m.CountLive(func() int { return held })
	check := func(want map[string]float64) {
		t.Helper()
		fams, err := m.Registry().Gather()
		require.NoError(t, err)
		byName := map[string]*dto.MetricFamily{}
		for _, f := range fams {
			byName[f.GetName()] = f
		}
		for name, v := range want {
			assert.Equal(t, v, value(byName, name, map[string]string{}), name)
		}
	}
	check(map[string]float64{"veil_batches_stored_total": 2, "veil_stored_bytes_total": 1024, "veil_batches_dropped_total": 1,
		"veil_gaps_total": 2, "veil_remasked_strings_total": 3, "veil_pii_hits_total": 4, "veil_sessions_rebuilt_total": 1,
		"veil_rebuilt_batches_total": 5, "veil_live_sessions": 7})
	held = 3
	check(map[string]float64{"veil_live_sessions": 3})
}

func TestMetricsCountServerFaultsByWhat(t *testing.T) {
	e := newEnv(t)
	batches := record(t, rules.MaskAll())
	require.NoError(t, e.st.Close())
	code, body := e.send(q("shop", sid("fault"), 0), gz(capture.AppendEvents(nil, batches[0])), "https://shop.example")
	require.Equal(t, 500, code, body)
	code, _ = e.do("GET", "/readyz", "", "")
	require.Equal(t, 503, code)
	_, fams := scrape(t, e.srv)
	assert.Equal(t, 1.0, value(fams, "veil_server_errors_total", map[string]string{"what": "ingest"}))
	assert.Equal(t, 1.0, value(fams, "veil_ingest_requests_total", map[string]string{"outcome": "server_error"}))
	assert.Equal(t, 1.0, value(fams, "veil_http_requests_total", map[string]string{"route": "GET /readyz", "method": "GET", "code": "503"}))
}

func TestHealthzAnswersWithoutAToken(t *testing.T) {
	e := newEnv(t)
	code, body := e.do("GET", "/healthz", "", "")
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"status":"ok"}`, body)
}

func TestReadyzReadyWithOpenStore(t *testing.T) {
	e := newEnv(t)
	code, body := e.do("GET", "/readyz", "", "")
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"status":"ready","checks":{"store":"ok","keys":"ok"}}`, body)
}

func TestReadyzFailsWithClosedStore(t *testing.T) {
	e := newEnv(t)
	require.NoError(t, e.st.Close())
	code, body := e.do("GET", "/readyz", "", "")
	assert.Equal(t, 503, code)
	var got struct {
		Error  string            `json:"error"`
		Checks map[string]string `json:"checks"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &got), body)
	assert.Equal(t, "unreachable", got.Checks["store"])
	assert.Equal(t, "ok", got.Checks["keys"])
	assert.Contains(t, got.Error, "store unreachable")
	assert.NotContains(t, body, "closed", "the store's own error stays in the log")
}

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRequestLogIsJSONWithoutIDsTokensQueriesOrAddresses(t *testing.T) {
	var out lockedBuffer
	logger, err := NewLogger(&out, "json")
	require.NoError(t, err)
	e := newEnv(t, func(o *Options) { o.Log = logger })
	batches := record(t, rules.MaskAll())
	id := sid("logged-session")
	e.sendBatch("shop", id, 0, batches[0])
	req, err := http.NewRequest("GET", e.ts.URL+"/api/sessions/"+id+"?from=1772366400000", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+e.admin)
	req.AddCookie(&http.Cookie{Name: SessionCookie, Value: "cookie-value-QWERTY"})
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	for _, p := range []string{"/healthz", "/readyz"} {
		code, _ := e.do("GET", p, "", "")
		require.Equal(t, 200, code)
	}
	logger.Printf("veil: an operational message")

	text := out.String()
	var requests []map[string]any
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		var rec map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &rec), "every line is JSON: %s", sc.Text())
		require.Contains(t, rec, "time")
		require.Contains(t, rec, "level")
		if rec["msg"] == "request" {
			requests = append(requests, rec)
		}
	}
	require.GreaterOrEqual(t, len(requests), 3, text)
	var sawIngest, sawSession bool
	for _, r := range requests {
		switch r["route"] {
		case "POST /veil/ingest":
			sawIngest = true
			assert.Equal(t, 204.0, r["status"])
			assert.Greater(t, r["bytes_in"], 0.0)
		case "GET /api/sessions/{id}":
			sawSession = true
			assert.Equal(t, "GET", r["method"])
			assert.Contains(t, r, "duration_ms")
			assert.Greater(t, r["bytes_out"], 0.0)
		}
	}
	assert.True(t, sawIngest && sawSession, text)
	assert.NotContains(t, text, "healthz", "passing health checks are counted, not logged")
	assert.NotContains(t, text, "readyz")
	assert.Contains(t, text, `"msg":"veil: an operational message"`)
	for _, secret := range []string{id, secretOf(id), e.admin, "cookie-value-QWERTY", "1772366400000", "127.0.0.1", "shop.example"} {
		assert.NotContains(t, text, secret)
	}
}

func TestNewLoggerRefusesAnUnknownFormat(t *testing.T) {
	_, err := NewLogger(io.Discard, "xml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"xml"`)
}

func TestNetHTTPErrorLinesLoseTheClientAddress(t *testing.T) {
	var out lockedBuffer
	logger, err := NewLogger(&out, "text")
	require.NoError(t, err)
	logger.Printf("http: TLS handshake error from 192.0.2.7:50123: EOF")
	logger.Printf("http: panic serving [2001:db8::1]:443: boom")
	text := out.String()
	assert.NotContains(t, text, "192.0.2.7")
	assert.NotContains(t, text, "2001:db8")
	assert.Contains(t, text, "from [client]: EOF")
	assert.Contains(t, text, "serving [client]: boom")
	assert.Contains(t, text, "level=WARN")
}

func TestLogLinesSayingWARNINGAreWarnings(t *testing.T) {
	var out lockedBuffer
	logger, err := NewLogger(&out, "json")
	require.NoError(t, err)
	logger.Print("veil serve: WARNING: DEMO MODE")
	logger.Print("veil: retention sweep: 3 sessions")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], `"level":"WARN"`)
	assert.Contains(t, lines[1], `"level":"INFO"`)
}
