// Package ingest is the collector's ingest state machine: it takes the
// parsed batches of recording sessions, in any order, on any collector
// sharing a store, and stores each (session, seq) exactly once, masked again
// in seq order with the application's current recording rules; batches that
// run ahead wait (sealed, as sent) for the earlier ones, and a gap that is
// not filled in time is counted and skipped. It knows nothing of HTTP:
// package server parses requests and maps a Result to an answer.
//
// Several collectors may share one store: a batch is accepted under the
// store's LockSession, and what a collector holds of a session is used only
// while it matches the store; otherwise it is rebuilt from the stored,
// already masked batches since the last full snapshot (masking is
// idempotent).
package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"
	"time"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/insights"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// RecordedUnder is what a page's Meta says about how it was recorded.
type RecordedUnder struct {
	RulesVersion, Consent, ConsentSource string
}

// Parsed is a batch body decoded into events.
type Parsed struct {
	Events []capture.Event
	RecordedUnder
}

// Decoder decodes a body as it was sent (gzip or JSON) within the
// collector's limits, with the memory to mask it reserved; release gives the
// memory back and must be called when the error is nil. ErrBusy means the
// memory is taken now: the batch stays waiting.
type Decoder func(ctx context.Context, wire []byte) (p Parsed, release func(), err error)

// ErrBusy: a Decoder could not reserve memory now.
var ErrBusy = errors.New("ingest: decoding memory is taken")

// Batch is one batch of a request, validated and parsed once by the caller.
type Batch struct {
	App, Session string
	Seq          int
	// SecretHash is the hash of the session secret the batch came with.
	SecretHash []byte
	// Wire is the body as sent: kept, sealed, if the batch must wait.
	Wire []byte
	Parsed
	// Device is the coarse device of the request's User-Agent
	// (insights.DeviceOf), never the header itself; the zero value says
	// nothing. A session keeps the device of its first batch that has one.
	Device insights.Device
	// Client names the network the request came from (package server: an
	// IPv4 /24 or an IPv6 /48); "" says nothing. When the live set is full,
	// a new session takes the place of a session of the network holding
	// the most (liveSet.evictLocked).
	Client string
	// Release, when not nil, gives back the memory the caller reserved to
	// decode and mask the batch; Accept calls it once the batch is masked
	// (or waits, or is refused), so that it is never held across waiting.
	Release func()
}

// Outcome is what became of a batch.
type Outcome int

// The outcomes, with the HTTP answer package server gives each.
const (
	Accepted    Outcome = iota // stored, waiting, or already there: 204
	Discarded                  // of a session its visitor deleted: 204, nothing stored
	Conflict                   // the session id belongs to another application: 400
	WrongSecret                // not this session's secret: 403
	Later                      // too far ahead or too much waiting in this session: 429, retry
	Busy                       // too much waiting in all sessions, or the session went meanwhile: 503, retry
	TooLarge                   // the batch would take its session over Limits.SessionBytes: 413, dropped
	OverQuota                  // the batch would take its application over Limits.AppBytes: 413 (not "session full"), refused
)

// Result is an Outcome with a message that explains a refusal.
type Result struct {
	Outcome Outcome
	Msg     string
}

// Limits bound what waits; zero fields take the defaults.
type Limits struct {
	MaxAhead       int   // how far a seq may run ahead of the next expected one (default 64)
	PendingSession int64 // sealed bytes waiting in one session (default 8 MiB)
	PendingTotal   int64 // sealed bytes waiting in all sessions (default 256 MiB)
	// PendingApp bounds the sealed bytes waiting in the sessions of one
	// application (default a quarter of PendingTotal): one recorder key,
	// public in every page of its site, filled the whole of PendingTotal
	// with 32 sessions of 8 MiB ahead of a seq never sent, and every batch
	// of every application arriving out of order (as they do, sent
	// concurrently) was answered 503 until the gaps timed out.
	PendingApp int64
	// RebuildBytes bounds the bytes of events (decompressed) a collector replays to rebuild a
	// session's masking state (default 32 MiB); a session with more since its
	// last full snapshot is out of step until the next one (fail closed).
	RebuildBytes int64
	// RebuildMemory bounds the decoding memory (Config.Cost) a rebuild may
	// reserve (default 128 MiB); a session needing more is out of step
	// until its next full snapshot, as over RebuildBytes.
	RebuildMemory int64
	// SessionBytes bounds the bytes of one session's stored events as a
	// replay decodes them (Session.PlainBytes; 0: no bound): a batch that would take it over is dropped and answered
	// TooLarge, and the session is out of step until its next full
	// snapshot; a session at the bound is answered TooLarge before any
	// work.
	SessionBytes int64
	// AppBytes bounds the stored bytes of each application (store.AppBytes;
	// 0: no bound): a batch that would take them over it is refused,
	// OverQuota, with nothing written. A batch that waited and would go
	// over when masked is recorded as dropped instead (its waiting bytes
	// are given back), and the session resumes at its next full snapshot.
	AppBytes int64
}

