package masking

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

const errorPage = `<p>Checkout</p>`

func compileJSON(t *testing.T, rulesJSON string) *rules.Set {
	t.Helper()
	r := rules.MaskAll()
	if rulesJSON != "" {
		var err error
		r, err = rules.Parse([]byte(rulesJSON))
		require.NoError(t, err)
	}
	set, err := rules.Compile(r)
	require.NoError(t, err)
	return set
}

// recordError records errorPage with set, then one batch written by fill; it
// returns every event and the session.
func recordError(t *testing.T, set *rules.Set, fill func(w *capture.Writer)) ([]capture.Event, *Session) {
	t.Helper()
	s := NewSession(set)
	snap, err := capture.FromHTML(strings.NewReader(errorPage), "https://shop.example/pay?card=4111#f", 1000)
	require.NoError(t, err)
	events, err := s.Write(snap)
	require.NoError(t, err)
	w := capture.NewWriter(2000)
	fill(w)
	require.NoError(t, w.Err())
	more, err := s.Write(w.Bytes())
	require.NoError(t, err)
	return append(events, more...), s
}

// errorsOf returns the payloads of the error events among events.
func errorsOf(t *testing.T, events []capture.Event) []capture.CustomData {
	t.Helper()
	var out []capture.CustomData
	for _, e := range events {
		if d, ok := e.Data.(capture.CustomData); ok && d.Tag == capture.ErrorTag {
			require.Equal(t, capture.Custom, e.Type)
			out = append(out, d)
		}
	}
	return out
}

func member(d capture.CustomData, name string) (string, bool) {
	for _, a := range d.Payload {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

const cardMessage = "Invalid card 4111 1111 1111 1111 for jane@example.com"

// The message is masked in every mode, revealed only by block-list with
// "errorMessages": "reveal" on a page whose root is not masked; name and
// frames are the same in every mode.
func TestPageErrorPerMode(t *testing.T) {
	masked := "******* **** **** **** **** **** *** ****************"
	revealed, _ := scrubPII(cardMessage) // what the detectors leave of it
	tests := []struct {
		rules, want string
	}{
		{``, masked},
		{`{"mode":"mask-all","block":["p"]}`, masked},
		{`{"mode":"allow-list","allow":["html","body","p"]}`, masked},
		{`{"mode":"block-list"}`, masked},
		{`{"mode":"block-list","errorMessages":"mask"}`, masked},
		{`{"mode":"block-list","errorMessages":"reveal","mask":["html"]}`, masked},
		{`{"mode":"block-list","errorMessages":"reveal","block":["html"]}`, masked},
		{`{"mode":"block-list","errorMessages":"reveal"}`, revealed},
	}
	require.Contains(t, revealed, "Invalid card ", "reveal keeps what the detectors do not find")
	for _, tt := range tests {
		t.Run(tt.rules, func(t *testing.T) {
			events, _ := recordError(t, compileJSON(t, tt.rules), func(w *capture.Writer) {
				w.PageError(2000, capture.ErrorUncaught, "RangeError", cardMessage,
					[]capture.ErrorFrame{{URL: "https://shop.example/js/pay.js?v=3#x", Line: 41, Column: 7}})
			})
			errs := errorsOf(t, events)
			require.Len(t, errs, 1)
			assert.Equal(t, []capture.Attr{{Name: "name", Value: "RangeError"}, {Name: "message", Value: tt.want}}, errs[0].Payload)
			assert.Equal(t, []capture.ErrorFrame{{URL: "https://shop.example/js/pay.js", Line: 41, Column: 7}}, errs[0].Frames)
			// Revealed or not, the detectors leave neither the card number
			// nor the e-mail address.
			assert.NotContains(t, errs[0].Payload[1].Value, "4111")
			assert.NotContains(t, errs[0].Payload[1].Value, "jane@example.com")
		})
	}
}

func TestPageErrorName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"TypeError", "TypeError"},
		{"DOMException", "DOMException"},
		{"My$Chunk_2Error", "My$Chunk_2Error"},
		{strings.Repeat("N", 59) + "Error", strings.Repeat("N", 59) + "Error"},
		// A name a script set to what was typed is no class name.
		{"My$Error_2", "Error"},
		{"x", "Error"},
		{"JaneDoe", "Error"},
		{"TERROR", "Error"},
		{"Errorjane", "Error"},
		{strings.Repeat("N", 64), "Error"},
		{"", "Error"},
		{"9Error", "Error"},
		{"_Error", "Error"},
		{"$Error", "Error"},
		{"Type Error", "Error"},
		{"Error: jane@example.com", "Error"},
		{"x-y", "Error"},
		{"Érreur", "Error"},
		{"K\u212Aelvin", "Error"}, // KELVIN SIGN: not ASCII, whatever it folds to
		{"Error\n", "Error"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			events, _ := recordError(t, nil, func(w *capture.Writer) {
				w.PageError(2000, capture.ErrorUncaught, tt.in, "", nil)
			})
			errs := errorsOf(t, events)
			require.Len(t, errs, 1)
			name, _ := member(errs[0], "name")
			assert.Equal(t, tt.want, name)
		})
	}
}

func TestPageErrorFrameURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://shop.example/js/app.js", "https://shop.example/js/app.js"},
		{"https://user:pw@cdn.example:8443/js/app.js?v=1&token=SECRET#frag", "https://cdn.example:8443/js/app.js"},
		{"HTTP://cdn.example/a.js?x", "http://cdn.example/a.js"},
		{"https://cdn.example", "https://cdn.example"},
		{"https://cdn.example?token=SECRET", "https://cdn.example"},
		{"data:text/javascript,alert('SECRET')", "data:"},
		{"blob:https://shop.example/5e1c-SECRET", "blob:"},
		{"javascript:void('SECRET')", "javascript:"},
		{"about:blank", "about:"},
		{"file:///home/SECRET/app.js", "file:"},
		{"chrome-extension://SECRETID/inject.js", "chrome-extension:"},
		{"webpack://SECRET/src/a.js", "webpack:"},
		{"<anonymous>", ""},
		{"native", ""},
		{"", ""},
		{"1http://x/a.js", ""},
		{" https://cdn.example/a.js ", "https://cdn.example/a.js"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			events, _ := recordError(t, nil, func(w *capture.Writer) {
				w.PageError(2000, capture.ErrorUncaught, "Error", "m",
					[]capture.ErrorFrame{{URL: tt.in, Line: 3, Column: 9}})
			})
			errs := errorsOf(t, events)
			require.Len(t, errs, 1)
			assert.Equal(t, []capture.ErrorFrame{{URL: tt.want, Line: 3, Column: 9}}, errs[0].Frames)
			assert.NotContains(t, errs[0].Frames[0].URL, "SECRET")
		})
	}
}

// The path of a kept URL goes through the PII detectors: what they report
// is masked in place.
func TestPageErrorFramePathDetectors(t *testing.T) {
	url := "https://shop.example/users/jane@example.com/4111111111111111/app.js"
	path, _ := scrubPII("/users/jane@example.com/4111111111111111/app.js")
	events, s := recordError(t, nil, func(w *capture.Writer) {
		w.PageError(2000, capture.ErrorUncaught, "Error", "", []capture.ErrorFrame{{URL: url, Line: 1, Column: 1}})
	})
	errs := errorsOf(t, events)
	require.Len(t, errs, 1)
	assert.Equal(t, "https://shop.example"+path, errs[0].Frames[0].URL)
	assert.NotContains(t, errs[0].Frames[0].URL, "jane@example.com")
	assert.NotContains(t, errs[0].Frames[0].URL, "4111111111111111")
	assert.Equal(t, 2, s.Stats().PII, "two matches in the path")
}

func TestPageErrorKeepsFrameOrderAndNumbers(t *testing.T) {
	in := []capture.ErrorFrame{
		{URL: "https://a.example/1.js", Line: 1, Column: 0},
		{URL: "https://a.example/2.js", Line: 1<<53 - 1, Column: 1<<53 - 1},
		{URL: "", Line: 0, Column: 0},
	}
	events, _ := recordError(t, nil, func(w *capture.Writer) {
		w.PageError(2000, capture.ErrorRejection, "TypeError", "", in)
	})
	errs := errorsOf(t, events)
	require.Len(t, errs, 1)
	assert.Equal(t, in, errs[0].Frames)
}

