package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// TestSessionCapability: appending to and deleting a session need the secret
// its first accepted batch came with; the id alone (as the API and viewer
// show it) does neither.
func TestSessionCapability(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("capability")
	e.sendBatch("shop", s, 0, rec[0])
	before := e.fingerprint(s)
	body := gz(capture.AppendEvents(nil, rec[1]))
	base := "app=shop&session=" + s + "&seq=1"
	other := "another-secret-of-22chars"
	cases := []struct {
		name   string
		query  string
		status int
		msg    string
	}{
		{"append without a secret (an older recorder)", base, 403, "session secret"},
		{"append with a short secret", base + "&key=short", 403, "session secret"},
		{"append with another secret", base + "&key=" + other, 403, "not this session's secret"},
		{"append with another secret, ahead", "app=shop&session=" + s + "&seq=3&key=" + other, 403, "not this session's secret"},
		{"delete without a secret", "app=shop&session=" + s + "&delete=1", 403, "not this session's secret"},
		{"delete with another secret", "app=shop&session=" + s + "&delete=1&key=" + other, 403, "not this session's secret"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b []byte
			if c.status != 0 && c.query != "" && !strings.Contains(c.query, "delete") {
				b = body
			}
			code, msg := e.send(c.query, b, "")
			assert.Equal(t, c.status, code, msg)
			assert.Contains(t, msg, c.msg)
			assert.Equal(t, before, e.fingerprint(s), "nothing changed")
		})
	}
	t.Run("the id shown to a replay user", func(t *testing.T) {
		code, list := e.do("GET", "/api/sessions?app=shop", e.token("replay", "shop"), "")
		require.Equal(t, 200, code)
		require.Contains(t, list, s)
		assert.NotContains(t, list, secretOf(s))
		code, _ = e.send(base, body, "")
		assert.Equal(t, http.StatusForbidden, code)
	})
	t.Run("the recording tab appends and deletes", func(t *testing.T) {
		e.sendBatch("shop", s, 1, rec[1])
		code, msg := e.send(q("shop", s, 0)+"&delete=1", nil, "")
		require.Equal(t, 204, code, msg)
		_, ok, err := e.st.Session(context.Background(), s)
		require.NoError(t, err)
		assert.False(t, ok)
	})
	t.Run("bound at the first accepted batch, after a restart too", func(t *testing.T) {
		s := sid("restarted")
		e.sendBatch("shop", s, 0, rec[0])
		e.srv.live.eng.Forget(s) // as if evicted or restarted, without a tombstone
		code, msg := e.send("app=shop&session="+s+"&seq=1&key="+other, body, "")
		assert.Equal(t, 403, code, msg)
		e.sendBatch("shop", s, 1, rec[1])
	})
	t.Run("a refused first batch binds nothing", func(t *testing.T) {
		s := sid("unbound")
		code, msg := e.send("app=shop&session="+s+"&seq=0&key="+other, []byte(`[]`), "")
		require.Equal(t, 400, code, msg)
		e.sendBatch("shop", s, 0, rec[0]) // the real recorder's secret binds
	})
}

func TestSecretHashing(t *testing.T) {
	a := secretHash("session-aaaaaaaaaaa", "secret-of-twenty-two-chars")
	assert.Len(t, a, 32)
	assert.NotEqual(t, a, secretHash("session-bbbbbbbbbbb", "secret-of-twenty-two-chars"), "bound to the session")
	assert.True(t, secretMatches(a, secretHash("session-aaaaaaaaaaa", "secret-of-twenty-two-chars")))
	assert.False(t, secretMatches(nil, nil), "an unbound session matches nothing")
	for in, want := range map[string]bool{
		"a234567890123456789012":   true,
		"a23456789012345678901":    false,
		"a23456789012345678901!":   false,
		string(make([]byte, 65)):   false,
		"_-abcdefghijABCDEFGHIJ09": true,
	} {
		assert.Equal(t, want, validSecret(in), in)
	}
}

// TestVisitorDeletionOutlivesRestart: after the visitor deleted a session, a
// late batch (a retry, a beacon) is discarded also by a collector started
// afterwards, which has no memory of the deletion but the store's tombstone.
func TestVisitorDeletionOutlivesRestart(t *testing.T) {
	e := newEnv(t)
	rec := record(t, rules.MaskAll())
	s := sid("latebeacon")
	e.sendBatch("shop", s, 0, rec[0])
	code, msg := e.send(q("shop", s, 0)+"&delete=1", nil, "")
	require.Equal(t, 204, code, msg)

	restarted := newEnvAt(t, e.db, e.keyTxt)
	code, msg = restarted.send(q("shop", s, 1), gz(capture.AppendEvents(nil, rec[1])), "")
	assert.Equal(t, 204, code, msg)
	_, ok, err := restarted.st.Session(context.Background(), s)
	require.NoError(t, err)
	assert.False(t, ok, "the late batch was not stored")
}
