package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
)

// TestAPIAnswersCarrySecurityHeaders: every answer of an authenticated API
// route — a recorded page's events, settings, the audit export, the 201 that
// carries a new token's secret, the 204s of deletions — is never cached,
// never sniffed, never framed and loads nothing if opened as a document.
func TestAPIAnswersCarrySecurityHeaders(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("headers")
	e.sendBatch("shop", s, 0, rec[0])
	_, _, err := CreateToken(t.Context(), e.st, "test", auth.Replay, []string{"shop"}, "", e.clock.Now())
	require.NoError(t, err)
	tokens := func() string { // the id of the replay token, to revoke it
		_, body := e.do("GET", "/api/tokens", e.admin, "")
		var list []tokenJSON
		require.NoError(t, json.Unmarshal([]byte(body), &list))
		for _, tk := range list {
			if tk.Role == string(auth.Replay) {
				return tk.ID
			}
		}
		t.Fatal("no replay token listed")
		return ""
	}
	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/api/apps", "", 200},
		{"GET", "/api/sessions", "", 200},
		{"GET", "/api/sessions/" + s, "", 200},
		{"GET", "/api/sessions/" + s + "/events", "", 200},
		{"GET", "/api/apps/shop/settings", "", 200},
		{"GET", "/api/settings/export", "", 200},
		{"GET", "/api/audit", "", 200},
		{"GET", "/api/audit/export", "", 200},
		{"GET", "/api/tokens", "", 200},
		{"POST", "/api/tokens", `{"role":"replay","apps":["shop"],"note":"n"}`, 201},
		{"DELETE", "/api/tokens/" + tokens(), "", 204},
		{"DELETE", "/api/sessions/" + s, "", 204},
		{"GET", "/api/sessions/nosuchsessionxxxxx", "", 404},
	} {
		req, err := http.NewRequest(c.method, e.ts.URL+c.path, strings.NewReader(c.body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+e.admin)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		name := c.method + " " + c.path
		require.Equal(t, c.status, resp.StatusCode, "%s: %s", name, b)
		h := resp.Header
		assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), name)
		assert.Equal(t, "no-store", h.Get("Cache-Control"), name)
		assert.Contains(t, h.Get("Content-Security-Policy"), "default-src 'none'", name)
		assert.Contains(t, h.Get("Content-Security-Policy"), "frame-ancestors 'none'", name)
		assert.Equal(t, "no-referrer", h.Get("Referrer-Policy"), name)
		assert.Equal(t, "same-origin", h.Get("Cross-Origin-Resource-Policy"), name)
		if c.status == 201 || c.status == 404 {
			assert.Equal(t, "application/json", h.Get("Content-Type"), name)
		}
	}
}
