package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contract is the behaviour of every Store, written against the interface:
// TestContract runs each entry on a new empty store of every backend.
// contractCase is one check every store must pass.
type contractCase struct {
	name string
	run  func(t *testing.T, f fixture)
}

var contract = []contractCase{
	{"AddBatch pending then stored then again", contractAddBatchStates},
	{"AddBatch counts on the session", contractSessionCounters},
	{"AddBatch delta merges pages and metadata", contractDelta},
	{"AddBatch errors write nothing", contractAddBatchErrors},
	{"NextSeq and BatchExists", contractNextSeq},
	{"Pending, PendingBefore, PendingBytes and StoredBatches", contractPendingAndStored},
	{"SessionAccess", contractSessionAccess},
	{"Sessions filter and cursor paging", contractSessionsListing},
	{"DeleteSession", contractDeleteSession},
	{"DeleteIdle by each application's cutoff", contractDeleteIdle},
	{"Settings", contractSettings},
	{"Tokens", contractTokens},
	{"Audit filters", contractAuditLog},
	{"Audit append-only in the database", contractAuditAppendOnly},
	{"Logins", contractLogins},
	{"Tombstones", contractTombstones},
	{"SessionApps and SessionCounts", contractCounts},
	{"LockSession", contractLockSession},
}

func TestContract(t *testing.T) {
	for _, c := range contract {
		t.Run(c.name, func(t *testing.T) { forEachBackend(t, c.run) })
	}
}

func contractAddBatchStates(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)
	assert.True(t, add(t, s, "shop", "a", 2, Pending, "p2", t0), "a new pending batch")
	assert.False(t, add(t, s, "shop", "a", 2, Pending, "p2-again", t0), "the same (session, seq) again: a retry")
	assert.True(t, add(t, s, "shop", "a", 2, Stored, "s2", t0), "stored replaces pending")
	assert.False(t, add(t, s, "shop", "a", 2, Stored, "s2-again", t0), "stored never replaced")
	assert.False(t, add(t, s, "shop", "a", 2, Pending, "p2-late", t0), "pending never replaces stored")
	assert.True(t, add(t, s, "shop", "a", 3, Dropped, "", t0), "a dropped batch")
	assert.False(t, add(t, s, "shop", "a", 3, Stored, "s3", t0), "dropped is final")
	assert.False(t, add(t, s, "shop", "a", 0, Stored, "s0-again", t0), "batch 0 again")

	stored, err := s.StoredBatches(bg, "a")
	require.NoError(t, err)
	require.Equal(t, []int{0, 2}, seqs(stored))
	assert.Equal(t, "sealed-a", string(stored[0].Data))
	assert.Equal(t, "s2", string(stored[1].Data))
	pending, err := s.PendingBatches(bg, "a")
	require.NoError(t, err)
	assert.Empty(t, pending)
}

func contractSessionCounters(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)               // stored, 8 bytes
	add(t, s, "shop", "a", 1, Pending, "12345", t0) // pending, 5 bytes
	add(t, s, "shop", "a", 2, Pending, "123", t0)   // pending, 3 bytes
	add(t, s, "shop", "a", 5, Dropped, "", t0)
	x, ok, err := s.Session(bg, "a")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, [4]int{1, 2, 1, 8}, [4]int{x.Batches, x.Pending, x.Dropped, int(x.Bytes)}, "batches, pending, dropped, bytes")
	requirePending(t, s, "shop", "a", 8, 8, 8)

	add(t, s, "shop", "a", 1, Stored, "1234567890", t0) // pending 1 becomes stored
	x, _, err = s.Session(bg, "a")
	require.NoError(t, err)
	assert.Equal(t, [4]int{2, 1, 1, 18}, [4]int{x.Batches, x.Pending, x.Dropped, int(x.Bytes)})
	requirePending(t, s, "shop", "a", 3, 3, 3)
	_, ok, err = s.Session(bg, "nobody")
	require.NoError(t, err)
	assert.False(t, ok)
}

