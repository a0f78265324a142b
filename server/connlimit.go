package server

import (
	"net"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// connLimit is the listener of LimitConnections. Fixed caps per client and
// per IPv6 /48 were not enough on their own: 8 IPv4 addresses of 256
// connections each held all 2,048, and every other recorder and viewer
// waited in the listen backlog for as long as they kept them. So when every
// connection is taken, a newcomer takes the place of the oldest connection
// of the share group (an IPv4 /24, an IPv6 /48) holding the most, if that
// group holds at least two more than the newcomer's: connections are shared
// fairly among the networks that want them once the server is full, and a
// network holding none always gets one unless every connection is held by a
// different network. A newcomer whose group already holds its fair share is
// closed at once; one whose group holds nothing waits for a place, as it
// would have in the listen backlog. It is safe for concurrent use.
type connLimit struct {
	net.Listener
	max, perClient, perNetwork int
	trusted                    []netip.Prefix

	mu       sync.Mutex
	open     int    // every connection, trusted ones included
	accepted uint64 // connections admitted so far
	groups   map[netip.Prefix]*connGroup
	freed    chan struct{}
	done     chan struct{}
	closed   sync.Once
}

// connGroup is what one share group holds: its connections, by client, each
// client's in the order accepted.
type connGroup struct {
	n       int
	clients map[netip.Prefix][]*limitedConn
}

// shareGroup is the network whose connections are counted together for
// fairness: an IPv4 /24 (one provider's block) or an IPv6 /48
// (NetworkIPv6Bits, one subscriber at most).
func shareGroup(a netip.Addr) netip.Prefix {
	bits := NetworkIPv6Bits
	if a.Is4() {
		bits = ShareIPv4Bits
	}
	p, _ := a.Prefix(bits)
	return p
}

// ShareIPv4Bits is the IPv4 prefix whose connections count together when
// the server is full and a newcomer takes a connection's place.
const ShareIPv4Bits = 24

// connWaitPoll bounds how long a newcomer waiting for a place sleeps
// between looks, in case a wake-up went to another waiter.
const connWaitPoll = 100 * time.Millisecond

func newConnLimit(ln net.Listener, l HTTPLimits) *connLimit {
	return &connLimit{Listener: ln, max: l.MaxConnections, perClient: l.MaxClientConnections,
		perNetwork: l.MaxNetworkConnections, trusted: l.Trusted, groups: map[netip.Prefix]*connGroup{},
		freed: make(chan struct{}, 1), done: make(chan struct{})}
}

func (l *connLimit) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		lc, err := l.admit(c)
		if err != nil {
			return nil, err
		}
		if lc != nil {
			return lc, nil
		}
	}
}

func (l *connLimit) Close() error {
	l.closed.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// admit counts c in, taking a place from the group holding the most when
// the server is full; nil when c was closed instead.
func (l *connLimit) admit(c net.Conn) (*limitedConn, error) {
	lc := &limitedConn{Conn: c, l: l}
	lc.client, lc.group, lc.counted = l.client(c)
	l.mu.Lock()
	for {
		g := l.groups[lc.group]
		held := 0
		if lc.counted && g != nil {
			held = g.n
		}
		if lc.counted && g != nil && (len(g.clients[lc.client]) >= l.perClient ||
			(lc.group.Addr().Is6() && held >= l.perNetwork)) {
			l.mu.Unlock()
			c.Close()
			return nil, nil
		}
		if l.open < l.max {
			l.addLocked(lc)
			l.mu.Unlock()
			return lc, nil
		}
		if victim := l.oldestOfLargestLocked(); victim != nil && l.groups[victim.group].n > held+1 {
			l.removeLocked(victim)
			l.addLocked(lc)
			l.mu.Unlock()
			victim.Conn.Close()
			return lc, nil
		}
		if held > 0 {
			l.mu.Unlock()
			c.Close()
			return nil, nil
		}
		l.mu.Unlock()
		t := time.NewTimer(connWaitPoll)
		select {
		case <-l.freed:
		case <-t.C:
		case <-l.done:
			t.Stop()
			c.Close()
			return nil, net.ErrClosed
		}
		t.Stop()
		l.mu.Lock()
	}
}

// oldestOfLargestLocked is the connection let go of for a newcomer: of the
// group holding the most, the oldest one idle between requests (a
// kept-alive connection, which its client reopens at no loss), else the
// oldest of its client holding the most; nil when no counted group holds
// any.
func (l *connLimit) oldestOfLargestLocked() *limitedConn {
	var big *connGroup
	for _, g := range l.groups {
		if big == nil || g.n > big.n {
			big = g
		}
	}
	if big == nil {
		return nil
	}
	var most []*limitedConn
	var idle *limitedConn
	for _, cs := range big.clients {
		if len(cs) > len(most) {
			most = cs
		}
		for _, c := range cs {
			if c.idle.Load() && (idle == nil || c.seq < idle.seq) {
				idle = c
			}
		}
	}
	if idle != nil {
		return idle
	}
	return most[0]
}

func (l *connLimit) addLocked(c *limitedConn) {
	l.open++
	l.accepted++
	c.seq = l.accepted
	if !c.counted {
		return
	}
	g := l.groups[c.group]
	if g == nil {
		g = &connGroup{clients: map[netip.Prefix][]*limitedConn{}}
		l.groups[c.group] = g
	}
	g.n++
	g.clients[c.client] = append(g.clients[c.client], c)
}

// removeLocked gives c's place back, once.
func (l *connLimit) removeLocked(c *limitedConn) {
	if c.gone {
		return
	}
	c.gone = true
	l.open--
	select {
	case l.freed <- struct{}{}:
	default:
	}
	if !c.counted {
		return
	}
	g := l.groups[c.group]
	cs := g.clients[c.client]
	for i, x := range cs {
		if x == c {
			cs = append(cs[:i], cs[i+1:]...)
			break
		}
	}
	if len(cs) == 0 {
		delete(g.clients, c.client)
	} else {
		g.clients[c.client] = cs
	}
	if g.n--; g.n == 0 {
		delete(l.groups, c.group)
	}
}

// client is the key c counts under and its share group; false for a
// trusted proxy or a peer that is not an IP address.
func (l *connLimit) client(c net.Conn) (client, group netip.Prefix, counted bool) {
	ap, err := netip.ParseAddrPort(c.RemoteAddr().String())
	if err != nil {
		return netip.Prefix{}, netip.Prefix{}, false
	}
	a := ap.Addr().Unmap()
	for _, p := range l.trusted {
		if p.Contains(a) {
			return netip.Prefix{}, netip.Prefix{}, false
		}
	}
	return clientNet(a), shareGroup(a), true
}

// open reports the connections held (for tests).
func (l *connLimit) openConns() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

// limitedConn gives its place back when closed (or taken by a newcomer).
type limitedConn struct {
	net.Conn
	l             *connLimit
	client, group netip.Prefix
	counted, gone bool   // gone: guarded by l.mu
	seq           uint64 // accept order, guarded by l.mu
	idle          atomic.Bool
}

// trackIdle is the http.Server's ConnState hook: it marks the connections
// of connLimit idle between requests, the first let go of when the server
// is full.
func trackIdle(c net.Conn, state http.ConnState) {
	if lc, ok := c.(*limitedConn); ok {
		lc.idle.Store(state == http.StateIdle)
	}
}

func (c *limitedConn) Close() error {
	c.l.mu.Lock()
	c.l.removeLocked(c)
	c.l.mu.Unlock()
	return c.Conn.Close()
}
