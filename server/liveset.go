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

	mu      sync.Mutex
	deleted map[string]struct{}
	delList []string
}

// maxTombstones bounds the deleted ids remembered.
const maxTombstones = 10000

func newLiveSet() *liveSet { return &liveSet{deleted: map[string]struct{}{}} }

// deletedRecently reports whether session id was deleted here; the engine
// asks with the session held.
func (ls *liveSet) deletedRecently(id string) bool {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	_, dead := ls.deleted[id]
	return dead
}

// forget remembers that session id was deleted, then lets go of it in the
// engine, which waits for a batch of it in progress: a batch either sees the
// deletion or is stored before it, and deleted with the session.
func (ls *liveSet) forget(id string) {
	ls.mu.Lock()
	if _, ok := ls.deleted[id]; !ok {
		ls.deleted[id] = struct{}{}
		ls.delList = append(ls.delList, id)
		if len(ls.delList) > maxTombstones {
			delete(ls.deleted, ls.delList[0])
			ls.delList = ls.delList[1:]
		}
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
