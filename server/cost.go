package server

import (
	"context"
	"math"
	"strconv"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/internal/jsonx"
	"github.com/veil-replay/veil/server/ingest"
)

// bodyCost is what was counted of a batch body while it was read: its
// tokens, depth and string bytes (jsonx), and the sum of its tokens' depths.
type bodyCost struct {
	jsonx.Usage
	DepthSum int64
}

// decodeCost is the memory reserved while a checked body is decoded and
// masked: per token, per string byte (copied while decoding, re-encoding and
// masking), per unit of depth sum (error paths), and the rest of the text.
func decodeCost(body []byte, c bodyCost) int64 {
	return capture.DecodeMemory(len(body), c.Usage, c.DepthSum)
}

// tooCostly explains a batch whose decoding would need more than all of
// the decoding memory: it can never be taken, so it is refused with 413.
func tooCostly(cost, limit int64) string {
	return errTooCostly.Error() + ": decoding it would take an estimated " + strconv.FormatInt(cost, 10) +
		" bytes of memory, over the limit of " + strconv.FormatInt(limit, 10)
}

// depthBudget is the depth sum a body of wire bytes as sent may have:
// proportional to its size, as its tokens are, so that a small body cannot
// buy a lot of work (1000 nested elements gzip to 2.5 KiB and sum 13 M).
func depthBudget(wire int) int64 {
	return BaseDepthSum + DepthSumPerByte*int64(min(wire, MaxBodyBytes))
}

// storedCost is decodeCost for a stored batch's JSON, which the engine
// replays to rebuild a session: it was masked here, so only the depth is
// bounded; what does not meter costs more than any limit.
func storedCost(plain []byte) int64 {
	m := jsonx.NewMeter(jsonx.Budget{Depth: MaxBatchDepth})
	if _, err := m.Write(plain); err != nil {
		return math.MaxInt64 / 2
	}
	var d jsonx.DepthMeter
	d.Write(plain)
	return decodeCost(plain, bodyCost{Usage: m.Usage(), DepthSum: d.Sum()})
}

// reserveRebuild is the engine's Config.Reserve: a rebuild's decoding
// memory comes from the same budget as the batches'.
func (s *Server) reserveRebuild(ctx context.Context, n int64) (func(), error) {
	if !s.ing.mem.acquire(ctx, n, s.ing.lim.Wait) {
		return nil, ingest.ErrBusy
	}
	return func() { s.ing.mem.release(n) }, nil
}
