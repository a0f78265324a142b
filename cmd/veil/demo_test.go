package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeDemoSite is `make demo` without the build: the demo site, its
// settings and a working admin token.
func TestServeDemoSite(t *testing.T) {
	t.Setenv("VEIL_KEYS", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, []string{"--demo", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "v.db"),
			"--demo-site", "../../demo"}, &out, &errOut)
	}()
	token := regexp.MustCompile(`Admin token: (veil_\S+)`)
	site := regexp.MustCompile(`Demo site: +(http://\S+)/demo/`)
	require.Eventually(t, func() bool { return token.MatchString(out.String()) }, 10*time.Second, 10*time.Millisecond, errOut.String())
	base := site.FindStringSubmatch(out.String())[1]
	assert.Contains(t, out.String(), "Viewer:      "+base+"/viewer/")

	get := func(path, bearer string) (int, string) {
		req, err := http.NewRequest("GET", base+path, nil)
		require.NoError(t, err)
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, p := range []string{"index.html", "signup.html", "pay.html", "account.html"} {
		code, body := get("/demo/"+p, "")
		require.Equal(t, 200, code, p)
		assert.Contains(t, body, `<script src="/veil/veil.js" data-config="/veil/config.json?app=demo" async></script>`, p)
	}
	code, cfg := get("/veil/config.json?app=demo", "")
	require.Equal(t, 200, code, cfg)
	assert.Contains(t, cfg, `"block":[".support-chat"]`)
	assert.NotContains(t, cfg, "order-history", "playback rules stay on the server")
	code, settings := get("/api/apps/demo/settings", token.FindStringSubmatch(out.String())[1])
	require.Equal(t, 200, code, settings)
	assert.True(t, strings.Contains(settings, `"playback":{"mode":"allow-list"`), settings)

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code)
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeDemoSiteMissing(t *testing.T) {
	t.Setenv("VEIL_KEYS", "")
	var out, errOut syncBuffer
	code := serve(context.Background(), []string{"--demo", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "v.db"),
		"--demo-site", t.TempDir()}, &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "settings.json")
}
