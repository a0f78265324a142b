package server

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

func TestRemaskerAcrossBatches(t *testing.T) {
	rec := record(t, rules.MaskAll())
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	rm := newRemasker(set)
	total := 0
	for i, b := range rec {
		out, masked, err := rm.write(set, b, "", "")
		require.NoError(t, err, "batch %d", i)
		require.NotEmpty(t, out, "batch %d", i)
		total += masked
	}
	assert.Zero(t, total, "a recording already masked with the same rules is not changed again")
}

func TestRemaskerMasksClearText(t *testing.T) {
	rec := record(t, rules.Rules{Mode: rules.ModeBlockList})
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	rm := newRemasker(set)
	total := 0
	var all, in []byte
	for i, b := range rec {
		in = capture.AppendEvents(in, b)
		out, masked, err := rm.write(set, b, "", "")
		require.NoError(t, err, "batch %d", i)
		total += masked
		all = capture.AppendEvents(all, out)
	}
	require.Contains(t, string(in), "Jane", "the faulty recorder sends clear text")
	assert.Positive(t, total)
	assert.NotContains(t, string(all), "Jane")
	assert.Contains(t, string(all), "cart-zq9x-secretclass", "structural attributes stay")
}

func TestRemaskerOutOfStepWaitsForSnapshot(t *testing.T) {
	rec := record(t, rules.MaskAll())
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	rm := newRemasker(set)
	rm.synced = false
	_, _, err = rm.write(set, rec[1], "", "")
	require.ErrorIs(t, err, errOutOfStep)
	out, _, err := rm.write(set, rec[0], "", "")
	require.NoError(t, err)
	require.NotEmpty(t, out)
	_, _, err = rm.write(set, rec[1], "", "")
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(capture.AppendEvents(nil, out)), "cart-zq9x-secretclass"))
}
