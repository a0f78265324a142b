package server

import (
	"cmp"
	"context"
	"maps"
	"strings"
	"sync"
	"time"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// TombstoneLifetime is how long the collector keeps refusing batches of a
// session its visitor deleted: long enough for every retry and beacon of the
// tab that asked, across restarts and collectors, since tombstones live in
// the store.
const TombstoneLifetime = 7 * 24 * time.Hour

// tombstoneKey is what the store keeps of a deleted session's id: a hash,
// so that the id itself leaves no trace in the files.
func tombstoneKey(id string) string { return auth.Hash("veil-tombstone\x00" + id) }

// bury remembers, in the store, that the visitor deleted session id, so
// that its late batches are discarded rather than stored, also after a
// restart. Safe for concurrent use.
func (s *Server) bury(ctx context.Context, id string) error {
	now := s.opt.Now()
	return s.st.AddTombstone(ctx, tombstoneKey(id), now.Add(TombstoneLifetime), now)
}

// buried reports whether the visitor deleted session id within the last
// TombstoneLifetime. Safe for concurrent use.
func (s *Server) buried(ctx context.Context, id string) (bool, error) {
	return s.st.Tombstoned(ctx, tombstoneKey(id), s.opt.Now())
}

// Every deletion of a stored session by its visitor left an audit entry,
// kept for good (the log is append-only), and a tombstone in the store,
// which no quota counts once the session's bytes are given back: a recorder
// key that created sessions and deleted them, at the limits of new
// sessions, grew the database by about 288 bytes a cycle without end. So
// each application's visitor deletions are written one by one up to
// VisitorDeletesPerAppBurst, then VisitorDeletesPerApp a second (a bucket
// in the store, shared by the collectors); beyond that a session is deleted all the same, at once, its
// tombstone kept in the bounded memory of the live set only (as for
// sessions not stored), and such deletions are counted and audited
// together: one entry per application (session.delete, {"by": "visitor",
// "sessions": n, "itemized": false}) at the next round of gap checks
// (GapTimeout/2) or sweep.
//
// The rate was 1 a second: anyone holding the public recorder key could
// write 86,400 itemized entries a day to each application's log, 10 MB a
// day kept for good (116 B an entry on SQLite), where a site's visitors
// ask for a few deletions an hour. One every 10 s, as for anonymous
// refusals: 8,640 a day, well above what visitors ask.
const (
	VisitorDeletesPerApp      = 0.1
	VisitorDeletesPerAppBurst = 1000
)

// deletionCounts counts visitor deletions not audited one by one, per
// application. Safe for concurrent use.
type deletionCounts struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *deletionCounts) add(app string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[app]++
}

// take returns the counts and resets them.
func (c *deletionCounts) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = nil
	return n
}

// auditVisitorDeletes writes the visitor deletions not audited one by one,
// one entry per application, and the anonymous refusals not audited one by
// one, one entry per action and reason; what it could not write is counted
// again.
func (s *Server) auditVisitorDeletes(ctx context.Context) error {
	var first error
	for key, n := range maps.All(s.unitemizedRefusals.take()) {
		action, reason, _ := strings.Cut(key, "\x00")
		err := s.st.Audit(ctx, store.AuditEntry{Time: s.opt.Now(), Actor: "anonymous", Action: action,
			Detail: detail(map[string]any{"outcome": outcomeRefused, "reason": reason, "refusals": n, "itemized": false})})
		if err != nil {
			for range n {
				s.unitemizedRefusals.add(key)
			}
			first = cmp.Or(first, err)
		}
	}
	counts := s.unitemized.take()
	for app, n := range maps.All(counts) {
		err := s.st.Audit(ctx, store.AuditEntry{Time: s.opt.Now(), Actor: "visitor", Action: "session.delete", App: app,
			Detail: detail(map[string]any{"by": "visitor", "sessions": n, "itemized": false})})
		if err != nil {
			for range n {
				s.unitemized.add(app)
			}
			first = cmp.Or(first, err)
		}
	}
	return first
}
