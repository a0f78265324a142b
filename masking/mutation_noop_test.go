package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// A framework that re-sets attributes to the values they hold (React sets
// an input's type and name on every render) changes nothing, so nothing is
// sent; a real change to the same attribute still re-emits the input.
func TestUnchangedAttributeSendsNothing(t *testing.T) {
	s, m := startSession(t, rules.Rules{},
		`<!DOCTYPE html><html><head></head><body><form><input id=n type=text name=email value=x></form></body></html>`)
	var input int
	for _, id := range liveIDs(m) {
		if m.Node(id).Data == "input" {
			input = id
		}
	}
	require.NotZero(t, input)

	for _, tc := range []struct {
		name  string
		write func(w *capture.Writer)
		sends bool
	}{
		{"type and name set to what they are", func(w *capture.Writer) {
			w.Attr(input, "type", "text")
			w.Attr(input, "name", "email")
		}, false},
		{"removing an attribute it has not", func(w *capture.Writer) { w.AttrRemove(input, "autocomplete") }, false},
		{"type changed", func(w *capture.Writer) { w.Attr(input, "type", "password") }, true},
		{"type set again to its new value", func(w *capture.Writer) { w.Attr(input, "type", "password") }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := capture.NewWriter(10)
			tc.write(w)
			w.MutationEnd(20)
			events, err := s.Write(w.Bytes())
			require.NoError(t, err)
			var muts int
			for _, e := range events {
				if _, ok := e.Data.(capture.MutationData); ok {
					muts++
				}
			}
			assert.Equal(t, tc.sends, muts > 0, "%d mutation events", muts)
		})
	}
}
