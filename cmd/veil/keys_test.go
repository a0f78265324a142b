package main

import (
	"bytes"
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/keys"
)

func TestKeysNewAndAdd(t *testing.T) {
	p := filepath.Join(t.TempDir(), "veil.keys")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"keys", "new", "--keys", p, "--id", "first"}, nil, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "--keys "+p)
	st, err := os.Stat(p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	assert.Equal(t, 1, run([]string{"keys", "new", "--keys", p}, nil, &out, &errOut), "never overwrites")
	require.Equal(t, 0, run([]string{"keys", "add", "--keys", p, "--id", "second"}, nil, &out, &errOut), errOut.String())
	ring, err := keys.Load(p)
	require.NoError(t, err)
	assert.Equal(t, "second", ring.Current())
	for _, args := range [][]string{{"keys"}, {"keys", "frob"}, {"keys", "new", "extra"}} {
		assert.Equal(t, 2, run(args, nil, &out, &errOut), "%v", args)
	}
}

func TestServeRefusesSharedKeyring(t *testing.T) {
	p := filepath.Join(t.TempDir(), "veil.keys")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"keys", "new", "--keys", p}, nil, &out, &errOut))
	require.NoError(t, os.Chmod(p, 0o644))
	code := serve(context.Background(), []string{"--keys", p, "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "v.db")}, &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), "chmod 600 "+p)
}

func TestParseTrustProxy(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"127.0.0.1", []string{"127.0.0.1/32"}, true},
		{"10.0.0.0/8, 192.168.1.7/24", []string{"10.0.0.0/8", "192.168.1.0/24"}, true},
		{"::1,fd00::/8", []string{"::1/128", "fd00::/8"}, true},
		{"proxy.local", nil, false},
		{"10.0.0.0/33", nil, false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := parseTrustProxy(c.in)
			if !c.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			var want []netip.Prefix
			for _, w := range c.want {
				want = append(want, netip.MustParsePrefix(w))
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestServeRefusesBadTrustProxy(t *testing.T) {
	var out, errOut bytes.Buffer
	code := serve(context.Background(), []string{"--demo", "--trust-proxy", "proxy.local", "--db", filepath.Join(t.TempDir(), "v.db")}, &out, &errOut)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut.String(), "--trust-proxy")
}
