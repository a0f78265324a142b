package server

import (
	"sync"
	"time"

	"github.com/veil-replay/veil/server/ingest"
)

// liveSet is the ingest engine's sessions seen from the server, plus the ids
// of sessions deleted recently, whose late batches are discarded rather than
// stored. The ids live in memory, bounded: a deletion proven by the session's
// secret is also remembered in the store (tombstone.go). Safe for concurrent
// use.
type liveSet struct {
	eng *ingest.Engine

	mu sync.Mutex
	// deleted holds sessions that were there when deleted; unknown the ids
	// of deletions that found no session (anyone may send those, answered
	// 204 whatever the secret: kept apart, so that a flood of made-up ids
	// cannot push out a deleted session whose tombstone is in memory only).
	deleted, unknown recentIDs
}

// maxTombstones bounds the deleted ids remembered, of each kind.
const maxTombstones = 10000

// recentIDs is the last maxTombstones ids added, in order. Not safe for
// concurrent use.
type recentIDs struct {
	set  map[string]struct{}
	list []string
}

func (r *recentIDs) has(id string) bool {
	_, ok := r.set[id]
	return ok
}

func (r *recentIDs) add(id string) {
	if r.has(id) {
		return
	}
	if r.set == nil {
		r.set = map[string]struct{}{}
	}
	r.set[id] = struct{}{}
	r.list = append(r.list, id)
	if len(r.list) > maxTombstones {
		delete(r.set, r.list[0])
		r.list = r.list[1:]
	}
}

func newLiveSet() *liveSet { return &liveSet{} }

// deletedRecently reports whether session id was deleted here; the engine
// asks with the session held.
func (ls *liveSet) deletedRecently(id string) bool {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.deleted.has(id) || ls.unknown.has(id)
}

// forget remembers that session id was deleted (found: it was in the store
// then), then lets go of it in the engine, which waits for a batch of it in
// progress: a batch either sees the deletion or is stored before it, and
// deleted with the session.
func (ls *liveSet) forget(id string, found bool) {
	ls.mu.Lock()
	if found {
		ls.deleted.add(id)
	} else {
		ls.unknown.add(id)
	}
	ls.mu.Unlock()
	ls.eng.Forget(id)
}

// idle lets go of sessions not used since before.
func (ls *liveSet) idle(before time.Time) { ls.eng.Idle(before) }

// expire lets go of the sessions of app that started before cutoff, which
// retention deletes: a later batch starts them afresh.
func (ls *liveSet) expire(app string, cutoff time.Time) { ls.eng.Expire(app, cutoff) }

// has reports whether this collector holds session id in memory.
func (ls *liveSet) has(id string) bool { return ls.eng.Holds(id) }

// size returns the number of sessions held in memory.
func (ls *liveSet) size() int { return ls.eng.Held() }
