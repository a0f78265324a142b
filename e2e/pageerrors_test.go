//go:build !js

package e2e

import (
	"encoding/base64"
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// runNode runs an ES module script from the e2e directory and returns its
// standard output.
func runNode(t *testing.T, script string) []byte {
	t.Helper()
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is needed to run the shim's modules")
	out, err := exec.Command(node, "--input-type=module", "-e", script).Output()
	require.NoError(t, err, "node: %s", exitStderr(err))
	return out
}

// The shim's PageError encoder writes the bytes capture.Writer.PageError
// does, and the engine reads them back.
func TestJSPageErrorWriterMatchesGo(t *testing.T) {
	out := runNode(t, `
import { RawWriter } from '../js-shim/src/rawwriter.js';
const w = new RawWriter(8);
const base = 1700000000123;
w.begin(base);
w.pageError(base + 7, 0, 'TypeError', 'bad ☃ 😀', [{ url: 'https://x.test/a.js', line: 120, column: 17 }, { url: '', line: 0, column: 0 }]);
w.pageError(base + 8, 2, '', '', []);
process.stdout.write(Buffer.from(w.take()).toString('base64'));
`)
	got, err := base64.StdEncoding.DecodeString(string(out))
	require.NoError(t, err)

	const base = 1700000000123
	w := capture.NewWriter(base)
	w.PageError(base+7, capture.ErrorUncaught, "TypeError", "bad ☃ 😀",
		[]capture.ErrorFrame{{URL: "https://x.test/a.js", Line: 120, Column: 17}, {}})
	w.PageError(base+8, capture.ErrorRejectionValue, "", "", nil)
	require.NoError(t, w.Err())
	require.Equal(t, w.Bytes(), got)
}

type jsFrame struct {
	URL    string `json:"url"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsPageError struct {
	Source  int       `json:"source"`
	Name    string    `json:"name"`
	Message string    `json:"message"`
	Frames  []jsFrame `json:"frames"`
}

// extractionScript defines, in node, the events each case of
// TestJSPageErrorExtraction hands to the shim, and prints what the shim
// extracts from each, by case name, as JSON.
const extractionScript = `
import { fromErrorEvent, fromRejection } from '../js-shim/src/pageerrors.js';
const withStack = (err, stack) => { Object.defineProperty(err, 'stack', { value: stack }); return err; };
const v8Err = new Error('x\n    at evil (https://evil.test/FRAMEINMESSAGE.js:1:1)');
const cases = {
  'v8 stack': { error: withStack(new TypeError('m'), 'TypeError: m\n' +
    '    at f (https://x.test/a.js:10:5)\n    at https://x.test/b.js?v=1:3:1\n    at async Promise.all (index 0)\n' +
    '    at new Foo (<anonymous>)\n    at eval (eval at g (https://x.test/c.js:1:2), <anonymous>:1:1)') },
  'v8 message is not a frame': { error: withStack(v8Err, String(v8Err) + '\n    at f (https://x.test/a.js:10:5)') },
  'firefox stack': { error: withStack(new RangeError('m'),
    'f@https://x.test/a.js:10:5\n@https://x.test/b.js:3:1\ng/<@https://x.test/c.js line 2 > eval:1:5\n') },
  'safari stack': { error: withStack(new Error('m'), 'global code@https://x.test/a.js:1:2\nhttps://x.test/b.js:3:4\n[native code]') },
  'no stack, event location': { error: withStack(new Error('m'), undefined), filename: 'https://x.test/e.js', lineno: 7, colno: 8 },
  'real node error': { error: new SyntaxError('typed 4111') },
  'cross-origin script error': { error: null, message: 'Script error.', filename: '', lineno: 0, colno: 0 },
  'thrown string': { error: 'typed 4111', message: 'Uncaught typed 4111', filename: 'https://x.test/s.js', lineno: 3, colno: 4 },
  'custom name with $': { error: Object.assign(new Error('m'), { name: 'My$Error_2' }) },
  'name with a space': { error: Object.assign(new Error('m'), { name: 'Bad Name' }) },
  'name 64 letters': { error: Object.assign(new Error('m'), { name: 'N'.repeat(64) }) },
  'name 65 letters': { error: Object.assign(new Error('m'), { name: 'N'.repeat(65) }) },
  'constructor name': { error: (() => { class Oops extends Error {} const e = new Oops('m'); Object.defineProperty(e, 'name', { value: 7 }); return e; })() },
  'throwing getters': { error: Object.create(Error.prototype, {
    name: { get() { throw new Error('no'); } }, message: { get() { throw new Error('no'); } },
    stack: { get() { throw new Error('no'); } }, toString: { value() { throw new Error('no'); } } }), filename: 'https://x.test/g.js', lineno: 1, colno: 2 },
  '17 frames': { error: withStack(new Error('m'), 'Error: m\n' + Array.from({ length: 17 }, (_, i) => '    at f (https://x.test/' + i + '.js:1:1)').join('\n')) },
  'message 4096 bytes': { error: new Error('a'.repeat(4096)) },
  'message 4097 bytes': { error: new Error('a'.repeat(4097)) },
  'message cut before an astral': { error: new Error('a'.repeat(4093) + '😀') },
  'message of two-byte letters': { error: new Error('é'.repeat(3000)) },
  'url 2048 bytes': { error: withStack(new Error('m'), '    at https://x.test/' + 'p'.repeat(2048 - 15) + ':1:2') },
  'url 2049 bytes': { error: withStack(new Error('m'), '    at https://x.test/' + 'p'.repeat(2049 - 15) + ':1:2') },
};
const rejections = {
  'rejection with an Error': { reason: withStack(new TypeError('typed 4111'), 'TypeError: typed 4111\n    at f (https://x.test/r.js:2:3)') },
  'rejection with a string': { reason: 'typed 4111' },
  'rejection with an object': { reason: { message: 'typed 4111', name: 'TypeError', stack: '    at f (https://x.test/r.js:2:3)' } },
  'rejection with undefined': { reason: undefined },
  'rejection with a DOMException': { reason: new DOMException('typed 4111', 'AbortError') },
};
const out = {};
for (const [k, e] of Object.entries(cases)) out[k] = fromErrorEvent(e);
for (const [k, e] of Object.entries(rejections)) out[k] = fromRejection(e);
process.stdout.write(JSON.stringify(out));
`

// What the shim extracts from errors and rejections: name, message and
// locations (no function names), cut to the engine's limits, the message
// line of a V8 stack never read as a frame.
func TestJSPageErrorExtraction(t *testing.T) {
	var got map[string]jsPageError
	require.NoError(t, json.Unmarshal(runNode(t, extractionScript), &got))

	f := func(url string, line, col int) jsFrame { return jsFrame{url, line, col} }
	tests := []struct {
		name string
		want jsPageError
	}{
		{"v8 stack", jsPageError{0, "TypeError", "m", []jsFrame{f("https://x.test/a.js", 10, 5), f("https://x.test/b.js?v=1", 3, 1), f("<anonymous>", 1, 1)}}},
		{"v8 message is not a frame", jsPageError{0, "Error", "x\n    at evil (https://evil.test/FRAMEINMESSAGE.js:1:1)", []jsFrame{f("https://x.test/a.js", 10, 5)}}},
		{"firefox stack", jsPageError{0, "RangeError", "m", []jsFrame{f("https://x.test/a.js", 10, 5), f("https://x.test/b.js", 3, 1), f("https://x.test/c.js", 1, 5)}}},
		{"safari stack", jsPageError{0, "Error", "m", []jsFrame{f("https://x.test/a.js", 1, 2), f("https://x.test/b.js", 3, 4)}}},
		{"no stack, event location", jsPageError{0, "Error", "m", []jsFrame{f("https://x.test/e.js", 7, 8)}}},
		{"cross-origin script error", jsPageError{0, "", "Script error.", []jsFrame{}}},
		{"thrown string", jsPageError{0, "", "Uncaught typed 4111", []jsFrame{f("https://x.test/s.js", 3, 4)}}},
		{"custom name with $", jsPageError{0, "My$Error_2", "m", nil}},
		{"name with a space", jsPageError{0, "", "m", nil}},
		{"name 64 letters", jsPageError{0, strings.Repeat("N", 64), "m", nil}},
		{"name 65 letters", jsPageError{0, "", "m", nil}},
		{"constructor name", jsPageError{0, "Oops", "m", nil}},
		{"throwing getters", jsPageError{0, "Error", "", []jsFrame{f("https://x.test/g.js", 1, 2)}}},
		{"message 4096 bytes", jsPageError{0, "Error", strings.Repeat("a", 4096), nil}},
		{"message 4097 bytes", jsPageError{0, "Error", strings.Repeat("a", 4096), nil}},
		{"message cut before an astral", jsPageError{0, "Error", strings.Repeat("a", 4093), nil}},
		{"message of two-byte letters", jsPageError{0, "Error", strings.Repeat("é", 2048), nil}},
		{"rejection with an Error", jsPageError{1, "TypeError", "typed 4111", []jsFrame{f("https://x.test/r.js", 2, 3)}}},
		{"rejection with a string", jsPageError{2, "", "", []jsFrame{}}},
		{"rejection with an object", jsPageError{2, "", "", []jsFrame{}}},
		{"rejection with undefined", jsPageError{2, "", "", []jsFrame{}}},
		{"rejection with a DOMException", jsPageError{1, "AbortError", "typed 4111", nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ok := got[tt.name]
			require.True(t, ok, "node printed no result for this case")
			if tt.want.Frames == nil {
				g.Frames = nil // node's own stack, with its file names: not checked here
			}
			assert.Equal(t, tt.want, g)
		})
	}
	t.Run("17 frames", func(t *testing.T) {
		g := got["17 frames"]
		require.Len(t, g.Frames, 16, "cut to capture.MaxErrorFrames")
		assert.Equal(t, f("https://x.test/15.js", 1, 1), g.Frames[15])
	})
	t.Run("url 2048 bytes", func(t *testing.T) {
		g := got["url 2048 bytes"]
		require.Len(t, g.Frames, 1)
		assert.Len(t, g.Frames[0].URL, 2048)
	})
	t.Run("url 2049 bytes", func(t *testing.T) {
		g := got["url 2049 bytes"]
		require.Len(t, g.Frames, 1)
		assert.Len(t, g.Frames[0].URL, 2048, "cut to capture.MaxErrorURLBytes")
	})
	t.Run("real node error", func(t *testing.T) {
		g := got["real node error"]
		assert.Equal(t, "SyntaxError", g.Name)
		assert.Equal(t, "typed 4111", g.Message)
		require.NotEmpty(t, g.Frames, "V8's own stack is parsed")
		assert.True(t, strings.HasPrefix(g.Frames[0].URL, "file://") || strings.HasPrefix(g.Frames[0].URL, "node:") ||
			strings.Contains(g.Frames[0].URL, "eval"), g.Frames[0].URL)
		assert.Positive(t, g.Frames[0].Line)
	})
}

// pageErrorPayload is the payload of a veil-error event; Message is nil
// when the event has none.
type pageErrorPayload struct {
	Name    string    `json:"name"`
	Message *string   `json:"message"`
	Frames  []jsFrame `json:"frames"`
}

// pageErrorEvents returns the payloads of the veil-error events the
// collector got, in the order of the bodies.
func pageErrorEvents(t *testing.T, s *site) []pageErrorPayload {
	t.Helper()
	var out []pageErrorPayload
	for _, e := range collectedEvents(t, s) {
		if e.Type != 5 {
			continue
		}
		var d struct {
			Tag     string           `json:"tag"`
			Payload pageErrorPayload `json:"payload"`
		}
		require.NoError(t, json.Unmarshal(e.Data, &d))
		if d.Tag == "veil-error" {
			out = append(out, d.Payload)
		}
	}
	return out
}

// In block-list mode page text is recorded, but error messages are not:
// what the page's errors echo of typed input is masked in the browser, the
// error's name is kept, a rejection with a non-Error reason is only a name,
// and script locations lose their query.
func TestPageErrorsInBrowser(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/pages/pageerror.html"))
	b.waitState(t, "recording")
	const card = "4111 1111 1111 1111 jane@example.com"
	b.do(t, chromedp.SendKeys("#card", card))
	eval[bool](t, b, `(failCard(), rejectValue(), rejectError(), true)`)
	eventually(t, "three page errors at the collector", func() bool {
		flushed(t, b)
		return len(pageErrorEvents(t, s)) >= 3
	})

	byName := map[string]pageErrorPayload{}
	for _, e := range pageErrorEvents(t, s) {
		byName[e.Name] = e
	}
	require.Len(t, byName, 3, "TypeError, RangeError and UnhandledRejection: %v", byName)
	for name, raw := range map[string]string{"TypeError": "Invalid card " + card, "RangeError": "limit for " + card} {
		e, ok := byName[name]
		require.True(t, ok, name)
		require.NotNil(t, e.Message, name)
		assert.Regexp(t, regexp.MustCompile(`^[* ]+$`), *e.Message, "masked like text")
		assert.Equal(t, len(raw), len(*e.Message), "same length")
		for _, f := range e.Frames {
			// The script URL without its query, or nothing (eval'd code).
			assert.Contains(t, []string{s.URL + "/pages/pageerror.js", ""}, f.URL)
		}
	}
	rejection := byName["UnhandledRejection"]
	assert.Nil(t, rejection.Message, "a non-Error rejection has no message")
	assert.Empty(t, rejection.Frames)

	assertAbsent(t, s, "4111", "jane@example.com", "Invalid card", "limit for", "declined", "PAGEERROR-QUERY")
	assert.Contains(t, s.All(), "PAGEERROR-VISIBLE", "block-list records page text")
}
