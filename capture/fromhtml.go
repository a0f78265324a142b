package capture

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Viewport size FromHTML reports, the same as the browser tests use.
const (
	DefaultWidth  = 1280
	DefaultHeight = 800
)

// FromHTML parses an HTML document with x/net/html and writes it as one raw
// batch holding a complete snapshot taken at time t: SnapshotStart, one Node
// op per node in document order with ids 1, 2, 3… (the Document is 1), and
// SnapshotEnd. The result is what the browser shim's snapshot walk writes for
// the same document, byte for byte (see FromNode).
//
// Where a browser would have one, an <iframe> gets a content document after
// its other children: the parsed srcdoc, or about:blank's empty
// html/head/body when it has no src. Formatting elements keep the source
// order of their attributes, which x/net/html sorts.
func FromHTML(r io.Reader, href string, t int64) ([]byte, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, errors.New("capture: read HTML: " + err.Error())
	}
	doc, err := parseHTML(src)
	if err != nil {
		return nil, err
	}
	return FromNode(doc, href, t)
}

func parseHTML(src []byte) (*html.Node, error) {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, errors.New("capture: parse HTML: " + err.Error())
	}
	restoreAttrOrder(doc, src)
	markForcedQuirks(doc, src)
	if err := addFrameDocs(doc, 0); err != nil {
		return nil, err
	}
	return doc, nil
}

// FromNode writes the tree under doc, an html.DocumentNode, as FromHTML does.
// Like a browser TreeWalker it does not enter <template> (a browser keeps
// those children in template.content), keeps whitespace text and the
// attribute order of the source. An element's Width and Height are its
// width and height attributes, read as HTML reads a non-negative integer,
// for img, video, canvas, iframe, embed and object, and 0 elsewhere. Invalid
// UTF-8 becomes U+FFFD, one per bad byte. A document over a limit is an
// error that names it.
func FromNode(doc *html.Node, href string, t int64) ([]byte, error) {
	if doc == nil || doc.Type != html.DocumentNode {
		return nil, errors.New("capture: FromNode needs a document node")
	}
	s := snap{w: NewWriter(t), labels: forLabels(doc)}
	s.w.SnapshotStart(t, valid(href), DefaultWidth, DefaultHeight, 0, 0)
	if err := s.walk(doc, 0, 1); err != nil {
		return nil, err
	}
	s.w.SnapshotEnd(t)
	if err := s.w.Err(); err != nil {
		return nil, err
	}
	if s.w.Len() > MaxBatchBytes {
		return nil, &capError{&LimitError{What: "batch of " + strconv.Itoa(s.w.Len()) + " bytes", Limit: "MaxBatchBytes", Max: MaxBatchBytes}}
	}
	return s.w.Bytes(), nil
}

type snap struct {
	w      *Writer
	next   int // last id given
	d      NodeData
	labels map[*html.Node]string // LabelAttr of the controls a label names by for=
}

func (s *snap) walk(n *html.Node, parent, depth int) error {
	if depth > MaxDepth {
		return &capError{&LimitError{What: "depth " + strconv.Itoa(depth), Limit: "MaxDepth", Max: MaxDepth}}
	}
	d := &s.d
	*d = NodeData{Attrs: d.Attrs[:0]}
	switch n.Type {
	case html.DocumentNode:
		d.Kind = KindDocument
	case html.DoctypeNode:
		d.Kind, d.Name = KindDoctype, valid(n.Data)
		for _, a := range n.Attr {
			switch a.Key {
			case "public":
				d.PublicID = valid(a.Val)
			case "system":
				d.SystemID = valid(a.Val)
			}
		}
	case html.ElementNode:
		if len(n.Attr) > MaxAttrs {
			return &capError{&LimitError{What: strconv.Itoa(len(n.Attr)) + " attributes", Limit: "MaxAttrs", Max: MaxAttrs}}
		}
		d.Kind, d.Namespace, d.Tag = KindElement, n.Namespace, valid(n.Data)
		for _, a := range n.Attr {
			key := a.Key
			if a.Namespace != "" {
				// Foreign attributes (xlink:href) keep their prefix, as
				// the DOM's attribute name does.
				key = a.Namespace + ":" + a.Key
			}
			d.Attrs = append(d.Attrs, html.Attribute{Key: valid(key), Val: valid(a.Val)})
		}
		if text, ok := s.labels[n]; ok && len(d.Attrs) < MaxAttrs {
			d.Attrs = append(d.Attrs, html.Attribute{Key: LabelAttr, Val: text})
		}
		if url, ok := frameDocURL(n); ok && len(d.Attrs) < MaxAttrs {
			d.Attrs = append(d.Attrs, html.Attribute{Key: FrameURLAttr, Val: url})
		}
		if n.Namespace == "" && measured(n.Data) {
			d.Width, d.Height = dimension(n, "width"), dimension(n, "height")
		}
	case html.TextNode:
		d.Kind, d.Data = KindText, valid(n.Data)
	case html.CommentNode:
		d.Kind, d.Data = KindComment, valid(n.Data)
	default:
		return errors.New("capture: FromNode: unexpected node type " + strconv.Itoa(int(n.Type)))
	}
	if err := checkStrings(d); err != nil {
		return err
	}
	s.next++
	if s.next > MaxNodes {
		return &capError{&LimitError{What: "node " + strconv.Itoa(s.next), Limit: "MaxNodes", Max: MaxNodes}}
	}
	id := s.next
	s.w.Node(id, parent, 0, d)
	if n.Type == html.ElementNode && n.Namespace == "" && n.Data == "template" {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := s.walk(c, id, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func checkStrings(d *NodeData) error {
	longest := max(len(d.Data), len(d.Name), len(d.PublicID), len(d.SystemID), len(d.Tag))
	for _, a := range d.Attrs {
		longest = max(longest, len(a.Key), len(a.Val))
	}
	if longest > MaxStringBytes {
		return &capError{&LimitError{What: "string of " + strconv.Itoa(longest) + " bytes", Limit: "MaxStringBytes", Max: MaxStringBytes}}
	}
	return nil
}

func measured(tag string) bool {
	switch tag {
	case "img", "video", "canvas", "iframe", "embed", "object":
		return true
	}
	return false
}

// dimension reads attribute key as HTML's rules for parsing non-negative
// integers do: leading whitespace, an optional "+", then digits; anything
// else gives 0.
func dimension(n *html.Node, key string) int {
	for _, a := range n.Attr {
		if a.Key != key || a.Namespace != "" {
			continue
		}
		v := strings.TrimLeft(a.Val, " \t\n\f\r")
		v = strings.TrimPrefix(v, "+")
		end := 0
		for end < len(v) && v[end] >= '0' && v[end] <= '9' {
			end++
		}
		if end == 0 {
			return 0
		}
		i, err := strconv.Atoi(v[:end])
		if err != nil || i > maxNumber {
			return 0
		}
		return i
	}
	return 0
}

// valid replaces each byte of invalid UTF-8 with U+FFFD.
func valid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
