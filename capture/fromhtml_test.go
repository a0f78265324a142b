package capture

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// describe lists the ops of a snapshot batch as "id<parent kind detail".
func describe(t testing.TB, batch []byte) []string {
	t.Helper()
	var out []string
	for _, op := range readAll(t, batch) {
		switch op.Kind {
		case OpNode:
			s := fmt.Sprintf("%d<%d %s", op.ID, op.Parent, op.Node.Kind)
			switch op.Node.Kind {
			case KindElement:
				s += " " + op.Node.Namespace + ":" + op.Node.Tag
				for _, a := range op.Node.Attrs {
					s += " " + a.Key + "=" + a.Val
				}
				if op.Node.Width != 0 || op.Node.Height != 0 {
					s += fmt.Sprintf(" %dx%d", op.Node.Width, op.Node.Height)
				}
			case KindText, KindComment:
				s += fmt.Sprintf(" %q", op.Node.Data)
			case KindDoctype:
				s += " " + op.Node.Name
			}
			if op.Next != 0 {
				s += fmt.Sprintf(" next=%d", op.Next)
			}
			out = append(out, s)
		case OpSnapshotStart:
			out = append(out, fmt.Sprintf("start %s %dx%d %d,%d @%d", op.Href, op.Width, op.Height, op.X, op.Y, op.Time))
		default:
			out = append(out, fmt.Sprintf("%s @%d", op.Kind, op.Time))
		}
	}
	return out
}

func TestFromHTML(t *testing.T) {
	const page = "<!DOCTYPE html><html><head><title>T</title></head><body>\n" +
		"<p b=2 a=1>x</p> <template><i>hidden</i></template><!--c-->" +
		`<img width="120" height=" +45px"><canvas width="abc"></canvas><div width="7"></div>` +
		`<svg viewBox="0 0 1 1"><foreignObject><b>f</b></foreignObject><a xlink:href="#h"></a></svg></body></html>`
	batch, err := FromHTML(strings.NewReader(page), "https://shop.example/", base)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"start https://shop.example/ 1280x800 0,0 @" + fmt.Sprint(base),
		"1<0 Document",
		"2<1 Doctype html",
		"3<1 Element :html",
		"4<3 Element :head",
		"5<4 Element :title",
		`6<5 Text "T"`,
		"7<3 Element :body",
		`8<7 Text "\n"`,
		"9<7 Element :p b=2 a=1",
		`10<9 Text "x"`,
		`11<7 Text " "`,
		"12<7 Element :template", // no children: they live in template.content
		`13<7 Comment "c"`,
		"14<7 Element :img width=120 height= +45px 120x45",
		"15<7 Element :canvas width=abc",
		"16<7 Element :div width=7", // not a measured element
		"17<7 Element svg:svg viewBox=0 0 1 1",
		"18<17 Element svg:foreignObject",
		"19<18 Element :b",
		`20<19 Text "f"`,
		"21<17 Element svg:a xlink:href=#h",
		"SnapshotEnd @" + fmt.Sprint(base),
	}, describe(t, batch))

	// The batch builds a mirror that renders back to the parsed document.
	m := NewMirror()
	r, err := NewReader(batch)
	require.NoError(t, err)
	var op Op
	for r.Next(&op) == nil {
		_, err := m.Apply(&op)
		require.NoError(t, err)
	}
	assert.Equal(t, 21, m.Len())
	assert.Equal(t, "img", m.Node(14).Data)
	assert.Equal(t, 45, m.Node(14).Height)
}

func TestFromHTMLInvalidUTF8(t *testing.T) {
	batch, err := FromHTML(strings.NewReader("<p title=\"a\xffb\">c\xfe\xfd</p>"), "https://x/\xff", 0)
	require.NoError(t, err)
	ops := readAll(t, batch) // the Reader rejects invalid UTF-8, so this passing is the check
	assert.Equal(t, "https://x/\uFFFD", ops[0].Href)
	got := describe(t, batch)
	assert.Contains(t, got, "5<4 Element :p title=a\uFFFDb")
	assert.Contains(t, got, `6<5 Text "c`+"\uFFFD\uFFFD"+`"`)
}

func TestFromHTMLLimits(t *testing.T) {
	t.Run("MaxStringBytes", func(t *testing.T) {
		_, err := FromHTML(strings.NewReader("<p>"+strings.Repeat("a", MaxStringBytes)+"</p>"), "", 0)
		require.NoError(t, err)
		_, err = FromHTML(strings.NewReader("<p>"+strings.Repeat("a", MaxStringBytes+1)+"</p>"), "", 0)
		assert.Equal(t, "MaxStringBytes", limitName(err))
	})
	t.Run("MaxAttrs", func(t *testing.T) {
		el := func(n int) string {
			var b strings.Builder
			b.WriteString("<p")
			for i := range n {
				fmt.Fprintf(&b, " a%d", i)
			}
			return b.String() + ">"
		}
		_, err := FromHTML(strings.NewReader(el(MaxAttrs)), "", 0)
		require.NoError(t, err)
		_, err = FromHTML(strings.NewReader(el(MaxAttrs+1)), "", 0)
		assert.Equal(t, "MaxAttrs", limitName(err))
	})
	t.Run("MaxDepth", func(t *testing.T) {
		// x/net/html nests at most 512 open elements, so build the tree by hand.
		doc := &html.Node{Type: html.DocumentNode}
		n := doc
		for range MaxDepth - 1 {
			c := &html.Node{Type: html.ElementNode, Data: "div"}
			n.AppendChild(c)
			n = c
		}
		_, err := FromNode(doc, "", 0)
		require.NoError(t, err, "depth 1024")
		n.AppendChild(&html.Node{Type: html.TextNode, Data: "x"})
		_, err = FromNode(doc, "", 0)
		assert.Equal(t, "MaxDepth", limitName(err))
	})
	t.Run("not a document", func(t *testing.T) {
		_, err := FromNode(&html.Node{Type: html.ElementNode}, "", 0)
		assert.Error(t, err)
	})
}
