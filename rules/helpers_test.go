package rules

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// decideTree parses page, decides every node top-down as the masking session
// does, and returns the Decisions of elements by their id attribute.
func decideTree(t testing.TB, s *Set, page string) map[string]Decision {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	return decideFrom(s, doc, Decision{})
}

func decideFrom(s *Set, root *html.Node, parent Decision) map[string]Decision {
	out := map[string]Decision{}
	var walk func(n *html.Node, parent Decision)
	walk = func(n *html.Node, parent Decision) {
		d := s.Decide(n, parent)
		if id := attr(n, "id"); id != "" {
			out[id] = d
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, d)
		}
	}
	walk(root, parent)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func mustSet(t testing.TB, js string) *Set {
	t.Helper()
	r, err := Parse([]byte(js))
	require.NoError(t, err)
	s, err := Compile(r)
	require.NoError(t, err)
	return s
}

func element(tag string, attrs ...string) *html.Node {
	n := &html.Node{Type: html.ElementNode, Data: tag}
	for i := 0; i+1 < len(attrs); i += 2 {
		n.Attr = append(n.Attr, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
	}
	return n
}
