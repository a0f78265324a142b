package masking

import "strings"

// The classifier: for every (namespace, element, attribute) the content
// class of its value (DESIGN §3, "Every string has a class, decided in one
// place"). What it does not know is classUnknown, which is masked; a value
// of a structural class is kept only when it matches the class's grammar
// (attrClass.valid). The table is in classify_attrs.go, the elements in
// classify_elements.go, the grammars in grammar*.go.
//
// Names: HTML element and attribute names match ASCII case-insensitively
// (never with Unicode folding: "İd" is not "id"); SVG and MathML names match
// exactly as the mirror spells them (x/net/html: "viewBox", "foreignObject",
// "definitionURL") or in all-lowercase, the spelling a script's setAttribute
// or createElementNS may produce; any other case is unknown. Namespaced
// attributes are spelled "xlink:href", "xml:lang", "xmlns:xlink".
//
// Everything here is read-only after package init and safe for concurrent
// use.

// valueClass is what an attribute's value is, decided by (namespace,
// element, attribute) alone.
type valueClass uint8

const (
	classUnknown  valueClass = iota // not in the table: masked in every mode
	classNever                      // never recorded: the attribute is dropped (on*, srcdoc, nonce, ...)
	classText                       // free text: recorded only where the node's text is recorded
	classInput                      // what a person typed or chose (value of a text field, option label)
	classCSS                        // style text
	classURL                        // one URL: scrubbed
	classSrcset                     // a srcset candidate list
	classKeyword                    // one keyword from the attribute's list (ASCII case-insensitive)
	classKeywords                   // space-separated keywords from the attribute's list
	classNumber                     // number, length, percentage, or a list of them
	classGeometry                   // SVG path data, points, transform, viewBox
	classColor                      // a colour or SVG paint (url(#id) allowed, other url() not)
	classFragment                   // a same-document reference: #id or url(#id)
	classIdent                      // identifiers: id, class, for, name, slot, ARIA id references
	classBoolean                    // presence matters: kept when "" or equal to the name, else masked
)

// attrClass is the classification of one attribute.
type attrClass struct {
	class    valueClass
	keywords []string // the allowed words as spelled in the spec; for classNumber, words allowed instead of a number
	gram     grammar  // the grammar when the keyword list alone does not describe the values
	exact    bool     // keywords compare case-sensitively (ol type="a" differs from "A")
	name     string   // classBoolean: the attribute's name, a value the spec allows besides ""
	drawn    bool     // classNumber: drawn as text, so kept only where the node's text is
	bound    bool     // classNumber: a control's bounds, kept only where the node is recorded
}

// structural reports whether valid decides if a value of this class is
// kept. For the other classes (unknown, never, text, input, CSS, URL,
// srcset) the caller applies the node's decision and the class's masker.
func (c attrClass) structural() bool {
	switch c.class {
	case classKeyword, classKeywords, classNumber, classGeometry, classColor, classFragment, classIdent, classBoolean:
		return true
	}
	return false
}

// cssWideKeywords are accepted by every keyword (but exact lists), number
// and colour attribute: SVG presentation attributes take them, and they
// carry nothing.
const cssWideKeywords = "inherit initial unset revert"

// valid reports whether v matches the class's grammar, so it may be kept as
// it is. It is false for every class that is not structural: a text, input,
// CSS, URL or unknown value is never kept because of its shape. The empty
// value is valid for every structural class (it carries nothing). Values are
// not trimmed unless the grammar says so: keywords compare exactly as the
// HTML spec compares them ("submit " is not "submit"). It never allocates.
func (c attrClass) valid(v string) bool {
	if !c.structural() {
		return false
	}
	if v == "" || grInList(c.keywords, v, c.exact) {
		return true
	}
	g := c.gram
	switch c.class {
	case classKeyword:
		if !c.exact && grInWords(cssWideKeywords, v, false) {
			return true
		}
	case classKeywords:
		return validKeywordList(c.keywords, v, c.exact)
	case classNumber:
		if t := grTrim(v); grInList(c.keywords, t, false) || grInWords(numberWords, t, false) {
			return true
		}
		if g == gramNone {
			g = gramNumber
		}
	case classColor:
		if g == gramNone {
			g = gramColor
		}
	case classFragment:
		g = gramFragment
	case classIdent:
		if g == gramNone {
			g = gramIdent
		}
	case classBoolean:
		return asciiEqualFold(v, c.name)
	}
	if !validGrammar(g, v) || holdsPercentByte(v) {
		return false
	}
	if c.class == classIdent || c.class == classFragment {
		return true // scrubbed by the detectors where kept, in place
	}
	if cardInNumbers(v) || cardInHexColours(v) {
		return false // a card spelled as coordinates, colour channels, a media query, hex colours
	}
	// The keyword grammars (language tags, MIME types and their codecs,
	// media queries) take digits a page can fill with a phone or an account
	// number ("sgn-415555-2671", "text/4155552671"); numbers, colours and
	// geometry are not scanned, where a long run is a coordinate.
	return c.class != classKeyword && c.class != classKeywords || !hasPII(v)
}

