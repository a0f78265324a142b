package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// A text that changes at every keystroke of a masked field (a character
// counter, a strength meter's score) but whose masked form stays the same
// changes nothing the replayer shows: it is not sent, so the count and
// timing of the keystrokes do not leave the page through it. A change the
// replay must show (another length, a text revealed) is still sent, and so
// is the same text again after it was emitted whole.
func TestTextMaskedTheSameIsNotSentAgain(t *testing.T) {
	for _, r := range []rules.Rules{
		{Mode: rules.ModeMaskAll},
		{Mode: rules.ModeAllowList, Allow: []string{"h1"}},
	} {
		t.Run(r.Mode.String(), func(t *testing.T) {
			s, m := startSession(t, r, `<!DOCTYPE html><html><head></head><body><h1>Sign up</h1><input type=password><p id=count>0/64</p></body></html>`)
			var text int
			for _, id := range liveIDs(m) {
				if n := m.Node(id); n.Type == html.TextNode && n.Data == "0/64" {
					text = id
				}
			}
			require.NotZero(t, text)

			sent := func(data string) []capture.TextMutation {
				w := capture.NewWriter(10)
				w.Text(text, data)
				w.MutationEnd(20)
				events, err := s.Write(w.Bytes())
				require.NoError(t, err)
				var out []capture.TextMutation
				for _, e := range events {
					if md, ok := e.Data.(capture.MutationData); ok {
						out = append(out, md.Texts...)
					}
				}
				return out
			}
			if got := sent("1/64"); assert.Len(t, got, 1, "the first change") {
				assert.Equal(t, "****", got[0].Value)
			}
			for _, typed := range []string{"2/64", "3/64", "9/64"} {
				assert.Empty(t, sent(typed), "counter at %q", typed)
			}
			if got := sent("10/64"); assert.Len(t, got, 1, "one character longer") {
				assert.Equal(t, "*****", got[0].Value)
			}
			assert.Empty(t, sent("11/64"), "the same mask again")
		})
	}
}
