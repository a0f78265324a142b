package server

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-replay/veil/rules"
)

// ingestCounts is an ingest.Observer that counts.
type ingestCounts struct{ stored, bytes, dropped, gaps, remasked, pii, rebuilt atomic.Int64 }

func (c *ingestCounts) BatchStored(n int) { c.stored.Add(1); c.bytes.Add(int64(n)) }
func (c *ingestCounts) BatchDropped()     { c.dropped.Add(1) }
func (c *ingestCounts) Gap(n int)         { c.gaps.Add(int64(n)) }
func (c *ingestCounts) Remasked(n int)    { c.remasked.Add(int64(n)) }
func (c *ingestCounts) PII(n int)         { c.pii.Add(int64(n)) }
func (c *ingestCounts) Rebuilt(n int)     { c.rebuilt.Add(int64(n)) }

// TestIngestObserverIsTold: Options.Observer hears of every batch stored,
// with the strings masked again, and of rebuilds after the session was let go.
func TestIngestObserverIsTold(t *testing.T) {
	obs := &ingestCounts{}
	e := newEnv(t, func(o *Options) { o.Observer = obs })
	rec := record(t, rules.Rules{Mode: rules.ModeBlockList}) // clear text: masked again at ingest
	s := sid("observed")
	e.sendBatch("shop", s, 0, rec[0])
	e.sendBatch("shop", s, 1, rec[1])
	e.srv.live.idle(e.clock.Now().Add(1)) // let go: the next batch rebuilds
	for i := 2; i < len(rec); i++ {
		e.sendBatch("shop", s, i, rec[i])
	}
	x, ok, err := e.st.Session(t.Context(), s)
	assert.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, int64(len(rec)), obs.stored.Load())
	assert.Equal(t, x.Bytes, obs.bytes.Load())
	assert.Equal(t, int64(x.Remasked), obs.remasked.Load())
	assert.Positive(t, obs.remasked.Load())
	assert.Equal(t, int64(2), obs.rebuilt.Load(), "seq 0 and 1 replayed")
	assert.Zero(t, obs.dropped.Load())
}
