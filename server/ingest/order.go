package ingest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/server/store"
)

// wait stores a batch that runs ahead, compressed as it arrived and sealed,
// within the caps on bytes waiting.
func (e *Engine) wait(ctx context.Context, l *session, b *Batch) (Result, error) {
	now := e.cfg.Now()
	data := l.seal(e.cfg.Keys, compressed(b.Wire), AssociatedData(l.id, b.Seq, store.Pending))
	mine, ofApp, total, err := e.cfg.Store.PendingBytes(ctx, l.app, l.id)
	if err != nil {
		return Result{}, err
	}
	n, lim := int64(len(data)), e.cfg.Limits
	if mine+n > lim.PendingSession {
		return Result{Later, "this session has " + strconv.FormatInt(mine, 10) + " bytes waiting for an earlier seq, the limit is " +
			strconv.FormatInt(lim.PendingSession, 10) + "; retry later"}, nil
	}
	if ofApp+n > lim.PendingApp {
		return busy("too many batches of this application are waiting for an earlier seq; retry later"), nil
	}
	if total+n > lim.PendingTotal {
		return busy("too many batches are waiting for an earlier seq; retry later"), nil
	}
	sb := store.Batch{App: l.app, Session: l.id, Seq: b.Seq, State: store.Pending, Events: len(b.Events), Received: now, Data: data}
	added, err := e.cfg.Store.AddBatch(ctx, sb, e.delta(l, store.Delta{Seen: now}))
	if errors.Is(err, store.ErrQuota) {
		return overQuota(err), nil
	}
	if err != nil {
		return Result{}, err
	}
	e.stored(l, now)
	waited := l.npend > 0
	if added {
		if l.npend == 0 {
			l.waiting = now
		}
		l.npend++
	}
	if waited {
		// The next batch may be waiting already: a drain that found the
		// decoding memory taken (ErrBusy) left it there for "the next
		// batch", which is this one. Without this it waited for the gap
		// sweep, GapTimeout later, with every later batch behind it.
		if err := e.drain(ctx, l, 0); err != nil {
			return Result{}, err
		}
	}
	return Result{Outcome: Accepted}, e.checkGap(ctx, l)
}

// delta adds to d what binds a new session: its secret and data key.
func (e *Engine) delta(l *session, d store.Delta) store.Delta {
	d.SecretHash, d.DataKey = l.secret, l.wrapped
	d.Quota = e.cfg.Limits.AppBytes
	d.Insights = withDevice(d.Insights, l.device)
	return d
}

// stored records that the session's row now exists, with its secret and
// data key, since seen.
func (e *Engine) stored(l *session, seen time.Time) {
	if !l.exists {
		l.started = seen
	}
	l.exists, l.wrapped = true, nil
}

// commit masks one in-order batch again, with the application's recording
// rules now, and stores it, or records it as dropped when the session is out
// of step or events is nil (a waiting batch that cannot be decoded).
func (e *Engine) commit(ctx context.Context, l *session, seq int, events []capture.Event, ru RecordedUnder, gaps int) error {
	now := e.cfg.Now()
	d := store.Delta{Seen: now, Gaps: gaps, RulesVersion: ru.RulesVersion, Consent: ru.Consent, ConsentSource: ru.ConsentSource}
	for i := range events {
		if c, ok := events[i].Data.(capture.CustomData); ok && strings.Contains(strings.ToLower(c.Tag), "error") {
			d.Errors++
		}
	}
	b := store.Batch{App: l.app, Session: l.id, Seq: seq, State: store.Dropped, Received: now}
	var out []capture.Event
	var ch Changes
	err := ErrOutOfStep
	if events != nil {
		rm, rerr := e.remasker(ctx, l)
		if rerr != nil {
			return rerr
		}
		if set := e.cfg.Rules(l.app); set != nil && set.Version() != l.set.Version() {
			l.set = set
			rm.retarget(set)
		}
		out, ch, err = rm.Write(l.set, events, d.Consent, d.ConsentSource)
	}
	if err != nil {
		// Dropped: the session waits for its next full snapshot, which
		// starts a fresh masking state anyway. Let go of the old one now, or
		// a session whose batch was dropped (too large to mask, say) would
		// keep a page it can never use, weighed as nothing.
		l.rm = outOfStep(l)
	} else if js := capture.AppendEvents(nil, out); e.cfg.Limits.SessionBytes > 0 &&
		l.stored+int64(len(js)) > e.cfg.Limits.SessionBytes {
		// Over the session's bound: dropped, and the session out of step
		// (its masking state has taken the batch in).
		l.rm = outOfStep(l)
		l.full = true
	} else {
		for i := range out {
			if m, ok := out[i].Data.(capture.MetaData); ok {
				d.Pages = append(d.Pages, m.Href)
			}
		}
		d.Remasked = ch.Masked
		d.Insights = l.facts.feed(out)
		b.State, b.Events = store.Stored, len(out)
		b.Data, b.Plain = l.seal(e.cfg.Keys, packStored(js), AssociatedData(l.id, seq, store.Stored)), int64(len(js))
	}
	added, err := e.cfg.Store.AddBatch(ctx, b, e.delta(l, d))
	if errors.Is(err, store.ErrQuota) && b.State == store.Stored {
		// Over the application's quota: recorded as dropped, which the
		// quota refuses too unless it replaces a waiting batch (bytes given
		// back). The session is out of step either way.
		first := err
		l.rm, l.overQuota = outOfStep(l), first
		b.State, b.Data, b.Events = store.Dropped, nil, 0
		if added, err = e.cfg.Store.AddBatch(ctx, b, e.delta(l, store.Delta{Seen: now, Gaps: gaps})); errors.Is(err, store.ErrQuota) {
			err = first
		}
	}
	if err != nil {
		l.loaded = false // the masking state ran ahead of the store: rebuild it
		return err
	}
	e.stored(l, now)
	l.next = seq + 1
	if !added {
		// Stored meanwhile by a collector that did not hold the store's lock
		// (none should): what was masked here is not what is stored.
		l.loaded = false
		return nil
	}
	if b.State == store.Stored {
		l.stored += b.Plain
		e.obs.BatchStored(len(b.Data))
		e.obs.Remasked(ch.Masked)
		e.obs.PII(ch.PII)
	} else {
		e.obs.BatchDropped()
	}
	return nil
}

