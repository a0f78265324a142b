package rules

import (
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func TestScope(t *testing.T) {
	cases := []struct {
		sel  string
		want Scope
	}{
		{".a", ScopeSubtree},
		{"form > input", ScopeSubtree},
		{"main .card [data-x]", ScopeSubtree},
		{"[class~=a]", ScopeSubtree},
		{"[lang|=en]", ScopeSubtree},
		{`[title="a + b ~ c"]`, ScopeSubtree},
		{":not(.a) p", ScopeSubtree},
		{"h1 + p", ScopeSiblings},
		{"h1~p", ScopeSiblings},
		{"u+b", ScopeSiblings},
		{"u+adz", ScopeSiblings},
		{"li:nth-child(2n+1)", ScopeSiblings},
		{"li:NTH-LAST-CHILD(1)", ScopeSiblings},
		{`li:\6e th-child(2)`, ScopeSiblings},
		{`p:\68 as(b)`, ScopeDocument},
		{"p:nth-of-type(2)", ScopeSiblings},
		{"p:nth-last-of-type(2)", ScopeSiblings},
		{"li:first-child", ScopeSiblings},
		{"li:last-child", ScopeSiblings},
		{"p:first-of-type", ScopeSiblings},
		{"p:last-of-type", ScopeSiblings},
		{"p:only-child", ScopeSiblings},
		{"p:only-of-type", ScopeSiblings},
		{"input:disabled", ScopeSiblings},
		{":not(h1 + p)", ScopeSiblings},
		{"div:has(.secret)", ScopeDocument},
		{"p:empty", ScopeDocument},
		{`p:contains("card")`, ScopeDocument},
		{"p:lang(de)", ScopeDocument}, // a content-language pragma anywhere in the head
		{":is(:lang(fr)) b", ScopeDocument},
		{"h1 + p, div:has(p)", ScopeDocument},
		{".a, li:first-child", ScopeSiblings},
	}
	for _, c := range cases {
		t.Run(c.sel, func(t *testing.T) {
			for _, key := range []string{"mask", "block", "hideInteractions"} {
				s := mustSet(t, `{"mode":"block-list","`+key+`":[`+quote(c.sel)+`]}`)
				assert.Equal(t, c.want, s.Scope(), key)
			}
			s := mustSet(t, `{"mode":"allow-list","allow":[`+quote(c.sel)+`]}`)
			assert.Equal(t, c.want, s.Scope(), "allow")
		})
	}
	t.Run("widest wins", func(t *testing.T) {
		s := mustSet(t, `{"mode":"block-list","mask":[".a"],"block":["h1+p"],"hideInteractions":["p:empty"]}`)
		assert.Equal(t, ScopeDocument, s.Scope())
		assert.Equal(t, ScopeSubtree, mustSet(t, `{}`).Scope())
	})
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// The index must never skip a selector that matches: compare it with every
// selector tested on every element.
func TestIndexMatchesCascadia(t *testing.T) {
	sels := []string{
		"div", "P", "#main", ".card", "[data-secret]", "[DATA-UPPER]", "div.card > p#x", "section .a.b",
		"input[type=password]", "*", ":not(.x)", ".a\\:b", "#\\31 23", "u+b", "h1 ~ p", "b, #main .b",
		"li:nth-child(2n+1)", "section:has(.a)", ":root", "svg rect", "[class~=card]", ".card:not(div)",
		"p:first-child.b", `p:contains("x")`, "body > *", "ul li", "form input:enabled",
	}
	const page = `<html><body><div id=main class="card  wide"><p id=x class="a b">x</p><h1>t</h1><p class=b>y</p></div>
		<section><span class="a b" data-secret data-upper>z</span><span class="a:b" id=123>w</span></section>
		<u></u><b>bold</b><ul><li>1</li><li class=c>2</li></ul><form><input type=password></form>
		<svg><rect class=card></rect></svg><div class="x card"></div><p></p></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	for _, sel := range sels {
		t.Run(sel, func(t *testing.T) {
			s, err := Compile(Rules{Mode: ModeBlockList, Mask: []string{sel}})
			require.NoError(t, err)
			group := cascadia.MustCompile(sel)
			var walk func(n *html.Node)
			matched := 0
			walk = func(n *html.Node) {
				if n.Type == html.ElementNode {
					var f facts
					got := s.idx.match(n, kindMask, &f) != 0
					want := group(n)
					assert.Equal(t, want, got, "%s %v", n.Data, n.Attr)
					if want {
						matched++
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			assert.NotZero(t, matched, "the page should exercise the selector")
		})
	}
}
