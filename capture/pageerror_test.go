package capture

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/internal/jsonx"
)

// readOne decodes the single op of batch, or returns the error.
func readOne(t *testing.T, batch []byte) (Op, error) {
	t.Helper()
	r, err := NewReader(batch)
	require.NoError(t, err)
	var op Op
	if err := r.Next(&op); err != nil {
		return op, err
	}
	require.Equal(t, io.EOF, r.Next(&Op{}), "one op only")
	return op, nil
}

func frames(n int, url string) []ErrorFrame {
	out := make([]ErrorFrame, n)
	for i := range out {
		out[i] = ErrorFrame{URL: url, Line: i + 1, Column: 2 * i}
	}
	return out
}

// Each limit of a PageError op, exactly at it and one byte or frame over.
func TestPageErrorLimits(t *testing.T) {
	tests := []struct {
		name   string
		at     func(w *Writer)
		over   func(w *Writer)
		limit  string
		errMsg string
	}{
		{"MaxErrorNameBytes",
			func(w *Writer) { w.PageError(base, ErrorUncaught, strings.Repeat("N", 64), "", nil) },
			func(w *Writer) { w.PageError(base, ErrorUncaught, strings.Repeat("N", 65), "", nil) },
			"MaxErrorNameBytes", "capture: op 0 (PageError): error name of 65 bytes exceeds MaxErrorNameBytes (64)"},
		{"MaxErrorMessageBytes",
			func(w *Writer) { w.PageError(base, ErrorUncaught, "", strings.Repeat("é", 2048), nil) },
			func(w *Writer) { w.PageError(base, ErrorUncaught, "", strings.Repeat("é", 2048)+"x", nil) },
			"MaxErrorMessageBytes", "capture: op 0 (PageError): error message of 4097 bytes exceeds MaxErrorMessageBytes (4096)"},
		{"MaxErrorFrames",
			func(w *Writer) { w.PageError(base, ErrorUncaught, "", "", frames(16, "https://x/a.js")) },
			func(w *Writer) { w.PageError(base, ErrorUncaught, "", "", frames(17, "https://x/a.js")) },
			"MaxErrorFrames", "capture: op 0 (PageError): 17 stack frames exceeds MaxErrorFrames (16)"},
		{"MaxErrorURLBytes",
			func(w *Writer) {
				w.PageError(base, ErrorUncaught, "", "", frames(2, "https://x/"+strings.Repeat("p", 2048-10)))
			},
			func(w *Writer) {
				w.PageError(base, ErrorUncaught, "", "", frames(2, "https://x/"+strings.Repeat("p", 2048-9)))
			},
			"MaxErrorURLBytes", "capture: op 0 (PageError): script URL of 2049 bytes exceeds MaxErrorURLBytes (2048)"},
		{"legacy MaxErrorMessageBytes",
			func(w *Writer) { w.Error(base, strings.Repeat("m", 4096)) },
			func(w *Writer) { w.Error(base, strings.Repeat("m", 4097)) },
			"MaxErrorMessageBytes", "capture: op 0 (Error(legacy)): error message of 4097 bytes exceeds MaxErrorMessageBytes (4096)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := NewWriter(base)
			tt.at(at)
			require.NoError(t, at.Err())
			op, err := readOne(t, at.Bytes())
			require.NoError(t, err, "exactly at the limit")
			assert.Equal(t, OpPageError, op.Kind)

			over := NewWriter(base)
			tt.over(over)
			require.NoError(t, over.Err(), "the Writer writes over-limit ops, for tests like this one")
			_, err = readOne(t, over.Bytes())
			require.Error(t, err)
			assert.EqualError(t, err, tt.errMsg)
			assert.Equal(t, tt.limit, limitName(err))
		})
	}
}

