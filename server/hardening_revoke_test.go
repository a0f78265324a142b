package server

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// pausingStore stops the first read armed for (a session's stored batches,
// or the second page of an audit listing) until resume is closed, and
// closes paused as it stops: the test acts while a request is between its
// token check and its answer.
type pausingStore struct {
	store.Store
	mu      sync.Mutex
	batches bool // pause the next StoredBatches
	audit   bool // pause the next AuditLog that continues a listing
	paused  chan struct{}
	resume  chan struct{}
}

func (s *pausingStore) arm(batches, audit bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches, s.audit = batches, audit
	s.paused, s.resume = make(chan struct{}), make(chan struct{})
}

// pause waits for resume when armed says so, once.
func (s *pausingStore) pause(armed *bool) {
	s.mu.Lock()
	if !*armed {
		s.mu.Unlock()
		return
	}
	*armed = false
	paused, resume := s.paused, s.resume
	s.mu.Unlock()
	close(paused)
	<-resume
}

func (s *pausingStore) StoredBatches(ctx context.Context, session string) ([]store.Batch, error) {
	s.pause(&s.batches)
	return s.Store.StoredBatches(ctx, session)
}

func (s *pausingStore) AuditLog(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	if f.AfterID != 0 {
		s.pause(&s.audit)
	}
	return s.Store.AuditLog(ctx, f)
}

// TestRevocationStopsAnswersBeingRead: a token revoked while a replay, a
// heatmap or an audit export of it is being read gets nothing more of it.
// Checked only as the request arrived, the replay read and masked for
// seconds after the revocation was still sent (and audited as a view), and
// an export went on for as long as the client read it.
func TestRevocationStopsAnswersBeingRead(t *testing.T) {
	for _, c := range []struct {
		name, path     string
		role           auth.Role
		viewer         bool
		batches, audit bool
		action         string // audited if the answer was given
	}{
		{name: "GET /api/sessions/{id}/events", path: "/api/sessions/" + sid("revoked") + "/events", role: auth.Replay, batches: true, action: "session.view"},
		{name: "GET /api/sessions/{id}/events?unmasked=1", path: "/api/sessions/" + sid("revoked") + "/events?unmasked=1", role: auth.ReplayUnmasked, batches: true, action: "session.view"},
		{name: "GET /viewer/heatmap?app=shop", path: "/viewer/heatmap?app=shop", role: auth.Replay, viewer: true, batches: true, action: "heatmap.view"},
		{name: "GET /api/audit/export", path: "/api/audit/export", role: auth.Admin, audit: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "veil.db")
			base, err := store.Open(db)
			require.NoError(t, err)
			st := &pausingStore{Store: base}
			e := newEnvOn(t, st, db, testKeyLine)
			ctx := context.Background()
			if c.viewer {
				e.putSettings("shop", heatShop)
				clicksOn(t, e, "revoked", "buy")
			} else {
				e.sendBatch("shop", sid("revoked"), 0, record(t, rules.MaskAll())[0])
			}
			for i := 0; c.audit && i < MaxPageSize; i++ { // a second page to export
				require.NoError(t, st.Audit(ctx, store.AuditEntry{Time: e.clock.Now(), Actor: "cli", Action: "test.fill", App: "shop", Detail: fmt.Sprint(i)}))
			}
			secret, tok, err := CreateToken(ctx, e.st, "test", c.role, []string{"shop"}, "", e.clock.Now())
			require.NoError(t, err)
			get := func() (int, string) { return e.do("GET", c.path, secret, "") }
			if c.viewer {
				v := e.viewer(t)
				v.login(secret)
				get = func() (int, string) {
					resp, body := v.req("GET", c.path, nil)
					return resp.StatusCode, body
				}
			}
			st.arm(c.batches, c.audit)
			type answer struct {
				code int
				body string
			}
			done := make(chan answer, 1)
			go func() {
				code, body := get()
				done <- answer{code, body}
			}()
			<-st.paused
			found, err := RevokeToken(ctx, e.st, "cli", tok.ID, e.clock.Now())
			require.NoError(t, err)
			require.True(t, found)
			close(st.resume)
			got := <-done
			if c.audit {
				assert.Equal(t, http.StatusOK, got.code, "the first page was sent before the revocation")
				lines := strings.Split(strings.TrimSpace(got.body), "\n")
				assert.Equal(t, `{"error":"export truncated: `+revokedMeanwhile+`"}`, lines[len(lines)-1])
				assert.LessOrEqual(t, len(lines), MaxPageSize+1, "no page after the revocation")
				return
			}
			assert.Equal(t, http.StatusUnauthorized, got.code, "%.300s", got.body)
			assert.NotContains(t, got.body, `"type":2`, "no snapshot sent")
			list, err := e.st.AuditLog(ctx, store.AuditFilter{Apps: []string{"*"}, Limit: 1000})
			require.NoError(t, err)
			for _, a := range list {
				assert.False(t, a.Actor == tok.ID && a.Action == c.action, "a view after the revocation audited: %+v", a)
			}
		})
	}
}
