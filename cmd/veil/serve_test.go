package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe to read while serve writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeRefusesWithoutKeys(t *testing.T) {
	t.Setenv("VEIL_KEYS", "")
	var out, errOut bytes.Buffer
	code := serve(context.Background(), []string{"--db", filepath.Join(t.TempDir(), "v.db")}, &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "refusing")
}

func TestServeDemoRunsAndStops(t *testing.T) {
	t.Setenv("VEIL_KEYS", "")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int)
	go func() {
		done <- serve(ctx, []string{"--demo", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "v.db")}, &out, &errOut)
	}()
	re := regexp.MustCompile(`listening on (http://[0-9.:]+)`)
	var url string
	require.Eventually(t, func() bool {
		m := re.FindStringSubmatch(out.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	}, 10*time.Second, 10*time.Millisecond)
	assert.Contains(t, errOut.String(), "EPHEMERAL")
	resp, err := http.Get(url + "/api/apps")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 401, resp.StatusCode)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code)
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.Contains(t, out.String(), "shutting down")
}

func TestTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, runToken([]string{"create", "--role", "admin", "--apps", "*", "--db", db}, &out, &errOut), errOut.String())
	secret := strings.TrimSpace(out.String())
	assert.True(t, strings.HasPrefix(secret, "veil_"))
	id := regexp.MustCompile(`token (t[0-9a-f]+)`).FindStringSubmatch(errOut.String())[1]
	out.Reset()
	require.Equal(t, 0, runToken([]string{"list", "--db", db}, &out, &errOut))
	assert.Contains(t, out.String(), id)
	assert.NotContains(t, out.String(), secret, "secrets are never listed")
	out.Reset()
	require.Equal(t, 0, runToken([]string{"revoke", "--db", db, id}, &out, &errOut))
	require.Equal(t, 1, runToken([]string{"revoke", "--db", db, id}, &out, &errOut), "twice")
	out.Reset()
	require.Equal(t, 0, runToken([]string{"list", "--db", db}, &out, &errOut))
	assert.Contains(t, out.String(), "revoked")

	for _, args := range [][]string{{}, {"frob"}, {"create", "--role", "god", "--apps", "*"}, {"create", "--apps", ""}, {"revoke"}} {
		assert.Equal(t, 2, runToken(args, &out, &errOut), "%v", args)
	}
}
