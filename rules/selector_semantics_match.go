package rules

import (
	"strings"

	"golang.org/x/net/html"
)

// matchCtx carries what one match learns lazily about the element's
// document; it lives for one Decide call.
type matchCtx struct {
	mode docMode // modeUnknown until a class or id comparison needs it
}

// Matching happens within one node tree, as querySelectorAll on a document or
// a shadow root sees it: parents stop at any DocumentNode (the document, a
// #shadow-root, an iframe's document), and a host's #shadow-root child and an
// iframe's document child are not children for selectors.

// parentEl returns n's parent element in its tree, or nil at the tree's top.
func parentEl(n *html.Node) *html.Node {
	if p := n.Parent; p != nil && p.Type == html.ElementNode {
		return p
	}
	return nil
}

func prevEl(n *html.Node) *html.Node {
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

func nextEl(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

func firstChildEl(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func (g selGroup) matches(c *matchCtx, n *html.Node) bool {
	for _, s := range g {
		if s.matchAt(c, len(s.parts)-1, n, nil) {
			return true
		}
	}
	return false
}

// matchAt reports whether n matches parts[k] and everything left of it. For
// a relative selector, anchor is the :has() subject the leftmost compound
// must relate to through lead.
func (s *complexSel) matchAt(c *matchCtx, k int, n, anchor *html.Node) bool {
	return s.match(c, k, n, anchor) == matched
}

// matchResult says how a failed match may be retried, so that a selector
// such as ".x div div div" fails in time linear in the depth instead of
// trying every combination of ancestors (the scheme WebKit and Servo use).
// A weaker failure is always a correct answer, only a slower one.
type matchResult uint8

const (
	matched matchResult = iota
	// retry: the next candidate of any enclosing combinator may match.
	retry
	// retryAncestor: enclosing sibling combinators cannot do better; the
	// next candidate of an enclosing descendant combinator may.
	retryAncestor
	// failedGlobally: the ancestors ran out; no higher candidate of any
	// enclosing combinator can match either.
	failedGlobally
)

func (s *complexSel) match(c *matchCtx, k int, n, anchor *html.Node) matchResult {
	if !s.parts[k].matches(c, n) {
		return retry
	}
	if k == 0 {
		if anchor == nil || related(s.lead, anchor, n) {
			return matched
		}
		return retry
	}
	comb := s.combs[k-1]
	up := comb == ' ' || comb == '>'
	step := prevEl
	if up {
		step = parentEl
	}
	for cand := step(n); ; cand = step(cand) {
		if cand == nil {
			if !up {
				return retryAncestor
			}
			return failedGlobally
		}
		r := s.match(c, k-1, cand, anchor)
		switch {
		case r == matched || r == failedGlobally || comb == '+':
			return r
		case comb == '>':
			return retryAncestor
		case comb == '~' && r == retryAncestor:
			return r
		}
	}
}

// related reports whether a stands in relation comb to n (a is n's ancestor,
// parent, previous sibling, or an earlier sibling).
func related(comb byte, a, n *html.Node) bool {
	switch comb {
	case ' ':
		for p := parentEl(n); p != nil; p = parentEl(p) {
			if p == a {
				return true
			}
		}
	case '>':
		return parentEl(n) == a
	case '+':
		return prevEl(n) == a
	case '~':
		for p := prevEl(n); p != nil; p = prevEl(p) {
			if p == a {
				return true
			}
		}
	}
	return false
}

// Within a shadow tree, selectors see the host as the featureless parent of
// the tree's top-level elements (CSS Scoping). Chromium lets a compound made
// of :has() match it, but decides that :has() by what it matched before (see
// hostCapable), so such selectors are rejected and the host never matches.

func (cp *compound) matches(c *matchCtx, n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	// Chromium compares type selectors (lowercased) with an HTML element's
	// local name exactly, so a script's createElementNS(html, "DIV") matches
	// no type selector, and ASCII case-insensitively with SVG and MathML
	// ones, so "foreignobject" matches SVG's foreignObject.
	if cp.tag != "" && cp.tag != n.Data && (n.Namespace == "" || !equalFold(cp.tag, n.Data)) {
		return false
	}
	for i := range cp.simple {
		if !cp.simple[i].matches(c, n) {
			return false
		}
	}
	return true
}

func (s *simpleSel) matches(c *matchCtx, n *html.Node) bool {
	switch s.kind {
	case skID:
		for i := range n.Attr {
			if a := &n.Attr[i]; a.Namespace == "" && a.Key == "id" {
				return c.sameName(n, a.Val, s.name)
			}
		}
		return false
	case skClass:
		for i := range n.Attr {
			if a := &n.Attr[i]; a.Namespace == "" && a.Key == "class" {
				return c.hasClass(n, a.Val, s.name)
			}
		}
		return false
	case skAttr:
		return s.matchAttr(n)
	case skNot:
		return !s.list.matches(c, n)
	case skIs:
		return s.list.matches(c, n)
	case skHas:
		return s.has(c, n)
	case skNth:
		return s.nth(c, n)
	case skOnly:
		return s.only(n)
	case skEmpty:
		return isEmpty(n)
	case skRoot:
		p := n.Parent
		return p != nil && p.Type == html.DocumentNode && p.Data != shadowRootData
	case skLang:
		lang, ok := languageOf(n)
		return ok && langMatches(lang, s.name)
	case skAnyLink:
		return isLink(n)
	case skEnabled:
		return formElement(n) && !disabled(n)
	case skDisabled:
		return formElement(n) && disabled(n)
	case skContains:
		return strings.Contains(strings.ToLower(treeText(n)), s.name)
	}
	return false
}

// sameName compares an id or class value with a selector's: exactly, or
// ASCII case-insensitively in a quirks-mode document. The document mode is
// only looked up when the spelling differs in case alone.
func (c *matchCtx) sameName(n *html.Node, have, want string) bool {
	if have == want {
		return true
	}
	if !equalFold(have, want) {
		return false
	}
	if c.mode == modeUnknown {
		c.mode = documentMode(n)
	}
	return c.mode == modeQuirks
}

func (c *matchCtx) hasClass(n *html.Node, list, class string) bool {
	for len(list) > 0 {
		i := 0
		for i < len(list) && !isSpace(list[i]) {
			i++
		}
		if i > 0 && c.sameName(n, list[:i], class) {
			return true
		}
		if i < len(list) {
			i++
		}
		list = list[i:]
	}
	return false
}

func (s *simpleSel) matchAttr(n *html.Node) bool {
	foreign := n.Namespace != ""
	for i := range n.Attr {
		a := &n.Attr[i]
		if a.Namespace != "" {
			continue
		}
		if foreign {
			// An HTML document lowercases selector attribute names, while
			// the parser camel-cases SVG ones (viewBox): Chromium compares
			// them case-insensitively on foreign elements. The parser puts
			// xmlns there in a namespace, which [xmlns] does not match
			// (names with a colon are rejected when parsing).
			if a.Key == "xmlns" || !equalFold(a.Key, s.name) {
				continue
			}
		} else if a.Key != s.name {
			continue
		}
		if attrValueMatches(s.op, a.Val, s.value, s.fold || s.htmlFold && !foreign) {
			return true
		}
	}
	return false
}

func attrValueMatches(op byte, have, want string, fold bool) bool {
	eq := func(a, b string) bool {
		if fold {
			return equalFold(a, b)
		}
		return a == b
	}
	switch op {
	case 0:
		return true
	case '=':
		return eq(have, want)
	case '~':
		if want == "" || strings.ContainsAny(want, " \t\n\r\f") {
			return false
		}
		for have != "" {
			i := 0
			for i < len(have) && !isSpace(have[i]) {
				i++
			}
			if i > 0 && eq(have[:i], want) {
				return true
			}
			if i < len(have) {
				i++
			}
			have = have[i:]
		}
		return false
	case '|':
		return eq(have, want) || len(have) > len(want) && have[len(want)] == '-' && eq(have[:len(want)], want)
	case '^':
		return want != "" && len(have) >= len(want) && eq(have[:len(want)], want)
	case '$':
		return want != "" && len(have) >= len(want) && eq(have[len(have)-len(want):], want)
	case '*':
		if want == "" || len(have) < len(want) {
			return false
		}
		for i := 0; i+len(want) <= len(have); i++ {
			if eq(have[i:i+len(want)], want) {
				return true
			}
		}
	}
	return false
}
