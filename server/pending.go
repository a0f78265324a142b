package server

import (
	"context"
	"errors"
	"strconv"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

// errBusy: the decoding memory is taken; a batch that waits stays waiting.
var errBusy = errors.New("decoding memory is taken")

// openPending decrypts, inflates and decodes a batch that waited, under the
// same budget as when it arrived, with its decoding memory reserved: the
// caller releases cost after masking it (also on error, when cost is 0).
func (s *Server) openPending(ctx context.Context, l *live, b store.Batch) (events []capture.Event, ru recordedUnder, cost int64, err error) {
	wire, err := l.open(s, b.Data, ad(l.id, b.Seq, store.Pending))
	if err != nil {
		return nil, ru, 0, err
	}
	body, u, status, msg := inflate(wire)
	if status != 0 {
		return nil, ru, 0, errors.New(strconv.Itoa(status) + " " + msg)
	}
	cost = decodeCost(body, u)
	if !s.reserve(ctx, cost) {
		return nil, ru, 0, errBusy
	}
	events, ru, err = parseBatch(body)
	if err == nil && len(events) == 0 {
		err = errors.New("an empty batch")
	}
	return events, ru, cost, err
}

// currentSet is the recording rules app has now; nil (keep the session's)
// for an application whose settings are gone.
func (s *Server) currentSet(app string) *rules.Set {
	if a := s.app(app); a != nil {
		return a.RecordingSet()
	}
	return nil
}
