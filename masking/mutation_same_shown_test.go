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
			text := textNodeID(t, m, "0/64")
			sent := func(data string) []capture.TextMutation { return sentText(t, s, text, data) }
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

// So with an attribute: a strength meter's aria-valuenow or a counter's
// title, masked the same at each keystroke, is sent once; another change
// of the element (another attribute, or two at once) is sent, and the
// value it had again after it is too.
func TestAttributeMaskedTheSameIsNotSentAgain(t *testing.T) {
	s, m := startSession(t, rules.Rules{Mode: rules.ModeMaskAll},
		`<!DOCTYPE html><html><head></head><body><input type=password><div id=meter role=progressbar aria-valuenow=0 title=x></div></body></html>`)
	var meter int
	for _, id := range liveIDs(m) {
		if n := m.Node(id); n.Type == html.ElementNode && n.Data == "div" {
			meter = id
		}
	}
	require.NotZero(t, meter)
	sent := func(attrs ...string) []capture.AttrChange {
		var out []capture.AttrChange
		for _, md := range mutationsOf(t, s, func(w *capture.Writer) {
			for i := 0; i+1 < len(attrs); i += 2 {
				w.Attr(meter, attrs[i], attrs[i+1])
			}
		}) {
			for _, a := range md.Attributes {
				out = append(out, a.Attributes...)
			}
		}
		return out
	}
	first := sent("aria-valuenow", "1")
	require.Len(t, first, 1, "the first change")
	for _, v := range []string{"2", "3", "9"} {
		assert.Empty(t, sent("aria-valuenow", v), "meter at %q", v)
	}
	assert.Empty(t, sent("aria-valuenow", "10"), "a value masked as a fixed mask, whatever its length")
	assert.NotEqual(t, "1", first[0].Value, "masked")
	assert.Len(t, sent("aria-valuenow"+"", ""), 1, "emptied")
	assert.Len(t, sent("aria-valuenow", "11"), 1, "set again after it was emptied")
	assert.Len(t, sent("title", "yy"), 1, "another attribute")
	assert.Len(t, sent("aria-valuenow", "12"), 1, "after another attribute changed")
	assert.Len(t, sent("aria-valuenow", "13", "title", "zz"), 2, "two at once")
	assert.Len(t, sent("aria-valuenow", "14"), 1, "after two changed at once")
}

// textNodeID is the id of the text node of m that holds data.
func textNodeID(t *testing.T, m *capture.Mirror, data string) int {
	t.Helper()
	for _, id := range liveIDs(m) {
		if n := m.Node(id); n.Type == html.TextNode && n.Data == data {
			return id
		}
	}
	t.Fatalf("no text node holds %q", data)
	return 0
}

// sentText writes text node id's data as one batch and returns the text
// changes the session sent for it.
func sentText(t *testing.T, s *Session, id int, data string) []capture.TextMutation {
	t.Helper()
	var out []capture.TextMutation
	for _, md := range mutationsOf(t, s, func(w *capture.Writer) { w.Text(id, data) }) {
		out = append(out, md.Texts...)
	}
	return out
}

// mutationsOf writes what write writes as one batch and returns the
// mutation events the session sent.
func mutationsOf(t *testing.T, s *Session, write func(w *capture.Writer)) []capture.MutationData {
	t.Helper()
	w := capture.NewWriter(10)
	write(w)
	w.MutationEnd(20)
	events, err := s.Write(w.Bytes())
	require.NoError(t, err)
	var out []capture.MutationData
	for _, e := range events {
		if md, ok := e.Data.(capture.MutationData); ok {
			out = append(out, md)
		}
	}
	return out
}
