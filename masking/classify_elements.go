package masking

import (
	"strings"
	"unicode/utf8"
)

// The elements the classifier knows, per namespace, spelled as the mirror
// spells them (x/net/html: HTML lowercase, SVG camelCase where the parser
// adjusts it, MathML lowercase).

// htmlElements: the living standard's elements, and the obsolete ones the
// parser and browsers still build.
const htmlElements = "a abbr address area article aside audio b base bdi bdo blockquote body br button " +
	"canvas caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed " +
	"fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img " +
	"input ins kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup " +
	"option output p param picture pre progress q rp rt ruby s samp script search section select " +
	"selectedcontent slot small source span strong style sub summary sup table tbody td template " +
	"textarea tfoot th thead time title tr track u ul var video wbr " +
	"acronym applet basefont bgsound big blink center dir font frame frameset isindex keygen " +
	"listing marquee menuitem multicol nextid nobr noembed noframes plaintext rb rtc spacer strike tt xmp"

// svgElements: SVG 1.1 and SVG 2.
const svgElements = "a altGlyph altGlyphDef altGlyphItem animate animateColor animateMotion animateTransform " +
	"circle clipPath color-profile cursor defs desc discard ellipse feBlend feColorMatrix " +
	"feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight " +
	"feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode " +
	"feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence filter font " +
	"font-face font-face-format font-face-name font-face-src font-face-uri foreignObject g glyph glyphRef " +
	"hatch hatchpath hkern image line linearGradient marker mask mesh meshgradient meshpatch meshrow " +
	"metadata missing-glyph mpath path pattern polygon polyline radialGradient rect script set " +
	"stop style svg switch symbol text textPath title tref tspan use view vkern"

// mathElements: MathML Core and the common MathML 3 presentation elements.
const mathElements = "math annotation annotation-xml maction maligngroup malignmark menclose merror mfenced " +
	"mfrac mglyph mi mlabeledtr mlongdiv mmultiscripts mn mo mover mpadded mphantom mprescripts mroot " +
	"mrow ms mscarries mscarry msgroup msline mspace msqrt msrow mstack mstyle msub msubsup msup mtable " +
	"mtd mtext mtr munder munderover none semantics"

// reservedCustomNames are hyphenated names the spec forbids for custom
// elements (they are SVG and MathML names).
const reservedCustomNames = "annotation-xml color-profile font-face font-face-src font-face-uri " +
	"font-face-format font-face-name missing-glyph"

// Namespace indexes of the tables.
const (
	nsHTML = iota
	nsSVG
	nsMath
	nsCount
)

// nsIndex maps a mirror namespace to its table index, or -1.
func nsIndex(ns string) int {
	switch ns {
	case "":
		return nsHTML
	case "svg":
		return nsSVG
	case "math":
		return nsMath
	}
	return -1
}

// nameEntry records, per namespace, whether a name is known there, its
// canonical spelling, and for elements their class.
type nameEntry struct {
	known [nsCount]bool
	spell [nsCount]string
	class [nsCount]elemClass
}

// elements is keyed by the ASCII-lowercased element name. Built once at
// package init and only read afterwards.
var elements = buildElements()

func buildElements() map[string]*nameEntry {
	m := map[string]*nameEntry{}
	for ns, list := range [nsCount]string{htmlElements, svgElements, mathElements} {
		for _, w := range strings.Fields(list) {
			key := lowerASCII(w)
			e := m[key]
			if e == nil {
				e = &nameEntry{}
				m[key] = e
			}
			e.known[ns], e.spell[ns], e.class[ns] = true, w, knownElemClass(ns, w)
		}
	}
	return m
}

// knownElemClass is the class of known element w of namespace ns.
func knownElemClass(ns int, w string) elemClass {
	switch {
	case w == "script":
		return elemNever
	case w == "style" && ns != nsMath:
		return elemCSS
	case ns != nsHTML:
		return elemKnown
	case strings.Contains(" noscript template iframe canvas noembed noframes ", " "+w+" "):
		return elemChildless // noembed/noframes: raw text browsers never render
	case strings.Contains(" textarea select option optgroup datalist selectedcontent output ", " "+w+" "):
		// output: "the result of a user action", such as the value a range
		// slider echoes ("72 kg"), which is masked like the slider's own
		return elemInput
	}
	return elemKnown
}

