package server

import (
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the collector's Prometheus series, on a registry of their own
// (never the global default, so two Servers in one process, as in tests, do
// not share or clash). Every label value comes from a closed set — route
// patterns, status codes, outcome words, fixed "what" names — never from a
// request: no session id, application, path or address reaches a label.
// All methods are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	httpRequests *prometheus.CounterVec   // route, method, code
	httpDuration *prometheus.HistogramVec // route
	ingestOut    *prometheus.CounterVec   // outcome
	ingestTime   prometheus.Histogram
	ingestBytes  prometheus.Counter // request bodies as sent
	serverErrors *prometheus.CounterVec

	batchesStored  prometheus.Counter
	batchesDropped prometheus.Counter
	storedBytes    prometheus.Counter
	remasked       prometheus.Counter
	pii            prometheus.Counter
	gaps           prometheus.Counter
	rebuilt        prometheus.Counter
	rebuiltFrom    prometheus.Counter
	live           atomic.Pointer[func() int]
}

// ingestBuckets spread from 1 ms to 10 s: a small batch is masked in about a
// millisecond, a large snapshot in a few hundred, and a request waits at
// most 2 s for a decoding slot.
var ingestBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// NewMetrics returns the collector's series on a fresh registry, with the Go
// runtime and process collectors beside them.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	counter := func(name, help string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
		m.reg.MustRegister(c)
		return c
	}
	m.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "veil_http_requests_total",
		Help: "HTTP requests answered, by route pattern (\"unmatched\" for unknown paths), method and status code."},
		[]string{"route", "method", "code"})
	m.httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "veil_http_request_duration_seconds",
		Help: "Time to answer an HTTP request, by route pattern.", Buckets: ingestBuckets}, []string{"route"})
	m.ingestOut = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "veil_ingest_requests_total",
		Help: "Ingest requests by outcome: " + strings.Join(ingestOutcomes, ", ") + "."}, []string{"outcome"})
	m.ingestTime = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "veil_ingest_duration_seconds",
		Help: "Time to answer an ingest request (inflate, decode, mask again, store).", Buckets: ingestBuckets})
	m.serverErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "veil_server_errors_total",
		Help: "Requests answered 500 because of a server fault, by what failed: every what but \"playback masking\" is a store call."}, []string{"what"})
	live := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "veil_live_sessions",
		Help: "Recording sessions whose masking state is held in memory."}, func() float64 {
		if f := m.live.Load(); f != nil {
			return float64((*f)())
		}
		return 0
	})
	m.reg.MustRegister(m.httpRequests, m.httpDuration, m.ingestOut, m.ingestTime, m.serverErrors, live,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Every outcome is there from the start, at 0, so that rates and alerts
	// on a refusal work before the first one happens.
	for _, o := range ingestOutcomes {
		m.ingestOut.WithLabelValues(o)
	}
	m.ingestBytes = counter("veil_ingest_received_bytes_total", "Bytes of ingest request bodies as sent (gzip or plain).")
	m.batchesStored = counter("veil_batches_stored_total", "Batches masked again and stored.")
	m.batchesDropped = counter("veil_batches_dropped_total", "Batches accepted but not kept (gap or lost masking state: fail closed).")
	m.storedBytes = counter("veil_stored_bytes_total", "Sealed bytes of the batches stored.")
	m.remasked = counter("veil_remasked_strings_total", "Strings that masking at ingest changed (nonzero means a page's recorder masked less than its rules say).")
	m.pii = counter("veil_pii_hits_total", "PII-detector matches masked at ingest.")
	m.gaps = counter("veil_gaps_total", "Seq ranges that never arrived and were given up on.")
	m.rebuilt = counter("veil_sessions_rebuilt_total", "Sessions whose masking state was rebuilt from the store (lost, evicted, or moved on by another collector).")
	m.rebuiltFrom = counter("veil_rebuilt_batches_total", "Stored batches replayed to rebuild masking state.")
	return m
}

// Handler serves the registry in the Prometheus text format. It is meant
// for a listener of its own (`veil serve --metrics-addr`), never the public
// port.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry returns the registry, for tests and embedding programs.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// The methods below make Metrics an ingest.Observer (the ingest engine
// tells them what it does, from many goroutines at once). Negative counts
// are ignored: a counter never goes down.

// BatchStored counts a batch masked again and stored, and its sealed bytes.
func (m *Metrics) BatchStored(sealedBytes int) {
	m.batchesStored.Inc()
	m.storedBytes.Add(float64(max(sealedBytes, 0)))
}

// BatchDropped counts a batch accepted but not kept.
func (m *Metrics) BatchDropped() { m.batchesDropped.Inc() }

// Gap counts seq ranges given up on.
func (m *Metrics) Gap(n int) { m.gaps.Add(float64(max(n, 0))) }

// Remasked counts strings that masking at ingest changed.
func (m *Metrics) Remasked(n int) { m.remasked.Add(float64(max(n, 0))) }

// PII counts PII-detector matches masked at ingest.
func (m *Metrics) PII(n int) { m.pii.Add(float64(max(n, 0))) }

// Rebuilt counts a session's masking state rebuilt from batches stored ones.
func (m *Metrics) Rebuilt(batches int) {
	m.rebuilt.Inc()
	m.rebuiltFrom.Add(float64(max(batches, 0)))
}

// CountLive makes veil_live_sessions read held() at each scrape (the ingest
// engine's count of sessions it holds). held must be safe for concurrent use.
func (m *Metrics) CountLive(held func() int) { m.live.Store(&held) }

// serverError counts a 500 by its fixed what (see Server.internal).
func (m *Metrics) serverError(what string) { m.serverErrors.WithLabelValues(what).Inc() }

// observe records one answered request, by routeLabel and methodLabel.
func (m *Metrics) observe(route, method string, status int, seconds float64, ingest bool, deletion bool, bodyBytes int64) {
	m.httpRequests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.httpDuration.WithLabelValues(route).Observe(seconds)
	if !ingest {
		return
	}
	m.ingestBytes.Add(float64(bodyBytes))
	m.ingestTime.Observe(seconds)
	m.ingestOut.WithLabelValues(ingestOutcome(status, deletion)).Inc()
}

// ingestOutcomes are the words ingestOutcome answers.
var ingestOutcomes = []string{"accepted", "deleted", "malformed", "forbidden", "unknown_app", "too_large",
	"unsupported_type", "too_many", "overloaded", "client_error", "server_error"}

// ingestOutcome names an ingest answer by its status (server/doc.go lists
// what each status means at ingest).
func ingestOutcome(status int, deletion bool) string {
	switch {
	case status < 300 && deletion:
		return "deleted"
	case status < 300:
		return "accepted"
	case status == http.StatusBadRequest:
		return "malformed"
	case status == http.StatusForbidden:
		return "forbidden"
	case status == http.StatusNotFound:
		return "unknown_app"
	case status == http.StatusRequestEntityTooLarge:
		return "too_large"
	case status == http.StatusUnsupportedMediaType:
		return "unsupported_type"
	case status == http.StatusTooManyRequests:
		return "too_many"
	case status == http.StatusServiceUnavailable:
		return "overloaded"
	case status >= 500:
		return "server_error"
	}
	return "client_error"
}

// routeLabel is the mux pattern that served a request, "unmatched" when
// none did: never the path itself.
func routeLabel(pattern string) string {
	if pattern == "" {
		return "unmatched"
	}
	return pattern
}

// methodLabel is a request's method, "other" for one not in HTTP's common
// set: a method name is the client's free text.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}
