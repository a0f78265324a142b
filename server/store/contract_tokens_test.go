package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func init() {
	contract = append(contract, contractCase{"TakeTokens and ForgetTokens", contractTokenBuckets})
}

func contractTokenBuckets(t *testing.T, f fixture) {
	s := f.s
	client := TokenTake{Key: "client:c1", Rate: 1, Burst: 2}
	app := TokenTake{Key: "app:shop", Rate: 10, Burst: 3}
	take := func(at time.Duration, takes ...TokenTake) bool {
		t.Helper()
		ok, err := s.TakeTokens(bg, takes, t0.Add(at))
		require.NoError(t, err)
		return ok
	}
	assert.True(t, take(0, client, app), "a new bucket starts full")
	assert.True(t, take(0, client, app))
	assert.False(t, take(0, client, app), "the client's two are spent")
	assert.True(t, take(0, app), "a refused take charged nothing: the app still has one")
	assert.False(t, take(0, app))
	assert.False(t, take(999*time.Millisecond, client), "one token a second: not yet")
	assert.True(t, take(1000*time.Millisecond, client), "refilled")
	assert.True(t, take(time.Hour, client), "refill stops at the burst")
	assert.True(t, take(time.Hour, client))
	assert.False(t, take(time.Hour, client))
	assert.False(t, take(time.Hour-time.Minute, client), "a clock that went back earns nothing")

	_, err := s.TakeTokens(bg, []TokenTake{{Key: "", Rate: 1, Burst: 1}}, t0)
	assert.Error(t, err, "an empty key")
	_, err = s.TakeTokens(bg, []TokenTake{{Key: "k", Rate: 1, Burst: 0.5}}, t0)
	assert.Error(t, err, "a burst under one")

	// forgotten buckets start full again
	require.NoError(t, s.ForgetTokens(bg, t0.Add(2*time.Hour)))
	assert.True(t, take(2*time.Hour, client))
	assert.True(t, take(2*time.Hour, client))
	assert.False(t, take(2*time.Hour, client))
	require.NoError(t, s.ForgetTokens(bg, t0.Add(2*time.Hour)), "used at the cutoff: kept")
	assert.False(t, take(2*time.Hour, client))
}
