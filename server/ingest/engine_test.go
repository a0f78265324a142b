package ingest

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

func TestAcceptInOrderMasksAgain(t *testing.T) {
	rec := record(t, rules.ModeBlockList) // a faulty page: clear text under mask-all rules
	st := backends[0].open(t)
	c := newCollector(t, st, newClock())
	s := sid("faulty")
	for i, b := range rec {
		c.accept(s, i, b)
	}
	text := storedText(t, st, s)
	require.Len(t, text, len(rec))
	for seq, plain := range text {
		assert.NotContains(t, plain, "Jane", "seq %d", seq)
		assert.NotContains(t, plain, "4242", "seq %d", seq)
	}
	assert.Contains(t, text[0], "cart-zq9x-secretclass", "structure stays")
	row := sessionRow(t, st, s)
	assert.Equal(t, len(rec), row.Batches)
	assert.Positive(t, row.Remasked)
	assert.Equal(t, int64(row.Remasked), c.obs.remasked.Load())
	assert.Equal(t, int64(len(rec)), c.obs.stored.Load())
	assert.Zero(t, c.obs.rebuildsSoFar(), "one collector from the start rebuilds nothing")
}

func TestAcceptRetriesAndReorderingStoreEachSeqOnce(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)
	st := backends[0].open(t)
	c := newCollector(t, st, newClock())
	s := sid("reorder")
	for _, seq := range []int{0, 2, 1, 1, 2, 4, 3, 0, 6, 5, 4, 6} {
		c.accept(s, seq, rec[seq])
	}
	assert.Equal(t, want, storedText(t, st, s))
	row := sessionRow(t, st, s)
	assert.Equal(t, len(rec), row.Batches, "each seq stored once")
	assert.Zero(t, row.Pending)
	assert.Zero(t, row.Dropped)
	assert.Equal(t, "granted", row.Consent)
}

// TestTwoCollectorsOneStore: batches of one session alternate between two
// engines on one store, with retries on the other and a batch that waits on
// one while the other fills the gap; every batch is stored once and the
// session is byte for byte what one collector stores.
func TestTwoCollectorsOneStore(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			st, clk := be.open(t), newClock()
			a, b := newCollector(t, st, clk), newCollector(t, st, clk)
			s := sid("shared")
			a.accept(s, 0, rec[0])
			b.accept(s, 1, rec[1]) // b never saw the session: rebuilt from seq 0
			a.accept(s, 2, rec[2]) // a's state is behind the store: rebuilt
			b.accept(s, 2, rec[2]) // a retry on the other collector
			a.accept(s, 1, rec[1])
			b.accept(s, 4, rec[4]) // waits on b
			a.accept(s, 3, rec[3]) // a finds it waiting and masks it after 3
			b.accept(s, 5, rec[5])
			a.accept(s, 6, rec[6])
			assert.Equal(t, want, storedText(t, st, s))
			row := sessionRow(t, st, s)
			assert.Equal(t, len(rec), row.Batches, "each seq stored once")
			assert.Zero(t, row.Pending)
			assert.Zero(t, row.Dropped, "nothing lost to a rebuild")
			assert.Equal(t, int64(len(rec)), a.obs.stored.Load()+b.obs.stored.Load())
			assert.Positive(t, a.obs.rebuildsSoFar())
			assert.Positive(t, b.obs.rebuildsSoFar())
		})
	}
}

// TestRebuildStartsAtTheLastFullSnapshot: a collector that takes over after
// the second page replays only the batches since its full snapshot.
func TestRebuildStartsAtTheLastFullSnapshot(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)
	st, clk := backends[0].open(t), newClock()
	a, b := newCollector(t, st, clk), newCollector(t, st, clk)
	s := sid("lastsnap")
	for seq := range 6 {
		a.accept(s, seq, rec[seq])
	}
	b.accept(s, 6, rec[6])
	assert.Equal(t, 1, b.obs.rebuildsSoFar())
	assert.Equal(t, int64(1), b.obs.rebuilt.Load(), "seq 5 holds the last full snapshot")
	assert.Equal(t, want[6], storedText(t, st, s)[6])
}

