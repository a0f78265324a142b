package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"8GiB": 8 << 30, "11184810": server.MaxSessionBytes, "12 MiB": 12 << 20,
		"1024TiB": 1 << 50} {
		got, err := parseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "0", "-1GiB", "1.5GiB", "8GB", strconv.Itoa(server.MaxSessionBytes - 1), "10MiB", "1025TiB",
		"9223372036854775807TiB"} {
		_, err := parseSize(in)
		assert.Error(t, err, in)
	}
}

func TestServeRefusesBadAppQuota(t *testing.T) {
	var out, errOut bytes.Buffer
	code := serve(context.Background(), []string{"--demo", "--app-quota", "lots", "--db", filepath.Join(t.TempDir(), "v.db")}, &out, &errOut)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut.String(), "--app-quota")
}
