package server

import (
	"context"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// ops is the operations layer in front of every route: it measures each
// request (Metrics) and, when the server logs through slog (NewLogger), writes
// one request log line. It sees only the route pattern, method, status,
// duration and byte counts — never the path's values, the query, headers,
// cookies, the body or the client's address. Safe for concurrent use.
type ops struct {
	inner   *http.ServeMux
	serve   http.Handler // jsonErrors(inner)
	metrics *Metrics
	reqLog  *slog.Logger // nil: no request log
}

func newOps(inner *http.ServeMux, m *Metrics, l *log.Logger) *ops {
	o := &ops{inner: inner, serve: jsonErrors(inner), metrics: m}
	if sw, ok := l.Writer().(*slogWriter); ok {
		o.reqLog = sw.l
	}
	return o
}

// ops returns the operations layer that routes installed as s.mux's only
// route (see routes). It is found through the mux rather than kept in a
// field so that the operations layer stays in its own files.
func (s *Server) ops() *ops {
	h, _ := s.mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}})
	return h.(*ops)
}

// Metrics returns the server's metrics: serve Metrics().Handler() on a
// listener of its own (`veil serve --metrics-addr`). They are also the
// ingest engine's ingest.Observer unless Options.Observer names another.
func (s *Server) Metrics() *Metrics { return s.ops().metrics }

func (o *ops) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	var body *countingBody
	if r.Body != nil && r.Body != http.NoBody {
		body = &countingBody{ReadCloser: r.Body}
		r.Body = body
	}
	o.serve.ServeHTTP(sw, r)
	// The inner mux set r.Pattern to the route that served the request
	// ("" for none); it is the only part of the URL that is measured.
	took := time.Since(start)
	route, method := routeLabel(r.Pattern), methodLabel(r.Method)
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	var in int64
	if body != nil {
		in = body.n
	}
	ingest := route == "POST "+IngestPath
	o.metrics.observe(route, method, status, took.Seconds(), ingest, ingest && r.URL.Query().Get("delete") == "1", in)
	if o.reqLog != nil && !(probe(route) && status < 400) {
		o.reqLog.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", method),
			slog.String("route", route), slog.Int("status", status),
			slog.Float64("duration_ms", float64(took.Microseconds())/1000),
			slog.Int64("bytes_in", in), slog.Int64("bytes_out", sw.bytes))
	}
}

// probe reports whether route is a health check, which load balancers call
// every few seconds: a passing one is counted but not logged.
func probe(route string) bool { return route == "GET /healthz" || route == "GET /readyz" }

// statusWriter remembers the status and counts the bytes written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// countingBody counts the request body's bytes as read (as sent: before any
// gunzip).
type countingBody struct {
	io.ReadCloser
	n int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	return n, err
}

// ReadyTimeout bounds the store check of /readyz.
const ReadyTimeout = 2 * time.Second

// readyProbeApp is an application name that cannot exist (names are
// [a-z0-9_-]), so the store check of /readyz counts nothing.
const readyProbeApp = "readyz probe"

// healthz answers 200 while the process serves HTTP at all.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]string{"status": "ok"})
}

// readyz answers 200 when the store answers a cheap query and the keyring
// has a current key; otherwise 503 with {"error": ..., "checks": ...}. The
// store's error goes to the log only.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	checks := map[string]string{"store": "ok", "keys": "ok"}
	ctx, cancel := context.WithTimeout(r.Context(), ReadyTimeout)
	defer cancel()
	if _, err := s.st.SessionCounts(ctx, []string{readyProbeApp}); err != nil {
		s.log.Printf("veil: readyz: store: %v", err)
		checks["store"] = "unreachable"
	}
	if s.keys == nil || s.keys.Current() == "" {
		checks["keys"] = "not loaded"
	}
	if checks["store"] != "ok" || checks["keys"] != "ok" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		b := detail(map[string]any{"error": "not ready: store " + checks["store"] + ", keys " + checks["keys"], "checks": checks})
		io.WriteString(w, b+"\n")
		return
	}
	writeJSON(w, map[string]any{"status": "ready", "checks": checks})
}