func contractDelta(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)
	d := Delta{Seen: t0.Add(time.Minute), Pages: []string{"https://x/1", "https://x/2"}, Errors: 2, RulesVersion: "r1",
		Consent: "granted", ConsentSource: "banner", Gaps: 1, Remasked: 3, SecretHash: []byte("s-a")}
	_, err := s.AddBatch(bg, Batch{App: "shop", Session: "a", Seq: 1, State: Stored, Data: []byte("x"), Received: t0}, d)
	require.NoError(t, err)
	// An earlier Seen does not move last_seen back; empty strings keep the values; pages are deduplicated.
	var many []string
	for i := range MaxPages + 10 {
		many = append(many, fmt.Sprintf("https://x/%d", i))
	}
	_, err = s.AddBatch(bg, Batch{App: "shop", Session: "a", Seq: 2, State: Stored, Data: []byte("y"), Received: t0},
		Delta{Seen: t0, Pages: many, Errors: 1, SecretHash: []byte("s-a")})
	require.NoError(t, err)
	x, _, err := s.Session(bg, "a")
	require.NoError(t, err)
	assert.Equal(t, t0, x.FirstSeen)
	assert.Equal(t, t0.Add(time.Minute), x.LastSeen)
	require.Len(t, x.Pages, MaxPages)
	assert.Equal(t, []string{"https://x/1", "https://x/2", "https://x/0", "https://x/3"}, x.Pages[:4])
	assert.Equal(t, [4]string{"shop", "r1", "granted", "banner"}, [4]string{x.App, x.RulesVersion, x.Consent, x.ConsentSource})
	assert.Equal(t, [3]int{3, 1, 3}, [3]int{x.Errors, x.Gaps, x.Remasked}, "errors, gaps, remasked")
}

func contractAddBatchErrors(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)
	_, err := s.AddBatch(bg, Batch{App: "other", Session: "a", Seq: 1, State: Stored, Data: []byte("x"), Received: t0},
		Delta{Seen: t0, SecretHash: []byte("s-a")})
	assert.ErrorIs(t, err, ErrConflict, "a session id of another application")
	_, err = s.AddBatch(bg, Batch{App: "shop", Session: "a", Seq: 1, State: Stored, Data: []byte("x"), Received: t0},
		Delta{Seen: t0, SecretHash: []byte("not-a")})
	assert.ErrorIs(t, err, ErrCapability, "the wrong secret")
	_, err = s.AddBatch(bg, Batch{App: "shop", Session: "a", Seq: 1, State: Stored, Data: []byte("x"), Received: t0},
		Delta{Seen: t0})
	assert.ErrorIs(t, err, ErrCapability, "no secret for a bound session")
	_, err = s.AddBatch(bg, Batch{App: "shop", Session: "gone", Seq: 3, State: Pending, Data: []byte("x"), Received: t0},
		Delta{Seen: t0, SecretHash: []byte("s-gone")})
	assert.ErrorIs(t, err, ErrGone, "a secret but no data key: a bound session whose row went")

	exists, err := s.BatchExists(bg, "a", 1)
	require.NoError(t, err)
	assert.False(t, exists)
	x, _, err := s.Session(bg, "a")
	require.NoError(t, err)
	assert.Equal(t, 1, x.Batches)
	_, ok, err := s.Session(bg, "gone")
	require.NoError(t, err)
	assert.False(t, ok)
}

func contractNextSeq(t *testing.T, f fixture) {
	s := f.s
	n, err := s.NextSeq(bg, "a")
	require.NoError(t, err)
	assert.Equal(t, 0, n, "unknown session")
	newSession(t, s, "shop", "a", t0)
	add(t, s, "shop", "a", 1, Dropped, "", t0)
	add(t, s, "shop", "a", 4, Pending, "p", t0)
	n, err = s.NextSeq(bg, "a")
	require.NoError(t, err)
	assert.Equal(t, 2, n, "one past the highest stored or dropped; pending does not count")
	for seq, want := range map[int]bool{0: true, 1: true, 2: false, 4: true} {
		got, err := s.BatchExists(bg, "a", seq)
		require.NoError(t, err)
		assert.Equal(t, want, got, "seq %d", seq)
	}
	got, err := s.BatchExists(bg, "b", 0)
	require.NoError(t, err)
	assert.False(t, got)
}

