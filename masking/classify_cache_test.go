package masking

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// Whatever was asked before, the cache answers what classifyAttr answers:
// names that differ only in case or namespace, the same name on other
// elements, and more triples than there are slots (so entries are evicted
// and slots collide).
func TestAttrClassCacheAnswersAsClassifyAttr(t *testing.T) {
	names := []string{"href", "HREF", "Href", "class", "style", "value", "type", "src", "srcset", "onclick",
		"viewBox", "viewbox", "VIEWBOX", "xlink:href", "data-i", "data-X", "aria-label", "title", "alt", "d",
		"content", "name", "for", "id", "checked", "selected", "width", "fill", "x", "xmlns:foo", "nonce", "rr_width"}
	tags := []string{"a", "A", "div", "input", "INPUT", "img", "svg", "path", "meta", "link", "option", "td", "foreignObject", "x-widget"}
	var triples [][3]string
	for _, ns := range []string{"", "svg", "math", "other"} {
		for _, tag := range tags {
			for _, name := range names {
				triples = append(triples, [3]string{ns, tag, name})
			}
		}
	}
	require.Greater(t, len(triples), 4*attrClassSlots)
	var c attrClassCache
	for round := range 2 {
		for i := range triples {
			// forwards in one round, backwards in the other, so each slot
			// is refilled by a different triple
			tr := triples[i]
			if round == 1 {
				tr = triples[len(triples)-1-i]
			}
			want := classifyAttr(tr[0], tr[1], tr[2])
			require.Equal(t, want, c.classify(tr[0], tr[1], tr[2]), "%q", tr)
			require.Equal(t, want, c.classify(tr[0], tr[1], tr[2]), "%q, asked again", tr)
		}
	}
}

// Primed from the cache, a node's element class is what classifyElement
// says, for tags that differ in case, namespace or one inner byte, more
// of them than there are slots.
func TestElemClassCachePrimesAsClassifyElement(t *testing.T) {
	tags := []string{"div", "DIV", "Div", "script", "SCRIPT", "style", "textarea", "input", "option", "svg",
		"foreignObject", "foreignobject", "x-widget", "x-w1dget", "my-el", "iframe", "noscript", "canvas", "template", "math", "mi"}
	var c elemClassCache
	for round := range 2 {
		for _, ns := range []string{"", "svg", "math", "other"} {
			for _, tag := range tags {
				n := &capture.Node{}
				n.Type, n.Namespace, n.Data = html.ElementNode, ns, tag
				c.prime(n)
				require.NotZero(t, n.Mark&elemClassBits, "prime stores the class")
				require.Equal(t, classifyElement(ns, tag), elemClassOf(&n.Node), "round %d: %q %q", round, ns, tag)
			}
		}
	}
}
