package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
)

// stalledReader is a client that asks for an answer and never reads it:
// its first Write blocks until the test ends it, the answer held meanwhile.
type stalledReader struct {
	header  http.Header
	code    int
	writing chan struct{} // closed when the answer's body is being written
	end     chan struct{}
	once    sync.Once
}

func newStalledReader(end chan struct{}) *stalledReader {
	return &stalledReader{header: http.Header{}, writing: make(chan struct{}), end: end}
}

func (w *stalledReader) Header() http.Header { return w.header }
func (w *stalledReader) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *stalledReader) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.code == http.StatusOK {
		w.once.Do(func() { close(w.writing) })
		<-w.end
	}
	return len(b), nil
}

// TestOneTokensUnreadReplaysHoldAQuarter: replays a token asks for and
// never reads hold their answers' bytes for as long as the write timeout
// lets them; together they hold at most a quarter of the replay memory,
// the next answered 429 with Retry-After, and another token's replay is
// still served. Without the share the token held all the replay memory it
// could reserve, every other replay waiting and then answered 503.
func TestOneTokensUnreadReplaysHoldAQuarter(t *testing.T) {
	rec := record(t, rules.MaskAll())
	id := sid("unreadreplay")
	var plain int64
	{
		e := newEnv(t)
		e.sendBatch("shop", id, 0, rec[0])
		x, _, err := e.st.Session(context.Background(), id)
		require.NoError(t, err)
		plain = x.PlainBytes
	}
	// Room for 48 sessions' answers: a replay reserves 12 while it is read
	// and masked, so up to 36 unread answers fit in all, 12 in a quarter; 40 are asked for.
	memory := 48 * plain
	e := newEnv(t, func(o *Options) { o.ReplayMemory = memory })
	e.sendBatch("shop", id, 0, rec[0])
	ctx := context.Background()
	hoarder, _, err := CreateToken(ctx, e.st, "test", auth.Replay, []string{"shop"}, "", e.clock.Now())
	require.NoError(t, err)
	other := e.token(auth.Replay, "shop")
	h := e.srv.Handler()
	replay := func(w http.ResponseWriter, token string) {
		r := httptest.NewRequest("GET", "/api/sessions/"+id+"/events", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		h.ServeHTTP(w, r)
	}
	end := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(end)
	held, refused := 0, map[int]int{}
	const asked = 40
	for range asked {
		w := newStalledReader(end)
		answered := make(chan struct{})
		wg.Go(func() {
			defer close(answered)
			replay(w, hoarder)
		})
		select {
		case <-w.writing:
			held++
		case <-answered:
			assert.Equal(t, strconv.Itoa(RetryAfter), w.header.Get("Retry-After"))
			refused[w.code]++
		}
	}
	share := memory / ReplayShareDivisor
	assert.LessOrEqual(t, int64(held)*plain, share, "%d unread answers of %d bytes held, the share is %d", held, plain, share)
	assert.Positive(t, held)
	assert.Equal(t, map[int]int{http.StatusTooManyRequests: asked - held}, refused, "the replays not held")
	rr := httptest.NewRecorder()
	replay(rr, other)
	assert.Equal(t, http.StatusOK, rr.Code, "another token's replay is served: %.200s", rr.Body.String())
}