func contractPendingAndStored(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)
	newSession(t, s, "shop", "b", t0)
	newSession(t, s, "shop", "c", t0)
	add(t, s, "shop", "c", 3, Pending, "c3", t0.Add(3*time.Second))
	add(t, s, "shop", "c", 2, Pending, "c2", t0.Add(2*time.Second))
	add(t, s, "shop", "a", 5, Pending, "a5---", t0)
	for _, tc := range []struct {
		name   string
		before time.Time
		want   []string
	}{
		{"at c's oldest", t0.Add(2 * time.Second), []string{"a"}},
		{"one millisecond after it", t0.Add(2*time.Second + time.Millisecond), []string{"a", "c"}},
		{"at a's", t0, nil},
	} {
		with, err := s.PendingBefore(bg, tc.before)
		require.NoError(t, err)
		assert.Equal(t, tc.want, with, tc.name)
	}

	pending, err := s.PendingBatches(bg, "c")
	require.NoError(t, err)
	require.Equal(t, []int{2, 3}, seqs(pending), "by seq")
	assert.Equal(t, Batch{App: "shop", Session: "c", Seq: 2, State: Pending, Data: []byte("c2"), Events: 3, Received: t0.Add(2 * time.Second)}, pending[0])
	requirePending(t, s, "shop", "c", 4, 9, 9)
	requirePending(t, s, "blog", "nobody", 0, 0, 9)

	stored, err := s.StoredBatches(bg, "b")
	require.NoError(t, err)
	assert.Equal(t, []Batch{{App: "shop", Session: "b", Seq: 0, State: Stored, Data: []byte("sealed-b"), Events: 1, Received: t0}}, stored)
	none, err := s.StoredBatches(bg, "nobody")
	require.NoError(t, err)
	assert.Empty(t, none)
}

func contractSessionAccess(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)
	// A later batch's data key does not replace the session's.
	_, err := s.AddBatch(bg, Batch{App: "shop", Session: "a", Seq: 1, State: Stored, Data: []byte("x"), Received: t0},
		Delta{Seen: t0.Add(time.Hour), SecretHash: []byte("s-a"), DataKey: []byte("another key")})
	require.NoError(t, err)
	a, ok, err := s.SessionAccess(bg, "a")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, Access{App: "shop", SecretHash: []byte("s-a"), DataKey: []byte("k-a"), FirstSeen: t0}, a)
	_, ok, err = s.SessionAccess(bg, "nobody")
	require.NoError(t, err)
	assert.False(t, ok)
}

func contractSessionsListing(t *testing.T, f fixture) {
	s := f.s
	// Last seen: a, b and c at t0+1m (a tie, ordered by id), d at t0+2m, e (other app) at t0+3m.
	for _, id := range []string{"c", "a", "b"} {
		newSession(t, s, "shop", id, t0.Add(time.Minute))
	}
	newSession(t, s, "shop", "d", t0.Add(2*time.Minute))
	newSession(t, s, "blog", "e", t0.Add(3*time.Minute))

	list := func(f SessionFilter) []string {
		t.Helper()
		got, err := s.Sessions(bg, f)
		require.NoError(t, err)
		return ids(got)
	}
	assert.Equal(t, []string{"e", "d", "a", "b", "c"}, list(SessionFilter{}), "newest first, then id")
	assert.Equal(t, []string{"d", "a", "b", "c"}, list(SessionFilter{App: "shop"}))
	assert.Equal(t, []string{"e"}, list(SessionFilter{Apps: []string{"blog"}}))
	assert.Equal(t, []string{"e", "d", "a", "b", "c"}, list(SessionFilter{Apps: []string{"*"}}))
	assert.Empty(t, list(SessionFilter{Apps: []string{}}), "an empty scope sees nothing")
	assert.Equal(t, []string{"d", "a", "b", "c"}, list(SessionFilter{To: t0.Add(2 * time.Minute)}))
	assert.Equal(t, []string{"e", "d"}, list(SessionFilter{From: t0.Add(2 * time.Minute)}))

	var pages [][]string
	f2 := SessionFilter{Limit: 2}
	for {
		got, err := s.Sessions(bg, f2)
		require.NoError(t, err)
		if len(got) == 0 {
			break
		}
		pages = append(pages, ids(got))
		last := got[len(got)-1]
		f2.After = &SessionCursor{LastSeen: last.LastSeen, ID: last.ID}
	}
	assert.Equal(t, [][]string{{"e", "d"}, {"a", "b"}, {"c"}}, pages, "the cursor continues inside a tie")
}

