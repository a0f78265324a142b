package masking

import (
	"bytes"
	"strings"

	"github.com/tdewolff/parse/v2/css"
)

// URLs in CSS: url() tokens and the strings that name a resource. They are
// scrubbed in every mode and emptied in a masked node, but for font files
// and well-known namespaces.

// urlString handles a string that names a resource.
func (m *cssMasker) urlString(t cssToken) {
	quote := t.data[0]
	if t.tt == css.BadStringToken {
		m.rewrite(t.start, t, emptyCSSString(quote))
		return
	}
	if m.maskURL(func() string { return decodeCSS(t.data[1:], quote) }) {
		if len(t.data) != 2 || t.data[1] != quote {
			m.rewrite(t.start, t, emptyCSSString(quote))
		} else {
			m.keep(t)
		}
		return
	}
	value := decodeCSS(t.data[1:], quote)
	if scrubbed := m.scrubURL(value); scrubbed != value {
		m.rewrite(t.start, t, encodeCSSString(scrubbed, quote))
		return
	}
	m.keep(t)
}

func (m *cssMasker) urlToken(t cssToken) {
	if t.tt == css.BadURLToken {
		m.emptyURL(t)
		return
	}
	if m.fragmentURL(t) {
		return
	}
	if m.maskURL(func() string { return urlTokenValue(t.data) }) {
		m.emptyURL(t)
		return
	}
	value := urlTokenValue(t.data)
	if scrubbed := m.scrubURL(value); scrubbed != value {
		m.rewrite(t.start, t, "url("+encodeCSSString(scrubbed, '"')+")")
		return
	}
	m.keep(t)
}

// fragmentURL handles url(#id), a same-document reference (a gradient, a
// clip path, a filter: fill: url(#grad)), and reports whether it did. It
// names an id the page defines and nothing else, so it is written as the
// element's id attribute is, where the reference resolves: in clear (but
// for what the detectors find) where the node is recorded, mapped by
// identName to its placeholder where it is masked. The URL scrub would
// drop it as a fragment.
func (m *cssMasker) fragmentURL(t cssToken) bool {
	if bytes.IndexByte(t.data, '#') < 0 {
		return false
	}
	switch m.valueMode() {
	case cssValueAll, cssValueAttr:
		return false
	}
	v := urlTokenValue(t.data)
	if len(v) < 2 || v[0] != '#' || !isFragmentName(v[1:]) {
		return false
	}
	id := v[1:]
	if m.p.masked {
		if m.p.identName == nil {
			return false
		}
		if id = m.p.identName(id, false); id == v[1:] {
			return false // kept as it is (block-list keeps page names): emptied, fail closed
		}
	}
	if m.p.scrub != nil {
		id = m.p.scrub(id)
	}
	if !isFragmentName(id) {
		return false // the detectors masked part of it: emptied
	}
	if out := "url(#" + id + ")"; out != string(t.data) {
		m.rewrite(t.start, t, out)
	}
	return true
}

// isFragmentName: id is made of ASCII letters, digits, '-' and '_' only,
// which need no escape in url() and which a placeholder is made of.
func isFragmentName(id string) bool {
	for i := 0; i < len(id); i++ {
		if c := id[i]; !grLetter(c) && !grDigit(c) && c != '-' && c != '_' {
			return false
		}
	}
	return id != ""
}

func (m *cssMasker) emptyURL(t cssToken) {
	if string(t.data) != emptyCSSURL {
		m.rewrite(t.start, t, emptyCSSURL)
	} else {
		m.keep(t)
	}
}

// maskURL reports whether a URL is masked: in a value the detectors flagged
// whole, and in a masked node unless it is a font file in @font-face's src
// or a well-known namespace in @namespace. The URL is decoded only when it
// matters.
func (m *cssMasker) maskURL(value func() string) bool {
	switch m.valueMode() {
	case cssValueAll, cssValueAttr:
		return true
	}
	if !m.p.masked || m.decl.kind == cssDeclFontSrc && m.decl.value {
		return false
	}
	return m.prelude != cssPreludeNamespace || m.preludeDepth != len(m.frames) || !isWellKnownCSSNamespace(value())
}

// scrubURL scrubs a URL kept in clear and runs the PII detectors on what is
// left. What the detectors mask may change how the URL parses
// (data:…;base64 → data:…;base**), so it is scrubbed again, which keeps the
// result stable. Well-known namespaces are constants, not data.
func (m *cssMasker) scrubURL(value string) string {
	if isWellKnownCSSNamespace(value) {
		return value
	}
	s := scrubURL(value, m.p.allowParam)
	if m.p.scrub != nil {
		if found := m.p.scrub(s); found != s {
			s = scrubURL(found, m.p.allowParam)
		}
	}
	if m.p.masked && m.p.people != nil {
		// kept for the replay to fetch (a font file), named as the
		// stylesheet link it comes with is (Session.sheetURL)
		s = m.p.people(s)
	}
	return s
}

// emptyCSSURL is what every masked URL becomes: an empty url() is invalid by
// specification, so nothing is fetched.
const emptyCSSURL = `url("")`

// urlFunction handles a url( that the lexer saw as the function fn because
// its name is escaped (u\72l( ), though browsers read it as url(. A quoted
// argument where URLs are kept is handled as a string in a URL function (it
// returns true); otherwise the whole call up to its ')' becomes url("").
func (m *cssMasker) urlFunction(fn cssToken) bool {
	if !m.p.masked || m.decl.kind == cssDeclFontSrc && m.decl.value {
		if t := m.peekSignificant(); t.tt == css.StringToken {
			return true
		}
	}
	for {
		t := m.next()
		if t.tt == css.ErrorToken || t.tt == css.RightParenthesisToken {
			m.rewrite(fn.start, t, emptyCSSURL)
			return false
		}
	}
}

// urlTokenValue returns the URL inside a url token, with escapes decoded.
func urlTokenValue(data []byte) string {
	body := data[bytes.IndexByte(data, '(')+1:]
	body = bytes.TrimLeft(body, " \t\n\r\f")
	if len(body) > 0 && (body[0] == '"' || body[0] == '\'') {
		return decodeCSS(body[1:], body[0])
	}
	return strings.TrimRight(decodeCSS(body, ')'), " \t\n\r\f")
}
