package server

import (
	"net/netip"
	"sync"
)

// clientCounts counts what each client (an IPv4 address or an IPv6 /64)
// holds of something — connections, work slots, bytes — each at most max.
// Clients holding nothing are forgotten, so its size is that of the clients
// active at once. It is safe for concurrent use.
type clientCounts struct {
	max  int64
	mu   sync.Mutex
	held map[netip.Prefix]int64
}

func newClientCounts(max int64) *clientCounts {
	return &clientCounts{max: max, held: map[netip.Prefix]int64{}}
}

// take counts n more for client; false, counting nothing, when that would
// be over max.
func (c *clientCounts) take(client netip.Prefix, n int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held[client]+n > c.max {
		return false
	}
	c.held[client] += n
	return true
}

// give returns n that take counted for client.
func (c *clientCounts) give(client netip.Prefix, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held[client] -= n; c.held[client] <= 0 {
		delete(c.held, client)
	}
}

// total is what all clients hold together (for tests and metrics).
func (c *clientCounts) total() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for _, v := range c.held {
		n += v
	}
	return n
}
