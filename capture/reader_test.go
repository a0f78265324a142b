package capture

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

const base = int64(1_700_000_000_000)

// readAll decodes every op of batch, copying the reused slices.
func readAll(t testing.TB, batch []byte) []Op {
	t.Helper()
	r, err := NewReader(batch)
	require.NoError(t, err)
	var ops []Op
	for {
		var op Op
		err := r.Next(&op)
		if err == io.EOF {
			return ops
		}
		require.NoError(t, err)
		ops = append(ops, op)
	}
}

func TestOpRoundTrip(t *testing.T) {
	el := NodeData{Kind: KindElement, Namespace: "svg", Tag: "rect",
		Attrs: []html.Attribute{{Key: "width", Val: "10"}, {Key: "class", Val: "a b"}}, Width: 10, Height: 20}
	tests := []struct {
		name  string
		write func(w *Writer)
		want  Op
	}{
		{"SnapshotStart", func(w *Writer) { w.SnapshotStart(base+5, "https://x/é", 1280, 800, -3, 40) },
			Op{Kind: OpSnapshotStart, Time: base + 5, Href: "https://x/é", Width: 1280, Height: 800, X: -3, Y: 40}},
		{"SnapshotEnd", func(w *Writer) { w.SnapshotEnd(base + 9) }, Op{Kind: OpSnapshotEnd, Time: base + 9}},
		{"Node/Document", func(w *Writer) { w.Node(1, 0, 0, &NodeData{Kind: KindDocument}) },
			Op{Kind: OpNode, ID: 1, Node: NodeData{Kind: KindDocument}}},
		{"Node/Doctype", func(w *Writer) {
			w.Node(2, 1, 0, &NodeData{Kind: KindDoctype, Name: "html", PublicID: "p", SystemID: "s"})
		},
			Op{Kind: OpNode, ID: 2, Parent: 1, Node: NodeData{Kind: KindDoctype, Name: "html", PublicID: "p", SystemID: "s"}}},
		{"Node/Element", func(w *Writer) { w.Node(3, 1, 2, &el) }, Op{Kind: OpNode, ID: 3, Parent: 1, Next: 2, Node: el}},
		{"Node/Text", func(w *Writer) { w.Node(4, 3, 0, &NodeData{Kind: KindText, Data: " hi\n"}) },
			Op{Kind: OpNode, ID: 4, Parent: 3, Node: NodeData{Kind: KindText, Data: " hi\n"}}},
		{"Node/CDATA", func(w *Writer) { w.Node(5, 3, 0, &NodeData{Kind: KindCDATA, Data: "x<y"}) },
			Op{Kind: OpNode, ID: 5, Parent: 3, Node: NodeData{Kind: KindCDATA, Data: "x<y"}}},
		{"Node/Comment", func(w *Writer) { w.Node(6, 3, 0, &NodeData{Kind: KindComment, Data: "c"}) },
			Op{Kind: OpNode, ID: 6, Parent: 3, Node: NodeData{Kind: KindComment, Data: "c"}}},
		{"Node/ShadowRoot", func(w *Writer) { w.Node(7, 3, 0, &NodeData{Kind: KindShadowRoot}) },
			Op{Kind: OpNode, ID: 7, Parent: 3, Node: NodeData{Kind: KindShadowRoot}}},
		{"Move", func(w *Writer) { w.Move(4, 1, 3) }, Op{Kind: OpMove, ID: 4, Parent: 1, Next: 3}},
		{"Remove", func(w *Writer) { w.Remove(300) }, Op{Kind: OpRemove, ID: 300}},
		{"Text", func(w *Writer) { w.Text(4, "new") }, Op{Kind: OpText, ID: 4, Value: "new"}},
		{"Attr", func(w *Writer) { w.Attr(3, "title", "") }, Op{Kind: OpAttr, ID: 3, Name: "title"}},
		{"AttrRemove", func(w *Writer) { w.AttrRemove(3, "title") }, Op{Kind: OpAttrRemove, ID: 3, Name: "title"}},
		{"MutationEnd", func(w *Writer) { w.MutationEnd(base) }, Op{Kind: OpMutationEnd, Time: base}},
		{"Input", func(w *Writer) { w.Input(base+1, 9, "secret", true) },
			Op{Kind: OpInput, Time: base + 1, ID: 9, Value: "secret", Checked: true}},
		{"Mouse", func(w *Writer) { w.Mouse(base+2, Click, 9, -1, 2, 2) },
			Op{Kind: OpMouse, Time: base + 2, MouseKind: Click, ID: 9, X: -1, Y: 2, Pointer: 2}},
		{"MouseMove", func(w *Writer) {
			w.MouseMove(base+3, []MousePosition{{X: 1, Y: 2, ID: 3, TimeOffset: -40}, {X: 5, Y: -6, ID: 7, TimeOffset: 0}})
		}, Op{Kind: OpMouseMove, Time: base + 3, Positions: []MousePosition{{X: 1, Y: 2, ID: 3, TimeOffset: -40}, {X: 5, Y: -6, ID: 7}}}},
		{"Scroll", func(w *Writer) { w.Scroll(base+4, 1, 0, 900) }, Op{Kind: OpScroll, Time: base + 4, ID: 1, Y: 900}},
		{"Viewport", func(w *Writer) { w.Viewport(base+5, 390, 844) }, Op{Kind: OpViewport, Time: base + 5, Width: 390, Height: 844}},
		{"Navigate", func(w *Writer) { w.Navigate(base+6, "https://x/b", 1, 2) },
			Op{Kind: OpNavigate, Time: base + 6, Href: "https://x/b", Width: 1, Height: 2}},
		{"StyleRule/insert", func(w *Writer) { w.StyleRule(base+7, 8, StyleInsert, 2, "a{color:red}") },
			Op{Kind: OpStyleRule, Time: base + 7, ID: 8, StyleOp: StyleInsert, Index: 2, Rule: "a{color:red}"}},
		{"StyleRule/delete", func(w *Writer) { w.StyleRule(base+8, 8, StyleDelete, 1, "ignored") },
			Op{Kind: OpStyleRule, Time: base + 8, ID: 8, StyleOp: StyleDelete, Index: 1}},
		{"PageError/uncaught", func(w *Writer) {
			w.PageError(base+9, ErrorUncaught, "TypeError", "x of Jane", []ErrorFrame{{URL: "https://x/a.js?v=1", Line: 12, Column: 5}, {URL: "", Line: 0, Column: 0}})
		}, Op{Kind: OpPageError, Time: base + 9, ErrorSource: ErrorUncaught, Name: "TypeError", Value: "x of Jane",
			Frames: []ErrorFrame{{URL: "https://x/a.js?v=1", Line: 12, Column: 5}, {}}}},
		{"PageError/rejection", func(w *Writer) { w.PageError(base+10, ErrorRejection, "", "é", nil) },
			Op{Kind: OpPageError, Time: base + 10, ErrorSource: ErrorRejection, Value: "é"}},
		{"PageError/rejection value", func(w *Writer) { w.PageError(base+11, ErrorRejectionValue, "", "", nil) },
			Op{Kind: OpPageError, Time: base + 11, ErrorSource: ErrorRejectionValue}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWriter(base)
			tt.write(w)
			require.NoError(t, w.Err())
			ops := readAll(t, w.Bytes())
			require.Len(t, ops, 1)
			got := ops[0]
			if got.Node.Attrs != nil && len(got.Node.Attrs) == 0 {
				got.Node.Attrs = nil
			}
			if got.Positions != nil && len(got.Positions) == 0 {
				got.Positions = nil
			}
			if got.Frames != nil && len(got.Frames) == 0 {
				got.Frames = nil
			}
			assert.Equal(t, tt.want, got)

			// Writing the decoded op gives the same bytes.
			w2 := NewWriter(base)
			w2.Op(&got)
			assert.Equal(t, w.Bytes(), w2.Bytes())
		})
	}
}

