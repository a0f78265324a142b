package store

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMemBucketsFloodLocksNoOneOut: a flood of maxMemBuckets keys (a login
// attempt from each of as many IPv6 /64s) fills SQLite's buckets. At the
// limit, while the flood's buckets still count, new keys share one bucket of
// their namespace (another namespace's is its own); once the flood's buckets
// are back at their burst, holding nothing, they are let go of and a new
// client gets a bucket of its own again, instead of sharing one with every
// new client until the hourly sweep.
func TestMemBucketsFloodLocksNoOneOut(t *testing.T) {
	var m memTokens
	login := func(client string, now int64) bool {
		ok, err := m.take([]TokenTake{{Key: "logins:client:" + client, Rate: 0.2, Burst: 10}}, now)
		require.NoError(t, err)
		return ok
	}
	now := int64(1_000_000)
	for i := range maxMemBuckets {
		require.True(t, login("flood"+strconv.Itoa(i), now))
	}
	require.Len(t, m.buckets, maxMemBuckets)

	// At the limit: new clients share the namespace's overflow bucket.
	for range 10 {
		require.True(t, login("newcomer", now))
	}
	require.False(t, login("another-newcomer", now), "the shared bucket is spent")
	ok, err := m.take([]TokenTake{{Key: "new-sessions:client:x", Rate: 20, Burst: 200}}, now)
	require.NoError(t, err)
	require.True(t, ok, "another namespace has its own overflow bucket")

	// The flood's buckets are back at their burst 5 s later (one token at
	// 0.2/s): let go of, and a new client has a bucket of its own.
	now += 5_000
	for range 10 {
		require.True(t, login("a-viewer", now), "a new client after the flood's buckets refilled")
	}
	require.False(t, login("a-viewer", now), "its own bucket, at its burst")
	require.True(t, login("yet-another", now), "and the next client its own")
	require.Less(t, len(m.buckets), 100)
}
