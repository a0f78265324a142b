package rules

import (
	"strings"

	"golang.org/x/net/html"
)

// Matching of the pseudo-classes that look beyond the element's own
// attributes: :has(), the structural ones, :contains(), :any-link,
// :enabled and :disabled.

// has reports whether an element related to n as a relative selector of the
// list says matches it, within n's tree.
func (s *simpleSel) has(c *matchCtx, n *html.Node) bool {
	for _, rel := range s.list {
		last := len(rel.parts) - 1
		found := false
		try := func(m *html.Node) bool {
			found = rel.matchAt(c, last, m, n)
			return found
		}
		switch rel.lead {
		case ' ', '>':
			walkElements(n, try)
		default:
			for sib := nextEl(n); sib != nil && !found; sib = nextEl(sib) {
				if !try(sib) {
					walkElements(sib, try)
				}
			}
		}
		if found {
			return true
		}
	}
	return false
}

// walkElements calls f on the element descendants of n in its tree, in
// document order, until f returns true.
func walkElements(n *html.Node, f func(*html.Node) bool) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode {
			continue
		}
		if f(ch) || walkElements(ch, f) {
			return true
		}
	}
	return false
}

// sameType: same local name and namespace, as :nth-of-type counts.
func sameType(a, b *html.Node) bool { return a.Data == b.Data && a.Namespace == b.Namespace }

func (s *simpleSel) nth(c *matchCtx, n *html.Node) bool {
	if n.Parent == nil {
		return false
	}
	if s.list != nil && !s.list.matches(c, n) {
		return false
	}
	pos := 1
	step := prevEl
	if s.last {
		step = nextEl
	}
	for sib := step(n); sib != nil; sib = step(sib) {
		switch {
		case s.ofType:
			if sameType(sib, n) {
				pos++
			}
		case s.list != nil:
			if s.list.matches(c, sib) {
				pos++
			}
		default:
			pos++
		}
	}
	if s.a == 0 {
		return pos == s.b
	}
	d := pos - s.b
	return d%s.a == 0 && d/s.a >= 0
}

func (s *simpleSel) only(n *html.Node) bool {
	if n.Parent == nil {
		return false
	}
	for ch := n.Parent.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch != n && ch.Type == html.ElementNode && (!s.ofType || sameType(ch, n)) {
			return false
		}
	}
	return true
}

// isEmpty: no element children and no non-empty text (whitespace counts, as
// in Chromium); comments, and a host's shadow root or an iframe's document,
// do not count.
func isEmpty(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch ch.Type {
		case html.ElementNode:
			return false
		case html.TextNode:
			if ch.Data != "" {
				return false
			}
		}
	}
	return true
}

// treeText is the text of n's descendants in its tree, for :contains().
func treeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			switch ch.Type {
			case html.TextNode:
				b.WriteString(ch.Data)
			case html.ElementNode:
				walk(ch)
			}
		}
	}
	walk(n)
	return b.String()
}

func hasAttr(n *html.Node, key string) bool {
	for i := range n.Attr {
		if n.Attr[i].Namespace == "" && n.Attr[i].Key == key {
			return true
		}
	}
	return false
}

// isLink is :any-link: HTML a and area with href, SVG a with href or
// xlink:href.
func isLink(n *html.Node) bool {
	switch n.Namespace {
	case "":
		return (n.Data == "a" || n.Data == "area") && hasAttr(n, "href")
	case "svg":
		if n.Data != "a" {
			return false
		}
		for i := range n.Attr {
			a := &n.Attr[i]
			if a.Key == "href" && (a.Namespace == "" || a.Namespace == "xlink") || a.Namespace == "" && a.Key == "xlink:href" {
				return true
			}
		}
	}
	return false
}

// formElement: the HTML elements :enabled and :disabled apply to.
func formElement(n *html.Node) bool {
	if n.Namespace != "" {
		return false
	}
	switch n.Data {
	case "button", "input", "select", "textarea", "optgroup", "option", "fieldset":
		return true
	}
	return false
}

// disabled is HTML's "actually disabled" for a form element.
func disabled(n *html.Node) bool {
	if hasAttr(n, "disabled") {
		return true
	}
	switch n.Data {
	case "optgroup", "option":
		// Disabled by its nearest ancestor select (its own disabled
		// attribute or a disabled fieldset around it), found as HTML's
		// "nearest ancestor select" (customizable select) finds it: the
		// search stops at a datalist, hr or option, and at a second optgroup
		// (an optgroup counts itself); an option also by the optgroup met on
		// the way. So Chromium 156 reads it.
		group := n.Data == "optgroup"
		for p := parentEl(n); p != nil; p = parentEl(p) {
			if p.Namespace != "" {
				continue
			}
			switch p.Data {
			case "datalist", "hr", "option":
				return false
			case "optgroup":
				if group {
					return false
				}
				if hasAttr(p, "disabled") {
					return true
				}
				group = true
			case "select":
				return disabled(p)
			}
		}
		return false
	}
	// A disabled fieldset disables what it contains, except inside its
	// first legend child.
	child := n
	for p := parentEl(n); p != nil; child, p = p, parentEl(p) {
		if p.Namespace != "" || p.Data != "fieldset" || !hasAttr(p, "disabled") {
			continue
		}
		if child.Namespace == "" && child.Data == "legend" && firstLegend(p) == child {
			continue
		}
		return true
	}
	return false
}

func firstLegend(fieldset *html.Node) *html.Node {
	for ch := firstChildEl(fieldset); ch != nil; ch = nextEl(ch) {
		if ch.Namespace == "" && ch.Data == "legend" {
			return ch
		}
	}
	return nil
}
