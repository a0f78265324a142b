package ingest

import (
	"container/list"
	"sync"
	"time"
)

// liveSet is an LRU of the sessions this collector holds, bounded in number
// and in the estimated memory of their masking state (session.weight). It is
// safe for concurrent use.
//
// Over its number, the session let go of is the least recently used of the
// network (Batch.Client) holding the most, when that holds two or more: a
// recorder key starting new sessions at the rates allowed (an application's
// 2,000 a second) turned the whole set over every half second, and every
// other visitor's next batch rebuilt its session from the store (replaying
// up to 32 MiB). Now such a flood lets go of its own sessions, until it
// comes from as many networks as there are sessions held.
type liveSet struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	bytes    int64 // the sum of the weights of the sessions in m
	m        map[string]*session
	lru      *list.List            // front: most recently used
	clients  map[string]*list.List // each network's sessions, likewise
}

func newLiveSet(max int, maxBytes int64) *liveSet {
	return &liveSet{max: max, maxBytes: maxBytes, m: map[string]*session{}, lru: list.New(), clients: map[string]*list.List{}}
}

// weigh sets what l's masking state is estimated to hold, then lets go of
// the least recently used sessions not in use until the estimate of all is
// within maxBytes — l too, if it alone is over (its next batch rebuilds it).
// Call it without holding l.mu.
func (ls *liveSet) weigh(l *session, w int64) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m[l.id] != l {
		return // let go of meanwhile
	}
	ls.bytes += w - l.weight
	l.weight = w
	for e := ls.lru.Back(); e != nil && ls.bytes > ls.maxBytes; {
		prev := e.Prev()
		if x := e.Value.(*session); x.weight > 0 && x.mu.TryLock() {
			x.gone = true
			x.mu.Unlock()
			ls.removeLocked(x)
		}
		e = prev
	}
}

// removeLocked takes l out of the set.
func (ls *liveSet) removeLocked(l *session) {
	ls.lru.Remove(l.elem)
	if c := ls.clients[l.client]; c != nil {
		if c.Remove(l.gelem); c.Len() == 0 {
			delete(ls.clients, l.client)
		}
	}
	delete(ls.m, l.id)
	ls.bytes -= l.weight
	l.weight = 0
}

// bytesHeld returns the sum of the weights of the sessions held.
func (ls *liveSet) bytesHeld() int64 {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.bytes
}

// acquire returns session id, locked, creating it when new; client is the
// network of the batch asking ("" when none does).
func (ls *liveSet) acquire(id, client string, now time.Time) *session {
	for {
		ls.mu.Lock()
		l := ls.m[id]
		if l == nil {
			l = &session{id: id}
			l.elem = ls.lru.PushFront(l)
			ls.m[id] = l
			ls.joinLocked(l, client)
			ls.evictLocked(ls.max)
		} else {
			ls.lru.MoveToFront(l.elem)
			if l.client == "" && client != "" {
				ls.clients[""].Remove(l.gelem)
				if ls.clients[""].Len() == 0 {
					delete(ls.clients, "")
				}
				ls.joinLocked(l, client)
			} else {
				ls.clients[l.client].MoveToFront(l.gelem)
			}
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

// joinLocked counts l among its network's sessions, most recently used.
func (ls *liveSet) joinLocked(l *session, client string) {
	c := ls.clients[client]
	if c == nil {
		c = list.New()
		ls.clients[client] = c
	}
	l.client = client
	l.gelem = c.PushFront(l)
}

// evictLocked lets go of idle sessions until at most n remain: the least
// recently used of the network holding the most while that holds two or
// more, then the least recently used of all; sessions in use are skipped.
func (ls *liveSet) evictLocked(n int) {
	for len(ls.m) > n {
		var most *list.List
		for _, c := range ls.clients {
			if most == nil || c.Len() > most.Len() {
				most = c
			}
		}
		if most == nil || most.Len() < 2 || !ls.evictOneLocked(most) {
			break
		}
	}
	for e := ls.lru.Back(); e != nil && len(ls.m) > n; {
		prev := e.Prev()
		l := e.Value.(*session)
		if l.mu.TryLock() {
			l.gone = true
			l.mu.Unlock()
			ls.removeLocked(l)
		}
		e = prev
	}
}

// evictOneLocked lets go of the least recently used idle session of c (a
// network's list); false when each is in use.
func (ls *liveSet) evictOneLocked(c *list.List) bool {
	for e := c.Back(); e != nil; e = e.Prev() {
		if l := e.Value.(*session); l.mu.TryLock() {
			l.gone = true
			l.mu.Unlock()
			ls.removeLocked(l)
			return true
		}
	}
	return false
}

// idle lets go of sessions not used since before.
func (ls *liveSet) idle(before time.Time) {
	ls.letGo(func(l *session) bool { return l.last.Before(before) }, false)
}

// expire lets go of the sessions of app that started before cutoff.
func (ls *liveSet) expire(app string, cutoff time.Time) {
	ls.letGo(func(l *session) bool { return l.app == app && l.loaded && l.started.Before(cutoff) }, true)
}

// letGo lets go of the sessions for which drop is true; wait says whether to
// wait for sessions in use rather than skip them.
func (ls *liveSet) letGo(drop func(*session) bool, wait bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	for e := ls.lru.Back(); e != nil; {
		prev := e.Prev()
		l := e.Value.(*session)
		if wait {
			l.mu.Lock()
		}
		if wait || l.mu.TryLock() {
			if drop(l) {
				l.gone = true
				ls.removeLocked(l)
			}
			l.mu.Unlock()
		}
		e = prev
	}
}

// forget lets go of session id, waiting until no batch of it is in progress.
func (ls *liveSet) forget(id string) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if l := ls.m[id]; l != nil {
		ls.removeLocked(l)
		l.mu.Lock()
		l.gone = true
		l.mu.Unlock()
	}
}

// has reports whether this collector holds session id.
func (ls *liveSet) has(id string) bool {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.m[id] != nil
}

// size returns the number of sessions held.
func (ls *liveSet) size() int {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return len(ls.m)
}
