package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

// visitorDeleteEntries returns the session.delete entries by visitors: how
// many sessions were audited one by one, and the counts of the entries
// that audit several together.
func visitorDeleteEntries(t *testing.T, e *env) (itemized int, together []int) {
	t.Helper()
	log, err := e.st.AuditLog(context.Background(), store.AuditFilter{})
	require.NoError(t, err)
	for _, a := range log {
		if a.Action != "session.delete" || a.Actor != "visitor" {
			continue
		}
		var d struct {
			Sessions *int
			Itemized *bool
		}
		require.NoError(t, json.Unmarshal([]byte(a.Detail), &d))
		if d.Itemized == nil {
			assert.NotEmpty(t, a.Target, "one session, named by its digest")
			itemized++
		} else {
			assert.False(t, *d.Itemized)
			assert.Empty(t, a.Target)
			together = append(together, *d.Sessions)
		}
	}
	return itemized, together
}

// A recorder key that creates sessions and deletes them (delete=1 with the
// session's secret) left an audit entry, kept for good, and a stored
// tombstone a cycle, which no quota counts: 288 bytes of database a cycle
// without end (2,000 cycles: 2,002 audit rows, +577,536 bytes). Within an
// application's budget each deletion is still audited and buried one by
// one; one over, the session is deleted all the same, and audited with the
// others in one entry at the next gap round or sweep; the budget refills.
func TestVisitorDeletesAuditedWithinBudget(t *testing.T) {
	const burst = 3
	e := newEnv(t, func(o *Options) { o.Ingest.VisitorDeletesBurst = burst })
	rec := record(t, rules.MaskAll())
	body := gz(mustEvents(rec[0]))
	cycle := func(i int) string {
		id := sid("cycle-" + strconv.Itoa(i))
		code, msg := e.send(q("shop", id, 0), body, "https://shop.example")
		require.Equal(t, 204, code, msg)
		code, msg = e.send(q("shop", id, 0)+"&delete=1", nil, "https://shop.example")
		require.Equal(t, 204, code, msg)
		_, ok, err := e.st.Session(context.Background(), id)
		require.NoError(t, err)
		require.False(t, ok, "deleted at once, within the budget or not")
		return id
	}
	var ids []string
	for i := range burst + 2 {
		ids = append(ids, cycle(i))
	}
	itemized, together := visitorDeleteEntries(t, e)
	assert.Equal(t, burst, itemized, "at the budget: one entry each")
	assert.Empty(t, together, "not written yet")
	for i, id := range ids {
		dead, err := e.st.Tombstoned(context.Background(), tombstoneKey(id), e.clock.Now())
		require.NoError(t, err)
		assert.Equal(t, i < burst, dead, "a stored tombstone within the budget only (%d)", i)
		assert.True(t, e.srv.live.deletedRecently(id), "remembered in memory either way")
	}
	_, err := e.srv.Sweep(context.Background())
	require.NoError(t, err)
	itemized, together = visitorDeleteEntries(t, e)
	assert.Equal(t, burst, itemized)
	assert.Equal(t, []int{2}, together, "the two over the budget, in one entry")

	e.clock.Advance(time.Duration(float64(time.Second) / VisitorDeletesPerApp)) // one more
	cycle(burst + 2)
	itemized, _ = visitorDeleteEntries(t, e)
	assert.Equal(t, burst+1, itemized)
	_, err = e.srv.Sweep(context.Background())
	require.NoError(t, err)
	_, together = visitorDeleteEntries(t, e)
	assert.Equal(t, []int{2}, together, "nothing more to write together")
}

// Failed viewer logins (unknown tokens, CSRF failures) are audited one by
// one within AnonymousRefusalsBurst; one over, they are counted and audited
// together, one entry per action and reason, at the next gap round or
// sweep. Anyone could write 5 a second (then the whole server's login
// limit), 432,000 audit entries a day kept for good.
func TestAnonymousRefusalsAuditedWithinBudget(t *testing.T) {
	const burst = 3
	e := newEnv(t, func(o *Options) { o.AnonymousRefusalsBurst = burst })
	v := e.viewer(t)
	fails := burst + 2
	for range fails {
		_, page := v.req("GET", "/viewer/login", nil)
		resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {"veil_guess"}, "csrf": {csrfOf(t, page)}})
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "refused whether audited one by one or not")
	}
	got := e.refusals()["viewer.login"]
	assert.Len(t, got, burst, "at the budget: one entry each")
	_, err := e.srv.Sweep(context.Background())
	require.NoError(t, err)
	got = e.refusals()["viewer.login"]
	require.Len(t, got, burst+1)
	last := got[burst]
	assert.Equal(t, "anonymous", last.Actor)
	assert.Equal(t, "unknown or revoked token", last.Detail["reason"])
	assert.EqualValues(t, 2, last.Detail["refusals"], "the two over the budget, in one entry")
	assert.Equal(t, false, last.Detail["itemized"])
	_, err = e.srv.Sweep(context.Background())
	require.NoError(t, err)
	assert.Len(t, e.refusals()["viewer.login"], burst+1, "nothing more to write")
}
