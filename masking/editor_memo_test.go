package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// noteTyped remembers a walk that met no editing host; an op between two
// adds of one batch that makes an ancestor editable (contenteditable set,
// the subtree moved under an editor) must still make the second add's text
// an input value, although the batch undoes the op before it ends (click to
// edit): the same adds without it keep the text in clear.
func TestNoteTypedSeesAnEditorSetBetweenAdds(t *testing.T) {
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList})
	require.NoError(t, err)
	el := func(tag string, attrs ...string) *capture.NodeData {
		d := &capture.NodeData{Kind: capture.KindElement, Tag: tag}
		for i := 0; i+1 < len(attrs); i += 2 {
			d.Attrs = append(d.Attrs, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
		}
		return d
	}
	for _, tc := range []struct {
		name           string
		between, after func(w *capture.Writer)
		clear          bool
	}{
		{"nothing between", func(*capture.Writer) {}, func(*capture.Writer) {}, true},
		{"contenteditable set", func(w *capture.Writer) { w.Attr(4, "contenteditable", "true") },
			func(w *capture.Writer) { w.AttrRemove(4, "contenteditable") }, false},
		{"moved under an editor", func(w *capture.Writer) { w.Move(4, 5, 0) },
			func(w *capture.Writer) { w.Move(4, 3, 5) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := capture.NewWriter(1)
			w.SnapshotStart(1, "https://x.test/", 800, 600, 0, 0)
			w.Node(1, 0, 0, &capture.NodeData{Kind: capture.KindDocument})
			w.Node(2, 1, 0, el("html"))
			w.Node(3, 2, 0, el("body"))
			w.Node(4, 3, 0, el("div"))
			w.Node(5, 3, 0, el("div", "contenteditable", "true"))
			w.SnapshotEnd(2)
			s := NewSession(set)
			_, err := s.Write(w.Bytes())
			require.NoError(t, err)

			w = capture.NewWriter(3)
			w.Node(10, 4, 0, el("span"))
			w.Node(11, 10, 0, &capture.NodeData{Kind: capture.KindText, Data: "first words"})
			tc.between(w)
			w.Node(12, 10, 0, &capture.NodeData{Kind: capture.KindText, Data: "typed words"})
			tc.after(w)
			w.MutationEnd(4)
			events, err := s.Write(w.Bytes())
			require.NoError(t, err)
			out := string(capture.AppendEvents(nil, events))
			require.Contains(t, out, "first words", "added before any editor: recorded")
			require.Equal(t, tc.clear, strings.Contains(out, "typed words"), out)
		})
	}
}