// holdsPercentByte: v spells a percent-encoded byte ("%00", "%4A"), which
// no structural value needs and any grammar that takes '%' and digits
// side by side could let through ("translate(0%00)"); checked after every
// grammar rather than in each.
func holdsPercentByte(v string) bool {
	for i := 0; i+2 < len(v); i++ {
		if v[i] == '%' && grHex(v[i+1]) && grHex(v[i+2]) {
			return true
		}
	}
	return false
}

// numberWords are accepted wherever a number is: they carry nothing.
const numberWords = cssWideKeywords + " auto none normal"

// grammars maps each grammar to its scanner; gramNone rejects everything.
var grammars = [...]func(string) bool{
	gramNone:       func(string) bool { return false },
	gramLang:       validLang,
	gramLangList:   validLangList,
	gramMIME:       validMIME,
	gramMedia:      validMedia,
	gramSizes:      validSizes,
	gramIconSizes:  validIconSizes,
	gramFontFamily: validFontFamily,
	gramAspect:     validAspect,
	gramNumber:     validNumber,
	gramNumbers:    validNumberList,
	gramNumberPair: validNumberPair,
	gramPath:       validPath,
	gramPoints:     validPoints,
	gramTransform:  validTransform,
	gramViewBox:    validViewBox,
	gramColor:      validColor,
	gramPaint:      validPaint,
	gramFragment:   validFragment,
	gramIdent:      validIdent,
	gramIdents:     func(v string) bool { return validIdentList(v, false) },
	gramClassNames: func(v string) bool { return validIdentList(v, true) },
	gramSMIL:       validSMIL,
}

// validGrammar runs grammar g on v; an unknown grammar rejects everything.
func validGrammar(g grammar, v string) bool {
	return int(g) < len(grammars) && grammars[g](v)
}

// classifyAttr names the class of attribute name on element tag in
// namespace ns ("" HTML, "svg", "math"), as the mirror spells them.
//
// Order: event handlers (on*), the replayer's rr_* names, srcdoc, nonce and
// integrity are classNever in every namespace and any case; then the
// element-specific entry, then the namespace's global entry; then data-*
// (classText) and xmlns:* (the namespace URIs). Anything else, including
// unknown aria-* names and attributes of unknown namespaces, is
// classUnknown. It never allocates and is safe for concurrent use.
func classifyAttr(ns, tag, name string) attrClass {
	if neverAttr(name) {
		return attrClass{class: classNever}
	}
	i := nsIndex(ns)
	if i < 0 {
		return attrClass{}
	}
	if c, ok := lookupAttr(i, tag, name); ok {
		return c
	}
	if len(name) > len("data-") && hasFoldPrefix(name, "data-") && (i == nsHTML || !hasUpperASCII(name)) {
		return attrClass{class: classText}
	}
	if len(name) > len("xmlns:") && name[:len("xmlns:")] == "xmlns:" {
		return namespaceURIClass
	}
	return attrClass{}
}

// namespaceURIClass: xmlns and xmlns:*, which may only name the real
// namespaces (the URIs compare exactly).
var namespaceURIClass = attrClass{class: classKeyword, exact: true, keywords: []string{
	"http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML",
	"http://www.w3.org/1999/xlink", "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/",
}}

// neverAttr: attributes never recorded in any namespace, matched ASCII
// case-insensitively.
func neverAttr(name string) bool {
	return hasFoldPrefix(name, "on") || hasFoldPrefix(name, "rr_") ||
		asciiEqualFold(name, "srcdoc") || asciiEqualFold(name, "nonce") || asciiEqualFold(name, "integrity")
}

// attrEntry is one row of the attribute table: a name, or a name on one
// element, per namespace.
type attrEntry struct {
	nameEntry
	cls [nsCount]attrClass
}

// lookupAttr finds name's entry for element tag (when the element is known
// in namespace ns, spelled as that namespace matches), else the
// namespace-wide entry. It never allocates.
func lookupAttr(ns int, tag, name string) (attrClass, bool) {
	if len(name) == 0 || len(name) > maxKnownName || strings.IndexByte(name, 0) >= 0 {
		return attrClass{}, false // NUL separates the key's parts: "href\x00a" must not find <a href>
	}
	var buf [2*maxKnownName + 1]byte
	n := foldInto(buf[:], 0, name)
	if _, ok := lookupElement(ns, tag); ok {
		buf[n] = 0 // key: name NUL tag, both lowercase
		m := foldInto(buf[:], n+1, tag)
		if e := attrTable[string(buf[:m])]; e != nil && e.matches(ns, name) {
			return e.cls[ns], true
		}
	}
	if e := attrTable[string(buf[:n])]; e != nil && e.matches(ns, name) {
		return e.cls[ns], true
	}
	return attrClass{}, false
}

// elemClass is what an element is.
type elemClass uint8

const (
	elemUnknown   elemClass = iota // not a known HTML/SVG/MathML element
	elemKnown                      // a known element, nothing special about its content
	elemCustom                     // a valid custom element name (HTML namespace, contains '-')
	elemNever                      // never recorded with its content: script (any namespace)
	elemChildless                  // recorded, its content never: noscript, template, iframe, canvas, noembed, noframes
	elemCSS                        // its text is CSS: style in HTML and SVG (MathML has no style element: math:style is unknown)
	elemInput                      // its content is an input value: textarea, select, option, optgroup, datalist, selectedcontent
)
