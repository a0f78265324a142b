package rules

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestParseSheetSelector(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<div class="private" id="p"><a id="l" href="/">x</a></div><li id="i">y</li>`))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*html.Node{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key == "id" {
				byID[a.Val] = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, c := range []struct {
		sel   string
		match string // the ids it must match, space-separated; "!" when unreadable
	}{
		{".private::after", "p"},
		{".private:before", "p"},
		{".private:hover::before", "p"},
		{"div :hover::before", "l"},
		{"::after", "p l i"},
		{".private > a:focus-visible::after, li::marker", "l i"},
		{"div::part(label)", "p"},
		{"a:dir(rtl)::after", "l"},
		{"li:nth-child(2)::after", "i"},
		{`[data-x=":hover"]::after`, ""},
		{".x:not(:hover)::after", "!"},
		{":is(.a::before)", "!"},
		{":host::after", "!"},
		{"", "!"},
	} {
		t.Run(c.sel, func(t *testing.T) {
			s, ok := ParseSheetSelector(c.sel)
			if c.match == "!" {
				if ok {
					t.Fatalf("ParseSheetSelector(%q) read it; want unreadable", c.sel)
				}
				return
			}
			if !ok {
				t.Fatalf("ParseSheetSelector(%q) could not read it", c.sel)
			}
			var got []string
			for _, id := range []string{"p", "l", "i"} {
				if s.Matches(byID[id]) {
					got = append(got, id)
				}
			}
			if strings.Join(got, " ") != c.match {
				t.Errorf("ParseSheetSelector(%q) matches %q, want %q", c.sel, got, c.match)
			}
		})
	}
}
