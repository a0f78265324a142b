package capture

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func FuzzReader(f *testing.F) {
	w := NewWriter(base)
	w.SnapshotStart(base, "https://x/", 1, 2, 3, 4)
	w.Node(1, 0, 0, &NodeData{Kind: KindElement, Tag: "a", Attrs: []html.Attribute{{Key: "k", Val: "v"}}})
	w.MouseMove(base, []MousePosition{{X: 1}})
	w.StyleRule(base, 1, StyleInsert, 0, "a{}")
	f.Add(w.Bytes())
	f.Add([]byte("VEIL\x01\x00\x0c\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := NewReader(b)
		if err != nil {
			return
		}
		out := NewWriter(r.BaseTime())
		var op Op
		for {
			err := r.Next(&op)
			if err != nil {
				if err == io.EOF {
					// A batch that decodes cleanly re-encodes to itself,
					// except for non-minimal varints the Writer never writes.
					if again := readAllQuiet(out.Bytes()); again == nil {
						t.Fatal("re-encoded batch does not decode")
					}
				}
				return
			}
			out.Op(&op)
			require.NoError(t, out.Err())
		}
	})
}

func readAllQuiet(b []byte) []Op {
	r, err := NewReader(b)
	if err != nil {
		return nil
	}
	ops := []Op{}
	for {
		var op Op
		if err := r.Next(&op); err != nil {
			if err == io.EOF {
				return ops
			}
			return nil
		}
		ops = append(ops, op)
	}
}

// FuzzMirror applies ops chosen by the fuzzer to a small tree and checks
// that the index always matches the tree.
func FuzzMirror(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 1, 3, 2, 1, 4, 3, 5, 1})
	f.Add([]byte{0, 2, 1, 0, 1, 2, 3, 4, 3, 1, 1, 0, 5, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		m := NewMirror()
		m.maxNodes, m.maxDepth = 40, 8
		_, err := m.Apply(nodeOp(1, 0, 0, NodeData{Kind: KindDocument}))
		require.NoError(t, err)
		next := 2
		for i := 0; i+3 < len(b); i += 4 {
			a, p, n := int(b[i+1]%16), int(b[i+2]%16), int(b[i+3]%16)
			var op Op
			switch b[i] % 8 {
			case 0, 1:
				op = *nodeOp(next, p, n, NodeData{Kind: NodeKind(a % 8), Tag: []string{"div", "iframe", "p"}[a%3]})
				next++
			case 2:
				op = Op{Kind: OpMove, ID: a, Parent: p, Next: n}
			case 3:
				op = Op{Kind: OpRemove, ID: a}
			case 4:
				op = Op{Kind: OpText, ID: a, Value: "x"}
			case 5:
				op = Op{Kind: OpAttr, ID: a, Name: "k", Value: "v"}
			case 6:
				op = Op{Kind: OpInput, ID: a, Value: "v"}
			case 7:
				op = Op{Kind: OpSnapshotStart}
			}
			m.Apply(&op) //nolint:errcheck // errors are expected; consistency is the check
			checkIndex(t, m)
			if r := m.Root(); r != nil {
				require.LessOrEqual(t, height(&r.Node), m.maxDepth)
			}
			require.LessOrEqual(t, m.Len(), m.maxNodes)
		}
	})
}

func FuzzParseEvents(f *testing.F) {
	f.Add(AppendEvents(nil, sampleEvents()))
	f.Add([]byte(`[{"type":3,"timestamp":1,"data":{"source":0,"adds":[{"parentId":1,"nextId":null,"node":{"type":2,"id":2,"tagName":"a","attributes":{"x":1}}}]}}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := ParseEvents(b)
		if err != nil {
			return
		}
		// What parses writes out and parses back the same.
		again, err := ParseEvents(AppendEvents(nil, es))
		require.NoError(t, err)
		require.Equal(t, len(es), len(again))
		_, _ = EncodeEvents(es, 0)
	})
}
