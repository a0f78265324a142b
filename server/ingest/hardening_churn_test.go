package ingest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// acceptFrom sends a batch of session id from network client and requires
// it accepted.
func (c *collector) acceptFrom(client, id string, seq int, events []capture.Event) {
	c.t.Helper()
	wire := capture.AppendEvents(nil, events)
	p, err := ParseBatch(wire)
	require.NoError(c.t, err)
	res, err := c.e.Accept(context.Background(), Batch{App: "shop", Session: id, Seq: seq,
		SecretHash: []byte("secret-of-" + id), Wire: wire, Parsed: p, Client: client})
	require.NoError(c.t, err)
	require.Equal(c.t, Accepted, res.Outcome, "seq %d: %s", seq, res.Msg)
}

// TestChurnLetsGoOfItsOwnSessions: a recorder key starting new sessions at
// the rates allowed (2,000 a second an application) turned the live set
// over every half second, and every other visitor's next batch rebuilt its
// session from the store. Over MaxLive, the session let go of is now the
// least recently used of the network holding the most: the flood's own.
// When every network holds one, the least recently used of all goes, as
// before.
func TestChurnLetsGoOfItsOwnSessions(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	const max = 4
	c := newCollector(t, backends[0].open(t), newClock(), func(cfg *Config) { cfg.MaxLive = max })
	visitors := []string{sid("visitor-a"), sid("visitor-b")}
	c.acceptFrom("192.0.2.0/24", visitors[0], 0, rec[0])
	c.acceptFrom("198.51.100.0/24", visitors[1], 0, rec[0])
	flood := func(i int) string { return sid(fmt.Sprint("flood", i)) }
	c.acceptFrom("203.0.113.0/24", flood(0), 0, rec[0])
	c.acceptFrom("203.0.113.0/24", flood(1), 0, rec[0])
	require.Equal(t, max, c.e.Held(), "at the limit")
	for i := 2; i < 40; i++ {
		c.acceptFrom("203.0.113.0/24", flood(i), 0, rec[0])
		assert.Equal(t, max, c.e.Held())
	}
	for _, v := range visitors {
		assert.True(t, c.e.Holds(v), "%s kept through the flood", v)
	}
	assert.True(t, c.e.Holds(flood(39)))
	assert.True(t, c.e.Holds(flood(38)))
	before := c.obs.rebuildsSoFar()
	c.acceptFrom("192.0.2.0/24", visitors[0], 1, rec[1])
	c.acceptFrom("198.51.100.0/24", visitors[1], 1, rec[1])
	assert.Equal(t, before, c.obs.rebuildsSoFar(), "no visitor's session rebuilt")

	t.Run("a network each", func(t *testing.T) {
		c := newCollector(t, backends[0].open(t), newClock(), func(cfg *Config) { cfg.MaxLive = 2 })
		c.acceptFrom("192.0.2.0/24", sid("one"), 0, rec[0])
		c.acceptFrom("198.51.100.0/24", sid("two"), 0, rec[0])
		c.acceptFrom("203.0.113.0/24", sid("three"), 0, rec[0])
		assert.False(t, c.e.Holds(sid("one")), "the least recently used of all")
		assert.True(t, c.e.Holds(sid("two")))
		assert.True(t, c.e.Holds(sid("three")))
	})
}