// Default limits.
const (
	DefaultMaxAhead       = 64
	DefaultPendingSession = 8 << 20
	DefaultPendingTotal   = 256 << 20
	DefaultRebuildBytes   = 32 << 20
	DefaultRebuildMemory  = 128 << 20
	DefaultReserveWait    = 2 * time.Second
	DefaultMaxLive        = 1024
	DefaultMaxLiveBytes   = 64 << 20
	DefaultLiveIdle       = 10 * time.Minute
	DefaultGapTimeout     = 30 * time.Second
	DefaultLockWait       = 5 * time.Second
)

// Config configures an Engine. Store, Keys, Rules and Decode are required.
type Config struct {
	Store store.Store
	Keys  *keys.Keyring
	// Rules returns an application's recording rules now; nil when the
	// application is gone (its sessions keep the rules they have).
	Rules func(app string) *rules.Set
	// Decode decodes batches that waited.
	Decode Decoder
	// Reserve, when not nil, reserves n bytes of decoding memory for
	// rebuilding a session, waiting until ctx ends: ErrBusy when it cannot
	// now. Cost estimates that memory for a stored batch's JSON (required
	// with Reserve). ReserveWait bounds a rebuild's whole wait.
	Reserve     func(ctx context.Context, n int64) (release func(), err error)
	Cost        func(plain []byte) int64
	ReserveWait time.Duration
	// Deleted, when not nil, reports whether the visitor deleted session id
	// recently; it is asked with the session held, so a Forget after a true
	// answer from Deleted's owner is never overtaken by a batch.
	Deleted func(id string) bool
	Now     func() time.Time
	// GapTimeout, MaxLive, LiveIdle and LockWait default to the constants
	// above. LockWait bounds the wait for the store's lock of a session
	// (held by a batch of it on another collector): Busy beyond it.
	GapTimeout time.Duration
	LockWait   time.Duration
	MaxLive    int
	// MaxLiveBytes bounds the estimated memory of the masking state of the
	// sessions held (pageWeight); beyond it the least recently used are let
	// go of, and rebuilt from the store at their next batch.
	MaxLiveBytes int64
	LiveIdle     time.Duration
	Limits       Limits
	Log          *log.Logger
	Observer     Observer
}

// Engine is the ingest state machine of one collector. It is safe for
// concurrent use; batches of one session are handled one at a time.
type Engine struct {
	cfg  Config
	live *liveSet
	obs  Observer
}

