package masking

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Names carry data too: a custom element called <jane-doe-4111…>, an
// attribute data-1234567890, a DOCTYPE with a national-ID number in its
// public identifier. Known names are kept; other names are kept only when
// they are well-formed and hold nothing the PII detectors find, else they
// become a placeholder.
//
// A placeholder is a keyed hash of the name under a random key made for the
// session and never sent, so one name maps to one placeholder within a
// recording — the same mapping is applied to the name inside stylesheet
// selectors, so the CSS still matches — and cannot be linked across sessions
// or brute-forced by a viewer. Placeholders are valid names built of letters
// only (the detectors leave them alone): "data-h" + 16 letters for data-*
// attributes, "x-h" + 16 letters for other names (a valid custom element
// name).

// maxNameLen bounds a kept name; longer names become placeholders.
const maxNameLen = 128

// maxNameCache bounds the per-session cache of computed placeholders.
const maxNameCache = 4096

type namer struct {
	key   [16]byte // SipHash-2-4 key: random per session, never sent
	cache map[nameKey]string
}

// nameKey keys the cache without building a string per lookup.
type nameKey struct{ prefix, name string }

// testNameKey, when set (only by this package's tests), replaces the random
// key so golden files and replay comparisons are reproducible.
var testNameKey *[16]byte

func newNamer() namer {
	var n namer
	if testNameKey != nil {
		n.key = *testNameKey
		return n
	}
	fillKey(n.key[:])
	return n
}

// placeholderLetters spell a placeholder, a letter per 4 bits of the hash:
// consonants only, so that no placeholder spells a word a secret could be
// ("jane", "dead" are all letters a–p).
const placeholderLetters = "bcdfghjklmnpqrst"

// isPlaceholderLetter reports whether c is one of placeholderLetters.
func isPlaceholderLetter(c byte) bool { return strings.IndexByte(placeholderLetters, c) >= 0 }

// placeholder returns the stable placeholder of name; prefix says its form.
func (nm *namer) placeholder(prefix, name string) string {
	if p, ok := nm.cache[nameKey{prefix, name}]; ok {
		return p
	}
	sum := sipHash24(le64(string(nm.key[:8])), le64(string(nm.key[8:])), prefix+"\x00"+name)
	buf := make([]byte, 0, len(prefix)+16)
	buf = append(buf, prefix...)
	for i := 0; i < 16; i++ {
		buf = append(buf, placeholderLetters[sum>>(60-4*i)&0xf])
	}
	p := string(buf)
	if nm.cache == nil {
		nm.cache = map[nameKey]string{}
	}
	if len(nm.cache) < maxNameCache {
		nm.cache[nameKey{prefix, name}] = p
	}
	return p
}

// tagName is the name an element is emitted under.
func (s *Session) tagName(h *html.Node) string {
	return s.tagNameFor(h, classifyElement(h.Namespace, h.Data))
}

// tagNameFor is tagName for an element whose class c is already known.
func (s *Session) tagNameFor(h *html.Node, c elemClass) string {
	switch c {
	case elemUnknown:
		return s.names.placeholder("x-h", h.Data)
	case elemCustom:
		if !s.kept.kept(h.Data) || !s.structuralName(elementNameKey, h.Data, false) {
			return s.names.placeholder("x-h", h.Data)
		}
	}
	return h.Data
}

// cssTypeName is tagNameFor for a type selector in CSS (HTML element names
// match without regard to ASCII case): a name kept as an element name stays,
// any other becomes the placeholder an element of that name gets, so the
// data in it leaves the style sheet too and the rule still matches.
//
// use says where the name stands (css_selectors.go). A type selector that
// names no element the tables know and no custom element is written as
// markup writes such an element: always its placeholder (tagNameFor). In
// mask-all and allow-list a custom element name standing outside a value
// is mapped as the elements' are, and one a linked sheet (decides) names
// first is structural and stays (structuralName). A name in a declaration's
// value only follows what the elements' names became.
func (s *Session) cssTypeName(name string, use cssTypeUse, decides bool) string {
	lower := lowerASCII(name)
	custom := classifyElement("", lower) == elemCustom
	if use == cssTypeSelector && !custom && !knownElementName(name) {
		return s.names.placeholder("x-h", lower)
	}
	if s.kept.kept(name) && (use == cssTypeValue || !custom || s.structuralName(elementNameKey, name, decides)) {
		return name
	}
	return s.names.placeholder("x-h", lower)
}

// knownElementName reports whether a type selector's name is an element
// the tables know in some namespace (p, foreignObject, mi), as lookupElement
// matches it.
func knownElementName(name string) bool {
	for ns := 0; ns < nsCount; ns++ {
		if _, ok := lookupElement(ns, name); ok {
			return true
		}
	}
	return false
}

// attrNameOut is the name an attribute is emitted under; the same mapping
// serves attribute selectors in CSS (cssPolicy.attrName).
func (s *Session) attrNameOut(name string) string {
	return s.attrNameNamed(name, false)
}

// attrNameFor is attrNameOut for an attribute of a node with decision d:
// where the rules reveal the node, a data-* name stays as the page shows it
// (and is decided kept), as identifier tokens do, so that playback rules
// and attribute policies go on matching revealed content.
func (s *Session) attrNameFor(d rules.Decision, name string) string {
	if d.Record && !d.Block && !d.Floor && s.kept.kept(name) {
		s.structuralName(attrNameKey, name, true)
		return name
	}
	return s.attrNameOut(name)
}