func contractDeleteSession(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)
	add(t, s, "shop", "a", 3, Pending, "p", t0)
	newSession(t, s, "shop", "b", t0)
	found, err := s.DeleteSession(bg, "a", AuditEntry{Time: t0, Actor: "tok1", Action: "session.delete", App: "shop", Target: "a"})
	require.NoError(t, err)
	assert.True(t, found)
	_, ok, err := s.SessionAccess(bg, "a")
	require.NoError(t, err)
	assert.False(t, ok, "the data key went with the session")
	for _, seq := range []int{0, 3} {
		exists, err := s.BatchExists(bg, "a", seq)
		require.NoError(t, err)
		assert.False(t, exists, "batch %d", seq)
	}
	with, err := s.PendingBefore(bg, t0.Add(time.Hour))
	require.NoError(t, err)
	assert.Empty(t, with)
	stored, err := s.StoredBatches(bg, "b")
	require.NoError(t, err)
	assert.Len(t, stored, 1, "another session is untouched")

	found, err = s.DeleteSession(bg, "a", AuditEntry{Time: t0, Actor: "tok1", Action: "session.delete", Target: "a"})
	require.NoError(t, err)
	assert.False(t, found)
	log, err := s.AuditLog(bg, AuditFilter{})
	require.NoError(t, err)
	require.Len(t, log, 1, "audited once, when found")
	assert.Equal(t, [3]string{"tok1", "session.delete", "a"}, [3]string{log[0].Actor, log[0].Action, log[0].Target})

	// A new batch naming the deleted session's secret finds it gone.
	_, err = s.AddBatch(bg, Batch{App: "shop", Session: "a", Seq: 4, State: Pending, Data: []byte("x"), Received: t0},
		Delta{Seen: t0, SecretHash: []byte("s-a")})
	assert.ErrorIs(t, err, ErrGone)
}

func contractDeleteIdle(t *testing.T, f fixture) {
	s := f.s
	sep, oct, nov := t0.AddDate(0, -2, 0), t0.AddDate(0, -1, 0), t0
	newSession(t, s, "shop", "shop-sep", sep)
	newSession(t, s, "shop", "shop-oct", oct)
	newSession(t, s, "shop", "shop-nov-early", nov.AddDate(0, 0, -10))
	newSession(t, s, "shop", "shop-nov-late", nov)
	newSession(t, s, "blog", "blog-sep", sep)
	add(t, s, "shop", "shop-oct", 1, Pending, "p", oct.Add(time.Hour)) // a later batch does not extend retention

	// Cutoff inside November: September and October whole, the early November session.
	n, err := s.DeleteIdle(bg, "shop", nov.AddDate(0, 0, -5))
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	left, err := s.Sessions(bg, SessionFilter{})
	require.NoError(t, err)
	assert.Equal(t, []string{"shop-nov-late", "blog-sep"}, ids(left), "another application keeps its own retention")
	for _, id := range []string{"shop-sep", "shop-oct", "shop-nov-early"} {
		_, ok, err := s.SessionAccess(bg, id)
		require.NoError(t, err)
		assert.False(t, ok, id)
		exists, err := s.BatchExists(bg, id, 0)
		require.NoError(t, err)
		assert.False(t, exists, id)
	}
	stored, err := s.StoredBatches(bg, "blog-sep")
	require.NoError(t, err)
	assert.Len(t, stored, 1)

	n, err = s.DeleteIdle(bg, "shop", nov.AddDate(0, 0, -5))
	require.NoError(t, err)
	assert.Equal(t, 0, n, "again: nothing left to delete")

	// A session of the expired month may come back (a new id): it gets a new partition.
	newSession(t, s, "shop", "shop-oct-2", oct)
	stored, err = s.StoredBatches(bg, "shop-oct-2")
	require.NoError(t, err)
	assert.Len(t, stored, 1)
}

func contractSettings(t *testing.T, f fixture) {
	s := f.s
	_, ok, err := s.Settings(bg, "shop")
	require.NoError(t, err)
	assert.False(t, ok)
	require.NoError(t, s.PutSettings(bg, map[string][]byte{"shop": []byte(`{"v":1}`), "blog": []byte(`{"v":2}`)},
		[]AuditEntry{{Time: t0, Actor: "cli", Action: "settings.put", App: "shop"}}))
	require.NoError(t, s.PutSettings(bg, map[string][]byte{"shop": []byte(`{"v":3}`)}, nil))
	data, ok, err := s.Settings(bg, "shop")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, `{"v":3}`, string(data))
	all, err := s.AllSettings(bg)
	require.NoError(t, err)
	assert.Equal(t, map[string][]byte{"shop": []byte(`{"v":3}`), "blog": []byte(`{"v":2}`)}, all)
	log, err := s.AuditLog(bg, AuditFilter{})
	require.NoError(t, err)
	require.Len(t, log, 1)
	assert.Equal(t, "{}", log[0].Detail, "an empty detail is stored as an empty object")
}

