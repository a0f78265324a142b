package server

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/store"
)

// addSession stores a session row directly (one dropped batch), without the
// ingest protocol: listing tests need many sessions and exact metadata.
func (e *env) addSession(app, id string, seen time.Time, d store.Delta) {
	e.t.Helper()
	d.Seen = seen
	_, err := e.st.AddBatch(e.t.Context(), store.Batch{App: app, Session: id, Seq: 0, State: store.Dropped, Received: seen}, d)
	require.NoError(e.t, err)
}

// refusals returns the refused entries of the audit log by action.
func (e *env) refusals() map[string][]auditRow {
	out := map[string][]auditRow{}
	for _, r := range e.auditLog() {
		if r.Outcome == "refused" {
			out[r.Action] = append(out[r.Action], r)
		} else {
			assert.Equal(e.t, "done", r.Outcome, r.Action)
		}
	}
	return out
}

func TestAdminCannotMintMoreThanItHolds(t *testing.T) {
	e := newEnv(t)
	shopAdmin := e.token(auth.Admin, "shop")
	cases := []struct {
		name, by, body string
		want           int
	}{
		{"admin grants replay", e.admin, `{"role":"replay","apps":["shop"]}`, http.StatusCreated},
		{"admin grants settings", e.admin, `{"role":"settings","apps":["*"]}`, http.StatusCreated},
		{"admin grants admin", e.admin, `{"role":"admin","apps":["shop"]}`, http.StatusCreated},
		{"admin grants replay-unmasked", e.admin, `{"role":"replay-unmasked","apps":["shop"]}`, http.StatusForbidden},
		{"scoped admin grants replay-unmasked", shopAdmin, `{"role":"replay-unmasked","apps":["shop"]}`, http.StatusForbidden},
		{"scoped admin grants all applications", shopAdmin, `{"role":"replay","apps":["*"]}`, http.StatusForbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := e.do("POST", "/api/tokens", c.by, c.body)
			require.Equal(t, c.want, code, body)
			if code != http.StatusCreated {
				assert.NotContains(t, body, auth.Prefix, "no secret is handed out")
			}
		})
	}
	list, err := e.st.Tokens(t.Context())
	require.NoError(t, err)
	for _, tok := range list {
		assert.NotEqual(t, string(auth.ReplayUnmasked), tok.Role, "no replay-unmasked token exists")
	}
	refused := e.refusals()["token.create"]
	require.Len(t, refused, 3, "every refused creation is audited")
	assert.Contains(t, refused[0].Detail["reason"], "may not grant role replay-unmasked")
	assert.Contains(t, refused[2].Detail["reason"], "scope")

	// The operator on the collector's machine still can (the CLI's path).
	secret, tok, err := CreateToken(t.Context(), e.st, "cli", auth.ReplayUnmasked, []string{"shop"}, "", e.clock.Now())
	require.NoError(t, err)
	assert.Equal(t, string(auth.ReplayUnmasked), tok.Role)
	code, _ := e.do("GET", "/api/sessions", secret, "")
	assert.Equal(t, http.StatusOK, code)
}

func TestRefusalsAreAudited(t *testing.T) {
	e := newEnv(t)
	e.putSettings("blog", `{"recorder":{"application":"blog","endpoint":"/veil/ingest"}}`)
	now := e.clock.Now()
	shopSession, blogSession := sid("shopsession"), sid("blogsession")
	e.addSession("shop", shopSession, now, store.Delta{})
	e.addSession("blog", blogSession, now, store.Delta{})
	shopReplay := e.token(auth.Replay, "shop")
	settings := e.token(auth.Settings, "shop")

	steps := []struct {
		name, method, path, token string
		want                      int
		action, target            string
	}{
		{"unmasked replay without the role", "GET", "/api/sessions/" + shopSession + "/events?unmasked=1", e.admin, 403, "session.view", sessionDigest(shopSession)},
		{"session out of scope", "GET", "/api/sessions/" + blogSession, shopReplay, 404, "session.access", sessionDigest(blogSession)},
		{"events out of scope", "GET", "/api/sessions/" + blogSession + "/events", shopReplay, 404, "session.access", sessionDigest(blogSession)},
		{"listing out of scope", "GET", "/api/sessions?app=blog", shopReplay, 403, "session.list", ""},
		{"settings out of scope", "GET", "/api/apps/blog/settings", settings, 404, "settings.get", ""},
		{"role lacks the action", "GET", "/api/sessions", settings, 403, "api.access", ""},
	}
	for _, c := range steps {
		t.Run(c.name, func(t *testing.T) {
			code, body := e.do(c.method, c.path, c.token, "")
			require.Equal(t, c.want, code, body)
			got := e.refusals()[c.action]
			require.NotEmpty(t, got, "refusal audited as "+c.action)
			last := got[len(got)-1]
			assert.Equal(t, c.target, last.Target)
			assert.NotEmpty(t, last.Detail["reason"])
		})
	}
	code, _ := e.do("GET", "/api/sessions/"+sid("nosuchsession"), shopReplay, "")
	require.Equal(t, 404, code)
	for _, rows := range e.refusals() {
		for _, r := range rows {
			assert.NotEqual(t, sid("nosuchsession"), r.Target, "a missing session is no refusal")
		}
	}
}

func TestFailedViewerLoginsAreAudited(t *testing.T) {
	e := newEnv(t)
	v := e.viewer(t)
	_, page := v.req("GET", "/viewer/login", nil)
	resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {"veil_guess"}, "csrf": {csrfOf(t, page)}})
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	v.req("GET", "/viewer/login", nil)
	resp, _ = v.req("POST", "/viewer/login", url.Values{"token": {e.admin}, "csrf": {"forged"}})
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	got := e.refusals()["viewer.login"]
	require.Len(t, got, 2)
	assert.Equal(t, "anonymous", got[0].Actor)
	assert.Equal(t, "unknown or revoked token", got[0].Detail["reason"])
	assert.Equal(t, "CSRF check failed", got[1].Detail["reason"])
	for _, r := range got {
		b, _ := json.Marshal(r)
		assert.NotContains(t, string(b), "veil_guess", "the guessed token is not written down")
	}

	// The export says which lines are refusals.
	code, body := e.do("GET", "/api/audit/export", e.admin, "")
	require.Equal(t, 200, code)
	refusedLines := 0
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		var line struct{ Action, Outcome string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line))
		require.NotEmpty(t, line.Outcome, "every exported line has an outcome")
		if line.Outcome == "refused" {
			refusedLines++
			assert.Equal(t, "viewer.login", line.Action)
		}
	}
	assert.Equal(t, 2, refusedLines)
}

// Login attempts are limited per client, so guessing tokens is slow and a
// flood of failed logins cannot grow the append-only audit log without end:
// the attempts past the limit are answered 429 and not audited.
func TestViewerLoginsAreRateLimited(t *testing.T) {
	e := newEnv(t)
	v := e.viewer(t)
	for i := 0; i < LoginsPerClientBurst; i++ {
		_, page := v.req("GET", "/viewer/login", nil)
		resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {"veil_guess"}, "csrf": {csrfOf(t, page)}})
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "attempt %d is within the burst", i+1)
	}
	_, page := v.req("GET", "/viewer/login", nil)
	resp, _ := v.req("POST", "/viewer/login", url.Values{"token": {e.admin}, "csrf": {csrfOf(t, page)}})
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the attempt past the burst is refused, even with a good token")
	assert.NotEmpty(t, resp.Header.Get("Retry-After"))
	assert.Len(t, e.refusals()["viewer.login"], LoginsPerClientBurst, "only the attempts within the limit are audited")
}