// attrNameNamed is attrNameOut; named says a linked sheet's selector names
// it: in mask-all and allow-list a data-* name named so first is
// structural and stays (structuralName, css_sheet_names.go).
func (s *Session) attrNameNamed(name string, named bool) string {
	// A name the rules' attribute policies name (attributes.allow, .mask) is
	// a rule's word, and must go on matching when masked again; one a mask
	// prefix only covers is not (rules.Set.AttrNamed).
	if s.kept.kept(name) && (!hasFoldPrefix(name, "data-") && knownAttrName(name) || s.set.AttrNamed(name) || s.structuralName(attrNameKey, name, named)) {
		return name
	}
	if len(name) > 5 && asciiEqualFold(name[:5], "data-") {
		return s.names.placeholder("data-h", name)
	}
	return s.names.placeholder("x-h", name)
}

// keptName reports whether a custom element or attribute name may go out
// as it is: plain, nothing the detectors find, and fewer than minDigitRun
// digits in all. A name has no spaces, so the separators that would join its
// digit groups for a reader are the ones the detectors do not take: '_',
// ':' and runs of '.' and '-' ("aria-4111_1111_1111_1111",
// "data-078:05:1120"), and a token the URL and text detectors mask (16+
// ASCII letters and digits, both present) makes it no name either. A renamed name costs no fidelity: the placeholder is
// stable within the session and stylesheets get the same mapping.
func keptName(v string) bool {
	if !plainName(v) || hasPII(v) {
		return false
	}
	if _, tokens := maskSecretTokens(v, 0); tokens > 0 {
		return false // a secret token as a name ("data-sk-9fQ2mZ7pL4vT8wR3")
	}
	digits := 0
	for i := 0; i < len(v); i++ {
		if isPIIDigit(v[i]) {
			digits++
		}
	}
	return digits < minDigitRun && !spelledEmail(v)
}

// spelledEmail reports whether a name spells an e-mail address with words,
// as a name must ("user-jane-doe-at-example-com"): a segment "at", not the
// first, with two or more segments after it (segments are split at '-',
// '_', '.' and ':'). Names such as "data-look-at-me" stay; the few others
// it takes only become placeholders.
func spelledEmail(v string) bool {
	seg, at, after := 0, false, 0
	for i := 0; i <= len(v); i++ {
		if i < len(v) && v[i] != '-' && v[i] != '_' && v[i] != '.' && v[i] != ':' {
			continue
		}
		if i > seg {
			switch {
			case at:
				after++
			case seg > 0 && asciiEqualFold(v[seg:i], "at"):
				at = true
			}
		}
		seg = i + 1
	}
	return after >= 2
}

// plainName reports whether v is short and spelled like an attribute or
// element name in markup: it starts with an ASCII letter or '_' and holds only
// ASCII letters, digits, '-', '_', '.' and ':'.
func plainName(v string) bool {
	if v == "" || len(v) > maxNameLen {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
		case '0' <= c && c <= '9', c == '-', c == '.', c == ':':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// doctype returns what a DOCTYPE is emitted as: itself when its name is html
// and its identifiers are standard ones, else the standard DOCTYPE that gives
// the same document mode, so the replay renders as the page did.
func doctypeOut(h *html.Node) (name, public, system string) {
	var hasSystem bool
	for _, a := range h.Attr {
		switch a.Key {
		case "public":
			public = a.Val
		case "system":
			system, hasSystem = a.Val, true
		}
	}
	if asciiEqualFold(h.Data, "html") {
		for _, d := range standardDoctypes {
			if asciiEqualFold(public, d.public) && asciiEqualFold(system, d.system) {
				return "html", d.public, d.system
			}
		}
	}
	d := canonicalDoctypes[capture.DoctypeMode(h.Data, public, system, hasSystem)]
	return "html", d.public, d.system
}

type doctypeIDs struct{ public, system string }

// standardDoctypes are the identifiers of the DOCTYPEs the standards and
// W3C recommendations define; they carry nothing about a person.
var standardDoctypes = []doctypeIDs{
	{"", ""},
	{"", "about:legacy-compat"},
	{"-//W3C//DTD HTML 4.01//EN", ""},
	{"-//W3C//DTD HTML 4.01//EN", "http://www.w3.org/TR/html4/strict.dtd"},
	{"-//W3C//DTD HTML 4.01 Transitional//EN", ""},
	{"-//W3C//DTD HTML 4.01 Transitional//EN", "http://www.w3.org/TR/html4/loose.dtd"},
	{"-//W3C//DTD HTML 4.01 Frameset//EN", ""},
	{"-//W3C//DTD HTML 4.01 Frameset//EN", "http://www.w3.org/TR/html4/frameset.dtd"},
	{"-//W3C//DTD HTML 4.0//EN", ""},
	{"-//W3C//DTD HTML 4.0//EN", "http://www.w3.org/TR/REC-html40/strict.dtd"},
	{"-//W3C//DTD HTML 3.2 Final//EN", ""},
	{"-//W3C//DTD XHTML 1.0 Strict//EN", "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"},
	{"-//W3C//DTD XHTML 1.0 Transitional//EN", "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"},
	{"-//W3C//DTD XHTML 1.0 Frameset//EN", "http://www.w3.org/TR/xhtml1/DTD/xhtml1-frameset.dtd"},
	{"-//W3C//DTD XHTML 1.1//EN", "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"},
}

// canonicalDoctypes give each document mode.
var canonicalDoctypes = [...]doctypeIDs{
	capture.NoQuirks:      {"", ""},
	capture.LimitedQuirks: {"-//W3C//DTD XHTML 1.0 Transitional//EN", "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"},
	capture.Quirks:        {"-//W3C//DTD HTML 4.01 Transitional//EN", ""},
}
