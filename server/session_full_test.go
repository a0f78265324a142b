package server

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// The 413 of a full session carries SessionFullHeader, readable by a
// recorder on another origin, so that it starts a new session; no other
// answer carries it.
func TestSessionFullIsMarked(t *testing.T) {
	rec := record(t, rules.Rules{})
	m := newEnv(t)
	m.sendBatch("shop", sid("measure"), 0, rec[0])
	x, _, err := m.st.Session(context.Background(), sid("measure"))
	require.NoError(t, err)
	e := newEnv(t, func(o *Options) { o.Ingest.SessionBytes = x.PlainBytes })
	id := sid("full-marked")
	post := func(seq int) *http.Response {
		req, err := http.NewRequest("POST", e.ts.URL+IngestPath+"?"+q("shop", id, seq),
			bytes.NewReader(gz(capture.AppendEvents(nil, rec[seq]))))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("Origin", "https://shop.example")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}
	first := post(0)
	require.Equal(t, http.StatusNoContent, first.StatusCode, "the first batch fits")
	assert.Empty(t, first.Header.Get(SessionFullHeader))
	assert.Contains(t, first.Header.Get("Access-Control-Expose-Headers"), SessionFullHeader)
	full := post(1)
	require.Equal(t, http.StatusRequestEntityTooLarge, full.StatusCode)
	assert.Equal(t, "1", full.Header.Get(SessionFullHeader))
}