// lowerASCII folds ASCII upper-case letters only (never Unicode: "İ" stays).
// It allocates only when s has an upper-case ASCII letter.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = grLower(b[j])
			}
			return string(b)
		}
	}
	return s
}

// hasUpperASCII reports whether s has an ASCII upper-case letter.
func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// maxKnownName bounds the names looked up: no known element or attribute
// name is longer, so longer names are unknown without a lookup.
const maxKnownName = 64

// matches reports whether name, which equals the entry's key but for ASCII
// case, names it in namespace ns: in HTML in any ASCII case; in SVG and
// MathML exactly as the mirror spells it or all in lowercase (the spelling
// a script's setAttribute or createElementNS may produce when it lowercases
// a camelCase name).
func (e *nameEntry) matches(ns int, name string) bool {
	return e.known[ns] && (ns == nsHTML || name == e.spell[ns] || !hasUpperASCII(name))
}

// foldInto writes s ASCII-lowercased into buf at n and returns the new n.
func foldInto(buf []byte, n int, s string) int {
	for i := 0; i < len(s); i++ {
		buf[n+i] = grLower(s[i])
	}
	return n + len(s)
}

// lookupElement finds element tag of namespace ns. It never allocates.
func lookupElement(ns int, tag string) (*nameEntry, bool) {
	if len(tag) == 0 || len(tag) > maxKnownName {
		return nil, false
	}
	var buf [maxKnownName]byte
	n := foldInto(buf[:], 0, tag)
	e := elements[string(buf[:n])]
	if e == nil || !e.matches(ns, tag) {
		return nil, false
	}
	return e, true
}

// classifyElement names the class of element tag in namespace ns ("" HTML,
// "svg", "math"), as the mirror spells them. HTML names match ASCII
// case-insensitively; SVG and MathML names exactly or all-lowercase. A
// script is never recorded in any namespace and any spelling. It never
// allocates and is safe for concurrent use.
func classifyElement(ns, tag string) elemClass {
	if asciiEqualFold(tag, "script") {
		return elemNever
	}
	i := nsIndex(ns)
	if i < 0 {
		return elemUnknown
	}
	e, ok := lookupElement(i, tag)
	switch {
	case ok:
		return e.class[i]
	case i == nsHTML && validCustomName(tag):
		return elemCustom
	}
	return elemUnknown
}

// validCustomName reports whether tag is a valid custom element name: a
// lowercase ASCII letter first, a '-' somewhere, only PCENChar characters,
// not one of the reserved names.
func validCustomName(tag string) bool {
	if tag == "" || tag[0] < 'a' || tag[0] > 'z' || grInWords(reservedCustomNames, tag, true) {
		return false
	}
	hyphen := false
	for _, r := range tag {
		if r == '-' {
			hyphen = true
		}
		if !isPCENChar(r) {
			return false
		}
	}
	return hyphen
}

// isPCENChar is the spec's PCENChar production.
func isPCENChar(r rune) bool {
	switch {
	case r == '-' || r == '.' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z':
		return true
	case r == utf8.RuneError:
		return false
	case r == 0xB7, 0xC0 <= r && r <= 0xD6, 0xD8 <= r && r <= 0xF6, 0xF8 <= r && r <= 0x37D,
		0x37F <= r && r <= 0x1FFF, 0x200C <= r && r <= 0x200D, 0x203F <= r && r <= 0x2040,
		0x2070 <= r && r <= 0x218F, 0x2C00 <= r && r <= 0x2FEF, 0x3001 <= r && r <= 0xD7FF,
		0xF900 <= r && r <= 0xFDCF, 0xFDF0 <= r && r <= 0xFFFD, 0x10000 <= r && r <= 0xEFFFF:
		return true
	}
	return false
}