// TestRebuildBytesAtTheLimit: a rebuild replays at most RebuildBytes of events
// since the last full snapshot; one byte fewer and the session is out of
// step until the next one (its batch dropped: fail closed).
func TestRebuildBytesAtTheLimit(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	st, clk := backends[0].open(t), newClock()
	a := newCollector(t, st, clk)
	s := sid("measure")
	for seq := range 3 {
		a.accept(s, seq, rec[seq])
	}
	since := sessionRow(t, st, s).PlainBytes // the events as decoded, since the snapshot at seq 0
	cases := []struct {
		name    string
		limit   int64
		dropped int
	}{
		{"at the limit", since, 0},
		{"one over", since - 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, clk := backends[0].open(t), newClock()
			a := newCollector(t, st, clk)
			b := newCollector(t, st, clk, func(cfg *Config) { cfg.Limits.RebuildBytes = c.limit })
			for seq := range 3 {
				a.accept(s, seq, rec[seq])
			}
			b.accept(s, 3, rec[3])
			assert.Equal(t, c.dropped, sessionRow(t, st, s).Dropped)
			assert.Equal(t, int64(c.dropped), b.obs.dropped.Load())
		})
	}
}

// TestGapThenAnotherCollector: a gap given up on by one collector leaves
// the session out of step on any other until the next full snapshot.
func TestGapThenAnotherCollector(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)
	st, clk := backends[0].open(t), newClock()
	a, b := newCollector(t, st, clk), newCollector(t, st, clk)
	s := sid("gap")
	a.accept(s, 0, rec[0])
	b.accept(s, 2, rec[2]) // seq 1 never comes
	clk.Advance(DefaultGapTimeout + 1)
	require.NoError(t, a.e.ResolveGaps(context.Background())) // a resolves a gap that waited on b
	assert.Equal(t, int64(1), a.obs.gaps.Load())
	b.accept(s, 3, rec[3])
	b.accept(s, 4, rec[4])
	b.accept(s, 5, rec[5]) // a new page: in step again
	a.accept(s, 6, rec[6])
	row := sessionRow(t, st, s)
	assert.Equal(t, 1, row.Gaps)
	assert.Equal(t, 3, row.Dropped, "seq 2, 3 and 4 after the gap, until the full snapshot of seq 5")
	text := storedText(t, st, s)
	assert.Equal(t, []int{0, 5, 6}, keysOf(text))
	assert.Equal(t, want[6], text[6], "in step again after the snapshot")
}

// TestSessionDeletedOnAnotherCollector: a session deleted meanwhile is
// answered Busy (retry) and let go, so that the caller looks it up afresh.
func TestSessionDeletedOnAnotherCollector(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	st, clk := backends[0].open(t), newClock()
	a := newCollector(t, st, clk)
	s := sid("deleted")
	a.accept(s, 0, rec[0])
	found, err := st.DeleteSession(context.Background(), s, store.AuditEntry{Time: clk.Now(), Actor: "test", Action: "session.delete"})
	require.NoError(t, err)
	require.True(t, found)
	require.True(t, a.e.Holds(s))
	res := a.send(s, 1, rec[1])
	assert.Equal(t, Busy, res.Outcome)
	assert.Contains(t, res.Msg, "deleted meanwhile")
	assert.False(t, a.e.Holds(s))
}

func TestRefusals(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	st, clk := backends[0].open(t), newClock()
	a, b := newCollector(t, st, clk), newCollector(t, st, clk)
	s := sid("refused")
	a.accept(s, 0, rec[0])
	cases := []struct {
		name string
		c    *collector
		app  string
		key  string
		seq  int
		want Outcome
	}{
		{"another secret, same collector", a, "shop", "other", 1, WrongSecret},
		{"another secret, other collector", b, "shop", "other", 1, WrongSecret},
		{"another application", b, "other", "secret-of-" + s, 1, Conflict},
		{"too far ahead", a, "shop", "secret-of-" + s, 1 + DefaultMaxAhead + 1, Later},
		{"just far enough ahead", a, "shop", "secret-of-" + s, 1 + DefaultMaxAhead, Accepted},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := c.c.sendAs(c.app, s, c.key, c.seq, rec[1])
			assert.Equal(t, c.want, res.Outcome, res.Msg)
		})
	}
	assert.Equal(t, 1, sessionRow(t, st, s).Batches)
}