func contractTokens(t *testing.T, f fixture) {
	s := f.s
	tok := func(id, hash string, at time.Time) Token {
		return Token{ID: id, Hash: hash, Role: "replay", Apps: []string{"shop", "blog"}, Note: "n " + id, Created: at}
	}
	require.NoError(t, s.AddToken(bg, tok("t2", "h2", t0.Add(time.Second)), AuditEntry{Actor: "cli", Action: "token.create", Target: "t2"}))
	require.NoError(t, s.AddToken(bg, tok("t1", "h1", t0), AuditEntry{Actor: "cli", Action: "token.create", Target: "t1"}))
	assert.ErrorIs(t, s.AddToken(bg, tok("t1", "h9", t0), AuditEntry{}), ErrConflict, "id in use")
	assert.ErrorIs(t, s.AddToken(bg, tok("t9", "h1", t0), AuditEntry{}), ErrConflict, "hash in use")

	got, ok, err := s.TokenByHash(bg, "h1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, tok("t1", "h1", t0), got)
	list, err := s.Tokens(bg)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, [2]string{"t1", "t2"}, [2]string{list[0].ID, list[1].ID}, "oldest first")

	found, err := s.RevokeToken(bg, "t1", t0.Add(time.Hour), AuditEntry{Actor: "cli", Action: "token.revoke", Target: "t1"})
	require.NoError(t, err)
	assert.True(t, found)
	found, err = s.RevokeToken(bg, "t1", t0.Add(2*time.Hour), AuditEntry{Actor: "cli", Action: "token.revoke", Target: "t1"})
	require.NoError(t, err)
	assert.False(t, found, "already revoked")
	got, _, err = s.TokenByHash(bg, "h1")
	require.NoError(t, err)
	assert.Equal(t, t0.Add(time.Hour), got.Revoked, "still found, with Revoked set")
	log, err := s.AuditLog(bg, AuditFilter{})
	require.NoError(t, err)
	assert.Len(t, log, 3, "two creations and one revocation; refused writes audit nothing")
}

func contractAuditLog(t *testing.T, f fixture) {
	s := f.s
	for i, app := range []string{"shop", "blog", "", "shop"} {
		require.NoError(t, s.Audit(bg, AuditEntry{Time: t0.Add(time.Duration(i) * time.Minute), Actor: "cli",
			Action: fmt.Sprintf("a%d", i), App: app, Detail: `{"i":` + fmt.Sprint(i) + `}`}))
	}
	actions := func(f AuditFilter) string {
		t.Helper()
		log, err := s.AuditLog(bg, f)
		require.NoError(t, err)
		var out []string
		for _, e := range log {
			out = append(out, e.Action)
		}
		return strings.Join(out, ",")
	}
	assert.Equal(t, "a0,a1,a2,a3", actions(AuditFilter{}), "oldest first")
	assert.Equal(t, "a0,a3", actions(AuditFilter{App: "shop"}))
	assert.Equal(t, "a1", actions(AuditFilter{Apps: []string{"blog"}}), "entries without an application need *")
	assert.Equal(t, "a0,a1,a2,a3", actions(AuditFilter{Apps: []string{"*"}}))
	assert.Equal(t, "a1,a2", actions(AuditFilter{From: t0.Add(time.Minute), To: t0.Add(2 * time.Minute)}))
	assert.Equal(t, "a0,a1", actions(AuditFilter{Limit: 2}))
	all, err := s.AuditLog(bg, AuditFilter{})
	require.NoError(t, err)
	assert.Equal(t, "a2,a3", actions(AuditFilter{AfterID: all[1].ID}))
	assert.Equal(t, AuditEntry{ID: all[2].ID, Time: t0.Add(2 * time.Minute), Actor: "cli", Action: "a2", Detail: `{"i":2}`}, all[2])
}

func contractAuditAppendOnly(t *testing.T, f fixture) {
	require.NoError(t, f.s.Audit(bg, AuditEntry{Time: t0, Actor: "cli", Action: "settings.put", App: "shop"}))
	for _, q := range []string{`UPDATE audit SET actor = 'someone else'`, `DELETE FROM audit`} {
		err := f.exec(q)
		require.Error(t, err, q)
		assert.Contains(t, err.Error(), "append-only", q)
	}
	log, err := f.s.AuditLog(bg, AuditFilter{})
	require.NoError(t, err)
	require.Len(t, log, 1)
	assert.Equal(t, "cli", log[0].Actor)
}

