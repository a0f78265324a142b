package server

import (
	"encoding/json"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
)

// fail answers with status and a JSON body {"error": msg}.
func fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	b, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{msg})
	w.Write(append(b, '\n'))
}

// internal logs a server fault and answers 500 without its details.
func (s *Server) internal(w http.ResponseWriter, what string, err error) {
	s.log.Printf("veil: %s: %v", what, err)
	fail(w, http.StatusInternalServerError, "internal error ("+what+"); see the collector's log")
}

// writeJSON answers 200 with v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	b, err := json.Marshal(v)
	if err != nil {
		fail(w, http.StatusInternalServerError, "encoding the answer: "+err.Error())
		return
	}
	w.Write(append(b, '\n'))
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("POST "+IngestPath, s.ingest)
	m.HandleFunc("OPTIONS "+IngestPath, s.preflight)
	m.HandleFunc("GET "+ConfigPath, s.serveConfig)
	m.HandleFunc("OPTIONS "+ConfigPath, s.preflight)
	s.apiRoutes(m)
	s.viewerRoutes(m)
	if s.opt.Static != "" {
		m.Handle("GET /veil/", http.StripPrefix("/veil/", staticFiles(s.opt.Static)))
	}
	if s.opt.DemoSite != "" {
		m.Handle("GET /demo/", http.StripPrefix("/demo/", staticFiles(s.opt.DemoSite)))
	}
	s.mux = m
}

// staticFiles serves dir, with application/wasm for .wasm whatever the
// system's MIME table says (browsers refuse streaming compilation otherwise).
func staticFiles(dir string) http.Handler {
	fs := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ext := strings.ToLower(filepath.Ext(r.URL.Path)); ext == ".wasm" {
			w.Header().Set("Content-Type", "application/wasm")
		} else if t := mime.TypeByExtension(ext); t != "" {
			w.Header().Set("Content-Type", t)
		}
		fs.ServeHTTP(w, r)
	})
}
