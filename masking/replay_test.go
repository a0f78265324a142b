package masking

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// A stored recording larger than one raw batch is replayed in several.
func TestReplayLongRecording(t *testing.T) {
	page := benchPage(50000)
	var events []capture.Event
	var rawBytes int
	for i := 0; rawBytes <= capture.MaxBatchBytes; i++ {
		batch, err := capture.FromHTML(bytes.NewReader(page), "https://shop.example/", int64(1000+i))
		require.NoError(t, err)
		rawBytes += len(batch)
		evs, err := NewSession(nil).Write(batch)
		require.NoError(t, err)
		events = append(events, evs...)
	}
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	out, err := Replay(set, events)
	require.NoError(t, err)
	assert.Equal(t, len(events), len(out), "every snapshot replayed")
}

// Replay masks stored events again: clear text from a faulty recorder comes
// out masked under the playback rules.
func TestReplayMasksClearText(t *testing.T) {
	batch, err := capture.FromHTML(strings.NewReader(`<p>Jane Q. Public</p>`), "https://x.example/?t=SECRET", 5)
	require.NoError(t, err)
	blockList, err := rules.Compile(rules.MaskUserInput())
	require.NoError(t, err)
	clear, err := NewSession(blockList).Write(batch)
	require.NoError(t, err)
	require.Contains(t, string(capture.AppendEvents(nil, clear)), "Jane Q. Public")

	strict, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	out, err := Replay(strict, clear)
	require.NoError(t, err)
	js := string(capture.AppendEvents(nil, out))
	assert.NotContains(t, js, "Jane")
	assert.NotContains(t, js, "SECRET")
	assert.Contains(t, js, "**** ** ******")
}
