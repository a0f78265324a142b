package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/server/store"
)

// The API never hands out replay-unmasked (server: TestAdminCannotMintMoreThanItHolds);
// the operator on the collector's machine still can, and it is audited as the CLI.
func TestCLICreatesReplayUnmaskedTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	var out, errOut bytes.Buffer
	require.Equal(t, 0, runToken([]string{"create", "--role", "replay-unmasked", "--apps", "shop", "--db", db}, &out, &errOut), errOut.String())
	assert.True(t, strings.HasPrefix(strings.TrimSpace(out.String()), "veil_"))
	st, err := store.Open(db)
	require.NoError(t, err)
	defer st.Close()
	list, err := st.Tokens(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "replay-unmasked", list[0].Role)
	log, err := st.AuditLog(t.Context(), store.AuditFilter{})
	require.NoError(t, err)
	require.Len(t, log, 1)
	assert.Equal(t, "cli", log[0].Actor)
	assert.Equal(t, "token.create", log[0].Action)
}
