package server

import (
	"log"
	"net"
	"net/http"
	"net/netip"
	"time"
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
	// MaxConnections bounds the connections open at once. Beyond it a
	// newcomer takes the place of the oldest connection of the network (IPv4
	// /24, IPv6 /48) holding the most, if that holds two more than the
	// newcomer's; else it is closed at once if its network holds some, or
	// waits for a place if it holds none (connLimit).
	MaxConnections = 2048
	// MaxClientConnections bounds the connections one client (an IPv4
	// address, an IPv6 /64) may hold open at once, so that one client cannot
	// take all MaxConnections; further ones are closed at once. Trusted
	// proxies (HTTPLimits.Trusted) are not counted: every visitor comes
	// through them.
	MaxClientConnections = 256
	// MaxNetworkConnections bounds the connections of one IPv6 /48 at once
	// (NetworkIPv6Bits), whatever its /64s: a single subscriber is often
	// routed a /56 or a /48, 256 or 65,536 clients of 256 connections each,
	// and one home line could otherwise hold every connection of the
	// collector (MaxConnections) with 8 of its /64s, its recorders and
	// viewers left waiting in the listen backlog. Beyond it a connection is
	// closed at once. Trusted proxies are not counted.
	MaxNetworkConnections = 2 * MaxClientConnections
	// NetworkIPv6Bits is the IPv6 prefix MaxNetworkConnections counts.
	NetworkIPv6Bits = 48
)

// HTTPLimits are the limits NewHTTPServer and Listen apply; the zero value
// of a field means the constant of the same name. Tests lower them.
type HTTPLimits struct {
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxHeaderBytes, MaxConnections, MaxClientConnections      int
	MaxNetworkConnections                                     int
	// Trusted are the reverse proxies (--trust-proxy), whose connections
	// MaxClientConnections does not count.
	Trusted []netip.Prefix
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
	if l.MaxClientConnections <= 0 {
		l.MaxClientConnections = MaxClientConnections
	}
	if l.MaxNetworkConnections <= 0 {
		l.MaxNetworkConnections = max(MaxNetworkConnections, l.MaxClientConnections)
	}
	return l
}

// NewHTTPServer returns the http.Server of `veil serve` for h, with every
// timeout of l set. Serve it on a listener from LimitConnections.
func NewHTTPServer(h http.Handler, l HTTPLimits, errorLog *log.Logger) *http.Server {
	l = l.withDefaults()
	return &http.Server{Handler: h, ReadHeaderTimeout: l.ReadHeaderTimeout, ReadTimeout: l.ReadTimeout,
		WriteTimeout: l.WriteTimeout, IdleTimeout: l.IdleTimeout, MaxHeaderBytes: l.MaxHeaderBytes, ErrorLog: errorLog,
		ConnState: trackIdle}
}

// LimitConnections returns ln accepting at most l.MaxConnections
// connections open at once, at most l.MaxClientConnections of one client and
// l.MaxNetworkConnections of one IPv6 /48 (those over are closed as soon as
// accepted, before they count against the total); once all are taken, a
// newcomer takes the place of the network holding the most (connLimit). It
// is safe for concurrent use.
func LimitConnections(ln net.Listener, l HTTPLimits) net.Listener {
	return newConnLimit(ln, l.withDefaults())
}
