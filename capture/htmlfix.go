package capture

import (
	"bytes"
	"errors"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// restoreAttrOrder undoes x/net/html's sorting of formatting elements'
// attributes (a, b, i, …; it sorts them for the Noah's Ark clause): a
// tokenizer pass over the same source records each start tag's attributes as
// written, and elements whose sorted attributes match take that order back.
// Clones made by the parser (reconstructed formatting elements) match their
// original and take its order too, as a browser's clones do.
func restoreAttrOrder(doc *html.Node, src []byte) {
	orders := map[string][][]html.Attribute{}
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if len(tok.Attr) < 2 || !isFormatting(tok.Data) {
			continue
		}
		k := attrKey(tok.Data, tok.Attr)
		orders[k] = append(orders[k], tok.Attr)
	}
	if len(orders) == 0 {
		return
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Namespace == "" && len(n.Attr) >= 2 && isFormatting(n.Data) {
			k := attrKey(n.Data, n.Attr)
			if list := orders[k]; len(list) > 0 {
				n.Attr = slices.Clone(list[0])
				if len(list) > 1 {
					orders[k] = list[1:] // later elements with the same set take later orders; the last one stays for clones
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func isFormatting(tag string) bool {
	switch tag {
	case "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u":
		return true
	}
	return false
}

// attrKey names a tag and its attributes independently of their order.
func attrKey(tag string, attrs []html.Attribute) string {
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a.Namespace + "\x00" + a.Key + "\x00" + a.Val
	}
	slices.Sort(parts)
	return tag + "\x01" + strings.Join(parts, "\x01")
}

// addFrameDocs gives each <iframe> the content document a browser would
// have at load: its srcdoc parsed, or about:blank's html/head/body when it
// has no src. An iframe with a src gets none (its document is another
// page, possibly cross-origin). Nested srcdoc is followed to a bounded depth.
func addFrameDocs(n *html.Node, depth int) error {
	if depth > 16 {
		return errors.New("capture: iframe srcdoc nested more than 16 deep")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := addFrameDocs(c, depth); err != nil {
			return err
		}
	}
	if n.Type != html.ElementNode || n.Namespace != "" || n.Data != "iframe" {
		return nil
	}
	srcdoc, hasSrcdoc := attr(n, "srcdoc")
	src, hasSrc := attr(n, "src")
	var content string
	switch {
	case hasSrcdoc:
		content = srcdoc
	case !hasSrc || strings.EqualFold(strings.TrimSpace(src), "about:blank"):
		content = ""
	default:
		return nil
	}
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil {
		return errors.New("capture: parse iframe srcdoc: " + err.Error())
	}
	if hasSrcdoc {
		restoreAttrOrder(doc, []byte(content))
		markForcedQuirks(doc, []byte(content))
		if err := addFrameDocs(doc, depth+1); err != nil {
			return err
		}
	}
	n.AppendChild(doc)
	return nil
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
