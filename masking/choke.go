package masking

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// field says what kind of string is leaving the engine.
type field uint8

const (
	fieldName    field = iota // tag and attribute names, doctype identifiers
	fieldText                 // the data of a text node
	fieldAttr                 // an attribute value; name is the attribute's name
	fieldInput                // the live value of a form control (Input events)
	fieldCSSRule              // a rule inserted through the CSSOM
	fieldURL                  // the page's own URL (Meta, Navigate)
)

// out is Veil's choke point: every string that leaves the engine — text,
// attribute value, input value, style text, URL, names — passes through this
// one function, with the decision of the node it belongs to. ok is false when
// the string must not be sent at all (an attribute that is dropped).
//
// Keep it that way: a second path that emits a string without calling out
// is exactly how session recorders leak.
func (s *Session) out(f field, d rules.Decision, n *capture.Node, name, v string) (masked string, ok bool) {
	switch f {
	case fieldName:
		masked, ok = safeName(v), true
	case fieldText:
		masked, ok = s.maskTextNode(d, n, v), true
	case fieldAttr:
		masked, ok = s.maskAttr(d, n, strings.ToLower(name), v)
	case fieldInput:
		masked, ok = inputValue(d, v), true
	case fieldCSSRule:
		masked, ok = maskCSS(v, !d.Record, s.set.AllowParam), true
	case fieldURL:
		masked, ok = scrubURL(v, s.set.AllowParam), true
	default:
		return "", false // fail closed on a field nobody taught out about
	}
	if !ok || masked != v {
		s.stats.Masked++
	}
	return masked, ok
}

// name passes a structural name through the choke point.
func (s *Session) name(v string) string {
	m, _ := s.out(fieldName, rules.Decision{}, nil, "", v)
	return m
}

// safeName keeps names that can only be names (tag, attribute, doctype);
// anything else could smuggle text and is replaced.
func safeName(v string) string {
	if len(v) > 128 {
		return "x-veil-name"
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == ':' || c == '.' || c == '/' || c == ' ') {
			return "x-veil-name"
		}
	}
	return v
}

// maskTextNode masks the data of a text node according to where it is.
func (s *Session) maskTextNode(d rules.Decision, n *capture.Node, v string) string {
	p := parentElement(n)
	switch {
	case p != nil && p.Namespace == "" && p.Data == "style":
		return maskCSS(v, !d.Record, s.set.AllowParam)
	case p != nil && p.Namespace == "" && (p.Data == "textarea" || p.Data == "option"):
		return inputValue(d, v) // a textarea's text and an option's label are input values
	case d.InEditable && !d.EditableRevealed:
		return inputValue(rules.Decision{}, v)
	case d.Record && !d.Floor:
		return v
	}
	return maskText(v)
}

// inputValue is the value of a control: as typed only where an allow rule
// revealed that very control, else the fixed mask, so length never leaks.
func inputValue(d rules.Decision, v string) string {
	if d.RevealInput && !d.Floor && !d.Block {
		return v
	}
	if strings.TrimSpace(v) == "" {
		return v
	}
	return inputMask
}

// maskAttr decides one attribute value; ok false drops the attribute.
func (s *Session) maskAttr(d rules.Decision, n *capture.Node, name, v string) (string, bool) {
	h := &n.Node
	switch {
	case strings.HasPrefix(name, "on"), strings.HasPrefix(name, "rr_"), name == "srcdoc", name == "nonce", name == "integrity":
		return "", false // script, the replayer's own attributes, never-recorded content
	case strings.HasPrefix(name, "data-veil-"):
		return "", true // markup for Veil itself: presence matters, not the value
	}
	policy := s.set.Attr(name)
	if d.Block {
		if policy == rules.AttrKeep && !isURLAttr(name) && name != "style" {
			return v, true
		}
		return maskedAttrValue(v), true
	}
	tag := ""
	if h.Namespace == "" {
		tag = h.Data
	}
	if tag == "meta" && name == "content" && !strings.EqualFold(getAttr(h, "name"), "viewport") {
		return "", false // meta content other than viewport is never recorded
	}
	if isControlState(tag, h, name) {
		revealed := d.RevealInput && !d.Floor
		switch name {
		case "checked", "selected":
			return v, revealed // the state itself is the input value
		}
		return inputValue(d, v), true
	}
	if policy == rules.AttrMask {
		return maskedAttrValue(v), true
	}
	keep := policy == rules.AttrKeep || (d.Record && !d.Floor)
	switch {
	case name == "style", name == "_csstext": // _cssText: a same-origin stylesheet inlined by the observer, as rrweb does
		if name == "_csstext" {
			keep = d.Record && !d.Floor
		}
		return maskCSS(v, !keep, s.set.AllowParam), true
	case name == "srcset" || name == "imagesrcset":
		if keep {
			return scrubSrcset(v, s.set.AllowParam), true
		}
		return "", false
	case isURLAttr(name):
		if keep || (tag == "link" && isStylesheet(h)) {
			return scrubURL(v, s.set.AllowParam), true
		}
		if sizeMatters(h) || name == "poster" || name == "background" {
			return "", false // media: a same-size placeholder instead of a broken fetch
		}
		return maskedAttrValue(v), true
	case tag == "input" && name == "value":
		// button-like inputs: their value is their visible label
		if keep {
			return v, true
		}
		return maskText(v), true
	case keep:
		return v, true
	}
	return maskedAttrValue(v), true
}

// isControlState: attributes that carry what a person typed or chose.
func isControlState(tag string, h *html.Node, name string) bool {
	switch tag {
	case "input":
		switch name {
		case "value":
			switch strings.ToLower(strings.TrimSpace(getAttr(h, "type"))) {
			case "submit", "button", "reset", "image":
				return false
			}
			return true
		case "checked":
			return true
		}
	case "textarea", "select", "button":
		return name == "value" // a button's value is submitted, never shown
	case "option":
		return name == "value" || name == "selected" || name == "label"
	}
	return false
}

func isStylesheet(h *html.Node) bool {
	for _, tok := range strings.Fields(strings.ToLower(getAttr(h, "rel"))) {
		if tok == "stylesheet" {
			return true
		}
	}
	return false
}

func isURLAttr(name string) bool {
	switch name {
	case "href", "src", "action", "formaction", "poster", "cite", "background", "data",
		"xlink:href", "ping", "manifest", "longdesc", "usemap", "codebase", "archive", "lowsrc", "dynsrc":
		return true
	}
	return false
}

// maskedAttrValue is the fixed mask of an attribute value; empty stays empty.
func maskedAttrValue(v string) string {
	if v == "" {
		return ""
	}
	return inputMask
}
