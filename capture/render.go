package capture

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// RenderHTML writes doc, a serialized (masked) tree, as HTML for the
// `veil mask` preview. Text and attribute values are escaped; raw text
// elements (style, script…) cannot hold an end tag; shadow children are
// rendered in a declarative <template shadowrootmode="open">; an iframe's
// content document becomes its srcdoc; a blocked element (needBlock) is
// rendered empty with data-veil-blocked and only its size, from rr_width and
// rr_height, as a style. An invalid tag name is an error; attributes with
// invalid names are skipped.
func RenderHTML(w io.Writer, doc *SNode) error {
	bw := bufio.NewWriter(w)
	if err := render(bw, doc, ""); err != nil {
		return err
	}
	return bw.Flush()
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
	"hr": true, "img": true, "input": true, "keygen": true, "link": true, "meta": true, "param": true,
	"source": true, "track": true, "wbr": true}

var rawTextElements = map[string]bool{"style": true, "script": true, "xmp": true, "iframe": true,
	"noembed": true, "noframes": true, "noscript": true, "plaintext": true}

// render writes n; parentTag is the tag of the element n is in, "" if none.
func render(w *bufio.Writer, n *SNode, parentTag string) error {
	if n == nil {
		return errors.New("capture: RenderHTML: null node")
	}
	switch n.Type {
	case DocumentNode:
		for _, c := range n.ChildNodes {
			if err := render(w, c, ""); err != nil {
				return err
			}
		}
	case DocumentTypeNode:
		dt := doctypeOf(n)
		w.WriteString("<!DOCTYPE ")
		w.WriteString(html.EscapeString(dt.Name))
		if dt.PublicID != "" {
			w.WriteString(` PUBLIC "` + html.EscapeString(dt.PublicID) + `"`)
			if dt.SystemID != "" {
				w.WriteString(` "` + html.EscapeString(dt.SystemID) + `"`)
			}
		} else if dt.SystemID != "" {
			w.WriteString(` SYSTEM "` + html.EscapeString(dt.SystemID) + `"`)
		}
		w.WriteString(">")
	case ElementNode:
		return renderElement(w, n)
	case TextNode, CDATANode:
		if rawTextElements[parentTag] {
			// Escaping would change CSS; breaking "</" keeps the text inside.
			w.WriteString(strings.ReplaceAll(n.TextContent, "</", `<\/`))
		} else {
			w.WriteString(html.EscapeString(n.TextContent))
		}
	case CommentNode:
		w.WriteString("<!--")
		w.WriteString(commentText(n.TextContent))
		w.WriteString("-->")
	default:
		return errors.New("capture: RenderHTML: bad node type")
	}
	return nil
}

func renderElement(w *bufio.Writer, n *SNode) error {
	tag := n.TagName
	if !validName(tag) {
		return errors.New("capture: RenderHTML: invalid tag name " + tag)
	}
	w.WriteString("<" + tag)
	if n.NeedBlock {
		var style string
		for _, a := range n.Attributes {
			switch a.Name {
			case "rr_width":
				style += "width:" + strconv.Itoa(pixels(a.Value)) + "px;"
			case "rr_height":
				style += "height:" + strconv.Itoa(pixels(a.Value)) + "px;"
			}
		}
		if style != "" {
			w.WriteString(` style="` + html.EscapeString(strings.TrimSuffix(style, ";")) + `"`)
		}
		w.WriteString(" data-veil-blocked>")
		if !voidElements[tag] || n.IsSVG {
			w.WriteString("</" + tag + ">")
		}
		return nil
	}
	var doc *SNode
	for _, c := range n.ChildNodes {
		if c != nil && c.Type == DocumentNode {
			doc = c
		}
	}
	for _, a := range n.Attributes {
		if !validName(a.Name) || (doc != nil && a.Name == "srcdoc") {
			continue
		}
		w.WriteString(" " + a.Name + `="` + html.EscapeString(a.Value) + `"`)
	}
	if doc != nil {
		var sb strings.Builder
		if err := RenderHTML(&sb, doc); err != nil {
			return err
		}
		w.WriteString(` srcdoc="` + html.EscapeString(sb.String()) + `"`)
	}
	w.WriteString(">")
	if voidElements[tag] && !n.IsSVG {
		return nil
	}
	shadow := false
	for _, c := range n.ChildNodes {
		if c != nil && c.IsShadow {
			shadow = true
		}
	}
	if shadow {
		w.WriteString(`<template shadowrootmode="open">`)
		for _, c := range n.ChildNodes {
			if c != nil && c.IsShadow {
				if err := render(w, c, ""); err != nil {
					return err
				}
			}
		}
		w.WriteString("</template>")
	}
	for _, c := range n.ChildNodes {
		if c == nil || (!c.IsShadow && c.Type != DocumentNode) {
			if err := render(w, c, tag); err != nil {
				return err
			}
		}
	}
	w.WriteString("</" + tag + ">")
	return nil
}

// validName accepts the names a DOM can hold: non-empty, without
// whitespace, quotes, "/", ">", "=" or control characters.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ', c == '"', c == '\'', c == '/', c == '>', c == '=', c == '<', c == 0x7f:
			return false
		}
	}
	return true
}

// commentText keeps a comment from ending early: no "--", no leading ">" or
// "->", no trailing "-".
func commentText(s string) string {
	if !strings.Contains(s, "-") && !strings.HasPrefix(s, ">") {
		return s
	}
	var b strings.Builder
	if strings.HasPrefix(s, ">") || strings.HasPrefix(s, "->") {
		b.WriteByte(' ')
	}
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '-' && i+1 < len(s) && s[i+1] == '-' {
			b.WriteByte(' ')
		}
	}
	if strings.HasSuffix(s, "-") {
		b.WriteByte(' ')
	}
	return b.String()
}
