package masking

import (
	"strings"

	"github.com/veil-replay/veil/rules"
)

// Which style sheets may make a page's names structural, and what attribute
// selectors' values become.
//
// A page's own sheet is page content: a <style> rendered per user, a CSSOM
// insert (CSS-in-JS), an adopted sheet or a style attribute may well name
// #user-hannelore-quist or .customer--jane-doe, and a rule the page wrote
// for one person proves nothing structural about the name. Only a sheet the
// recorder inlined from a <link> (a site-wide, cacheable resource) decides a
// class, id, custom element or data-* name kept; any other sheet maps its
// names through the same table as the markup (kept if already decided
// kept, else the placeholder), so markup and sheets still match.

// sheetNames is the names policy of one piece of CSS: linked is set for the
// inlined text of a linked sheet.
type sheetNames struct {
	s      *Session
	linked bool
}

func (n sheetNames) ident(tok string, named bool) string {
	return n.s.identToken(tok, named && n.linked)
}

func (n sheetNames) typeName(name string, use cssTypeUse) string {
	return n.s.cssTypeName(name, use, n.linked)
}

func (n sheetNames) attrName(name string) string {
	return n.s.attrNameNamed(name, n.linked)
}

// attrValue decides an attribute selector's value as the markup's value of
// that attribute would come out outside what the rules reveal. A selector
// may match any element, so a value is kept when, on some element, the
// attribute takes it as a structural keyword, number or grammar value.
// Identifier tokens are mapped as markup maps them, so [class~=x] and
// [id=x] go on matching; a placeholder cannot follow part of a token, so
// ^= $= *= keep their value only in a linked sheet or when it is part of a
// token kept anyway, and otherwise match nothing (fail closed).
func (n sheetNames) attrValue(attr string, op byte, v string) (string, bool) {
	s := n.s
	switch s.set.Attr(attr) {
	case rules.AttrMask:
		return "", false
	case rules.AttrKeep:
		return v, true // attributes.allow: markup keeps it too
	}
	attr = lowerASCII(attr)
	if attr == "is" && op == '=' {
		return n.typeName(v, cssTypeSelector), true // a custom element's name (maskAttr)
	}
	if !notIdentToken(attr) && anyAttrClass(attr, func(c attrClass) bool { return c.class == classIdent }) {
		switch op {
		case '=', '~', '|':
			return n.idents(v), true
		}
		return v, n.linked || s.keptAffix(op, v)
	}
	return v, anyAttrClass(attr, func(c attrClass) bool {
		return c.class != classFragment && c.class != classIdent && c.valid(v) && !c.drawn
	})
}

// idents maps the whitespace-separated tokens of v as identsOut does
// outside what the rules reveal, a linked sheet deciding new ones kept
// first.
func (n sheetNames) idents(v string) string {
	if n.linked {
		for _, tok := range strings.Fields(v) {
			n.s.identToken(tok, true)
		}
	}
	return n.s.identsOut(false, v)
}

// keptAffix reports whether v, the value of a ^= $= or *= selector (op) on
// an identifier attribute, is a prefix, suffix or part of a token the
// session keeps in clear, or a placeholder: then it names nothing the
// recording does not show anyway.
func (s *Session) keptAffix(op byte, v string) bool {
	if isIdentPlaceholder(v) || maskedName(v) {
		return true
	}
	for tok, kept := range s.idents.seen {
		i := strings.LastIndex(tok, v)
		if kept && i >= 0 && (op == '*' || op == '$' && i+len(v) == len(tok) || op == '^' && strings.HasPrefix(tok, v)) {
			return true
		}
	}
	return v == ""
}

// attrByName lists attrTable's entries by attribute name, of every element.
// anyAttrClass ran over the whole table (thousands of rows) for each
// attribute selector of a sheet: a sheet of nothing but [a="b"] took
// seconds a megabyte to mask, in the page and at the collector, which masks
// every batch again.
var attrByName = byName(attrTable)

func byName(t map[string]*attrEntry) map[string][]*attrEntry {
	m := map[string][]*attrEntry{}
	for key, e := range t {
		name, _, _ := strings.Cut(key, "\x00")
		m[name] = append(m[name], e)
	}
	return m
}

// anyAttrClass reports whether f holds for the class attribute attr (lower
// case) has on some element of some namespace, or everywhere.
func anyAttrClass(attr string, f func(attrClass) bool) bool {
	if c := classifyAttr("", "", attr); f(c) {
		return true
	}
	for _, e := range attrByName[attr] {
		for ns := 0; ns < nsCount; ns++ {
			if e.known[ns] && f(e.cls[ns]) {
				return true
			}
		}
	}
	return false
}
