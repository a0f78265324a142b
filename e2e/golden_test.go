//go:build !js

package e2e

import (
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// testNow is the clock the page's recorder reads during the golden test, so
// that its batches and capture.FromHTML's carry the same times.
const testNow = 1_700_000_000_000

// ops decodes batches into one readable line per op, so that a mismatch
// shows where the two walks part.
func ops(t *testing.T, batches ...[]byte) []string {
	t.Helper()
	var out []string
	for _, batch := range batches {
		r, err := capture.NewReader(batch)
		require.NoError(t, err)
		var op capture.Op
		for {
			err := r.Next(&op)
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			out = append(out, fmt.Sprintf("%s t=%d id=%d parent=%d next=%d href=%q size=%dx%d xy=%d,%d node=%+v",
				op.Kind, op.Time, op.ID, op.Parent, op.Next, op.Href, op.Width, op.Height, op.X, op.Y, op.Node))
		}
	}
	return out
}
