package server

import (
	"container/list"
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
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

// size returns the number of live sessions.
func (ls *liveSet) size() int {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return len(ls.m)
}

// ad binds a sealed blob to its session, seq and state.
func ad(session string, seq int, state store.BatchState) []byte {
	return []byte(session + "\x00" + strconv.Itoa(seq) + "\x00" + strconv.Itoa(int(state)))
}

// load reads the session's position from the store the first time.
func (s *Server) load(ctx context.Context, l *live) error {
	if l.loaded {
		return nil
	}
	next, err := s.st.NextSeq(ctx, l.id)
	if err != nil {
		return err
	}
	pend, err := s.st.PendingBatches(ctx, l.id)
	if err != nil {
		return err
	}
	l.next, l.npend = next, len(pend)
	l.waiting = time.Time{}
	if len(pend) > 0 {
		l.waiting = pend[0].Received
	}
	l.rm = newRemasker(l.set)
	// A session that already has batches lost its masking state (restart,
	// eviction): it resynchronises at its next full snapshot.
	l.rm.synced = next == 0
	l.loaded = true
	return nil
}

// accept handles one validated batch of session l, which must be locked.
// It returns a non-empty message with status 429 when the batch runs too
// far ahead.
func (s *Server) accept(ctx context.Context, l *live, seq int, events []capture.Event, ru recordedUnder, body []byte) (int, string, error) {
	now := s.opt.Now()
	if err := s.load(ctx, l); err != nil {
		return 0, "", err
	}
	if seq < l.next {
		return 204, "", nil // a retry of a batch already masked
	}
	if seq > l.next {
		if seq-l.next > MaxAhead {
			return 429, "seq " + strconv.Itoa(seq) + " is more than " + strconv.Itoa(MaxAhead) +
				" batches ahead of the next expected seq " + strconv.Itoa(l.next) + "; retry later", nil
		}
		b := store.Batch{App: l.app, Session: l.id, Seq: seq, State: store.Pending, Events: len(events), Received: now,
			Data: s.keys.Seal(body, ad(l.id, seq, store.Pending))}
		added, err := s.st.AddBatch(ctx, b, store.Delta{Seen: now})
		if err != nil {
			return 0, "", err
		}
		if added {
			if l.npend == 0 {
				l.waiting = now
			}
			l.npend++
		}
		return 204, "", s.checkGap(ctx, l)
	}
	if err := s.commit(ctx, l, seq, events, ru, 0); err != nil {
		return 0, "", err
	}
	return 204, "", s.drain(ctx, l)
}

// commit masks one in-order batch again and stores it, or records it as
// dropped when the session is out of step.
func (s *Server) commit(ctx context.Context, l *live, seq int, events []capture.Event, ru recordedUnder, gaps int) error {
	now := s.opt.Now()
	d := store.Delta{Seen: now, Gaps: gaps, RulesVersion: ru.RulesVersion, Consent: ru.Consent, ConsentSource: ru.ConsentSource}
	for i := range events {
		if e, ok := events[i].Data.(capture.CustomData); ok && strings.Contains(strings.ToLower(e.Tag), "error") {
			d.Errors++
		}
	}
	b := store.Batch{App: l.app, Session: l.id, Seq: seq, State: store.Dropped, Events: 0, Received: now}
	out, masked, err := l.rm.write(l.set, events, d.Consent, d.ConsentSource)
	if err == nil {
		for i := range out {
			if m, ok := out[i].Data.(capture.MetaData); ok {
				d.Pages = append(d.Pages, m.Href)
			}
		}
		d.Remasked = masked
		b.State, b.Events = store.Stored, len(out)
		b.Data = s.keys.Seal(capture.AppendEvents(nil, out), ad(l.id, seq, store.Stored))
	}
	if _, err := s.st.AddBatch(ctx, b, d); err != nil {
		l.rm.synced = false // the masking state ran ahead of the store: fail closed
		return err
	}
	l.next = seq + 1
	return nil
}

// drain masks the waiting batches that are now in order.
func (s *Server) drain(ctx context.Context, l *live) error {
	return s.drainGap(ctx, l, 0)
}

func (s *Server) drainGap(ctx context.Context, l *live, gaps int) error {
	if l.npend == 0 {
		return nil
	}
	pend, err := s.st.PendingBatches(ctx, l.id)
	if err != nil {
		return err
	}
	i := 0
	for ; i < len(pend) && pend[i].Seq <= l.next; i++ {
		b := pend[i]
		if b.Seq < l.next {
			continue
		}
		var events []capture.Event
		var ru recordedUnder
		plain, err := s.keys.Open(b.Data, ad(l.id, b.Seq, store.Pending))
		if err == nil {
			events, ru, err = parseBatch(plain)
		}
		if err != nil {
			return err
		}
		if err := s.commit(ctx, l, b.Seq, events, ru, gaps); err != nil {
			return err
		}
		gaps = 0
	}
	l.npend = len(pend) - i
	l.waiting = time.Time{}
	if l.npend > 0 {
		l.waiting = pend[i].Received
	}
	return nil
}

// checkGap gives up on a missing seq once the oldest waiting batch has
// waited GapTimeout: the gap is counted, and the session continues from the
// first waiting batch, out of step until a full snapshot (fail closed).
func (s *Server) checkGap(ctx context.Context, l *live) error {
	if l.npend == 0 || s.opt.Now().Sub(l.waiting) < s.opt.GapTimeout {
		return nil
	}
	pend, err := s.st.PendingBatches(ctx, l.id)
	if err != nil || len(pend) == 0 {
		return err
	}
	l.next = pend[0].Seq
	l.rm.synced = false
	return s.drainGap(ctx, l, 1)
}

// ResolveGaps records the gaps that timed out in every session with
// waiting batches, and lets go of idle live sessions. Run calls it.
func (s *Server) ResolveGaps(ctx context.Context) error {
	s.live.idle(s.opt.Now().Add(-s.opt.LiveIdle))
	ids, err := s.st.WithPending(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		sess, ok, err := s.st.Session(ctx, id)
		if err != nil || !ok {
			continue
		}
		app := s.app(sess.App)
		if app == nil {
			continue
		}
		l := s.live.acquire(id, sess.App, app.RecordingSet(), s.opt.Now())
		if l == nil {
			continue
		}
		err = s.load(ctx, l)
		if err == nil {
			err = s.checkGap(ctx, l)
		}
		l.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}
