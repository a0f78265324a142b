package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkOpsLayer measures what the operations layer (metrics and, with
// NewLogger, the request log) adds to a request, against the same mux alone.
func BenchmarkOpsLayer(b *testing.B) {
	inner := http.NewServeMux()
	inner.HandleFunc("GET /api/sessions/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	logger, err := NewLogger(io.Discard, "json")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		h    http.Handler
	}{
		{"mux", jsonErrors(inner)},
		{"ops", newOps(inner, NewMetrics(), logger)},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/api/sessions/abcdefghijklmnop", nil)
			for b.Loop() {
				c.h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
