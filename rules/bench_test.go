package rules

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// benchRules is a realistic rule set of about twenty selectors.
const benchRules = `{"mode":"block-list",
 "mask":[".account",".address","#profile .name","[data-private]","table.orders td","form.checkout input",
         ".user-email",".phone","aside .history","section.reviews p"],
 "block":["#card-frame",".payment-widget","iframe.ads","[data-veil-secret]"],
 "allow":["#search","input.qty","select.country",".newsletter input"],
 "hideInteractions":[".pin-pad",".keypad button"]}`

func benchPage(elements int) string {
	var b strings.Builder
	b.WriteString("<html><body>")
	for i := 0; i < elements/10; i++ {
		n := strconv.Itoa(i)
		b.WriteString(`<section class="card c` + n + `"><h2 id=h` + n + `>Title</h2><ul class=list>` +
			`<li class=item>a</li><li class="item odd">b</li><li>c</li></ul>` +
			`<form class=f><input class=qty name=q` + n + `><select class=country><option>x</option></select></form></section>`)
	}
	b.WriteString("</body></html>")
	return b.String()
}

func BenchmarkDecide(b *testing.B) {
	s := mustSet(b, benchRules)
	doc, err := html.Parse(strings.NewReader(benchPage(10000)))
	require.NoError(b, err)
	var nodes []*html.Node
	var parents []int
	var collect func(n *html.Node, parent int)
	collect = func(n *html.Node, parent int) {
		nodes = append(nodes, n)
		parents = append(parents, parent)
		me := len(nodes) - 1
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c, me)
		}
	}
	collect(doc, -1)
	elements := 0
	for _, n := range nodes {
		if n.Type == html.ElementNode {
			elements++
		}
	}
	decisions := make([]Decision, len(nodes))
	b.ResetTimer()
	for b.Loop() {
		for i, n := range nodes {
			var parent Decision
			if p := parents[i]; p >= 0 {
				parent = decisions[p]
			}
			decisions[i] = s.Decide(n, parent)
		}
	}
	b.ReportMetric(float64(elements), "elements")
}
