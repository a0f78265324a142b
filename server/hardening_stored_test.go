package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

// textBomb is batch 1 of rec with its text change set to n bytes of one
// character: a KiB of gzip that inflates (and is stored, masked) as n.
func textBomb(t *testing.T, rec [][]capture.Event, n int) []capture.Event {
	t.Helper()
	out := append([]capture.Event(nil), rec[1]...)
	for i, ev := range out {
		if m, ok := ev.Data.(capture.MutationData); ok && len(m.Texts) > 0 {
			m.Texts = []capture.TextMutation{{ID: m.Texts[0].ID, Value: strings.Repeat("a", n)}}
			out[i].Data = m
			return out
		}
	}
	t.Fatal("batch 1 has no text change")
	return nil
}

// An application's quota counts what its sessions store, and a session was
// stored masked and uncompressed: a text of 1 MiB of one letter is 1 KiB of
// gzip sent and 1 MiB stored, so the 8 GiB quota filled from about 11 MB
// sent. Stored batches are compressed before they are sealed: what a
// session stores follows what was sent, and it still replays whole.
func TestStoredBytesFollowTheBytesSent(t *testing.T) {
	rec := record(t, rules.Rules{})
	e := newEnv(t)
	id := sid("ratiobomb")
	var sent int64
	send := func(seq int, evs []capture.Event) {
		body := gz(capture.AppendEvents(nil, evs))
		sent += int64(len(body))
		resp, msg := e.post(q("shop", id, seq), body)
		require.Equal(t, http.StatusNoContent, resp.StatusCode, "seq %d: %s", seq, msg)
	}
	send(0, rec[0])
	const bomb = capture.MaxStringBytes
	// Each a byte shorter: a text masked as it was already shown is not
	// stored again (the replay shows it).
	for seq := 1; seq <= 8; seq++ {
		send(seq, textBomb(t, rec, bomb-seq))
	}
	x, ok, err := e.st.Session(context.Background(), id)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, [3]int{9, 0, 0}, [3]int{x.Batches, x.Dropped, x.Pending}, "stored, dropped, waiting")
	require.Greater(t, x.PlainBytes, int64(8*(bomb-8)), "the session's events as a replay decodes them")
	rows := int64(1024 + 9*128 + 2<<10) // a session row, nine batch rows, its page URL
	t.Logf("sent %d bytes; the application stores %d, its events decode to %d", sent, e.appBytes("shop"), x.PlainBytes)
	require.LessOrEqual(t, e.appBytes("shop"), 2*sent+rows,
		"stored %d bytes from %d sent", e.appBytes("shop"), sent)

	code, body := e.do("GET", "/api/sessions/"+id+"/events", e.admin, "")
	require.Equal(t, 200, code, body[:min(len(body), 200)])
	for seq := 1; seq <= 8; seq++ {
		require.Equal(t, 1, strings.Count(body, `"`+strings.Repeat("*", bomb-seq)+`"`), "text %d replays, masked", seq)
	}
}

// A batch stored before batches were compressed (sealed as rrweb JSON)
// replays next to compressed ones.
func TestUncompressedBatchesReplay(t *testing.T) {
	rec := record(t, rules.Rules{})
	e := newEnv(t)
	id := sid("olderbatch")
	e.sendBatch("shop", id, 0, rec[0])
	ctx := context.Background()
	dk, err := e.srv.dataKey(ctx, id)
	require.NoError(t, err)
	old := textBomb(t, rec, 1000)
	plain := capture.AppendEvents(nil, old)
	_, err = e.st.AddBatch(ctx, store.Batch{App: "shop", Session: id, Seq: 1, State: store.Stored, Events: len(old),
		Data: dk.Seal(plain, ad(id, 1, store.Stored)), Received: e.clock.Now()},
		store.Delta{Seen: e.clock.Now(), SecretHash: secretHash(id, secretOf(id))})
	require.NoError(t, err)
	code, body := e.do("GET", "/api/sessions/"+id+"/events", e.admin, "")
	require.Equal(t, 200, code, body)
	require.Contains(t, body, strings.Repeat("*", 1000), "the older batch, masked for playback")
	require.Contains(t, body, `"type":2`, "the compressed snapshot")
}
