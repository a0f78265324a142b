package store

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/internal/pgtest"
)

// TestPostgresFullBucketsLetGo: rate buckets were deleted only two hours
// after their last charge, so a flood of keys (a login attempt or a new
// session from each of many IPv6 /64s) grew rate_buckets by its rate times
// two hours. Buckets back at their burst now go within a second of filling:
// the table holds about what the flood makes while its buckets fill. A
// bucket still short of its burst stays, and charges go on as before.
func TestPostgresFullBucketsLetGo(t *testing.T) {
	p := openPG(t, pgtest.Start(t))
	take := func(at time.Duration, k TokenTake) bool {
		t.Helper()
		ok, err := p.TakeTokens(bg, []TokenTake{k}, t0.Add(at))
		require.NoError(t, err)
		return ok
	}
	slow := TokenTake{Key: "login:slow", Rate: 1.0 / 60, Burst: 2} // one a minute
	require.True(t, take(0, slow))
	require.True(t, take(0, slow))
	const flood = 2000
	for i := range flood {
		require.True(t, take(time.Duration(i)*time.Millisecond, TokenTake{Key: "session:" + strconv.Itoa(i), Rate: 200, Burst: 2000}))
	}
	// Each flood bucket is full 5 ms after its charge: the sweep a second
	// into the flood let go of the first second's.
	assert.Less(t, count(t, p, `SELECT count(*) FROM rate_buckets`), flood+1, "full buckets went during the flood")

	// Ten seconds on, every flood bucket is long full; the slow one is empty.
	// (Full by the database's clock: the last ones were charged moments ago.)
	time.Sleep(50 * time.Millisecond)
	require.True(t, take(10*time.Second, TokenTake{Key: "session:late", Rate: 200, Burst: 2000}))
	assert.Equal(t, 2, count(t, p, `SELECT count(*) FROM rate_buckets`), "the slow bucket and the late one are left")
	assert.False(t, take(10*time.Second, slow), "the slow bucket kept its charges")
	assert.True(t, take(70*time.Second, slow), "and refills at its rate")
	assert.False(t, take(70*time.Second, slow))
}

// TestPostgresBucketsGoByTheDatabasesClock: full_at and the sweep read the
// collectors' clocks, so a collector whose clock ran ahead let go of
// buckets that much short of full (a missing row is a full bucket): a
// minute ahead, every login bucket, full 50 s after it empties, went at
// its next sweep. They read the database's clock now: a collector an hour
// ahead lets go of a bucket full by it (at the limit) and keeps one a
// minute short of full (over), whose client stays refused.
func TestPostgresBucketsGoByTheDatabasesClock(t *testing.T) {
	dsn := pgtest.Start(t)
	a, ahead := openPG(t, dsn), openPG(t, dsn)
	now := time.Now()
	take := func(p *Postgres, at time.Time, k TokenTake) bool {
		t.Helper()
		ok, err := p.TakeTokens(bg, []TokenTake{k}, at)
		require.NoError(t, err)
		return ok
	}
	slow := TokenTake{Key: "login:slow", Rate: 1.0 / 60, Burst: 2} // full two minutes after it empties
	fast := TokenTake{Key: "login:fast", Rate: 1000, Burst: 2}     // two milliseconds
	for range 2 {
		require.True(t, take(a, now, slow))
		require.True(t, take(a, now, fast))
	}
	require.False(t, take(a, now, slow))
	time.Sleep(50 * time.Millisecond) // the fast one is full by every clock
	// The other collector's first charge sweeps, an hour ahead.
	require.True(t, take(ahead, now.Add(time.Hour), TokenTake{Key: "session:other", Rate: 200, Burst: 2000}))
	assert.Zero(t, count(t, a, `SELECT count(*) FROM rate_buckets WHERE key = 'login:fast'`), "full: let go of")
	assert.Equal(t, 1, count(t, a, `SELECT count(*) FROM rate_buckets WHERE key = 'login:slow'`), "short of full: kept")
	assert.False(t, take(a, now.Add(time.Second), slow), "its client still refused")
}
