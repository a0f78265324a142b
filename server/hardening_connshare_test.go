package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recListener hands out connections from the addresses sent to it and keeps
// them all, so a test can count those still open by network.
type recListener struct {
	from  chan string
	mu    sync.Mutex
	conns []*recConn
}

type recConn struct {
	net.Conn
	from   netip.AddrPort
	closed atomic.Bool
}

func (c *recConn) RemoteAddr() net.Addr { return net.TCPAddrFromAddrPort(c.from) }
func (c *recConn) Close() error         { c.closed.Store(true); return nil }

func (l *recListener) Accept() (net.Conn, error) {
	a, ok := <-l.from
	if !ok {
		return nil, net.ErrClosed
	}
	c := &recConn{from: netip.MustParseAddrPort(a)}
	l.mu.Lock()
	l.conns = append(l.conns, c)
	l.mu.Unlock()
	return c, nil
}
func (l *recListener) Close() error   { return nil }
func (l *recListener) Addr() net.Addr { return &net.TCPAddr{} }

// open counts the connections handed out and not closed, of network p
// (every one when p is the zero prefix).
func (l *recListener) open(p netip.Prefix) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.conns {
		if !c.closed.Load() && (!p.IsValid() || p.Contains(c.from.Addr())) {
			n++
		}
	}
	return n
}

// accept sends the next connection from each of from and returns what
// Accept admits. A listener that waits instead of admitting (the server
// full) fails the test after a second instead of hanging it.
func (l *recListener) accept(t *testing.T, ln net.Listener, from ...string) net.Conn {
	t.Helper()
	for _, f := range from {
		l.from <- f
	}
	got := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		got <- c
	}()
	select {
	case c := <-got:
		require.NotNil(t, c)
		return c
	case <-time.After(time.Second):
		t.Fatalf("the connection from %s waited for a place instead of taking one", from[len(from)-1])
		return nil
	}
}

// TestConnectionsAreSharedWhenFull: 8 IPv4 addresses of MaxClientConnections
// each held all MaxConnections, and every other recorder and viewer waited
// in the listen backlog for as long as they kept them. With every connection
// taken, a newcomer takes the place of the oldest connection of the network
// (IPv4 /24, IPv6 /48) holding the most; the holders' own new connections
// are closed at once.
func TestConnectionsAreSharedWhenFull(t *testing.T) {
	any := netip.Prefix{}
	t.Run("the defaults, 8 addresses holding every connection", func(t *testing.T) {
		fl := &recListener{from: make(chan string, 2)}
		ln := LimitConnections(fl, HTTPLimits{})
		for a := range MaxConnections / MaxClientConnections {
			for range MaxClientConnections {
				fl.accept(t, ln, fmt.Sprintf("192.0.%d.1:1000", a))
			}
		}
		require.Equal(t, MaxConnections, fl.open(any), "at the limit: every connection held")
		// Over it: each newcomer is served, a holder's oldest connection
		// closed in its place.
		for i := range 10 {
			c := fl.accept(t, ln, fmt.Sprintf("198.51.%d.7:1000", i))
			assert.Equal(t, fmt.Sprintf("198.51.%d.7", i), c.RemoteAddr().(*net.TCPAddr).IP.String())
			assert.Equal(t, MaxConnections, fl.open(any), "newcomer %d: one holder's connection let go", i)
		}
		assert.Equal(t, 10, fl.open(netip.MustParsePrefix("198.51.0.0/16")))
		// A holder coming back finds its network holding its share (255 or
		// 254 against 255): closed at once, and the next newcomer served.
		c := fl.accept(t, ln, "192.0.0.1:1000", "198.51.200.7:1000")
		assert.Equal(t, "198.51.200.7", c.RemoteAddr().(*net.TCPAddr).IP.String())
		assert.Equal(t, MaxConnections-11, fl.open(netip.MustParsePrefix("192.0.0.0/16")))
	})
	t.Run("at and over a fair share", func(t *testing.T) {
		fl := &recListener{from: make(chan string, 2)}
		ln := LimitConnections(fl, HTTPLimits{MaxConnections: 6, MaxClientConnections: 4})
		for range 4 {
			fl.accept(t, ln, "192.0.2.1:1000")
		}
		for range 2 {
			fl.accept(t, ln, "203.0.113.1:1000")
		}
		require.Equal(t, 6, fl.open(any))
		// 4 against 2: a third network's newcomer takes the oldest of the 4.
		fl.accept(t, ln, "198.51.100.1:1000")
		assert.True(t, fl.conns[0].closed.Load(), "the oldest connection of the /24 holding the most let go")
		assert.Equal(t, 3, fl.open(netip.MustParsePrefix("192.0.2.0/24")))
		// 3, 2, 1: another of the 2's /24 would hold 3 against 3, at its
		// share: closed at once; the 1's next, 2 against 3, takes a place.
		c := fl.accept(t, ln, "203.0.113.9:1000", "198.51.100.2:1000")
		assert.Equal(t, "198.51.100.2", c.RemoteAddr().(*net.TCPAddr).IP.String())
		assert.Equal(t, 2, fl.open(netip.MustParsePrefix("203.0.113.0/24")))
		assert.Equal(t, 2, fl.open(netip.MustParsePrefix("192.0.2.0/24")))
		assert.Equal(t, 2, fl.open(netip.MustParsePrefix("198.51.100.0/24")))
		// A closed connection gives its place back: no one is let go.
		c.Close()
		fl.accept(t, ln, "203.0.113.1:1000")
		assert.Equal(t, 6, fl.open(any))
		assert.Equal(t, 3, fl.open(netip.MustParsePrefix("203.0.113.0/24")))
	})
	t.Run("an idle connection first", func(t *testing.T) {
		// Of the network holding the most, a connection idle between
		// requests (kept alive, reopened at no loss) goes before the
		// oldest, which may be in the middle of one.
		fl := &recListener{from: make(chan string, 2)}
		ln := LimitConnections(fl, HTTPLimits{MaxConnections: 4, MaxClientConnections: 4})
		var held []net.Conn
		for range 3 {
			held = append(held, fl.accept(t, ln, "192.0.2.1:1000"))
		}
		fl.accept(t, ln, "203.0.113.1:1000")
		for i, c := range held {
			state := http.StateActive
			if i == 1 {
				state = http.StateIdle
			}
			trackIdle(c, state)
		}
		fl.accept(t, ln, "198.51.100.1:1000")
		assert.True(t, fl.conns[1].closed.Load(), "the idle one let go of")
		assert.False(t, fl.conns[0].closed.Load(), "the oldest, in a request, kept")
		// None idle: the oldest.
		fl.accept(t, ln, "198.51.101.1:1000")
		assert.True(t, fl.conns[0].closed.Load())
		assert.False(t, fl.conns[2].closed.Load())
	})
}
