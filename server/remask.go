package server

import (
	"errors"
	"math"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
)

// remasker masks one recording session again at ingest, batch after batch,
// with the application's recording rules. The events of each batch are turned
// back into a raw batch by an EventEncoder that remembers the page the earlier
// batches built, and fed to one masking Session. Not safe for concurrent use.
type remasker struct {
	mask   *masking.Session
	enc    *capture.EventEncoder
	synced bool
}

func newRemasker(set *rules.Set) *remasker {
	return &remasker{mask: masking.NewSession(set), enc: capture.NewEventEncoder(), synced: true}
}

// errOutOfStep: the session lost step (a gap, an eviction, an inconsistent
// batch) and this batch holds no full snapshot to resynchronise on.
var errOutOfStep = errors.New("waiting for a full snapshot after losing step")

// write masks events and returns the masked events and how many strings the
// masking changed. On error the batch is to be dropped whole (fail closed)
// and the remasker waits for the next full snapshot.
func (r *remasker) write(set *rules.Set, events []capture.Event, consent, source string) ([]capture.Event, int, error) {
	if !r.synced {
		i := firstSnapshot(events)
		if i < 0 {
			return nil, 0, errOutOfStep
		}
		if i > 0 && events[i-1].Type == capture.Meta {
			i--
		}
		events = events[i:]
		*r = *newRemasker(set)
	}
	if consent != "" {
		r.mask.SetConsent(consent, source)
	}
	base := int64(math.MaxInt64)
	for i := range events {
		base = min(base, events[i].Timestamp)
	}
	raw, err := r.enc.Encode(events, max(base, 0))
	if err != nil {
		r.synced = false
		return nil, 0, err
	}
	before := r.mask.Stats().Masked
	out, err := r.mask.Write(raw)
	if err != nil {
		r.synced = false
		return nil, 0, err
	}
	return out, r.mask.Stats().Masked - before, nil
}

func firstSnapshot(events []capture.Event) int {
	for i := range events {
		if events[i].Type == capture.FullSnapshot {
			return i
		}
	}
	return -1
}