// New returns an Engine; it panics when a required field is missing, a
// programming error.
func New(cfg Config) *Engine {
	if cfg.Store == nil || cfg.Keys == nil || cfg.Rules == nil || cfg.Decode == nil {
		panic("ingest: Config needs Store, Keys, Rules and Decode")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	orDefault(&cfg.GapTimeout, DefaultGapTimeout)
	orDefault(&cfg.MaxLive, DefaultMaxLive)
	orDefault(&cfg.MaxLiveBytes, DefaultMaxLiveBytes)
	orDefault(&cfg.LiveIdle, DefaultLiveIdle)
	orDefault(&cfg.LockWait, DefaultLockWait)
	if cfg.Log == nil {
		cfg.Log = log.Default()
	}
	l := &cfg.Limits
	orDefault(&l.MaxAhead, DefaultMaxAhead)
	orDefault(&l.PendingSession, DefaultPendingSession)
	orDefault(&l.PendingTotal, DefaultPendingTotal)
	orDefault(&l.PendingApp, l.PendingTotal/4)
	orDefault(&l.RebuildBytes, DefaultRebuildBytes)
	orDefault(&l.RebuildMemory, DefaultRebuildMemory)
	orDefault(&cfg.ReserveWait, DefaultReserveWait)
	if cfg.Reserve != nil && cfg.Cost == nil {
		panic("ingest: Config.Reserve needs Config.Cost")
	}
	obs := cfg.Observer
	if obs == nil {
		obs = NopObserver{}
	}
	return &Engine{cfg: cfg, live: newLiveSet(cfg.MaxLive, cfg.MaxLiveBytes), obs: obs}
}

// Accept takes one batch: it is stored masked when it is the next of its
// session (and the batches that waited for it after it), stored sealed as
// sent when it runs ahead, and answered Accepted without storing anything
// when its (session, seq) is already there, on this collector or another.
// An error is a fault of the store or the keyring.
func (e *Engine) Accept(ctx context.Context, b Batch) (Result, error) {
	defer func() {
		if b.Release != nil {
			b.Release() // once: place sets it to nil when it releases early
		}
	}()
	res, vanished, err := e.accept(ctx, &b)
	if vanished {
		// Let go of it, so that the caller looks the session up afresh
		// (a visitor's deletion leaves a tombstone the caller checks).
		e.live.forget(b.Session)
	}
	return res, err
}

func (e *Engine) accept(ctx context.Context, b *Batch) (res Result, vanished bool, err error) {
	l := e.live.acquire(b.Session, b.Client, e.cfg.Now())
	defer e.release(l)
	if e.cfg.Deleted != nil && e.cfg.Deleted(b.Session) {
		return Result{Outcome: Discarded}, false, nil
	}
	unlock, err := e.lock(ctx, b.Session)
	if errors.Is(err, errLockWait) {
		return busy("another collector is working on this session; retry"), false, nil
	}
	if err != nil {
		return Result{}, false, err
	}
	defer unlock()
	if vanished, err := e.sync(ctx, l, b.App); err != nil || vanished {
		return busy("the session was deleted meanwhile; retry"), vanished, err
	}
	if l.exists && l.app != b.App {
		return Result{Conflict, "session id is in use by another application"}, false, nil
	}
	if l.exists && !secretMatches(l.secret, b.SecretHash) {
		return Result{WrongSecret, "not this session's secret"}, false, nil
	}
	if !l.exists {
		l.app, l.secret = b.App, b.SecretHash // claimed: bound when a batch is stored
		defer func() {
			if !l.exists {
				l.secret = nil
			}
		}()
	}
	l.device = b.Device
	defer func() { l.device = insights.Device{} }()
	res, err = e.place(ctx, l, b)
	switch {
	case errors.Is(err, store.ErrGone):
		// Deleted or expired meanwhile: the next batch starts it afresh.
		l.loaded = false
		return busy("the session was deleted meanwhile; retry"), true, nil
	case errors.Is(err, store.ErrConflict):
		l.loaded = false
		return Result{Conflict, "session id is in use by another application"}, false, nil
	case errors.Is(err, ErrBusy):
		// a rebuild could not reserve its decoding memory now
		return busy("the collector is busy; retry later"), false, nil
	case errors.Is(err, store.ErrCapability):
		l.loaded = false
		return Result{WrongSecret, "not this session's secret"}, false, nil
	case errors.Is(err, store.ErrQuota):
		return overQuota(err), false, nil
	}
	return res, false, err
}

// release lets go of l, held since live.acquire, and weighs what it now
// holds (after unlocking: liveSet's mutex is never taken under a session's).
func (e *Engine) release(l *session) {
	var w int64
	if l.rm != nil {
		w = pageWeight(l.rm.page) + HrefWeight*int64(len(l.rm.meta.Href))
	}
	l.mu.Unlock()
	e.live.weigh(l, w)
}

// HeldBytes returns the estimated memory of the sessions held.
func (e *Engine) HeldBytes() int64 { return e.live.bytesHeld() }

func busy(msg string) Result { return Result{Busy, msg} }

// errLockWait: the store's lock of a session was not granted within
// LockWait.
var errLockWait = errors.New("ingest: the session's lock was not granted in time")

// lock takes the store's lock of session id, waiting at most LockWait.
func (e *Engine) lock(ctx context.Context, id string) (func(), error) {
	lctx, cancel := context.WithTimeout(ctx, e.cfg.LockWait)
	defer cancel()
	unlock, err := e.cfg.Store.LockSession(lctx, id)
	if err != nil && ctx.Err() == nil && lctx.Err() != nil {
		return nil, errLockWait
	}
	return unlock, err
}

// place puts a batch of a synced session where it belongs.
func (e *Engine) place(ctx context.Context, l *session, b *Batch) (Result, error) {
	release := func() {
		if b.Release != nil {
			b.Release()
			b.Release = nil
		}
	}
	if b.Seq < l.next {
		// A retry of a batch already masked; batches may wait behind it
		// that its first try could not drain (ErrBusy).
		if l.npend > 0 {
			release()
			return Result{Outcome: Accepted}, e.drain(ctx, l, 0)
		}
		return Result{Outcome: Accepted}, nil
	}
	if b.Seq > l.next {
		if b.Seq-l.next > e.cfg.Limits.MaxAhead {
			return Result{Later, "seq " + strconv.Itoa(b.Seq) + " is more than " + strconv.Itoa(e.cfg.Limits.MaxAhead) +
				" batches ahead of the next expected seq " + strconv.Itoa(l.next) + "; retry later"}, nil
		}
		release()
		return e.wait(ctx, l, b)
	}
	if lim := e.cfg.Limits.SessionBytes; lim > 0 && l.stored >= lim {
		return Result{TooLarge, sessionFull(l.stored, lim)}, nil
	}
	l.full, l.overQuota = false, nil
	err := e.commit(ctx, l, b.Seq, b.Events, b.RecordedUnder, 0)
	release()
	if err != nil {
		return Result{}, err
	}
	res := Result{Outcome: Accepted}
	if l.full {
		res = Result{TooLarge, sessionFull(l.stored, e.cfg.Limits.SessionBytes)}
	} else if l.overQuota != nil {
		res = overQuota(l.overQuota)
	}
	err = e.drain(ctx, l, 0)
	l.full, l.overQuota = false, nil
	return res, err
}

// overQuota explains OverQuota.
func overQuota(err error) Result {
	var q *store.QuotaError
	if !errors.As(err, &q) {
		return Result{OverQuota, "the application's storage quota is used up: this batch is refused"}
	}
	return Result{OverQuota, "application " + strconv.Quote(q.App) + " stores " + strconv.FormatInt(q.Used, 10) +
		" bytes; its storage quota is " + strconv.FormatInt(q.Quota, 10) + " and this batch would add " + strconv.FormatInt(q.Add, 10) +
		": refused until retention or deletion frees space, or the quota is raised"}
}

// sessionFull explains TooLarge.
func sessionFull(stored, limit int64) string {
	return "this session holds " + strconv.FormatInt(stored, 10) + " bytes of events; the limit of a session is " +
		strconv.FormatInt(limit, 10) + ": this batch is dropped"
}

// ResolveGaps records the gaps that timed out in every session with
// waiting batches, on whichever collector they arrived, and lets go of
// sessions idle for LiveIdle. Run it periodically.
func (e *Engine) ResolveGaps(ctx context.Context) error {
	e.live.idle(e.cfg.Now().Add(-e.cfg.LiveIdle))
	// A gap times out at GapTimeout exactly (resolveGap), and the store
	// keeps milliseconds: what arrived at the cutoff is due too.
	ids, err := e.cfg.Store.PendingBefore(ctx, e.cfg.Now().Add(-e.cfg.GapTimeout+time.Millisecond))
	if err != nil {
		return err
	}
	// One session's failure does not stop the round: its gap is tried again
	// at the next, and the others' are resolved meanwhile, or their waiting
	// bytes would pile up behind it to the all-sessions cap.
	var first error
	failed := 0
	for _, id := range ids {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := e.resolveGap(ctx, id); err != nil {
			failed++
			first = cmp.Or(first, err)
		}
	}
	if first != nil {
		return fmt.Errorf("the gaps of %d of %d sessions due: %w", failed, len(ids), first)
	}
	return nil
}

// Forget lets go of session id (deleted), waiting for a batch of it in
// progress; a later batch finds it afresh in the store.
func (e *Engine) Forget(id string) { e.live.forget(id) }

// Expire lets go of the sessions of app that started before cutoff, which
// retention deletes.
func (e *Engine) Expire(app string, cutoff time.Time) { e.live.expire(app, cutoff) }

// Idle lets go of the sessions not heard from since before.
func (e *Engine) Idle(before time.Time) { e.live.idle(before) }

// Holds reports whether this collector holds session id in memory.
func (e *Engine) Holds(id string) bool { return e.live.has(id) }

// Held returns the number of sessions held in memory.
func (e *Engine) Held() int { return e.live.size() }

// orDefault sets a limit left at zero (or negative) to its default.
func orDefault[T int | int64 | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}