// drain masks the waiting batches that are now in order; gaps (0 or 1) is
// counted with the first of them. ErrBusy: one of them could not be decoded
// now (its memory is taken) and still waits; the request that asked is
// answered busy, and its retry drains again (see place), so a session never
// waits for the gap sweep behind a batch that is there.
func (e *Engine) drain(ctx context.Context, l *session, gaps int) error {
	if l.npend == 0 {
		// Another collector may have stored a batch of this session as
		// waiting since this one last looked: ask the store (bytes only),
		// or the batch would wait for the gap sweep, which would count it
		// as a gap and put the session out of step.
		mine, _, _, err := e.cfg.Store.PendingBytes(ctx, l.app, l.id)
		if err != nil || mine == 0 {
			return err
		}
	}
	pend, err := e.cfg.Store.PendingBatches(ctx, l.id)
	if err != nil {
		return err
	}
	i, busy := 0, false
	for ; i < len(pend) && pend[i].Seq <= l.next; i++ {
		b := pend[i]
		if b.Seq < l.next {
			continue
		}
		p, release, err := e.openPending(ctx, l, b)
		if errors.Is(err, ErrBusy) {
			busy = true // the memory is taken: a retry, the next batch or ResolveGaps goes on
			break
		}
		if err != nil {
			e.cfg.Log.Printf("veil: ingest: a session's batch %d waited but cannot be decoded, dropped: %v", b.Seq, err)
			p.Events = nil // recorded as dropped: the session is out of step until a full snapshot
		}
		err = e.commit(ctx, l, b.Seq, p.Events, p.RecordedUnder, gaps)
		release()
		if err != nil {
			return err
		}
		gaps = 0
	}
	l.npend, l.waiting = len(pend)-i, time.Time{}
	if l.npend > 0 {
		l.waiting = pend[i].Received
	}
	if busy {
		return ErrBusy
	}
	return nil
}

// openPending decrypts and decodes a batch that waited; release gives back
// its decoding memory (a no-op on error).
func (e *Engine) openPending(ctx context.Context, l *session, b store.Batch) (Parsed, func(), error) {
	nop := func() {}
	wire, err := l.open(e.cfg.Keys, b.Data, AssociatedData(l.id, b.Seq, store.Pending))
	if err != nil {
		return Parsed{}, nop, err
	}
	p, release, err := e.cfg.Decode(ctx, wire)
	if err != nil {
		return Parsed{}, nop, err
	}
	if len(p.Events) == 0 {
		release()
		return Parsed{}, nop, errors.New("an empty batch")
	}
	return p, release, nil
}

// checkGap gives up on a missing seq once the oldest waiting batch has
// waited GapTimeout: the gap is counted, and the session continues from the
// first waiting batch, out of step until a full snapshot (fail closed).
func (e *Engine) checkGap(ctx context.Context, l *session) error {
	if l.npend == 0 || e.cfg.Now().Sub(l.waiting) < e.cfg.GapTimeout {
		return nil
	}
	pend, err := e.cfg.Store.PendingBatches(ctx, l.id)
	if err != nil || len(pend) == 0 {
		return err
	}
	l.next = pend[0].Seq
	if l.rm != nil {
		l.rm.LoseStep()
	} else {
		l.rm = outOfStep(l)
	}
	e.obs.Gap(1)
	return e.drain(ctx, l, 1)
}

// resolveGap checks the gap of one session with waiting batches, which may
// have arrived on another collector.
func (e *Engine) resolveGap(ctx context.Context, id string) error {
	pend, err := e.cfg.Store.PendingBatches(ctx, id)
	if err != nil || len(pend) == 0 || e.cfg.Now().Sub(pend[0].Received) < e.cfg.GapTimeout {
		return err
	}
	sess, ok, err := e.cfg.Store.Session(ctx, id)
	if err != nil || !ok || e.cfg.Rules(sess.App) == nil {
		return err
	}
	l := e.live.acquire(id, "", e.cfg.Now())
	vanished, err := func() (bool, error) {
		defer e.release(l)
		if e.cfg.Deleted != nil && e.cfg.Deleted(id) {
			return false, nil
		}
		unlock, err := e.lock(ctx, id)
		if errors.Is(err, errLockWait) {
			return false, nil // busy elsewhere: the next round
		}
		if err != nil {
			return false, err
		}
		defer unlock()
		if vanished, err := e.sync(ctx, l, sess.App); err != nil || vanished {
			return vanished, err
		}
		if err := e.checkGap(ctx, l); !errors.Is(err, ErrBusy) {
			return false, err
		}
		return false, nil // a rebuild found its memory taken: the next round
	}()
	if vanished {
		e.live.forget(id)
	}
	return err
}
