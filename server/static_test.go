package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStaticFiles(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "dist")
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	write("veil.js", "recorder")
	write("veil.wasm", "\x00asm")
	write("sub/index.html", "sub index")
	write("nolist/a.js", "a")
	write(".env", "SECRET=1")
	write(".git/config", "secret config")
	write("sub/.hidden", "hidden")
	require.NoError(t, os.WriteFile(filepath.Join(base, "outside.txt"), []byte("outside secret"), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(base, "outside.txt"), filepath.Join(dir, "out.txt")))
	require.NoError(t, os.Symlink(base, filepath.Join(dir, "up")))
	require.NoError(t, os.Symlink("veil.js", filepath.Join(dir, "alias.js")))
	e := newEnv(t, func(o *Options) { o.Static = dir })

	cases := []struct {
		path     string
		want     int
		body     string
		mimeType string
	}{
		{"/veil/veil.js", 200, "recorder", "text/javascript; charset=utf-8"},
		{"/veil/veil.wasm", 200, "\x00asm", "application/wasm"},
		{"/veil/alias.js", 200, "recorder", "text/javascript; charset=utf-8"},
		{"/veil/sub/", 200, "sub index", "text/html; charset=utf-8"},
		{"/veil/", 404, "", ""},
		{"/veil/nolist/", 404, "", ""},
		{"/veil/.env", 404, "", ""},
		{"/veil/.git/config", 404, "", ""},
		{"/veil/sub/.hidden", 404, "", ""},
		{"/veil/out.txt", 404, "", ""},
		{"/veil/%2e%2e/outside.txt", 404, "", ""},
		{"/veil/missing.js", 404, "", ""},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			resp, body := rawReq(t, e, "GET", c.path, nil, nil)
			require.Equal(t, c.want, resp.StatusCode, body)
			if c.want != 200 {
				assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
				var msg struct{ Error string }
				require.NoError(t, json.Unmarshal([]byte(body), &msg))
				assert.NotEmpty(t, msg.Error)
				assert.NotContains(t, body, "secret")
				assert.NotContains(t, body, "nolist/a.js", "no listing")
				return
			}
			assert.Equal(t, c.body, body)
			assert.Equal(t, c.mimeType, resp.Header.Get("Content-Type"))
		})
	}
}

// The recorder's files are shared with pages on any origin (CORS and CORP);
// the viewer's script and other files are not.
func TestStaticCrossOriginHeadersOnlyForRecorder(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"veil.js", "veil-worker.js", "wasm_exec.js", "veil.wasm", "veil.sri.json", "viewer.js", "other.js"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644))
	}
	e := newEnv(t, func(o *Options) { o.Static = dir })
	for _, c := range []struct {
		path   string
		shared bool
	}{
		{"/veil/veil.js", true},
		{"/veil/veil-worker.js?v=abc", true},
		{"/veil/wasm_exec.js", true},
		{"/veil/veil.wasm?v=abc", true},
		{"/veil/veil.sri.json", true},
		{"/veil/viewer.js", false},
		{"/veil/other.js", false},
		{"/veil/missing.js", false},
	} {
		t.Run(c.path, func(t *testing.T) {
			resp, _ := rawReq(t, e, "GET", c.path, nil, nil, "Origin", "https://shop.example")
			if !c.shared {
				assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"))
				assert.Empty(t, resp.Header.Get("Cross-Origin-Resource-Policy"))
				return
			}
			require.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, "cross-origin", resp.Header.Get("Cross-Origin-Resource-Policy"))
		})
	}
}