// A rejection whose reason is not an Error is its name and nothing more,
// whatever the op carries.
func TestPageErrorRejectionValue(t *testing.T) {
	for _, rulesJSON := range []string{``, `{"mode":"block-list","errorMessages":"reveal"}`} {
		t.Run(rulesJSON, func(t *testing.T) {
			events, _ := recordError(t, compileJSON(t, rulesJSON), func(w *capture.Writer) {
				w.PageError(2000, capture.ErrorRejectionValue, "SECRETNAME", "SECRET message",
					[]capture.ErrorFrame{{URL: "https://x.example/SECRET.js", Line: 1, Column: 2}})
			})
			errs := errorsOf(t, events)
			require.Len(t, errs, 1)
			assert.Equal(t, capture.CustomData{Tag: capture.ErrorTag,
				Payload: []capture.Attr{{Name: "name", Value: capture.RejectionName}}}, errs[0])
		})
	}
}

// A message-only Error op of an older observer: name "Error", message masked.
func TestPageErrorLegacyOp(t *testing.T) {
	events, _ := recordError(t, compileJSON(t, `{"mode":"block-list"}`), func(w *capture.Writer) {
		w.Error(2000, "TypeError: cannot read Jane")
	})
	errs := errorsOf(t, events)
	require.Len(t, errs, 1)
	assert.Equal(t, capture.CustomData{Tag: capture.ErrorTag, Payload: []capture.Attr{
		{Name: "name", Value: "Error"}, {Name: "message", Value: "********** ****** **** ****"}}}, errs[0])
}

// Stats.Masked counts each error string that did not leave as it came.
func TestPageErrorStats(t *testing.T) {
	tests := []struct {
		name    string
		errName string
		message string
		urls    []string
		want    int
	}{
		{"all kept", "TypeError", "", []string{"https://x.example/a.js", ""}, 0},
		{"message", "TypeError", "Jane", nil, 1},
		{"whitespace message", "TypeError", " \n", nil, 0},
		{"name", "Bad Name", "", nil, 1},
		{"query", "TypeError", "", []string{"https://x.example/a.js?u=Jane"}, 1},
		{"opaque", "TypeError", "", []string{"data:,x", "blob:https://x/1"}, 2},
		{"everything", "Bad Name", "Jane", []string{"https://x.example/a.js#Jane"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var frames []capture.ErrorFrame
			for _, u := range tt.urls {
				frames = append(frames, capture.ErrorFrame{URL: u, Line: 1})
			}
			s := NewSession(nil)
			snap, err := capture.FromHTML(strings.NewReader(errorPage), "https://x.example/", 1000)
			require.NoError(t, err)
			_, err = s.Write(snap)
			require.NoError(t, err)
			before := s.Stats().Masked
			w := capture.NewWriter(2000)
			w.PageError(2000, capture.ErrorUncaught, tt.errName, tt.message, frames)
			_, err = s.Write(w.Bytes())
			require.NoError(t, err)
			assert.Equal(t, tt.want, s.Stats().Masked-before)
		})
	}
}

// Playback masks again with its own rules: it can mask a revealed message
// but never reveal a masked one; name and frames survive.
func TestPageErrorPlayback(t *testing.T) {
	reveal := compileJSON(t, `{"mode":"block-list","errorMessages":"reveal"}`)
	maskAll := compileJSON(t, ``)
	frames := []capture.ErrorFrame{{URL: "https://shop.example/js/pay.js?v=3", Line: 41, Column: 7}}
	keptFrames := []capture.ErrorFrame{{URL: "https://shop.example/js/pay.js", Line: 41, Column: 7}}
	message := "Invalid name Jane Doe"
	revealed, _ := scrubPII(message)
	tests := []struct {
		name              string
		capture, playback *rules.Set
		want              string
	}{
		{"revealed, played back masked", reveal, maskAll, "******* **** **** ***"},
		{"masked, played back with reveal", maskAll, reveal, "******* **** **** ***"},
		{"revealed, played back revealed", reveal, reveal, revealed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recorded, _ := recordError(t, tt.capture, func(w *capture.Writer) {
				w.PageError(2000, capture.ErrorUncaught, "RangeError", message, frames)
				w.PageError(2001, capture.ErrorRejectionValue, "", "", nil)
			})
			played, err := Replay(tt.playback, recorded)
			require.NoError(t, err)
			errs := errorsOf(t, played)
			require.Len(t, errs, 2)
			assert.Equal(t, capture.CustomData{Tag: capture.ErrorTag, Frames: keptFrames,
				Payload: []capture.Attr{{Name: "name", Value: "RangeError"}, {Name: "message", Value: tt.want}}}, errs[0])
			assert.Equal(t, capture.CustomData{Tag: capture.ErrorTag,
				Payload: []capture.Attr{{Name: "name", Value: capture.RejectionName}}}, errs[1])
		})
	}
}