func contractLogins(t *testing.T, f fixture) {
	s := f.s
	require.NoError(t, s.AddLogin(bg, Login{Handle: "old", TokenHash: "h", CSRF: "c0", Expires: t0.Add(time.Minute)}, t0))
	require.NoError(t, s.AddLogin(bg, Login{Handle: "new", TokenHash: "h", CSRF: "c1", Expires: t0.Add(time.Hour)}, t0))
	l, ok, err := s.Login(bg, "new", t0)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, Login{Handle: "new", TokenHash: "h", CSRF: "c1", Expires: t0.Add(time.Hour)}, l)
	_, ok, err = s.Login(bg, "old", t0.Add(time.Minute))
	require.NoError(t, err)
	assert.False(t, ok, "expired")

	// Adding a login forgets the expired ones: "old" cannot come back even with an earlier now.
	require.NoError(t, s.AddLogin(bg, Login{Handle: "third", TokenHash: "h", CSRF: "c2", Expires: t0.Add(time.Hour)}, t0.Add(2*time.Minute)))
	_, ok, err = s.Login(bg, "old", t0)
	require.NoError(t, err)
	assert.False(t, ok, "forgotten")

	require.NoError(t, s.DeleteLogin(bg, "new"))
	require.NoError(t, s.DeleteLogin(bg, "never"))
	_, ok, err = s.Login(bg, "new", t0)
	require.NoError(t, err)
	assert.False(t, ok)
}

func contractTombstones(t *testing.T, f fixture) {
	s := f.s
	require.NoError(t, s.AddTombstone(bg, "x", t0.Add(time.Hour), t0))
	require.NoError(t, s.AddTombstone(bg, "x", t0.Add(time.Minute), t0), "a shorter one does not shorten it")
	require.NoError(t, s.AddTombstone(bg, "y", t0.Add(time.Minute), t0))
	dead := func(id string, at time.Time) bool {
		t.Helper()
		ok, err := s.Tombstoned(bg, id, at)
		require.NoError(t, err)
		return ok
	}
	assert.True(t, dead("x", t0.Add(30*time.Minute)))
	assert.False(t, dead("x", t0.Add(time.Hour)))
	assert.True(t, dead("y", t0))
	assert.False(t, dead("z", t0))
	// Adding one forgets the ended ones.
	require.NoError(t, s.AddTombstone(bg, "z", t0.Add(3*time.Hour), t0.Add(2*time.Minute)))
	assert.False(t, dead("y", t0), "forgotten")
	assert.True(t, dead("x", t0))
}

func contractCounts(t *testing.T, f fixture) {
	s := f.s
	newSession(t, s, "shop", "a", t0)
	newSession(t, s, "shop", "b", t0)
	newSession(t, s, "blog", "c", t0)
	apps, err := s.SessionApps(bg)
	require.NoError(t, err)
	assert.Equal(t, []string{"blog", "shop"}, apps)
	for _, c := range []struct {
		apps []string
		want map[string]int
	}{
		{nil, map[string]int{"shop": 2, "blog": 1}},
		{[]string{"*"}, map[string]int{"shop": 2, "blog": 1}},
		{[]string{"blog", "none"}, map[string]int{"blog": 1}},
		{[]string{}, map[string]int{}},
	} {
		got, err := s.SessionCounts(bg, c.apps)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "%v", c.apps)
	}
}

func contractLockSession(t *testing.T, f fixture) {
	s := f.s
	unlock, err := s.LockSession(bg, "a")
	require.NoError(t, err)
	u, err := s.LockSession(bg, "b")
	require.NoError(t, err, "another session is free")
	u()
	requireLockWaits(t, s, "a")
	got := make(chan error, 1)
	go func() {
		u, err := s.LockSession(bg, "a")
		if err == nil {
			u()
		}
		got <- err
	}()
	unlock()
	unlock() // a second call is harmless
	require.NoError(t, <-got)
}

// requireLockWaits checks that LockSession(id) on s is still waiting after a
// while and gives up when its context ends.
func requireLockWaits(t *testing.T, s Store, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(bg, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := s.LockSession(ctx, id)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second, "gave up soon after its context ended")
}
