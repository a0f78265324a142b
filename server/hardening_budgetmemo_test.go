package server

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/store"
)

// takeCounter is a store that counts the rate-limit charges of buckets
// whose key starts with prefix.
type takeCounter struct {
	store.Store
	prefix string
	n      atomic.Int64
}

func (c *takeCounter) TakeTokens(ctx context.Context, takes []store.TokenTake, now time.Time) (bool, error) {
	for _, t := range takes {
		if strings.HasPrefix(t.Key, c.prefix) {
			c.n.Add(1)
		}
	}
	return c.Store.TakeTokens(ctx, takes, now)
}

// TestAnEmptyAuditBudgetIsNotAskedAgain: every anonymous refusal (a login
// post from another origin is refused before any per-client limit counts
// it) charged the shared audit budget in the store, a transaction on one
// row all collectors share, for as long as the flood lasted. Within the
// burst each asks and is audited one by one; the first refusal over it
// finds the bucket empty, and the next ones do not ask until a token may
// have come back (1/rate), audited together all the same.
func TestAnEmptyAuditBudgetIsNotAskedAgain(t *testing.T) {
	const burst, rate = 3, 0.1
	db := filepath.Join(t.TempDir(), "veil.db")
	st, err := store.Open(db)
	require.NoError(t, err)
	counted := &takeCounter{Store: st, prefix: "audit:anonymous:"}
	e := newEnvOn(t, counted, db, testKeyLine, func(o *Options) {
		o.AnonymousRefusalsBurst, o.AnonymousRefusals = burst, rate
	})
	v := e.viewer(t)
	v.origin = "https://elsewhere.example"
	refuse := func(n int) {
		for range n {
			resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {"veil_guess"}, "csrf": {"x"}})
			require.Equal(t, http.StatusForbidden, resp.StatusCode)
		}
	}
	refuse(burst)
	assert.Equal(t, int64(burst), counted.n.Load(), "at the burst: one charge each")
	assert.Len(t, e.refusals()["viewer.login"], burst)
	refuse(50)
	assert.Equal(t, int64(burst+1), counted.n.Load(), "over it: the first finds it empty, the rest do not ask")
	_, err = e.srv.Sweep(context.Background())
	require.NoError(t, err)
	got := e.refusals()["viewer.login"]
	require.Len(t, got, burst+1)
	assert.EqualValues(t, 50, got[burst].Detail["refusals"], "audited together all the same")

	e.clock.Advance(time.Duration(float64(time.Second) / rate))
	refuse(1)
	assert.Equal(t, int64(burst+2), counted.n.Load(), "a token may be back: asked again")
	assert.Len(t, e.refusals()["viewer.login"], burst+2, "and audited one by one")
}

// TestOutsidersAuditAtMostSoMuchADay: what anyone can make the collector
// audit one by one (a visitor deletion with the public recorder key, a
// failed login) is bounded per day; visitor deletions were itemized at 1 a
// second, 86,400 entries a day to each application's log, 10 MB kept for
// good. Asked every second of a day, each budget grants its burst and one
// every 10 s.
func TestOutsidersAuditAtMostSoMuchADay(t *testing.T) {
	e := newEnv(t)
	day := func(b *sharedBudget, key string) int {
		n := 0
		start := e.clock.Now()
		for s := range 86400 {
			if b.take(context.Background(), key, start.Add(time.Duration(s)*time.Second)) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		name  string
		b     *sharedBudget
		key   string
		burst int
	}{
		{"visitor deletions of an application", e.srv.visitorDeletes, "shop", VisitorDeletesPerAppBurst},
		{"failed logins", e.srv.anonRefusals, "anonymous", AnonymousRefusalsBurst},
	} {
		got := day(c.b, c.key)
		assert.InDelta(t, c.burst+8640, got, 2, "%s itemized in a day", c.name)
	}
}
