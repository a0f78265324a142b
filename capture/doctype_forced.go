package capture

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// ForcedQuirksPublicID is what the recorder writes as the public identifier
// of a DOCTYPE that put its document in quirks mode though its name is html
// and it has no identifiers: a malformed DOCTYPE ("<!DOCTYPE html
// lang=en>", "<!DOCTYPE html PUBLIC>") sets the parser's force-quirks flag,
// which the DOM does not show — only document.compatMode does. "HTML" is a
// public identifier that selects quirks mode by itself (DoctypeMode), so the
// engine matches class and id selectors as the browser does.
const ForcedQuirksPublicID = "HTML"

// markForcedQuirks gives doc's DOCTYPE the public identifier the recorder
// writes for it when the source's DOCTYPE forced quirks mode: its name is
// html, the parser found no identifiers, and something else follows the
// name. src is the document's source.
func markForcedQuirks(doc *html.Node, src []byte) {
	var dt *html.Node
	for c := doc.FirstChild; c != nil && c.Type != html.ElementNode; c = c.NextSibling {
		if c.Type == html.DoctypeNode {
			dt = c
			break
		}
	}
	if dt == nil || len(dt.Attr) > 0 || !asciiEqualFold(dt.Data, "html") {
		return
	}
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken, html.StartTagToken, html.SelfClosingTagToken:
			return
		case html.DoctypeToken:
			raw := strings.TrimLeft(string(z.Text()), "\t\n\f\r ")
			if i := strings.IndexAny(raw, "\t\n\f\r "); i >= 0 && strings.TrimLeft(raw[i:], "\t\n\f\r ") != "" {
				dt.Attr = append(dt.Attr, html.Attribute{Key: "public", Val: ForcedQuirksPublicID})
			}
			return
		}
	}
}