// A message-only Error op from an older observer is read as a PageError
// without name or frames, and written back in the current layout.
func TestLegacyErrorOp(t *testing.T) {
	w := NewWriter(base)
	w.Error(base+3, "TypeError: x of Jane")
	b := w.Bytes()
	assert.Equal(t, byte(0x11), b[len(NewWriter(base).Bytes())], "the legacy kind byte")
	op, err := readOne(t, b)
	require.NoError(t, err)
	assert.Equal(t, Op{Kind: OpPageError, Time: base + 3, Value: "TypeError: x of Jane", Frames: op.Frames}, op)
	assert.Empty(t, op.Frames)

	again := NewWriter(base)
	again.Op(&op)
	require.NoError(t, again.Err())
	assert.Equal(t, byte(OpPageError), again.Bytes()[len(NewWriter(base).Bytes())])
	back, err := readOne(t, again.Bytes())
	require.NoError(t, err)
	assert.Equal(t, op.Value, back.Value)
	assert.Equal(t, op.Time, back.Time)
}

// Frames are reused by Next like the other slices, and cleared between ops.
func TestReaderReusesFrames(t *testing.T) {
	w := NewWriter(base)
	w.PageError(base, ErrorUncaught, "E", "m", frames(3, "https://x/a.js"))
	w.Node(1, 0, 0, &NodeData{Kind: KindElement, Tag: "a", Attrs: []html.Attribute{{Key: "k", Val: "v"}}})
	w.PageError(base, ErrorRejection, "F", "", frames(1, "https://x/b.js"))
	r, err := NewReader(w.Bytes())
	require.NoError(t, err)
	var op Op
	require.NoError(t, r.Next(&op))
	require.Len(t, op.Frames, 3)
	require.NoError(t, r.Next(&op))
	assert.Empty(t, op.Frames, "frames of the previous op must be cleared")
	require.NoError(t, r.Next(&op))
	assert.Equal(t, []ErrorFrame{{URL: "https://x/b.js", Line: 1}}, op.Frames)
	assert.Equal(t, "F", op.Name)
	assert.Equal(t, ErrorRejection, op.ErrorSource)
}

func TestErrorFramesJSON(t *testing.T) {
	tests := []struct {
		name   string
		frames []ErrorFrame
		want   string
	}{
		{"none", nil, `{"name":"E"}`},
		{"one", []ErrorFrame{{URL: "https://x/a.js", Line: 3, Column: 14}}, `{"name":"E","frames":[{"url":"https://x/a.js","line":3,"column":14}]}`},
		{"two, escaped", []ErrorFrame{{URL: `https://x/"q".js`, Line: 1}, {}},
			`{"name":"E","frames":[{"url":"https://x/\"q\".js","line":1,"column":0},{"url":"","line":0,"column":0}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := append([]byte(`{`), `"name":"E"`...)
			dst = appendErrorFrames(dst, tt.frames)
			dst = append(dst, '}')
			assert.Equal(t, tt.want, string(dst))

			v := parseJSON(t, string(dst))
			for _, m := range v.Members {
				if m.Key == "frames" {
					got, err := parseErrorFrames(m.Val, "data.payload.frames")
					require.NoError(t, err)
					assert.Equal(t, tt.frames, got)
				}
			}
		})
	}
}

func TestErrorFramesJSONErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{}`, "data.payload.frames: expected an array of frames, got object"},
		{`[1]`, "data.payload.frames[0]"},
		{`[{"line":1,"column":2}]`, "data.payload.frames[0].url: missing"},
		{`[{"url":"u","column":2}]`, "data.payload.frames[0].line: missing"},
		{`[{"url":"u","line":1}]`, "data.payload.frames[0].column: missing"},
		{`[{"url":"u","line":-1,"column":2}]`, "data.payload.frames[0].line"},
		{`[{"url":"u","line":1.5,"column":2}]`, "data.payload.frames[0].line"},
		{`[{"url":7,"line":1,"column":2}]`, "data.payload.frames[0].url: expected a string"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := parseErrorFrames(parseJSON(t, tt.in), "data.payload.frames")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func parseJSON(t *testing.T, s string) jsonx.Value {
	t.Helper()
	v, err := jsonx.Parse([]byte(s))
	require.NoError(t, err)
	return v
}
