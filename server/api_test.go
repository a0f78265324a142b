package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

func TestPermissionMatrix(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	n := 0
	// fresh gives each call that changes state its own target.
	fresh := func() string {
		n++
		s := sid("perm" + strings.Repeat("p", n%5) + string(rune('a'+n%26)) + string(rune('a'+n/26)))
		e.sendBatch("shop", s, 0, rec[0])
		return s
	}
	freshToken := func() string {
		_, tok, err := CreateToken(context.Background(), e.st, "test", auth.Replay, []string{"shop"}, "", e.clock.Now())
		require.NoError(t, err)
		return tok.ID
	}
	viewed := fresh()
	settingsDoc := shopSettings
	exportDoc := `{"apps":{"shop":` + shopSettings + `}}`
	endpoints := []struct {
		name    string
		method  string
		path    func() string
		body    string
		allowed []auth.Role
	}{
		{"list apps", "GET", func() string { return "/api/apps" }, "", auth.Roles},
		{"list sessions", "GET", func() string { return "/api/sessions?app=shop" }, "", []auth.Role{auth.Replay, auth.ReplayUnmasked, auth.Admin}},
		{"session metadata", "GET", func() string { return "/api/sessions/" + viewed }, "", []auth.Role{auth.Replay, auth.ReplayUnmasked, auth.Admin}},
		{"events masked", "GET", func() string { return "/api/sessions/" + viewed + "/events" }, "", []auth.Role{auth.Replay, auth.ReplayUnmasked, auth.Admin}},
		{"events unmasked", "GET", func() string { return "/api/sessions/" + viewed + "/events?unmasked=1" }, "", []auth.Role{auth.ReplayUnmasked}},
		{"delete session", "DELETE", func() string { return "/api/sessions/" + fresh() }, "", []auth.Role{auth.Admin}},
		{"get settings", "GET", func() string { return "/api/apps/shop/settings" }, "", []auth.Role{auth.Settings, auth.Admin}},
		{"put settings", "PUT", func() string { return "/api/apps/shop/settings" }, settingsDoc, []auth.Role{auth.Settings, auth.Admin}},
		{"export settings", "GET", func() string { return "/api/settings/export" }, "", []auth.Role{auth.Settings, auth.Admin}},
		{"import settings", "POST", func() string { return "/api/settings/import" }, exportDoc, []auth.Role{auth.Settings, auth.Admin}},
		{"list tokens", "GET", func() string { return "/api/tokens" }, "", []auth.Role{auth.Admin}},
		{"create token", "POST", func() string { return "/api/tokens" }, `{"role":"replay","apps":["shop"]}`, []auth.Role{auth.Admin}},
		{"revoke token", "DELETE", func() string { return "/api/tokens/" + freshToken() }, "", []auth.Role{auth.Admin}},
		{"read audit", "GET", func() string { return "/api/audit" }, "", []auth.Role{auth.Admin}},
		{"export audit", "GET", func() string { return "/api/audit/export" }, "", []auth.Role{auth.Admin}},
	}
	tokens := map[auth.Role]string{}
	for _, r := range auth.Roles {
		tokens[r] = e.token(r, "shop")
	}
	for _, ep := range endpoints {
		for _, role := range auth.Roles {
			t.Run(ep.name+"/"+string(role), func(t *testing.T) {
				code, body := e.do(ep.method, ep.path(), tokens[role], ep.body)
				if contains(ep.allowed, role) {
					assert.True(t, code >= 200 && code < 300, "want success, got %d %s", code, body)
				} else {
					assert.Equal(t, 403, code, body)
					assert.Contains(t, body, "may not")
				}
			})
		}
		t.Run(ep.name+"/no token", func(t *testing.T) {
			code, body := e.do(ep.method, ep.path(), "", ep.body)
			assert.Equal(t, 401, code, body)
		})
		t.Run(ep.name+"/revoked token", func(t *testing.T) {
			secret, tok, err := CreateToken(context.Background(), e.st, "test", auth.Admin, []string{"*"}, "", e.clock.Now())
			require.NoError(t, err)
			_, err = RevokeToken(context.Background(), e.st, "test", tok.ID, e.clock.Now())
			require.NoError(t, err)
			code, body := e.do(ep.method, ep.path(), secret, ep.body)
			assert.Equal(t, 401, code, body)
			// a revoked token counts as a guess (TestBearerGuessesAreLimited):
			// the clock gives it back before the next endpoint
			e.clock.Advance(time.Duration(float64(time.Second) / TokenGuessesPerClient))
		})
	}
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestScopes(t *testing.T) {
	e := newEnv(t)
	e.putSettings("blog", `{"recorder":{"application":"blog","endpoint":"/veil/ingest"}}`)
	rec := record(t, rules.MaskAll())
	s := sid("blogonly")
	code, msg := e.send(q("blog", s, 0), gz(mustEvents(rec[0])), "")
	require.Equal(t, 204, code, msg)
	shopReplay := e.token(auth.Replay, "shop")
	code, _ = e.do("GET", "/api/sessions/"+s, shopReplay, "")
	assert.Equal(t, 404, code, "a session outside the scope looks absent")
	code, body := e.do("GET", "/api/sessions", shopReplay, "")
	assert.Equal(t, 200, code)
	assert.NotContains(t, body, s)
	code, _ = e.do("GET", "/api/sessions?app=blog", shopReplay, "")
	assert.Equal(t, 403, code)
	shopAdmin := e.token(auth.Admin, "shop")
	code, body = e.do("POST", "/api/tokens", shopAdmin, `{"role":"admin","apps":["*"]}`)
	assert.Equal(t, 403, code, body)
	code, body = e.do("PUT", "/api/apps/blog/settings", e.token(auth.Settings, "shop"), `{"recorder":{"application":"blog","endpoint":"/x"}}`)
	assert.Equal(t, 403, code, body)
	code, body = e.do("GET", "/api/apps", shopReplay, "")
	assert.Equal(t, 200, code)
	assert.Contains(t, body, `"shop"`)
	assert.NotContains(t, body, `"blog"`)
}

func mustEvents(evs []capture.Event) []byte { return capture.AppendEvents(nil, evs) }

type auditRow struct {
	Actor, Action, Outcome, App, Target string
	Detail                              map[string]any
}

func (e *env) auditLog() []auditRow {
	e.t.Helper()
	code, body := e.do("GET", "/api/audit", e.admin, "")
	require.Equal(e.t, 200, code, body)
	var rows []auditRow
	require.NoError(e.t, json.Unmarshal([]byte(body), &rows))
	return rows
}

func TestAuditEntries(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("audited")
	e.sendBatch("shop", s, 0, rec[0])
	un := e.token(auth.ReplayUnmasked, "shop")
	code, _ := e.do("GET", "/api/sessions/"+s+"/events", un, "")
	require.Equal(t, 200, code)
	code, _ = e.do("GET", "/api/sessions/"+s+"/events?unmasked=1", un, "")
	require.Equal(t, 200, code)
	e.putSettings("shop", `{"recorder":{"application":"shop","endpoint":"/veil/ingest","optIn":true},"allowedOrigins":["https://shop.example"]}`)
	code, body := e.do("POST", "/api/tokens", e.admin, `{"role":"settings","apps":["shop"],"note":"ops"}`)
	require.Equal(t, 201, code, body)
	var created struct{ ID, Secret string }
	require.NoError(t, json.Unmarshal([]byte(body), &created))
	require.True(t, strings.HasPrefix(created.Secret, auth.Prefix))
	code, _ = e.do("DELETE", "/api/tokens/"+created.ID, e.admin, "")
	require.Equal(t, 204, code)
	code, _ = e.do("DELETE", "/api/sessions/"+s, e.admin, "")
	require.Equal(t, 204, code)

	rows := e.auditLog()
	byAction := map[string][]auditRow{}
	for _, r := range rows {
		byAction[r.Action] = append(byAction[r.Action], r)
	}
	views := byAction["session.view"]
	require.Len(t, views, 2)
	assert.Equal(t, true, views[0].Detail["masked"])
	assert.Equal(t, false, views[1].Detail["masked"])
	assert.Equal(t, sessionDigest(s), views[1].Target, "audit names a session by a digest, so its id leaves no trace once deleted")
	assert.NotEmpty(t, views[1].Actor)
	puts := byAction["settings.put"]
	require.Len(t, puts, 2, "the initial put and the change")
	before := puts[1].Detail["before"].(map[string]any)["recorder"].(map[string]any)
	after := puts[1].Detail["after"].(map[string]any)["recorder"].(map[string]any)
	assert.Equal(t, false, before["optIn"])
	assert.Equal(t, true, after["optIn"])
	var apiCreated []auditRow
	for _, r := range byAction["token.create"] {
		if r.Actor != "test" { // the fixtures' own tokens
			apiCreated = append(apiCreated, r)
		}
	}
	require.Len(t, apiCreated, 1)
	assert.Equal(t, created.ID, apiCreated[0].Target)
	assert.Equal(t, "settings", apiCreated[0].Detail["role"])
	assert.Equal(t, created.ID, byAction["token.revoke"][0].Target)
	require.Len(t, byAction["session.delete"], 1)
	assert.Equal(t, sessionDigest(s), byAction["session.delete"][0].Target, "a deleted session's id leaves no trace")
	assert.NotContains(t, mustJSON(rows), created.Secret, "secrets are never audited")

	code, body = e.do("GET", "/api/audit/export", e.admin, "")
	require.Equal(t, 200, code)
	lines := strings.Split(strings.TrimSpace(body), "\n")
	assert.Len(t, lines, len(rows))
	for _, l := range lines {
		assert.True(t, json.Valid([]byte(l)), l)
	}
	_, err := e.st.DeleteIdle(context.Background(), "none", e.clock.Now()) // unrelated write still works
	require.NoError(t, err)
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	e := newEnv(t)
	require.NoError(t, e.st.Audit(context.Background(), store.AuditEntry{Actor: "x", Action: "y"}))
	db, err := sql.Open("sqlite", e.db)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(`DELETE FROM audit`)
	require.ErrorContains(t, err, "append-only")
	_, err = db.Exec(`UPDATE audit SET actor = 'z'`)
	require.ErrorContains(t, err, "append-only")
}

func TestRetentionSweep(t *testing.T) {
	e := newEnv(t)
	e.putSettings("blog", `{"recorder":{"application":"blog","endpoint":"/veil/ingest"},"retentionDays":7}`)
	rec := record(t, rules.MaskAll())
	old, oldBlog := sid("oldshop"), sid("oldblog")
	e.sendBatch("shop", old, 0, rec[0])
	code, msg := e.send(q("blog", oldBlog, 0), gz(mustEvents(rec[0])), "")
	require.Equal(t, 204, code, msg)
	e.clock.Advance(8 * 24 * time.Hour)
	recent := sid("recentshop")
	e.sendBatch("shop", recent, 0, rec[0])
	n, err := e.srv.Sweep(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n, "blog keeps 7 days")
	_, ok, _ := e.st.Session(context.Background(), oldBlog)
	assert.False(t, ok)
	e.clock.Advance(28 * 24 * time.Hour) // old shop session: 36 days
	n, err = e.srv.Sweep(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n, "shop keeps the default 35 days")
	_, ok, _ = e.st.Session(context.Background(), old)
	assert.False(t, ok)
	_, ok, _ = e.st.Session(context.Background(), recent)
	assert.True(t, ok)
	code, body := e.do("PUT", "/api/apps/shop/settings", e.admin, `{"recorder":{"application":"shop","endpoint":"/x"},"retentionDays":36}`)
	assert.Equal(t, 400, code)
	assert.Contains(t, body, "retentionDays")
	expired := 0
	for _, r := range e.auditLog() {
		if r.Action == "session.expire" {
			expired++
		}
	}
	assert.Equal(t, 2, expired)
}

func TestDeletion(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	t.Run("API", func(t *testing.T) {
		s := sid("apidelete")
		e.sendBatch("shop", s, 0, rec[0])
		code, _ := e.do("DELETE", "/api/sessions/"+s, e.admin, "")
		assert.Equal(t, 204, code)
		code, _ = e.do("GET", "/api/sessions/"+s, e.admin, "")
		assert.Equal(t, 404, code)
		bs, err := e.st.StoredBatches(context.Background(), s)
		require.NoError(t, err)
		assert.Empty(t, bs)
		code, _ = e.do("DELETE", "/api/sessions/"+s, e.admin, "")
		assert.Equal(t, 404, code)
	})
	t.Run("visitor", func(t *testing.T) {
		s := sid("visitordelete")
		e.sendBatch("shop", s, 0, rec[0])
		e.sendBatch("shop", s, 2, rec[2]) // a pending batch goes too
		code, body := e.send(q("shop", s, 0)+"&delete=1", nil, "https://shop.example")
		require.Equal(t, 204, code, body)
		_, ok, err := e.st.Session(context.Background(), s)
		require.NoError(t, err)
		assert.False(t, ok)
		e.sendBatch("shop", s, 1, rec[1]) // a late batch of a deleted session is not stored
		_, ok, _ = e.st.Session(context.Background(), s)
		assert.False(t, ok)
		var visitor int
		for _, r := range e.auditLog() {
			if r.Action == "session.delete" && r.Actor == "visitor" && r.Target == sessionDigest(s) {
				visitor++
			}
		}
		assert.Equal(t, 1, visitor)
	})
	t.Run("visitor cannot delete another application's session", func(t *testing.T) {
		e.putSettings("blog", `{"recorder":{"application":"blog","endpoint":"/veil/ingest"}}`)
		s := sid("shopkept")
		e.sendBatch("shop", s, 0, rec[0])
		code, _ := e.send("app=blog&session="+s+"&delete=1", nil, "")
		assert.Equal(t, 204, code, "no probing: the answer is the same")
		_, ok, _ := e.st.Session(context.Background(), s)
		assert.True(t, ok)
	})
}

func TestEncryptionAtRest(t *testing.T) {
	db := t.TempDir() + "/veil.db"
	e := newEnvAt(t, db, testKeyLine)
	rec := record(t, rules.MaskAll())
	s1 := sid("beforerotation")
	for i, b := range rec {
		e.sendBatch("shop", s1, i, b)
	}
	raw := readDB(t, db)
	require.Contains(t, raw, "SQLite format 3", "the raw file is read")
	for _, needle := range []string{"cart-zq9x-secretclass", "added-zq9x", `"type":2`, `"childNodes"`, "*****"} {
		assert.False(t, strings.Contains(raw, needle), "event text %q in the raw database", needle)
	}
	require.NoError(t, e.st.Close())
	e.ts.Close()

	rotated, err := keys.NewLine("k2")
	require.NoError(t, err)
	e2 := newEnvAt(t, db, testKeyLine+"\n"+rotated)
	s2 := sid("afterrotation")
	for i, b := range rec {
		e2.sendBatch("shop", s2, i, b)
	}
	a, _, err := e2.st.SessionAccess(context.Background(), s2)
	require.NoError(t, err)
	assert.Equal(t, "k2", keys.KeyID(a.DataKey), "new sessions' data keys are wrapped by the new key")
	a, _, err = e2.st.SessionAccess(context.Background(), s1)
	require.NoError(t, err)
	assert.Equal(t, "k1", keys.KeyID(a.DataKey), "old data keys are not rewrapped")
	un := e2.token(auth.ReplayUnmasked, "shop")
	for _, s := range []string{s1, s2} {
		code, body := e2.do("GET", "/api/sessions/"+s+"/events?unmasked=1", un, "")
		require.Equal(t, 200, code, body)
		assert.Contains(t, body, "cart-zq9x-secretclass", "readable after rotation")
	}
	require.NoError(t, e2.st.Close())
	e2.ts.Close()
	_, err = store.Open(db)
	require.NoError(t, err)
}

func readDB(t *testing.T, db string) string {
	var all []byte
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(db + suffix)
		if err == nil {
			all = append(all, b...)
		}
	}
	require.NotEmpty(t, all)
	return string(all)
}
