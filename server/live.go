package server

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// ad binds a sealed blob to its session, seq and state.
func ad(session string, seq int, state store.BatchState) []byte {
	return []byte(session + "\x00" + strconv.Itoa(seq) + "\x00" + strconv.Itoa(int(state)))
}

// load reads the session's position, secret hash and data key from the
// store the first time; a session the store does not know gets a fresh data
// key, stored with its first accepted batch.
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
	a, ok, err := s.st.SessionAccess(ctx, l.id)
	if err != nil {
		return err
	}
	l.exists, l.secret, l.dk, l.wrapped, l.started = ok, a.SecretHash, nil, nil, a.FirstSeen
	if !ok {
		l.started = s.opt.Now()
	}
	switch {
	case !ok:
		l.dk, l.wrapped, err = s.keys.NewDataKey(l.id)
	case len(a.DataKey) > 0:
		l.dk, err = s.keys.UnwrapDataKey(l.id, a.DataKey)
	}
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

// incoming is one validated batch of a request.
type incoming struct {
	seq    int
	events []capture.Event
	ru     recordedUnder
	wire   []byte // the body as sent
	hash   []byte // of the session secret it came with
	set    *rules.Set
}

// accept handles one validated batch of session l, which must be locked.
// It returns a non-empty message with status 403 for the wrong secret, 429
// when the batch runs too far ahead or its session has too much waiting,
// 503 when all sessions together have. unreserve gives back the memory of
// the request's own batch once it is masked.
func (s *Server) accept(ctx context.Context, l *live, in incoming, unreserve func()) (int, string, error) {
	if err := s.load(ctx, l); err != nil {
		return 0, "", err
	}
	if l.exists && !secretMatches(l.secret, in.hash) {
		return 403, "not this session's secret", nil
	}
	if !l.exists {
		l.secret = in.hash // claimed: bound when the batch is accepted
	}
	defer func() {
		if !l.exists {
			l.secret = nil
		}
	}()
	status, msg, err := s.acceptLoaded(ctx, l, in, unreserve)
	if errors.Is(err, store.ErrGone) {
		// Deleted or expired while live: the next batch starts it afresh,
		// with a new data key.
		l.loaded = false
		return 503, "the session was deleted meanwhile; retry", nil
	}
	return status, msg, err
}

func (s *Server) acceptLoaded(ctx context.Context, l *live, in incoming, unreserve func()) (int, string, error) {
	now := s.opt.Now()
	seq := in.seq
	if seq < l.next {
		return 204, "", nil // a retry of a batch already masked
	}
	if seq > l.next {
		if seq-l.next > MaxAhead {
			return 429, "seq " + strconv.Itoa(seq) + " is more than " + strconv.Itoa(MaxAhead) +
				" batches ahead of the next expected seq " + strconv.Itoa(l.next) + "; retry later", nil
		}
		return s.wait(ctx, l, in, now)
	}
	if err := s.commit(ctx, l, seq, in.events, in.ru, 0, in.set); err != nil {
		return 0, "", err
	}
	unreserve()
	return 204, "", s.drain(ctx, l)
}

// wait stores a batch that runs ahead, compressed as it arrived and sealed,
// within the caps on bytes waiting.
func (s *Server) wait(ctx context.Context, l *live, in incoming, now time.Time) (int, string, error) {
	data := l.seal(s, compressed(in.wire), ad(l.id, in.seq, store.Pending))
	mine, total, err := s.st.PendingBytes(ctx, l.id)
	if err != nil {
		return 0, "", err
	}
	n := int64(len(data))
	if mine+n > s.ing.lim.PendingSession {
		return 429, "this session has " + strconv.FormatInt(mine, 10) + " bytes waiting for an earlier seq, the limit is " +
			strconv.FormatInt(s.ing.lim.PendingSession, 10) + "; retry later", nil
	}
	if total+n > s.ing.lim.PendingTotal {
		return 503, "too many batches are waiting for an earlier seq; retry later", nil
	}
	b := store.Batch{App: l.app, Session: l.id, Seq: in.seq, State: store.Pending, Events: len(in.events), Received: now, Data: data}
	added, err := s.st.AddBatch(ctx, b, s.delta(l, store.Delta{Seen: now}))
	if err != nil {
		return 0, "", err
	}
	s.accepted(l)
	if added {
		if l.npend == 0 {
			l.waiting = now
		}
		l.npend++
	}
	return 204, "", s.checkGap(ctx, l)
}

