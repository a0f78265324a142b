package server

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONAnswersAreNeverSniffed: errors quote their input (a path, an
// origin), so every JSON answer, error or not, says nosniff.
func TestJSONAnswersAreNeverSniffed(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ method, path, token string }{
		{"GET", "/<script>alert(1)</script>", ""},
		{"POST", IngestPath + "?app=shop", ""},
		{"GET", "/api/sessions", ""},
		{"GET", "/api/sessions", e.admin},
		{"GET", ConfigPath + "?app=shop", ""},
		{"GET", "/readyz", ""},
		{"GET", "/healthz", ""},
	} {
		req, err := http.NewRequest(c.method, e.ts.URL+c.path, nil)
		require.NoError(t, err)
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, "application/json", resp.Header.Get("Content-Type"), "%s %s", c.method, c.path)
		assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"), "%s %s (%d)", c.method, c.path, resp.StatusCode)
	}
}

// The 503 of /readyz is JSON too: never sniffed.
func TestReadyzRefusalIsNeverSniffed(t *testing.T) {
	e := newEnv(t)
	require.NoError(t, e.st.Close())
	resp, err := http.Get(e.ts.URL + "/readyz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
}
