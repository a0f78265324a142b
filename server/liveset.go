package server

import (
	"container/list"
	"sync"
	"time"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/keys"
)

// live is one recording session being masked at ingest. Its mutex orders the
// session's batches; whoever holds it never takes liveSet.mu.
type live struct {
	mu      sync.Mutex
	id, app string
	set     *rules.Set
	rm      *remasker
	loaded  bool
	next    int       // the seq masked next
	npend   int       // batches waiting for an earlier seq
	waiting time.Time // when the oldest waiting batch arrived
	gone    bool      // let go of: holders must fetch again
	last    time.Time
	elem    *list.Element

	started time.Time     // when the session started: retention counts from here
	exists  bool          // the session has a row: its secret is bound
	secret  []byte        // hash of the session's secret (bound, or claimed by the batch in progress)
	dk      *keys.DataKey // the session's data key; nil for a session stored before data keys
	wrapped []byte        // dk wrapped by the keyring, until the session's row holds it
}

// liveSet is a bounded LRU of live sessions, plus the ids of sessions
// deleted recently, whose late batches are discarded rather than stored.
type liveSet struct {
	mu      sync.Mutex
	max     int
	m       map[string]*live
	lru     *list.List // front: most recently used
	deleted map[string]struct{}
	delList []string
}

// maxTombstones bounds the deleted ids remembered.
const maxTombstones = 10000

func newLiveSet(max int) *liveSet {
	return &liveSet{max: max, m: map[string]*live{}, lru: list.New(), deleted: map[string]struct{}{}}
}

// acquire returns the live session id, locked, creating it with set when
// new; nil when the session was deleted.
func (ls *liveSet) acquire(id, app string, set *rules.Set, now time.Time) *live {
	for {
		ls.mu.Lock()
		if _, dead := ls.deleted[id]; dead {
			ls.mu.Unlock()
			return nil
		}
		l := ls.m[id]
		if l == nil {
			l = &live{id: id, app: app, set: set}
			l.elem = ls.lru.PushFront(l)
			ls.m[id] = l
			ls.evictLocked(ls.max)
		} else {
			ls.lru.MoveToFront(l.elem)
		}
		ls.mu.Unlock()
		l.mu.Lock()
		if !l.gone {
			l.last = now
			return l
		}
		l.mu.Unlock()
	}
}

// evictLocked lets go of the least recently used idle sessions until at most
// n remain; sessions in use are skipped.
func (ls *liveSet) evictLocked(n int) {
	for e := ls.lru.Back(); e != nil && len(ls.m) > n; {
		prev := e.Prev()
		l := e.Value.(*live)
		if l.mu.TryLock() {
			l.gone = true
			l.mu.Unlock()
			ls.lru.Remove(e)
			delete(ls.m, l.id)
		}
		e = prev
	}
}

// idle lets go of sessions not used since before.
func (ls *liveSet) idle(before time.Time) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	for e := ls.lru.Back(); e != nil; {
		prev := e.Prev()
		l := e.Value.(*live)
		if l.mu.TryLock() {
			if l.last.Before(before) {
				l.gone = true
				ls.lru.Remove(e)
				delete(ls.m, l.id)
			}
			l.mu.Unlock()
		}
		e = prev
	}
}

// forget drops a session (deleted) and remembers its id.
func (ls *liveSet) forget(id string) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if l := ls.m[id]; l != nil {
		ls.lru.Remove(l.elem)
		delete(ls.m, id)
		l.mu.Lock()
		l.gone = true
		l.mu.Unlock()
	}
	if _, ok := ls.deleted[id]; !ok {
		ls.deleted[id] = struct{}{}
		ls.delList = append(ls.delList, id)
		if len(ls.delList) > maxTombstones {
			delete(ls.deleted, ls.delList[0])
			ls.delList = ls.delList[1:]
		}
	}
}

// expire lets go of the live sessions of app that started before cutoff,
// which retention deletes: a later batch starts them afresh.
func (ls *liveSet) expire(app string, cutoff time.Time) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	for e := ls.lru.Back(); e != nil; {
		prev := e.Prev()
		l := e.Value.(*live)
		if l.app == app {
			l.mu.Lock()
			if l.loaded && l.started.Before(cutoff) {
				l.gone = true
				ls.lru.Remove(e)
				delete(ls.m, l.id)
			}
			l.mu.Unlock()
		}
		e = prev
	}
}

// has reports whether id is a live session.
func (ls *liveSet) has(id string) bool {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.m[id] != nil
}

// size returns the number of live sessions.
func (ls *liveSet) size() int {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return len(ls.m)
}