func TestScriptURL(t *testing.T) {
	tests := []struct {
		in, want     string
		hierarchical bool
	}{
		{"https://h.example/p/a.js?q#f", "https://h.example/p/a.js", true},
		{"https://h.example\\p\\a.js", "https://h.example\\p\\a.js", true},
		{"https://a@b@h.example/a.js", "https://h.example/a.js", true},
		{"https:h.example/a.js", "https:", false},
		{"HTTPS://H.example/A.js", "https://H.example/A.js", true},
		{"ws://h.example/a", "ws:", false},
		{":x", "", false},
		{"a b:c", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, h := scriptURL(tt.in)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.hierarchical, h)
		})
	}
}

// FuzzPageError: whatever a page throws, the event keeps only an identifier
// or "Error" as its name, a mask-all message that is all '*' and whitespace
// of the same length in code points, and frame URLs without query, fragment
// or credentials.
func FuzzPageError(f *testing.F) {
	f.Add("TypeError", "Invalid card 4111 1111 1111 1111", "https://u:p@x.example/a.js?t=1#f")
	f.Add("", " \n\t", "data:text/javascript,1")
	f.Add("My$Err", "é😀", "HTTPS://X.example\\a?b")
	f.Fuzz(func(t *testing.T, name, message, url string) {
		if len(name) > capture.MaxErrorNameBytes || len(message) > capture.MaxErrorMessageBytes || len(url) > capture.MaxErrorURLBytes {
			return // the reader refuses these
		}
		events, _ := recordErrorFuzz(t, func(w *capture.Writer) {
			w.PageError(2000, capture.ErrorUncaught, name, message, []capture.ErrorFrame{{URL: url, Line: 1, Column: 2}})
		})
		if !utf8.ValidString(name) || !utf8.ValidString(message) || !utf8.ValidString(url) {
			return // the whole batch was refused
		}
		errs := errorsOf(t, events)
		require.Len(t, errs, 1)
		gotName, _ := member(errs[0], "name")
		if gotName != name {
			require.Equal(t, "Error", gotName)
		}
		require.True(t, isErrorName(gotName) && errorClassSuffix(gotName), gotName)
		msg, _ := member(errs[0], "message")
		require.Equal(t, utf8.RuneCountInString(message), utf8.RuneCountInString(msg))
		for _, r := range msg {
			require.True(t, r == '*' || isWhitespace(r), "%q in %q", r, msg)
		}
		if url != "" && strings.Contains(message, url) {
			require.Empty(t, errs[0].Frames, "a location written in the message is text, not a location")
			return
		}
		require.Len(t, errs[0].Frames, 1)
		u := errs[0].Frames[0].URL
		require.NotContains(t, u, "?")
		require.NotContains(t, u, "#")
		if _, rest, ok := strings.Cut(u, "//"); ok {
			require.True(t, strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://"), u)
			host, _, _ := strings.Cut(rest, "/")
			require.NotContains(t, host, "@", "credentials in %q", u)
		}
	})
}

// recordErrorFuzz is recordError for a fuzz target: the error batch may be
// refused, and then no events come back.
func recordErrorFuzz(t *testing.T, fill func(w *capture.Writer)) ([]capture.Event, error) {
	s := NewSession(nil)
	snap, err := capture.FromHTML(strings.NewReader(errorPage), "https://x.example/", 1000)
	require.NoError(t, err)
	_, err = s.Write(snap)
	require.NoError(t, err)
	w := capture.NewWriter(2000)
	fill(w)
	return s.Write(w.Bytes())
}