func TestReaderReusesOp(t *testing.T) {
	w := NewWriter(base)
	w.Node(1, 0, 0, &NodeData{Kind: KindElement, Tag: "a", Attrs: []html.Attribute{{Key: "k", Val: "v"}}})
	w.Remove(1)
	r, err := NewReader(w.Bytes())
	require.NoError(t, err)
	var op Op
	require.NoError(t, r.Next(&op))
	require.Len(t, op.Node.Attrs, 1)
	require.NoError(t, r.Next(&op))
	assert.Equal(t, OpRemove, op.Kind)
	assert.Empty(t, op.Node.Attrs, "fields of the previous op must be cleared")
	assert.Equal(t, io.EOF, r.Next(&op))
	assert.Equal(t, base, r.BaseTime())
}

func TestNewReaderErrors(t *testing.T) {
	tests := []struct {
		name  string
		batch []byte
		want  string
	}{
		{"empty", nil, "no VEIL header"},
		{"wrong magic", []byte("VAIL\x01\x00"), "no VEIL header"},
		{"version 2", []byte("VEIL\x02\x00"), "unsupported batch version 2"},
		{"no base time", []byte("VEIL\x01"), "bad base time"},
		{"base time too big", append([]byte("VEIL\x01"), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), "bad base time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(tt.batch)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestReaderErrors(t *testing.T) {
	header := NewWriter(0).Bytes()
	tests := []struct {
		name string
		ops  []byte
		want string
	}{
		{"unknown op", []byte{0x13}, "capture: op 0 (OpKind(19)): unknown op kind 0x13"},
		{"page error source", []byte{byte(OpPageError), 0, 3, 0, 0, 0}, "capture: op 0 (PageError): page error source 3 is not 0, 1 or 2"},
		{"page error frames truncated", []byte{byte(OpPageError), 0, 0, 0, 0, 2, 0, 1, 1}, "capture: op 0 (PageError): batch ends inside the op"},
		{"page error name not UTF-8", []byte{byte(OpPageError), 0, 0, 1, 0xff, 0, 0}, "string is not valid UTF-8"},
		{"legacy error truncated", []byte{0x11, 0, 4, 'a'}, "capture: op 0 (Error(legacy)): batch ends inside the op"},
		{"zero op", []byte{0x00}, "unknown op kind 0x0"},
		{"truncated op", []byte{byte(OpMove), 1, 2}, "capture: op 0 (Move): batch ends inside the op"},
		{"truncated string", []byte{byte(OpText), 1, 5, 'a'}, "batch ends inside the op"},
		{"bad node kind", []byte{byte(OpNode), 1, 0, 0, 7}, "bad node kind 7"},
		{"bad namespace", []byte{byte(OpNode), 1, 0, 0, 2, 3}, "bad namespace 3"},
		{"empty tag", []byte{byte(OpNode), 1, 0, 0, 2, 0, 0, 0, 0, 0}, "empty tag name"},
		{"invalid UTF-8", []byte{byte(OpText), 1, 2, 0xc3, 0x28}, "capture: op 0 (Text): string is not valid UTF-8"},
		{"checked byte", []byte{byte(OpInput), 0, 1, 0, 2}, "checked byte 2 is not 0 or 1"},
		{"style op", []byte{byte(OpStyleRule), 0, 1, 2, 0}, "style rule op 2 is not 0 or 1"},
		{"mouse move count lies", []byte{byte(OpMouseMove), 0, 100, 1, 1, 1, 1}, "batch ends inside the op"},
		{"varint overflow", []byte{byte(OpRemove), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, "overflows 64 bits"},
		{"id beyond 2^53", []byte{byte(OpRemove), 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10}, "larger than 2^53-1"},
		{"second op", []byte{byte(OpRemove), 1, 0x42}, "capture: op 1 (OpKind(66))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(append(append([]byte{}, header...), tt.ops...))
			require.NoError(t, err)
			var op Op
			for err = r.Next(&op); err == nil; err = r.Next(&op) {
			}
			require.NotEqual(t, io.EOF, err)
			assert.Contains(t, err.Error(), tt.want)
			var oe *OpError
			require.ErrorAs(t, err, &oe)
			// The error sticks: the rest of the batch is rejected.
			assert.Equal(t, err, r.Next(&op))
		})
	}
}

func limitName(err error) string {
	var le *LimitError
	if errors.As(err, &le) {
		return le.Limit
	}
	return ""
}

func TestReaderLimits(t *testing.T) {
	t.Run("MaxStringBytes", func(t *testing.T) {
		at := NewWriter(0)
		at.Text(1, strings.Repeat("a", MaxStringBytes))
		assert.Len(t, readAll(t, at.Bytes()), 1)

		over := NewWriter(0)
		over.Attr(1, "title", strings.Repeat("a", MaxStringBytes+1))
		r, err := NewReader(over.Bytes())
		require.NoError(t, err)
		err = r.Next(&Op{})
		assert.EqualError(t, err, "capture: op 0 (Attr): string of 1048577 bytes exceeds MaxStringBytes (1048576)")
		assert.Equal(t, "MaxStringBytes", limitName(err))
	})
	t.Run("MaxAttrs", func(t *testing.T) {
		el := func(n int) []byte {
			d := NodeData{Kind: KindElement, Tag: "div"}
			for i := range n {
				d.Attrs = append(d.Attrs, html.Attribute{Key: "a" + strings.Repeat("x", i%7), Val: ""})
			}
			w := NewWriter(0)
			w.Node(1, 0, 0, &d)
			return w.Bytes()
		}
		ops := readAll(t, el(MaxAttrs))
		assert.Len(t, ops[0].Node.Attrs, MaxAttrs)
		r, err := NewReader(el(MaxAttrs + 1))
		require.NoError(t, err)
		err = r.Next(&Op{})
		assert.EqualError(t, err, "capture: op 0 (Node): 1025 attributes exceeds MaxAttrs (1024)")
		assert.Equal(t, "MaxAttrs", limitName(err))
	})
	t.Run("MaxBatchBytes", func(t *testing.T) {
		sized := func(n int) []byte {
			w := NewWriter(0)
			for w.Len() < n-MaxStringBytes-8 {
				w.Text(1, strings.Repeat("b", MaxStringBytes))
			}
			pad := n - w.Len() - 5 // op, id, 3-byte length
			w.Text(1, strings.Repeat("c", pad))
			b := w.Bytes()
			require.Len(t, b, n)
			return b
		}
		_, err := NewReader(sized(MaxBatchBytes))
		assert.NoError(t, err)
		_, err = NewReader(sized(MaxBatchBytes + 1))
		assert.EqualError(t, err, "capture: batch of 8388609 bytes exceeds MaxBatchBytes (8388608)")
		assert.Equal(t, "MaxBatchBytes", limitName(err))
	})
}

func TestWriterRefusesUnrepresentable(t *testing.T) {
	tests := []struct {
		name  string
		write func(w *Writer)
		want  string
	}{
		{"time before base", func(w *Writer) { w.MutationEnd(base - 1) }, "before the base time"},
		{"negative id", func(w *Writer) { w.Remove(-1) }, "negative value -1"},
		{"namespace", func(w *Writer) { w.Node(1, 0, 0, &NodeData{Kind: KindElement, Namespace: "xul", Tag: "a"}) }, `unknown namespace "xul"`},
		{"style op", func(w *Writer) { w.StyleRule(base, 1, 5, 0, "") }, "style rule op 5"},
		{"page error source", func(w *Writer) { w.PageError(base, 3, "", "", nil) }, "page error source 3"},
		{"negative line", func(w *Writer) { w.PageError(base, 0, "", "", []ErrorFrame{{Line: -1}}) }, "negative value -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWriter(base)
			tt.write(w)
			require.Error(t, w.Err())
			assert.Contains(t, w.Err().Error(), tt.want)
		})
	}
	assert.Error(t, NewWriter(-1).Err())
}

func TestOpKindString(t *testing.T) {
	assert.Equal(t, "StyleRule", OpStyleRule.String())
	assert.Equal(t, "SnapshotStart", OpSnapshotStart.String())
	assert.Equal(t, "OpKind(0)", OpKind(0).String())
	assert.Equal(t, "PageError", OpPageError.String())
	assert.Equal(t, "Error(legacy)", opLegacyError.String())
	assert.Equal(t, "OpKind(19)", OpKind(0x13).String())
	assert.Equal(t, "ShadowRoot", KindShadowRoot.String())
	assert.Equal(t, "NodeKind(9)", NodeKind(9).String())
}
