package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// startSession compiles r, starts a session with the snapshot of page and
// returns it with a mirror of that snapshot, for tests that write mutations
// by node id.
func startSession(t *testing.T, r rules.Rules, page string) (*Session, *capture.Mirror) {
	t.Helper()
	set, err := rules.Compile(r)
	require.NoError(t, err)
	snap, err := capture.FromHTML(strings.NewReader(page), "https://x.example/", 1)
	require.NoError(t, err)
	s := NewSession(set)
	_, err = s.Write(snap)
	require.NoError(t, err)
	m := capture.NewMirror()
	applyAll(t, m, snap)
	return s, m
}
