package server

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

const blogSettings = `{"recorder":{"application":"blog","endpoint":"/veil/ingest"},"allowedOrigins":["https://shop.example"]}`

// An admin deletes an application: its settings, every session of it with
// its data key, and its stored bytes, audited; its ingest and configuration
// answer 404 and its name no longer counts against MaxApps. Other roles and
// admins scoped elsewhere are refused, and the refusals audited. Without it
// an application, once made, stayed for good (MaxApps of them in all).
func TestDeleteApp(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Settings.Apps = 2 })
	e.putSettings("blog", blogSettings)
	rec := record(t, rules.MaskAll())
	for _, id := range []string{sid("shop-one"), sid("shop-two")} {
		e.sendBatch("shop", id, 0, rec[0])
	}
	e.sendBatch("blog", sid("blog-one"), 0, rec[0])
	code, body := e.do("PUT", "/api/apps/third/settings", e.admin, `{"recorder":{"application":"third","endpoint":"/veil/ingest"}}`)
	require.Equal(t, http.StatusConflict, code, "over MaxApps: %s", body)

	for _, tok := range []string{e.token(auth.Replay, "*"), e.token(auth.Settings, "*"), e.token(auth.ReplayUnmasked, "*")} {
		code, body := e.do("DELETE", "/api/apps/shop", tok, "")
		assert.Equal(t, http.StatusForbidden, code, body)
		assert.Contains(t, body, "may not do this")
	}
	code, body = e.do("DELETE", "/api/apps/shop", e.token(auth.Admin, "blog"), "")
	assert.Equal(t, http.StatusForbidden, code, body)
	assert.Contains(t, body, "outside this token's scope")
	code, _ = e.do("DELETE", "/api/apps/shop", "", "")
	assert.Equal(t, http.StatusUnauthorized, code)
	_, ok, err := e.st.Session(context.Background(), sid("shop-one"))
	require.NoError(t, err)
	require.True(t, ok, "refused: nothing deleted")

	code, body = e.do("DELETE", "/api/apps/shop", e.admin, "")
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"app":"shop","sessions":2}`, body)
	for _, id := range []string{sid("shop-one"), sid("shop-two")} {
		_, ok, err := e.st.SessionAccess(context.Background(), id)
		require.NoError(t, err)
		assert.False(t, ok, "the session and its data key are gone")
	}
	used, err := e.st.AppBytes(context.Background(), "shop")
	require.NoError(t, err)
	assert.Zero(t, used)
	code, _ = e.do("GET", "/api/apps/shop/settings", e.admin, "")
	assert.Equal(t, http.StatusNotFound, code)
	code, body = e.send(q("shop", sid("shop-three"), 0), gz(mustEvents(rec[0])), "https://shop.example")
	assert.Equal(t, http.StatusNotFound, code, body)
	assert.Contains(t, body, `unknown application \"shop\"`)
	code, _ = e.do("GET", ConfigPath+"?app=shop", "", "")
	assert.Equal(t, http.StatusNotFound, code)
	_, ok, err = e.st.Session(context.Background(), sid("blog-one"))
	require.NoError(t, err)
	assert.True(t, ok, "another application keeps its sessions")

	log, err := e.st.AuditLog(context.Background(), store.AuditFilter{})
	require.NoError(t, err)
	var deleted, refused int
	for _, a := range log {
		if a.Action != "app.delete" {
			continue
		}
		if assert.Equal(t, "shop", a.App) && json.Valid([]byte(a.Detail)) {
			var d map[string]any
			require.NoError(t, json.Unmarshal([]byte(a.Detail), &d))
			if d["outcome"] == "refused" {
				refused++
				continue
			}
			deleted++
			assert.EqualValues(t, 2, d["sessions"])
			assert.NotNil(t, d["settings"], "the settings before")
		}
	}
	assert.Equal(t, 1, deleted)
	assert.Equal(t, 1, refused, "the admin of another application (the roles lacking the action are audited as api.access)")

	// Its name no longer counts: a second application fits again.
	code, body = e.do("PUT", "/api/apps/third/settings", e.admin, `{"recorder":{"application":"third","endpoint":"/veil/ingest"}}`)
	assert.Equal(t, http.StatusOK, code, body)
	code, body = e.do("DELETE", "/api/apps/shop", e.admin, "")
	assert.Equal(t, http.StatusNotFound, code, body)
	assert.JSONEq(t, `{"error":"no such application"}`, body)
	code, body = e.do("DELETE", "/api/apps/Bad.Name", e.admin, "")
	assert.Equal(t, http.StatusBadRequest, code, body)
}

// Sessions left of an application whose settings are gone can be deleted
// with it.
func TestDeleteAppWithoutSettings(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	e.sendBatch("shop", sid("orphan"), 0, rec[0])
	e.srv.dropApp("shop") // as if its settings had gone
	code, body := e.do("DELETE", "/api/apps/shop", e.admin, "")
	require.Equal(t, http.StatusOK, code, body)
	assert.JSONEq(t, `{"app":"shop","sessions":1}`, body)
}
