package ingest

import (
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// What a session's masking state holds, per node and per byte of its
// strings, for the three copies of the page it keeps (the masker's, the
// encoder's, the page as sent). Measured: about 1.2 KiB a node on a page of
// 10,000 small nodes, 5 bytes a byte of text on a page of long texts.
const (
	NodeWeight       = 1280
	StringByteWeight = 6
	// HrefWeight is what a byte of the page's URL (its last Meta) holds:
	// the remasker, the masker, the encoder and the insights tracker each
	// keep a copy, outside the page's tree (measured: 5.4 MiB a session for
	// a URL of 1 MiB, which a recorder may send).
	HrefWeight = 6
)

// pageWeight estimates the memory the masking state of a page holds, from
// the page as sent: every node in its tree (shadow roots and frame
// documents are children there) and its strings. It walks the page, O(nodes).
func pageWeight(m *capture.Mirror) int64 {
	root := m.Root()
	if root == nil {
		return 0
	}
	var w int64
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for ; n != nil; n = n.NextSibling {
			w += NodeWeight + StringByteWeight*int64(len(n.Data))
			for _, a := range n.Attr {
				w += StringByteWeight * int64(len(a.Key)+len(a.Val))
			}
			if v := capture.NodeOf(n).Value; v != "" {
				w += StringByteWeight * int64(len(v))
			}
			walk(n.FirstChild)
		}
	}
	walk(&root.Node)
	return w
}
