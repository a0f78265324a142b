package ingest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

func maskAllSet(t *testing.T) *rules.Set {
	t.Helper()
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	return set
}

func TestRemaskerLeavesAMaskedRecordingAlone(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	set := maskAllSet(t)
	rm := NewRemasker(set)
	total := 0
	for i, b := range rec {
		out, ch, err := rm.Write(set, b, "", "")
		require.NoError(t, err, "batch %d", i)
		require.NotEmpty(t, out, "batch %d", i)
		total += ch.Masked
	}
	assert.Zero(t, total, "a recording already masked with the same rules is not changed again")
}

func TestRemaskerMasksClearText(t *testing.T) {
	rec := record(t, rules.ModeBlockList)
	set := maskAllSet(t)
	rm := NewRemasker(set)
	total := 0
	var all, in []byte
	for i, b := range rec {
		in = capture.AppendEvents(in, b)
		out, ch, err := rm.Write(set, b, "", "")
		require.NoError(t, err, "batch %d", i)
		total += ch.Masked
		all = capture.AppendEvents(all, out)
	}
	require.Contains(t, string(in), "Jane", "the faulty recorder sends clear text")
	assert.Positive(t, total)
	assert.NotContains(t, string(all), "Jane")
	assert.Contains(t, string(all), "cart-zq9x-secretclass", "structural attributes stay")
}

// TestRemaskerIsIdempotent: masking its own output again changes nothing,
// which is what lets a collector rebuild a session from stored batches.
func TestRemaskerIsIdempotent(t *testing.T) {
	rec := record(t, rules.ModeBlockList)
	set := maskAllSet(t)
	first, again := NewRemasker(set), NewRemasker(set)
	for i, b := range rec {
		out, _, err := first.Write(set, b, "", "")
		require.NoError(t, err, "batch %d", i)
		out2, ch, err := again.Write(set, out, "", "")
		require.NoError(t, err, "batch %d", i)
		assert.Zero(t, ch.Masked, "batch %d", i)
		assert.Equal(t, string(capture.AppendEvents(nil, out)), string(capture.AppendEvents(nil, out2)), "batch %d", i)
	}
}

func TestRemaskerOutOfStepWaitsForSnapshot(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	set := maskAllSet(t)
	rm := NewRemasker(set)
	rm.LoseStep()
	_, _, err := rm.Write(set, rec[1], "", "")
	require.ErrorIs(t, err, ErrOutOfStep)
	assert.False(t, rm.Synced())
	out, _, err := rm.Write(set, rec[0], "", "")
	require.NoError(t, err)
	assert.True(t, rm.Synced())
	assert.Contains(t, string(capture.AppendEvents(nil, out)), "cart-zq9x-secretclass")
	_, _, err = rm.Write(set, rec[1], "", "")
	require.NoError(t, err)
}