func TestDeletedHookDiscards(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	st := backends[0].open(t)
	c := newCollector(t, st, newClock(), func(cfg *Config) {
		cfg.Deleted = func(id string) bool { return strings.HasPrefix(id, "gone") }
	})
	assert.Equal(t, Discarded, c.send(sid("gone"), 0, rec[0]).Outcome)
	_, ok, err := st.Session(context.Background(), sid("gone"))
	require.NoError(t, err)
	assert.False(t, ok, "nothing stored")
	assert.Equal(t, Accepted, c.send(sid("kept"), 0, rec[0]).Outcome)
}

// TestPendingCaps: bytes waiting per session, per application and in all,
// at the limit and one over.
func TestPendingCaps(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	st0 := backends[0].open(t)
	c0 := newCollector(t, st0, newClock())
	c0.accept(sid("measure"), 0, rec[0])
	c0.accept(sid("measure"), 2, rec[2])
	mine, _, _, err := st0.PendingBytes(context.Background(), "shop", sid("measure"))
	require.NoError(t, err)
	cases := []struct {
		name string
		lim  Limits
		want Outcome
	}{
		{"per session at the limit", Limits{PendingSession: 2 * mine}, Accepted},
		{"per session one over", Limits{PendingSession: 2*mine - 1}, Later},
		{"in total at the limit", Limits{PendingTotal: 2 * mine, PendingApp: 2 * mine}, Accepted},
		{"in total one over", Limits{PendingTotal: 2*mine - 1, PendingApp: 2 * mine}, Busy},
		{"per application at the limit", Limits{PendingApp: 2 * mine}, Accepted},
		{"per application one over", Limits{PendingApp: 2*mine - 1}, Busy},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := backends[0].open(t)
			col := newCollector(t, st, newClock(), func(cfg *Config) { cfg.Limits = c.lim })
			s := sid("capped")
			col.accept(s, 0, rec[0])
			col.accept(s, 2, rec[2])
			res := col.send(s, 3, rec[2]) // the same size as seq 2
			assert.Equal(t, c.want, res.Outcome, res.Msg)
		})
	}
}

func keysOf(m map[int]string) []int {
	var out []int
	for i := range 1 << 10 {
		if _, ok := m[i]; ok {
			out = append(out, i)
		}
	}
	return out
}

// TestConcurrentCollectors: two engines on one store take every batch of
// ten sessions at the same time, the sessions in parallel; each batch is
// stored once and every session is what one collector stores.
func TestConcurrentCollectors(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			st, clk := be.open(t), newClock()
			a, b := newCollector(t, st, clk), newCollector(t, st, clk)
			var wg sync.WaitGroup
			for i := range 10 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s := sid("concurrent" + strconv.Itoa(i))
					for seq := range rec {
						var both sync.WaitGroup
						for _, c := range []*collector{a, b} {
							both.Add(1)
							go func() {
								defer both.Done()
								res, err := c.trySend("shop", s, "secret-of-"+s, seq, rec[seq])
								if err != nil || res.Outcome != Accepted {
									t.Errorf("%s seq %d: %v %v %s", s, seq, err, res.Outcome, res.Msg)
								}
							}()
						}
						both.Wait()
					}
				}()
			}
			wg.Wait()
			for i := range 10 {
				s := sid("concurrent" + strconv.Itoa(i))
				assert.Equal(t, want, storedText(t, st, s), s)
				assert.Equal(t, len(rec), sessionRow(t, st, s).Batches, s)
			}
		})
	}
}

// TestLockWaitAnswersBusy: a batch whose session another collector holds
// for longer than LockWait is answered Busy (retry), and is accepted once
// the lock is free.
func TestLockWaitAnswersBusy(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	st := backends[0].open(t)
	c := newCollector(t, st, newClock(), func(cfg *Config) { cfg.LockWait = 20 * time.Millisecond })
	s := sid("locked")
	unlock, err := st.LockSession(context.Background(), s)
	require.NoError(t, err)
	res := c.send(s, 0, rec[0])
	assert.Equal(t, Busy, res.Outcome)
	assert.Contains(t, res.Msg, "another collector is working on this session")
	unlock()
	c.accept(s, 0, rec[0])
}

