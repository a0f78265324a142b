package capture

import (
	"strings"

	"golang.org/x/net/html"
)

// FrameURLAttr is the attribute the recorder adds to an <iframe> whose
// same-origin document it records: that document's URL (document.URL), set
// again before a new document of the frame is written. The engine reads it
// to leave out a frame whose page the configuration's excludeUrls exclude,
// and never records it. The recorder writes no attribute of the page's that
// has this name.
const FrameURLAttr = "data-veil-frame-url"

// frameDocURL is the URL a browser gives the content document FromHTML
// makes for iframe n (addFrameDocs): about:srcdoc for a srcdoc, else
// about:blank. ok is false when n has none.
func frameDocURL(n *html.Node) (url string, ok bool) {
	if n.Namespace != "" || n.Data != "iframe" || n.LastChild == nil || n.LastChild.Type != html.DocumentNode {
		return "", false
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, "srcdoc") {
			return "about:srcdoc", true
		}
	}
	return "about:blank", true
}
