package server

import (
	"log"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// Limits of the HTTP server of `veil serve`, so that slow or idle clients
// cannot hold connections, and no flood of connections takes every file
// descriptor.
const (
	// ReadHeaderTimeout bounds reading a request's headers.
	ReadHeaderTimeout = 10 * time.Second
	// ReadTimeout bounds reading a whole request, headers and body: a body
	// trickling in slower is cut off (the largest batch at a modest 64 KiB/s
	// arrives well within it).
	ReadTimeout = 30 * time.Second
	// WriteTimeout bounds writing an answer, from the end of the request's
	// headers; a long replay download must fit in it.
	WriteTimeout = 2 * time.Minute
	// IdleTimeout bounds how long a kept-alive connection waits for its next
	// request.
	IdleTimeout = 2 * time.Minute
	// MaxHeaderBytes bounds a request's headers.
	MaxHeaderBytes = 64 << 10
	// MaxConnections bounds the connections open at once; further ones wait
	// in the listen backlog until one closes.
	MaxConnections = 2048
)

// HTTPLimits are the limits NewHTTPServer and Listen apply; the zero value
// of a field means the constant of the same name. Tests lower them.
type HTTPLimits struct {
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxHeaderBytes, MaxConnections                            int
}

func (l HTTPLimits) withDefaults() HTTPLimits {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.ReadHeaderTimeout, ReadHeaderTimeout)
	def(&l.ReadTimeout, ReadTimeout)
	def(&l.WriteTimeout, WriteTimeout)
	def(&l.IdleTimeout, IdleTimeout)
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = MaxHeaderBytes
	}
	if l.MaxConnections <= 0 {
		l.MaxConnections = MaxConnections
	}
	return l
}

// NewHTTPServer returns the http.Server of `veil serve` for h, with every
// timeout of l set. Serve it on a listener from LimitConnections.
func NewHTTPServer(h http.Handler, l HTTPLimits, errorLog *log.Logger) *http.Server {
	l = l.withDefaults()
	return &http.Server{Handler: h, ReadHeaderTimeout: l.ReadHeaderTimeout, ReadTimeout: l.ReadTimeout,
		WriteTimeout: l.WriteTimeout, IdleTimeout: l.IdleTimeout, MaxHeaderBytes: l.MaxHeaderBytes, ErrorLog: errorLog}
}

// LimitConnections returns ln accepting at most l.MaxConnections
// connections open at once. It is safe for concurrent use.
func LimitConnections(ln net.Listener, l HTTPLimits) net.Listener {
	return netutil.LimitListener(ln, l.withDefaults().MaxConnections)
}
