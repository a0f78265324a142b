package server

import (
	"context"
	"errors"
	"strconv"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/ingest"
)

// decodeWaiting is the engine's Decoder for batches that waited: inflated
// and decoded under the same budget as when they arrived, with their
// decoding memory reserved.
func (s *Server) decodeWaiting(ctx context.Context, wire []byte) (ingest.Parsed, func(), error) {
	body, u, status, msg := inflate(wire)
	if status != 0 {
		return ingest.Parsed{}, nil, errors.New(strconv.Itoa(status) + " " + msg)
	}
	cost := decodeCost(body, u)
	if cost > s.ing.lim.Memory {
		return ingest.Parsed{}, nil, errors.New(tooCostly(cost, s.ing.lim.Memory))
	}
	if !s.reserve(ctx, cost) {
		return ingest.Parsed{}, nil, ingest.ErrBusy
	}
	p, err := ingest.ParseBatch(body)
	if err != nil {
		s.ing.mem.release(cost)
		return ingest.Parsed{}, nil, err
	}
	return p, func() { s.ing.mem.release(cost) }, nil
}

// currentSet is the recording rules app has now; nil (keep the session's)
// for an application whose settings are gone.
func (s *Server) currentSet(app string) *rules.Set {
	if a := s.app(app); a != nil {
		return a.RecordingSet()
	}
	return nil
}
