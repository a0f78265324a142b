package capture

import (
	"strings"
	"unicode/utf16"

	"golang.org/x/net/html"
)

// LabelAttr is the attribute the recorder adds to an input, textarea or
// select that a <label for> elsewhere in its tree names (the browser's
// control.labels, less the labels that hold the control), or that names
// other elements as its label with aria-labelledby: those labels' text (in
// tree order), then the referenced elements' text (in the attribute's
// order), joined by a space, cut to MaxLabelUnits UTF-16 code units. The engine reads it to put a control named "CVV" by its label on
// the floor (a label that holds its control it reads itself) and never
// records it. FromNode adds it as the recorder does.
const LabelAttr = "data-veil-label"

// MaxLabelUnits bounds LabelAttr's value, in UTF-16 code units as the
// recorder counts them (a surrogate pair is never cut in two).
const MaxLabelUnits = 256

// forLabels maps every input, textarea and select of the trees under doc
// (doc and the frame documents inside it) that a label names by for=, or
// that refers to its label by aria-labelledby, to the value of LabelAttr.
func forLabels(doc *html.Node) map[*html.Node]string {
	out := map[*html.Node]string{}
	docs := []*html.Node{doc}
	for len(docs) > 0 {
		root := docs[len(docs)-1]
		docs = docs[:len(docs)-1]
		ids := map[string]*html.Node{} // the first element of each id, as getElementById finds it
		var labels, referring []*html.Node
		eachElement(root, func(n *html.Node) {
			if n.Type == html.DocumentNode {
				docs = append(docs, n)
				return
			}
			if id, ok := attr(n, "id"); ok && id != "" && ids[id] == nil { // an empty id is none
				ids[id] = n
			}
			if n.Namespace == "" && n.Data == "label" {
				labels = append(labels, n)
			}
			if _, ok := attr(n, "aria-labelledby"); ok && labelledControl(n) {
				referring = append(referring, n)
			}
		})
		texts := map[*html.Node][]string{}
		for _, l := range labels {
			id, ok := attr(l, "for")
			c := ids[id]
			if ok && c != nil && labelledControl(c) && !holds(l, c) {
				texts[c] = append(texts[c], textContent(l))
			}
		}
		for _, c := range referring {
			refs, _ := attr(c, "aria-labelledby")
			for _, id := range strings.FieldsFunc(refs, isHTMLSpace) {
				if e := ids[id]; e != nil {
					texts[c] = append(texts[c], textContent(e))
				}
			}
		}
		for c, t := range texts {
			out[c] = cutUTF16(valid(strings.Join(t, " ")), MaxLabelUnits)
		}
	}
	return out
}

// eachElement calls f for every element under root in tree order, and for
// every document below root (a frame's) without entering it. Template
// contents are not in the tree (a browser keeps them in template.content).
func eachElement(root *html.Node, f func(*html.Node)) {
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.DocumentNode:
			f(c)
		case html.ElementNode:
			f(c)
			if !(c.Namespace == "" && c.Data == "template") {
				eachElement(c, f)
			}
		}
	}
}

// labelledControl: the controls whose labels the recorder reports.
func labelledControl(n *html.Node) bool {
	if n.Namespace != "" {
		return false
	}
	switch n.Data {
	case "textarea", "select":
		return true
	case "input":
		t, _ := attr(n, "type")
		return !asciiEqualFold(t, "hidden") // hidden inputs have no labels
	}
	return false
}

func holds(anc, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == anc {
			return true
		}
	}
	return false
}

// textContent is the DOM's textContent of element n: its descendant text,
// template contents left out.
func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && !(c.Namespace == "" && c.Data == "template"):
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// cutUTF16 cuts s to at most max UTF-16 code units, whole code points only.
func cutUTF16(s string, max int) string {
	units := 0
	for i, r := range s {
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1
		}
		if units+n > max {
			return s[:i]
		}
		units += n
	}
	return s
}

// isHTMLSpace: ASCII whitespace as HTML splits token lists at it.
func isHTMLSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' }
