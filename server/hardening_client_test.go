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
	st, err := store.Open(filepath.Join(t.TempDir(), "v.db"))
	require.NoError(t, err)
	defer st.Close()
	ring, err := keys.Parse(testKeyLine)
	require.NoError(t, err)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	sl := newSessionLimiter(st, ring, "new-sessions", RateLimits{ClientBurst: 2, ClientRate: 0.001, AppBurst: 1000, AppRate: 1000})
	allow := func(addr string) bool {
		t.Helper()
		ok, err := sl.allow(context.Background(), "shop", mustAddr(t, addr), now)
		require.NoError(t, err)
		return ok
	}
	assert.True(t, allow("2001:db8:1:2::1"))
	assert.True(t, allow("2001:db8:1:2:ffff:ffff:ffff:ffff"), "the burst of 2 within one /64")
	assert.False(t, allow("2001:db8:1:2:dead:beef:0:7"), "a third address of the same /64 is the same client")
	assert.True(t, allow("2001:db8:1:3::1"), "the next /64 is another client")
	assert.True(t, allow("192.0.2.1"))
	assert.True(t, allow("192.0.2.1"))
	assert.False(t, allow("::ffff:192.0.2.1"), "an IPv4-mapped address is its IPv4 address")
	assert.True(t, allow("192.0.2.2"), "IPv4 addresses are clients of their own")
}
