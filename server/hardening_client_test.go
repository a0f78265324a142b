package server

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// TestIPv6ClientsCountByTheirSlash64: one subscriber holds a whole /64, so
// addresses inside it are one client for the per-client limits (new
// sessions, logins); other /64s and IPv4 addresses are clients of their own.
func TestIPv6ClientsCountByTheirSlash64(t *testing.T) {
	allow := newSessionsAllowed(t, RateLimits{ClientBurst: 2, ClientRate: 0.001, AppBurst: 1000, AppRate: 1000})
	assert.True(t, allow("2001:db8:1:2::1"))
	assert.True(t, allow("2001:db8:1:2:ffff:ffff:ffff:ffff"), "the burst of 2 within one /64")
	assert.False(t, allow("2001:db8:1:2:dead:beef:0:7"), "a third address of the same /64 is the same client")
	assert.True(t, allow("2001:db8:1:3::1"), "the next /64 is another client")
	assert.True(t, allow("192.0.2.1"))
	assert.True(t, allow("192.0.2.1"))
	assert.False(t, allow("::ffff:192.0.2.1"), "an IPv4-mapped address is its IPv4 address")
	assert.True(t, allow("192.0.2.2"), "IPv4 addresses are clients of their own")
}

// TestNewSessionsPerIPv6Network: one subscriber is often routed a /56 or a
// /48, hundreds of /64 clients; their new sessions together are limited too
// (NewSessionsPerNetwork), so that one home line cannot take an
// application's whole limit and have every new visitor's recording refused.
// Another /48, and IPv4 clients, keep their own limits.
func TestNewSessionsPerIPv6Network(t *testing.T) {
	require.Less(t, float64(NewSessionsPerNetwork*4), float64(NewSessionsPerApp), "a few /48s cannot take an application's limit")
	allow := newSessionsAllowed(t, RateLimits{ClientBurst: 2, ClientRate: 0.001,
		NetBurst: 3, NetRate: 0.001, AppBurst: 1000, AppRate: 1000})
	assert.True(t, allow("2001:db8:1:1::1"))
	assert.True(t, allow("2001:db8:1:1::2"), "the /64's burst of 2")
	assert.True(t, allow("2001:db8:1:2::1"), "another /64 of the /48: the network's third, at its burst")
	assert.False(t, allow("2001:db8:1:3::1"), "a fourth /64 of the same /48: over the network's burst")
	assert.False(t, allow("2001:db8:1:2::1"), "nor its own second")
	assert.True(t, allow("2001:db8:2:1::1"), "another /48 is served")
	assert.True(t, allow("198.51.100.1"), "IPv4 clients count one by one")
	assert.True(t, allow("198.51.100.2"))
	assert.True(t, allow("198.51.100.3"))
	assert.True(t, allow("198.51.100.4"), "no network bucket for IPv4")
}

// newSessionsAllowed asks a new-session limiter with limits, on a fresh
// store and at one fixed time, whether a new session of app "shop" from
// addr is allowed.
func newSessionsAllowed(t *testing.T, limits RateLimits) func(addr string) bool {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "v.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	ring, err := keys.Parse(testKeyLine)
	require.NoError(t, err)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	sl := newSessionLimiter(st, ring, "new-sessions", limits)
	return func(addr string) bool {
		t.Helper()
		ok, err := sl.allow(context.Background(), "shop", mustAddr(t, addr), now)
		require.NoError(t, err)
		return ok
	}
}
