package masking

import "github.com/tdewolff/parse/v2/css"

// Where a name is a type selector. Markup writes an element whose name no
// table knows under its placeholder whatever the name holds (<hannelore>
// becomes <x-h…>, tagNameFor), so a type selector naming it must become the
// same placeholder, or the name leaves in the sheet and the rule matches
// nothing at replay. The same word elsewhere is no element's name
// (@keyframes' from, @media's screen, :lang(en), :nth-child(odd)) and must
// stay: the masker tells selectors apart by where they stand.
//
// A selector list is the prelude of a qualified rule in a block of rules
// (the sheet, @media, @supports, @layer, @scope, a style rule's nested
// rules; not @keyframes, whose preludes are from, to and percentages), the
// arguments of :is() :where() :not() :has() :host() ::slotted() and their
// kin, what follows "of" in :nth-child(), @scope's parenthesised bounds and
// selector() in @supports or @import.

// cssTypeUse says where a name that may be a type selector stands.
type cssTypeUse uint8

const (
	cssTypeValue    cssTypeUse = iota // in a declaration's value
	cssTypeNamed                      // outside any value, maybe no selector (@media screen)
	cssTypeSelector                   // a type selector in a selector list
)

// selectorStatement reports whether the statement t starts, directly in a
// block of rules or at the top level, is a style rule's selector list: no
// at-rule, no keyframe selector, and a '{' comes before it ends (a style
// attribute's color:red is a declaration, a nested a:hover{} a rule; a
// custom property's value may hold braces, --x:{a}, and typeUse finds no
// type selector in it).
func (m *cssMasker) selectorStatement(t cssToken) bool {
	if t.tt == css.AtKeywordToken {
		return false
	}
	if n := len(m.frames); n > 0 && m.frames[n-1].atRule == cssPreludeKeyframes {
		return false
	}
	// What ends it decides (css_statement.go): a '{', or at the top level
	// of a sheet anything, makes it a rule.
	end := cssStatementStop(m.src, t.start)
	return end >= 0 && (m.src[end] == '{' || len(m.frames) == 0 && m.braceAfter(end))
}

// inSelector reports whether a name read now stands in a selector list,
// where a name may be a type selector.
func (m *cssMasker) inSelector() bool {
	n := len(m.frames)
	if n > 0 && m.frames[n-1].sel {
		return true
	}
	return m.selStmt && n == m.selDepth
}

// selectorArgs reports whether the arguments of function name (without
// its '('), opened now, are a selector list; nth is set for :nth-child()
// and :nth-last-child(), whose list follows "of".
func (m *cssMasker) selectorArgs(name string) (sel, nth bool) {
	if asciiEqualFold(name, "selector") {
		return true, false // @supports selector(…), @import … supports(selector(…))
	}
	if !m.inSelector() {
		return false, false
	}
	if grInWords("nth-child nth-last-child", name, false) {
		return false, true
	}
	return grInWords("is where not has matches any -webkit-any -moz-any host host-context slotted cue current past future", name, false), false
}

// selectorOf starts the selector list of :nth-child(An+B of S) at its
// "of", t.
func (m *cssMasker) selectorOf(t cssToken) {
	n := len(m.frames)
	if n > 0 && m.frames[n-1].nth && len(t.data) == 2 && t.data[0]|0x20 == 'o' && t.data[1]|0x20 == 'f' {
		m.frames[n-1].sel, m.frames[n-1].nth = true, false
	}
}

// typeUse says where t, a name that may be a type selector, stands; ok is
// false where it cannot be one (a pseudo-class's or a class's name, a
// namespace prefix, a name in a value that names no element).
func (m *cssMasker) typeUse(t cssToken, decoded string) (cssTypeUse, bool) {
	after := byte(0)
	if t.start > 0 {
		after = m.src[t.start-1]
	}
	if next := m.peekSignificant(); next.tt == css.DelimToken && next.data[0] == '|' {
		return 0, false // a namespace prefix (nsPrefix)
	}
	if m.decl.custom {
		return 0, false // a custom property's value is data, no selector
	}
	if m.inSelector() {
		// Any other name here is an element's, whatever it starts with
		// (createElement makes <_x> and <ñame>).
		return cssTypeSelector, after != '.' && after != ':'
	}
	if m.decl.value && m.decl.kind != cssDeclOther {
		return 0, false
	}
	if !m.decl.value && (after == '.' || after == ':') {
		return 0, false
	}
	if c := decoded[0] | 0x20; c < 'a' || c > 'z' {
		return 0, false // no element name starts otherwise (-webkit-…)
	}
	if m.decl.value || m.startsProperty(t) {
		return cssTypeValue, true
	}
	return cssTypeNamed, true
}

// nsPrefix maps a namespace prefix — declared by @namespace hq url(…),
// used in hq|quist, [hq|attr] — as p.authorName maps an author's names,
// so the declaration and its uses still meet; a well-known prefix (svg,
// xlink, …) stays. ok is false when t is none.
func (m *cssMasker) nsPrefix(t cssToken, text string) (string, bool) {
	if m.p.authorName == nil || t.tt != css.IdentToken {
		return "", false
	}
	n := len(m.frames)
	if !(m.prelude == cssPreludeNamespace && m.preludeDepth == n) {
		if next := m.peekSignificant(); next.tt != css.DelimToken || next.data[0] != '|' {
			return "", false
		}
		// A '|' after a name stands nowhere else in CSS (|| is a token of
		// its own): map it in values too, failing closed.
	}
	decoded := m.decoded(text)
	if isWellKnownPrefix(decoded) {
		return "", false
	}
	return encodeCSSName(m.p.authorName(decoded), cssIdentName), true
}

// startsProperty is propertyName, answered without a second scan for the
// first name of a statement at block level: a property's unless the
// statement is a selector list.
func (m *cssMasker) startsProperty(t cssToken) bool {
	if t.start == m.ruleStart && m.selDepth == len(m.frames) {
		return m.decl.kind != cssDeclNone && !m.decl.value && !m.selStmt
	}
	return m.propertyName(t)
}