// delta adds to d what binds a new session: its secret and data key.
func (s *Server) delta(l *live, d store.Delta) store.Delta {
	d.SecretHash, d.DataKey = l.secret, l.wrapped
	return d
}

// accepted records that the session's row now exists, with its secret and
// data key.
func (s *Server) accepted(l *live) {
	l.exists, l.wrapped = true, nil
}

// seal encrypts a blob of session l under its data key (the keyring's key
// for a session stored before data keys).
func (l *live) seal(s *Server, plain, ad []byte) []byte {
	if l.dk == nil {
		return s.keys.Seal(plain, ad)
	}
	return l.dk.Seal(plain, ad)
}

// open decrypts a blob of session l sealed by seal.
func (l *live) open(s *Server, blob, ad []byte) ([]byte, error) {
	if keys.IsDataKeyBlob(blob) {
		if l.dk == nil {
			return nil, errors.New("a data-key blob in a session without a data key")
		}
		return l.dk.Open(blob, ad)
	}
	return s.keys.Open(blob, ad)
}

// commit masks one in-order batch again, with set, the application's
// recording rules now, and stores it, or records it as dropped when the
// session is out of step.
func (s *Server) commit(ctx context.Context, l *live, seq int, events []capture.Event, ru recordedUnder, gaps int, set *rules.Set) error {
	now := s.opt.Now()
	d := store.Delta{Seen: now, Gaps: gaps, RulesVersion: ru.RulesVersion, Consent: ru.Consent, ConsentSource: ru.ConsentSource}
	for i := range events {
		if e, ok := events[i].Data.(capture.CustomData); ok && strings.Contains(strings.ToLower(e.Tag), "error") {
			d.Errors++
		}
	}
	if set != nil && set.Version() != l.set.Version() {
		l.set = set
		l.rm.retarget(set)
	}
	b := store.Batch{App: l.app, Session: l.id, Seq: seq, State: store.Dropped, Events: 0, Received: now}
	var out []capture.Event
	var masked int
	err := errOutOfStep
	if events != nil {
		out, masked, err = l.rm.write(l.set, events, d.Consent, d.ConsentSource)
	} else {
		l.rm.synced = false
	}
	if err == nil {
		for i := range out {
			if m, ok := out[i].Data.(capture.MetaData); ok {
				d.Pages = append(d.Pages, m.Href)
			}
		}
		d.Remasked = masked
		b.State, b.Events = store.Stored, len(out)
		b.Data = l.seal(s, capture.AppendEvents(nil, out), ad(l.id, seq, store.Stored))
	}
	if _, err := s.st.AddBatch(ctx, b, s.delta(l, d)); err != nil {
		l.rm.synced = false // the masking state ran ahead of the store: fail closed
		return err
	}
	s.accepted(l)
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
		events, ru, cost, err := s.openPending(ctx, l, b)
		if errors.Is(err, errBusy) {
			break // the memory is taken: the next batch or ResolveGaps goes on
		}
		if err != nil {
			s.log.Printf("veil: session batch %d waited but cannot be decoded, dropped: %v", b.Seq, err)
			events = nil // recorded as dropped: the session is out of step until a full snapshot
		}
		err = s.commit(ctx, l, b.Seq, events, ru, gaps, s.currentSet(l.app))
		s.ing.mem.release(cost)
		if err != nil {
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
