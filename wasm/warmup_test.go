package main

import (
	"errors"
	"io"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// The warm-up must really run the engine (a batch it rejected would warm up
// only the decoder), and must leave no trace in the real session.
func TestWarmUpMasksItsPage(t *testing.T) {
	for _, rows := range []int{1, 30, warmUpRows} {
		t.Run(strconv.Itoa(rows)+" rows", func(t *testing.T) {
			n := warmUp(1, warmUpBatches(rows)...)
			require.Positive(t, n, "events produced by the warm-up session")
			// FullSnapshot and Meta, then the mutation group and the input.
			assert.GreaterOrEqual(t, n, 4)
		})
	}
}

func TestWarmUpBatchesAreWellFormed(t *testing.T) {
	for i, b := range warmUpBatches(20) {
		r, err := capture.NewReader(b)
		require.NoError(t, err, "batch %d", i)
		ops := 0
		var op capture.Op
		for {
			err := r.Next(&op)
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err, "batch %d op %d", i, ops)
			ops++
		}
		assert.Greater(t, ops, 20, "batch %d", i)
	}
}

func TestWarmUpLeavesEngineUntouched(t *testing.T) {
	warmUp(warmUpPasses, warmUpPage, warmUpMutations)
	e := newEngine()
	require.Empty(t, e.Init([]byte(`{"application":"a","endpoint":"/c"}`), consent{state: "granted", source: "optIn"}))
	w := capture.NewWriter(1000)
	w.SnapshotStart(1000, "https://shop.test/a", 800, 600, 0, 0)
	w.Node(1, 0, 0, &capture.NodeData{Kind: capture.KindDocument})
	w.SnapshotEnd(1001)
	r := e.Write(w.Bytes())
	require.Empty(t, r.Err)
	assert.NotContains(t, string(r.Events), "warm-up")
	assert.Contains(t, string(r.Events), `"consentSource":"optIn"`)
}
