package server

import (
	"encoding/json"
	"net/http"
)

// fail answers with status and a JSON body {"error": msg}.
func fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff") // errors quote their input: never sniffed as HTML
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	b, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{msg})
	w.Write(append(b, '\n'))
}

// refuseHead answers a HEAD request of a GET route that replays or exports
// (and audits) 405, and reports whether it did. Go's mux routes HEAD to GET
// handlers: a HEAD of a session's events decoded and masked the whole
// session, and the audit log recorded a view of it, for an answer with no
// body (a view charged, nothing shown).
func refuseHead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodHead {
		return false
	}
	w.Header().Set("Allow", "GET")
	fail(w, http.StatusMethodNotAllowed, "method HEAD is not allowed here: this answer replays or exports, and is audited; allowed: GET")
	return true
}

// internal logs a server fault and answers 500 without its details.
// what is a fixed word of the call site: it labels the error metric.
func (s *Server) internal(w http.ResponseWriter, what string, err error) {
	s.log.Printf("veil: %s: %v", what, err)
	s.ops().metrics.serverError(what)
	fail(w, http.StatusInternalServerError, "internal error ("+what+"); see the collector's log")
}

// writeJSON answers 200 with v as JSON.
func writeJSON(w http.ResponseWriter, v any) { writeJSONStatus(w, http.StatusOK, v) }

// writeJSONStatus answers status with v as JSON. Its headers are set before
// the status is written: headers set after WriteHeader are dropped.
func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fail(w, http.StatusInternalServerError, "encoding the answer failed")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// apiHeaders are set on every answer of an authenticated API route, before
// anything else runs, so that errors, 204s and streamed answers carry them
// too. The answers hold recorded pages, settings, the audit log and token
// secrets: never cached, never sniffed, never framed, and a document that
// loads nothing and sends no Referer if someone opens one in a tab.
func apiHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Resource-Policy", "same-origin") // no other origin may embed an answer
}

// routes builds the handlers. The routes live on an inner mux; s.mux holds
// one catch-all route to the operations layer (ops.go), which measures and
// logs every request by the inner mux's pattern and then serves it through
// jsonErrors(inner). So Handler's jsonErrors(s.mux) always finds a route and
// passes the request on, and the inner mux's 404 and 405 are still JSON.
func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("POST "+IngestPath, s.ingest)
	m.HandleFunc("OPTIONS "+IngestPath, s.preflight)
	m.HandleFunc("GET "+ConfigPath, s.serveConfig)
	m.HandleFunc("OPTIONS "+ConfigPath, s.preflight)
	s.apiRoutes(m)
	s.viewerRoutes(m)
	if s.opt.Static != "" {
		m.Handle("GET /veil/", http.StripPrefix("/veil/", staticFiles(s.opt.Static, s)))
	}
	if s.opt.DemoSite != "" {
		m.Handle("GET /demo/", http.StripPrefix("/demo/", staticFiles(s.opt.DemoSite, s)))
	}
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /readyz", s.readyz)
	m.HandleFunc("GET "+OpenAPIPath, serveOpenAPI)
	m.HandleFunc("GET "+SchemaPath+"{name}", serveSchema)
	metrics := NewMetrics()
	// s.live is made after routes; a scrape runs only once the server serves.
	metrics.CountLive(func() int {
		if s.live == nil || s.live.eng == nil {
			return 0
		}
		return s.live.eng.Held()
	})
	outer := http.NewServeMux()
	outer.Handle("/", newOps(m, metrics, s.log))
	s.mux = outer
}

// jsonErrors makes the mux's own answers — unknown path (404) and wrong
// method (405, with its Allow header) — JSON like every other error, instead
// of Go's plain text. Everything the mux routes goes through untouched.
func jsonErrors(m *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := m.Handler(r); pattern != "" {
			m.ServeHTTP(w, r)
			return
		}
		rec := &headerRecorder{h: http.Header{}}
		m.ServeHTTP(rec, r)
		if rec.status < 400 { // a redirect the mux made (a cleaned path): pass it on
			for k, v := range rec.h {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.status)
			w.Write(rec.body)
			return
		}
		if a := rec.h.Get("Allow"); a != "" {
			w.Header().Set("Allow", a)
		}
		switch rec.status {
		case http.StatusNotFound:
			fail(w, rec.status, "no such endpoint: "+r.URL.Path)
		case http.StatusMethodNotAllowed:
			fail(w, rec.status, "method "+r.Method+" is not allowed here; allowed: "+rec.h.Get("Allow"))
		default:
			fail(w, rec.status, http.StatusText(rec.status))
		}
	})
}

// headerRecorder keeps what the mux's fallback handlers write; their bodies
// are a line of text at most.
type headerRecorder struct {
	h      http.Header
	status int
	body   []byte
}

func (h *headerRecorder) Header() http.Header { return h.h }

func (h *headerRecorder) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

func (h *headerRecorder) Write(b []byte) (int, error) {
	h.WriteHeader(http.StatusOK)
	if len(h.body) < 4096 {
		h.body = append(h.body, b...)
	}
	return len(b), nil
}
