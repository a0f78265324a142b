package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// Limits of playback. A replay (GET /api/sessions/{id}/events, and each
// session a heatmap reads) opens a whole stored session, decodes it, masks
// it again and encodes the answer, all in memory, and how much a session
// holds is up to its recorder: 20 batches of 10 KiB of gzip store 140 MiB
// of masked JSON, which took 850 MiB of heap to replay. These bound it.
const (
	// ReplayMemory bounds the estimated memory of the replays in progress
	// together: a replay waits up to IngestWait for its share, then 503 with
	// Retry-After.
	ReplayMemory = 128 << 20
	// ReplayByteCost is the estimated memory, in bytes, that replaying one
	// byte of stored events (decompressed) costs: the sealed and opened batches, the events decoded,
	// the batches re-encoded for the masker, the events it emits and the
	// answer (measured: 6 for pages of long texts, 12 for pages of many
	// small nodes, counting garbage).
	ReplayByteCost = 12
	// MaxReplayBytes is the largest session, in bytes of its events as
	// decoded (Session.PlainBytes; stored compressed, it takes fewer),
	// that can be replayed: its estimate fills ReplayMemory. 413 above; the
	// heatmap leaves such a session out.
	MaxReplayBytes = ReplayMemory / ReplayByteCost
	// MaxSessionBytes bounds the events of one session (decompressed), so that every
	// session stored can be replayed, and a recorder cannot turn 10 KiB of
	// gzip a batch into 7 MiB of storage for ever: the batch that would take
	// a session over it is dropped and answered 413, and the session waits
	// for its next full snapshot, as after any dropped batch (a session at
	// the limit is answered 413 before any work).
	MaxSessionBytes = MaxReplayBytes
)

// replayBudget is the memory of the replays in progress. Safe for
// concurrent use.
type replayBudget struct {
	mem  *weighted
	wait time.Duration
}

func newReplayBudget(max int64, wait time.Duration) *replayBudget {
	return &replayBudget{mem: newWeighted(max), wait: wait}
}

// replayCost is the memory reserved to replay a session of stored bytes.
func replayCost(stored int64) int64 { return max(stored, 1) * ReplayByteCost }

// reserve reserves the memory to replay a session of stored bytes: 0 and a
// release function when granted, else the status (413 when it can never
// be, 503 when the memory is taken now) and a message naming the limit.
func (b *replayBudget) reserve(ctx context.Context, stored int64) (func(), int, string) {
	cost := replayCost(stored)
	if cost > b.mem.max {
		return nil, http.StatusRequestEntityTooLarge, "this session holds " + strconv.FormatInt(stored, 10) +
			" stored bytes: replaying it would take an estimated " + strconv.FormatInt(cost, 10) +
			" bytes of memory, over the limit of " + strconv.FormatInt(b.mem.max, 10) + " (sessions up to " +
			strconv.FormatInt(b.mem.max/ReplayByteCost, 10) + " stored bytes replay)"
	}
	if !b.mem.acquire(ctx, cost, b.wait) {
		return nil, http.StatusServiceUnavailable, errReplayBusy.Error()
	}
	return func() { b.mem.release(cost) }, 0, ""
}

// keepOnly gives back, of a reservation of a session of stored bytes, all
// but n bytes (the answer, while a client reads it, as slowly as the
// server's WriteTimeout lets it); release then gives back those n. A slow
// reader holds the memory its answer holds, not the whole replay's.
func (b *replayBudget) keepOnly(stored, n int64) (release func()) {
	cost := replayCost(stored)
	n = min(n, cost)
	b.mem.release(cost - n)
	return func() { b.mem.release(n) }
}

// errReplayBusy: the replay memory was taken for longer than IngestWait.
var errReplayBusy = errors.New("the collector is busy replaying other sessions; retry later")
