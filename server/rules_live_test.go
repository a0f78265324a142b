package server

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// storedText returns the clear events of each stored batch of session.
func (e *env) storedText(session string) []string {
	e.t.Helper()
	bs, err := e.st.StoredBatches(context.Background(), session)
	require.NoError(e.t, err)
	var out []string
	for _, b := range bs {
		plain, err := e.srv.openBatch(context.Background(), session, b, MaxReplayBytes)
		require.NoError(e.t, err)
		out = append(out, string(plain))
	}
	return out
}

// TestRulesApplyAtOnce: tightening the recording rules mid-session masks
// the very next batch of the live session in storage: it starts with a full
// snapshot of the page masked under the new rules, and nothing is dropped.
func TestRulesApplyAtOnce(t *testing.T) {
	const loose = `{"recorder":{"application":"shop","endpoint":"/veil/ingest","recording":{"mode":"block-list"}},
		"allowedOrigins":["https://shop.example"]}`
	cases := []struct {
		name    string
		restart bool // the live session was let go of before the change
	}{
		{"live session", false},
		{"session reloaded from the store", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.putSettings("shop", loose)
			rec := record(t, rules.Rules{Mode: rules.ModeBlockList})
			s := sid("ruleschange")
			e.sendBatch("shop", s, 0, rec[0])
			e.sendBatch("shop", s, 1, rec[1])
			before := e.storedText(s)
			require.Len(t, before, 2)
			require.Contains(t, before[1], "Hello again Jane Roe", "the loose rules keep the text")
			if c.restart {
				e.srv.live.idle(e.clock.Now().Add(1))
			}

			e.putSettings("shop", shopSettings) // mask-all
			require.True(t, strings.Contains(string(capture.AppendEvents(nil, rec[2])), "3 items for Jane"))
			e.sendBatch("shop", s, 2, rec[2])
			e.sendBatch("shop", s, 3, rec[3])
			e.sendBatch("shop", s, 4, rec[4])
			after := e.storedText(s)[2:]
			for i, text := range after {
				assert.NotContains(t, text, "Jane", "batch %d after the change", i+2)
				assert.NotContains(t, text, "jane", "batch %d after the change", i+2)
			}
			x, _, err := e.st.Session(context.Background(), s)
			require.NoError(t, err)
			if c.restart {
				assert.Zero(t, x.Dropped, "rebuilt from the stored batches: nothing lost")
				require.Len(t, after, 3)
				return
			}
			assert.Zero(t, x.Dropped, "nothing lost")
			require.Len(t, after, 3)
			assert.Contains(t, after[0], `"type":2`, "the next batch starts with a full snapshot under the new rules")
			assert.Contains(t, after[0], "cart-zq9x-secretclass", "structure stays")
		})
	}
}
