package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/net/html"
)

// TestGridColumn pins the column of the cell marked id=x, each by the table
// it stands in: colspan and the rowspan of the rows above as browsers lay
// them out.
func TestGridColumn(t *testing.T) {
	for in, want := range map[string]int{
		`<tr><td>a</td><td id=x>b</td></tr>`:                                                 1,
		`<tr><td rowspan=2>a</td><td>b</td></tr><tr><td id=x>c</td></tr>`:                    1,
		`<tr><td rowspan=0>a</td><td>b</td></tr><tr><td>c</td></tr><tr><td id=x>d</td></tr>`: 1,
		`<tr><td rowspan=2 colspan=2>a</td></tr><tr><td id=x>c</td></tr>`:                    2,
		`<tr><td>a</td><td rowspan=2>b</td></tr><tr><td>c</td><td id=x>d</td></tr>`:          2,
		`<tr><td colspan=" 2">a</td><td id=x>b</td></tr>`:                                    2,
		`<tr><td colspan="+3x">a</td><td id=x>b</td></tr>`:                                   3,
		`<tr><td colspan="0">a</td><td id=x>b</td></tr>`:                                     1,
		`<tr><td colspan="-2">a</td><td id=x>b</td></tr>`:                                    1,
		`<tr><td rowspan=1>a</td></tr><tr><td id=x>c</td></tr>`:                              0,
	} {
		t.Run(in, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<table>" + in + "</table>"))
			assert.NoError(t, err)
			var find func(n *html.Node) *html.Node
			find = func(n *html.Node) *html.Node {
				if getAttr(n, "id") == "x" {
					return n
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if f := find(c); f != nil {
						return f
					}
				}
				return nil
			}
			cell := find(doc)
			if assert.NotNil(t, cell) {
				assert.Equal(t, want, gridColumn(cell))
			}
		})
	}
}
