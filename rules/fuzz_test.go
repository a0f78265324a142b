package rules

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"mode":"block-list","mask":[".a","h1 + p"],"block":["#card"]}`,
		`{"mode":"allow-list","allow":["main p:nth-child(2n+1)"],"attributes":{"allow":["aria-*"],"mask":["data-x"]}}`,
		`{"hideInteractions":[".pin :has(button)"],"allowParams":["page"]}`,
		`{"mask":["a:hover"]}`, `{"mask":["u+b"]}`, `{"mask":["[x~=\"y\"]"]}`, `{"block":["p::before"]}`,
		`{"mode":"block-list","mask":[":not(.a, .b) > *"]}`, `{"mask":[".a\\:b"]}`,
	} {
		f.Add([]byte(seed))
	}
	doc, err := html.Parse(strings.NewReader(`<div id=a class="a b" data-x><p>t</p><input type=password>` +
		`<h1>x</h1><p class=a contenteditable>y</p><select><option>o</option></select></div>`))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if err != nil {
			return
		}
		s, err := Compile(r)
		require.NoError(t, err, "Parse accepted what Compile rejects")
		js := r.AppendJSON(nil)
		back, err := Parse(js)
		require.NoError(t, err, "%s", js)
		require.Equal(t, r, back)
		require.Equal(t, string(js), string(back.AppendJSON(nil)))
		// Deciding must not panic, and the floor must hold whatever the rules.
		var walk func(n *html.Node, d Decision)
		walk = func(n *html.Node, parent Decision) {
			d := s.Decide(n, parent)
			if n.Type == html.ElementNode && n.Data == "input" {
				require.True(t, d.Floor)
				require.False(t, d.RevealInput)
			}
			if parent.Block {
				require.True(t, d.Block)
			}
			if parent.Masked {
				require.True(t, d.Masked)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, d)
			}
		}
		walk(doc, Decision{})
	})
}
