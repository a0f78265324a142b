package rules_test

import (
	"fmt"
	"strings"

	"github.com/veil-replay/veil/rules"
	"golang.org/x/net/html"
)

func ExampleParse() {
	r, err := rules.Parse([]byte(`{"mode":"block-list","mask":[".account"],"allowParams":["page"]}`))
	fmt.Println(r.Mode, r.Mask, err)

	_, err = rules.Parse([]byte(`{"mode":"block-list","mask":[".a","a:hover"]}`))
	fmt.Println(err)
	// Output:
	// block-list [.account] <nil>
	// rules: mask[1] "a:hover": :hover depends on live browser state the engine cannot see
}

func ExampleCompile() {
	r, _ := rules.Parse([]byte(`{"mode":"block-list","mask":[".account"],"allow":["#search"]}`))
	set, err := rules.Compile(r)
	if err != nil {
		panic(err)
	}
	doc, _ := html.Parse(strings.NewReader(
		`<p id=hello>Hi</p><div class=account><p id=name>Ada</p></div><input id=search><input id=email>`))
	// Decide top-down, each node from its parent's Decision.
	var walk func(n *html.Node, parent rules.Decision)
	walk = func(n *html.Node, parent rules.Decision) {
		d := set.Decide(n, parent)
		for _, a := range n.Attr {
			if a.Key == "id" {
				fmt.Printf("%s: record=%v revealInput=%v\n", a.Val, d.Record, d.RevealInput)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, d)
		}
	}
	walk(doc, rules.Decision{})
	fmt.Println(set.Attr("title") == rules.AttrFollow, set.Attr("class") == rules.AttrFollow, set.Scope() == rules.ScopeSubtree)
	// Output:
	// hello: record=true revealInput=false
	// name: record=false revealInput=false
	// search: record=true revealInput=true
	// email: record=true revealInput=false
	// true true true
}
