package server

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/internal/pgtest"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

// twoCollectors starts two collectors on one throwaway PostgreSQL
// database, each running its background work with poll as SettingsPoll.
func twoCollectors(t *testing.T, poll time.Duration, mod ...func(*Options)) (a, b *env) {
	t.Helper()
	dsn := pgtest.Start(t)
	start := func() *env {
		st, err := store.OpenDSN(dsn)
		require.NoError(t, err)
		e := newEnvOn(t, st, dsn, testKeyLine, append(mod, func(o *Options) { o.SettingsPoll = poll })...)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { e.srv.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		return e
	}
	return start(), start()
}

// A settings change or an application's deletion made through one
// collector reaches another on the same PostgreSQL within SettingsPoll:
// before, only at its restart, so it went on taking batches from an origin
// removed from the settings, and of a deleted application.
func TestSettingsChangesReachOtherCollectors(t *testing.T) {
	const poll = 50 * time.Millisecond
	a, b := twoCollectors(t, poll)
	rec := record(t, rules.Rules{})
	code, body := b.send(q("shop", sid("before"), 0), gz(capture.AppendEvents(nil, rec[0])), "https://shop.example")
	require.Equal(t, http.StatusNoContent, code, body)

	a.putSettings("shop", `{"recorder":{"application":"shop","endpoint":"/veil/ingest"},
		"allowedOrigins":["https://other.example"]}`)
	require.Eventually(t, func() bool {
		code, _ := b.send(q("shop", sid("moved"), 0), gz(capture.AppendEvents(nil, rec[0])), "https://shop.example")
		return code == http.StatusForbidden
	}, 40*poll, poll/5, "the origin removed through a reaches b")
	code, body = b.send(q("shop", sid("other"), 0), gz(capture.AppendEvents(nil, rec[0])), "https://other.example")
	require.Equal(t, http.StatusNoContent, code, body)

	code, body = a.do("DELETE", "/api/apps/shop", a.admin, "")
	require.Equal(t, 200, code, body)
	require.Eventually(t, func() bool { return b.srv.app("shop") == nil }, 40*poll, poll/5, "the deletion reaches b")
	code, body = b.send(q("shop", sid("after"), 0), gz(capture.AppendEvents(nil, rec[0])), "https://other.example")
	require.Equal(t, http.StatusNotFound, code, body)
}
