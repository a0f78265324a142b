package ingest

import (
	"context"
	"time"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// sync makes what this collector holds of session l match the store, which
// another collector may have moved on since: it is loaded when not held, kept
// when its next seq, waiting batches and start agree with the store,
// and reloaded otherwise (its masking state rebuilt on demand). vanished
// reports a session held here that the store no longer has: deleted or
// expired meanwhile. The caller holds l and the store's LockSession of it.
func (e *Engine) sync(ctx context.Context, l *session, app string) (vanished bool, err error) {
	if !l.loaded {
		return false, e.load(ctx, l, app)
	}
	sess, ok, err := e.cfg.Store.Session(ctx, l.id)
	switch {
	case err != nil:
		return false, err
	case !ok && !l.exists:
		return false, nil // still new: nobody stored a batch of it
	case !ok:
		l.loaded = false
		return true, nil
	case !l.exists || sess.FirstSeen.UnixMilli() != l.started.UnixMilli():
		return false, e.load(ctx, l, app) // started elsewhere, or anew
	}
	next, err := e.cfg.Store.NextSeq(ctx, l.id)
	switch {
	case err != nil:
		return false, err
	case next != l.next:
		return false, e.load(ctx, l, app) // masked on: rebuild
	case sess.Pending != l.npend:
		l.stored = sess.PlainBytes
		return false, e.loadPending(ctx, l)
	}
	l.stored = sess.PlainBytes
	return false, nil
}

// load reads the session's position, secret hash and data key from the
// store; a session the store does not know gets a fresh data key, stored
// with its first accepted batch. The masking state of a session that has
// batches is rebuilt when a batch needs it (remasker).
func (e *Engine) load(ctx context.Context, l *session, app string) error {
	l.loaded = false
	next, err := e.cfg.Store.NextSeq(ctx, l.id)
	if err != nil {
		return err
	}
	a, ok, err := e.cfg.Store.SessionAccess(ctx, l.id)
	if err != nil {
		return err
	}
	l.exists, l.secret, l.dk, l.wrapped, l.started = ok, a.SecretHash, nil, nil, a.FirstSeen
	l.app, l.stored = a.App, 0
	if !ok {
		l.app, l.started = app, e.cfg.Now()
	} else if sess, found, err := e.cfg.Store.Session(ctx, l.id); err != nil {
		return err
	} else if found {
		l.stored = sess.PlainBytes
	}
	switch {
	case !ok:
		l.dk, l.wrapped, err = e.cfg.Keys.NewDataKey(l.id)
	case len(a.DataKey) > 0:
		l.dk, err = e.cfg.Keys.UnwrapDataKey(l.id, a.DataKey)
	}
	if err != nil {
		return err
	}
	if err := e.loadPending(ctx, l); err != nil {
		return err
	}
	l.next = next
	if l.set = e.cfg.Rules(l.app); l.set == nil {
		l.set = maskAll // the application is gone: fail closed
	}
	l.rm = nil
	l.facts = sessionInsights{} // a fresh Tracker: see sessionInsights
	if next == 0 {
		l.rm = NewRemasker(l.set) // nothing masked yet: the session starts here
	}
	l.loaded = true
	return nil
}

// loadPending reads how many batches of l wait and since when.
func (e *Engine) loadPending(ctx context.Context, l *session) error {
	pend, err := e.cfg.Store.PendingBatches(ctx, l.id)
	if err != nil {
		return err
	}
	l.npend, l.waiting = len(pend), time.Time{}
	if len(pend) > 0 {
		l.waiting = pend[0].Received
	}
	return nil
}

// remasker returns l's masking state, rebuilding it from the store when this
// collector does not hold it.
func (e *Engine) remasker(ctx context.Context, l *session) (*Remasker, error) {
	if l.rm == nil {
		rm, n, err := e.rebuild(ctx, l)
		if err != nil {
			return nil, err
		}
		l.rm = rm
		e.obs.Rebuilt(n)
	}
	return l.rm, nil
}

// maskAll masks every string: the rules of a session whose application's
// settings are gone.
var maskAll = func() *rules.Set {
	set, err := rules.Compile(rules.MaskAll())
	if err != nil {
		panic("ingest: the mask-all rules do not compile: " + err.Error())
	}
	return set
}()

// outOfStep is a Remasker that waits for the next full snapshot.
func outOfStep(l *session) *Remasker {
	rm := NewRemasker(l.set)
	rm.LoseStep()
	return rm
}

// rebuild replays the stored, already masked batches of l since its last
// full snapshot through a new Remasker, which then masks the next batch as
// the one that stored them would have (masking is idempotent). The session
// stays out of step (fail closed: dropped until the next full snapshot) when
// nothing can be rebuilt: no snapshot, a batch after it dropped or skipped,
// more than Limits.RebuildBytes to replay or more than Limits.RebuildMemory
// to decode, a batch that does not open. The decoding memory of each batch
// is reserved (Config.Reserve) before it is decoded, all within one wait:
// ErrBusy when it is taken now. n counts the batches replayed.
func (e *Engine) rebuild(ctx context.Context, l *session) (rm *Remasker, n int, err error) {
	stored, err := e.cfg.Store.StoredBatches(ctx, l.id)
	if err != nil {
		return nil, 0, err
	}
	for len(stored) > 0 && stored[len(stored)-1].Seq >= l.next {
		stored = stored[:len(stored)-1] // cannot happen while the store is locked; never replay ahead
	}
	if len(stored) == 0 || stored[len(stored)-1].Seq != l.next-1 {
		return outOfStep(l), 0, nil // the last batch was dropped or skipped
	}
	rctx, cancel := context.WithTimeout(ctx, e.cfg.ReserveWait)
	defer cancel()
	var releases []func()
	defer func() {
		for _, release := range releases {
			release()
		}
	}()
	var since [][]capture.Event // newest first
	var size, cost int64
	for i := len(stored) - 1; ; i-- {
		if i < 0 || stored[i].Seq != l.next-len(since)-1 {
			return outOfStep(l), 0, nil // no snapshot since a batch was dropped or skipped
		}
		b := stored[i]
		sealed, err := l.open(e.cfg.Keys, b.Data, AssociatedData(l.id, b.Seq, b.State))
		if err != nil {
			e.cfg.Log.Printf("veil: ingest: stored batch %d does not open, out of step until the next full snapshot: %v", b.Seq, err)
			return outOfStep(l), 0, nil
		}
		// RebuildBytes bounds the events as decoded, not as stored
		// (compressed): a batch is inflated no further than it allows.
		plain, err := StoredEvents(sealed, e.cfg.Limits.RebuildBytes-size)
		if err != nil {
			e.cfg.Log.Printf("veil: ingest: a session has over %d bytes of events since its last full snapshot, out of step until the next: %v", e.cfg.Limits.RebuildBytes, err)
			return outOfStep(l), 0, nil
		}
		size += int64(len(plain))
		if e.cfg.Reserve != nil {
			c := e.cfg.Cost(plain)
			if cost += c; cost > e.cfg.Limits.RebuildMemory {
				e.cfg.Log.Printf("veil: ingest: rebuilding a session would take over %d bytes of decoding memory: out of step until its next full snapshot", e.cfg.Limits.RebuildMemory)
				return outOfStep(l), 0, nil
			}
			release, err := e.cfg.Reserve(rctx, c)
			if err != nil {
				return nil, 0, err
			}
			releases = append(releases, release)
		}
		events, err := capture.ParseEvents(plain)
		if err != nil {
			e.cfg.Log.Printf("veil: ingest: stored batch %d does not parse, out of step until the next full snapshot: %v", b.Seq, err)
			return outOfStep(l), 0, nil
		}
		since = append(since, events)
		if firstSnapshot(events) >= 0 {
			break
		}
	}
	rm = outOfStep(l)
	for i := len(since) - 1; i >= 0; i-- {
		ru := RecordedUnderOf(since[i])
		if _, _, err := rm.Write(l.set, since[i], ru.Consent, ru.ConsentSource); err != nil {
			e.cfg.Log.Printf("veil: ingest: a stored batch does not mask again, out of step until the next full snapshot: %v", err)
			return outOfStep(l), 0, nil
		}
		since[i] = nil // its tree is garbage once replayed
	}
	return rm, len(since), nil
}
