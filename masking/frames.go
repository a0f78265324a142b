package masking

import (
	"slices"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Same-origin iframe documents go out as rrweb's recorder sends them, because
// rrweb's Replayer silently drops anything else:
//
//   - one IncrementalSnapshot Mutation per document, flagged isAttachIframe,
//     whose only add is {parentId: the iframe, nextId: null, node: document};
//   - the Document node carries no rootId (the Replayer skips an added node
//     whose rootId it does not know yet, and a document cannot know itself
//     before it is built); every node inside it carries the document's id;
//   - a frame's document goes before the documents of the frames inside it,
//     so that each one's iframe exists when it arrives.

// ExcludeFrames makes the session leave out the content document of every
// frame whose URL (capture.FrameURLAttr, as the recorder reports it)
// excluded reports true, or that has no one such URL: the frame is recorded
// empty, as the page's excludeUrls leave a page out. Call it before the
// first batch.
func (s *Session) ExcludeFrames(excluded func(url string) bool) { s.frameExcluded = excluded }

// attachFrameDoc queues doc, the content document of iframe, for an
// isAttachIframe mutation, and reports whether it did: srcdoc content is
// never recorded, nor a document at an excluded URL (ExcludeFrames), and only
// an <iframe> has a content document. The slot is taken before doc is
// serialized, so that the documents of frames nested in doc are queued after
// it.
func (s *Session) attachFrameDoc(iframe, doc *capture.Node, d rules.Decision) bool {
	h := &iframe.Node
	if h.Type != html.ElementNode || h.Namespace != "" || h.Data != "iframe" || hasAttr(h, "srcdoc") ||
		s.frameExcluded != nil && s.frameAtExcludedURL(h) {
		return false
	}
	i := len(s.attach)
	s.attach = append(s.attach, capture.AddedNode{ParentID: iframe.ID})
	sn := s.serialize(doc, d, doc.ID)
	if sn == nil {
		s.attach = slices.Delete(s.attach, i, i+1)
		return false
	}
	sn.RootID = 0
	s.attach[i].Node = sn
	return true
}

// frameAtExcludedURL reports whether the URL the recorder reported for
// iframe's document is excluded; none, or more than one, counts as excluded.
func (s *Session) frameAtExcludedURL(iframe *html.Node) bool {
	url, n := "", 0
	for _, a := range iframe.Attr {
		if a.Namespace == "" && asciiEqualFold(a.Key, capture.FrameURLAttr) {
			url, n = a.Val, n+1
		}
	}
	return n != 1 || s.frameExcluded(url)
}

// frameRootID returns the id of the iframe document that p belongs to, 0 in
// the top document. A shadow root is not a document to the Replayer: nodes
// in it belong to the document around their host.
func frameRootID(p *capture.Node) int {
	for h := &p.Node; h != nil; h = h.Parent {
		if h.Type == html.DocumentNode && h.Parent != nil && h.Parent.Type == html.ElementNode && !isShadowRoot(h) {
			return capture.NodeOf(h).ID
		}
	}
	return 0
}

// frameDocIn reports whether n, last seen by the Replayer under p, is p's
// iframe document. Its removal is never sent, as rrweb's recorder never
// sends one: the Replayer cannot take a document out of an iframe (the
// removeChild throws, and in its virtual DOM the exception abandons the
// rest of the mutation). The next document attached to the iframe replaces
// it; without one, the replay keeps showing the last recorded document.
func frameDocIn(n, p *capture.Node) bool {
	return n.Type == html.DocumentNode && !isShadowRoot(&n.Node) && p.Type == html.ElementNode
}

// replayAttrName is the name under which attribute name of h is sent. An
// iframe's src goes out as rr_src, as rrweb's recorder sends it for a frame
// whose document it cannot record (it drops it for a frame whose document it
// records): the Replayer ignores rr_src, whereas a src makes it load the live
// page — unmasked, from the viewer's browser — over the recorded document.
// The value is masked as the src it is.
func replayAttrName(h *html.Node, name string) string {
	if name == "src" && h.Type == html.ElementNode && h.Namespace == "" && h.Data == "iframe" {
		return "rr_src"
	}
	return name
}