// TestDataKeyOfWhoeverStoresFirst: two collectors that both met a session
// before it had a row drew two data keys; the one stored first is the
// session's, and the other collector seals with it too.
func TestDataKeyOfWhoeverStoresFirst(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)
	st, clk := backends[0].open(t), newClock()
	a, b := newCollector(t, st, clk), newCollector(t, st, clk)
	s := sid("twokeys")
	require.Equal(t, Later, a.send(s, DefaultMaxAhead+1, rec[1]).Outcome) // a holds it, new, with a key of its own
	b.accept(s, 0, rec[0])                                                // b stores first, with its key
	a.accept(s, 1, rec[1])
	a.accept(s, 3, rec[3]) // waits, sealed
	b.accept(s, 2, rec[2])
	assert.Equal(t, map[int]string{0: want[0], 1: want[1], 2: want[2], 3: want[3]}, storedText(t, st, s))
}

// TestBusyDrainIsResumed: the batch that fills a gap is stored, but
// draining the one that waited behind it finds the decoding memory taken
// (ErrBusy): that request is answered busy, and either its retry or the next
// batch to arrive (itself ahead) drains the waiting one, so the session is
// complete without waiting for the gap sweep.
func TestBusyDrainIsResumed(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)
	for _, be := range backends {
		for _, then := range []string{"retry", "next batch"} {
			t.Run(be.name+"/"+then, func(t *testing.T) {
				st := be.open(t)
				var busy atomic.Bool
				c := newCollector(t, st, newClock(), func(cfg *Config) {
					decode := cfg.Decode
					cfg.Decode = func(ctx context.Context, wire []byte) (Parsed, func(), error) {
						if busy.Load() {
							return Parsed{}, nil, ErrBusy
						}
						return decode(ctx, wire)
					}
				})
				s := sid("busydrain")
				c.accept(s, 0, rec[0])
				c.accept(s, 2, rec[2]) // waits for 1
				busy.Store(true)
				res := c.send(s, 1, rec[1])
				assert.Equal(t, Busy, res.Outcome, "1 is stored, 2 behind it cannot be decoded now: %s", res.Msg)
				busy.Store(false)
				assert.Equal(t, 1, sessionRow(t, st, s).Pending, "2 still waits")
				if then == "retry" {
					c.accept(s, 1, rec[1]) // already stored: drains 2
				} else {
					c.accept(s, 3, rec[3]) // ahead of 2: drains 2, then itself
				}
				row := sessionRow(t, st, s)
				assert.Zero(t, row.Pending)
				assert.Zero(t, row.Gaps)
				for seq := 3; seq < len(rec); seq++ {
					c.accept(s, seq, rec[seq])
				}
				assert.Equal(t, want, storedText(t, st, s))
				assert.Equal(t, len(rec), sessionRow(t, st, s).Batches, "each seq stored once")
			})
		}
	}
}

// TestOneApplicationCannotFillEveryonesWait: a recorder key is public, and
// one filled all of PendingTotal with sessions waiting for a seq it never
// sent: every other application's batches arriving out of order were
// answered busy until those gaps timed out. An application's sessions now
// hold a share of it (PendingApp), and another application's batch still
// waits.
func TestOneApplicationCannotFillEveryonesWait(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	st0 := backends[0].open(t)
	c0 := newCollector(t, st0, newClock())
	c0.accept(sid("measure"), 0, rec[0])
	c0.accept(sid("measure"), 2, rec[2])
	one, _, _, err := st0.PendingBytes(context.Background(), "shop", sid("measure"))
	require.NoError(t, err)

	c := newCollector(t, backends[0].open(t), newClock(), func(cfg *Config) {
		cfg.Limits = Limits{PendingTotal: 3 * one, PendingApp: 2 * one}
	})
	flood := sid("flood")
	c.accept(flood, 0, rec[0])
	c.accept(flood, 2, rec[2])
	c.accept(flood, 3, rec[2]) // the application's share: at the limit
	res := c.send(flood, 4, rec[2])
	assert.Equal(t, Busy, res.Outcome, "one over the application's share: %s", res.Msg)
	assert.Contains(t, res.Msg, "this application")

	other := sid("other")
	require.Equal(t, Accepted, c.sendAs("blog", other, "secret-of-"+other, 0, rec[0]).Outcome)
	res = c.sendAs("blog", other, "secret-of-"+other, 2, rec[2])
	assert.Equal(t, Accepted, res.Outcome, "another application's batch waits: %s", res.Msg)
}
