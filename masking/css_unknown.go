package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2/css"
)

// Identifiers outside the name grammars of css_idents.go. A page's own
// sheet may spell a person's word where CSS expects a word of its own
// vocabulary: an unknown property and its value (hannelore-prop: quist), a
// property named in will-change or transition, a media feature or media
// type, a declaration tested by @supports, an unknown at-rule and its
// prelude, the families and feature names of @font-feature-values, a
// pseudo-class or pseudo-element, a function's name in a value, the
// arguments of :lang(), :dir(), env(), ::picker() and ::scroll-button(), a
// dimension's unit. Where cssPolicy.authorName is set
// (mask-all and allow-list) each word there that is not CSS's goes out as
// its keyed placeholder, folded to lower case as these words compare (a
// property named in transition-property still names the same unknown
// property); CSS's own words stay, so real style sheets do not change.
//
// CSS's own words are checked a word at a time: a name is kept when every
// '-'-separated part of it is in cssVocabulary, the parts of the
// properties, descriptors, media features and at-rules of CSS and of the
// engines' prefixes. One list of ~630 parts is smaller than the ~1000
// names it covers, and a name made only of CSS's words holds nothing of a
// person's even when no browser knows it (margin-scroll), so the check
// needs no exact list. A vendor-prefixed name (-webkit-box-orient) is kept
// when its prefix and the rest are such words.

// cssWordCtx is what the words of an at-rule's prelude are checked as.
type cssWordCtx uint8

const (
	cssWordsNone     cssWordCtx = iota
	cssWordsAll                 // every word, at any depth (@media, @supports, unknown at-rules, …)
	cssWordsFamilies            // font families, as font-family maps them (@font-feature-values)
)

// cssUnknown is the state the checks keep in cssMasker.
type cssUnknown struct {
	words cssWordCtx // the prelude being read, cssWordsNone outside one
	depth int        // len(frames) at its at-keyword
	// selector: the declaration being read is a selector's lookalike
	// (a:hover), whose names after ':' are pseudo-classes.
	selector bool
}

// unknownAt notes, at an at-keyword, how its prelude's words are checked.
// Every at-rule's prelude is checked word by word (the names some of them
// define are mapped before: css_idents.go) except those whose preludes
// hold selectors or URLs, which other checks read.
func (m *cssMasker) unknownAt(name string, hidden bool) {
	m.unk.words = cssWordsNone
	switch {
	case m.p.authorName == nil:
		return
	case !hidden && asciiEqualFold(name, "font-feature-values"):
		m.unk.words = cssWordsFamilies
	case !hidden && grInWords("namespace scope document -moz-document charset", name, false):
		return
	default:
		m.unk.words = cssWordsAll
	}
	m.unk.depth = len(m.frames)
}

// endUnknownPrelude ends the checked prelude with the at-rule's.
func (m *cssMasker) endUnknownPrelude() {
	if m.unk.words != cssWordsNone && m.unk.depth >= len(m.frames) {
		m.unk.words = cssWordsNone
	}
}

// unknownProperty notes, at a declaration's start, a property name not made
// of CSS's words (its name and every word of its value are then checked)
// and the properties whose values name properties. A name spelled with
// escapes that hide text (hidden) is written masked: no property either.
// A selector read as a declaration is none, and its pseudo-classes are
// checked: one in a rule's prelude (a:hover {), its value not ending as a
// declaration's does, or one inside a selector's function (:is(a:hover));
// a name in a block, a style attribute, a value's style() or supports()
// or a query's parentheses starts a declaration.
func (m *cssMasker) unknownProperty(t cssToken, name string, hidden bool) {
	m.unk.selector = false
	if m.p.authorName == nil || m.decl.custom {
		return
	}
	if n := len(m.frames); n > 0 && m.frames[n-1].closer != '}' && !m.frames[n-1].nested {
		m.unk.selector = m.unk.words == cssWordsNone
		return
	}
	property := m.propertyName(t)
	m.unk.selector = !property
	if !property || m.decl.kind != cssDeclOther || m.decl.names != cssNamesNone {
		return
	}
	switch {
	case hidden || !cssVocab(name):
		m.decl.names = cssNamesUnknown
	case grInWords("will-change transition-property transition", cssUnprefixed(name), false):
		m.decl.names = cssNamesProperties
	}
}

// pseudoAt reports whether t, a name, is a pseudo-class's or
// pseudo-element's (.a:hover, ::before, :not()): its ':' is a selector's.
func (m *cssMasker) pseudoAt(t cssToken) bool {
	return t.start > 0 && m.src[t.start-1] == ':' && (m.decl.kind == cssDeclNone || m.unk.selector)
}

// cssUnprefixed is a property name without its vendor prefix.
func cssUnprefixed(name string) string {
	for _, p := range [...]string{"-webkit-", "-moz-", "-ms-", "-o-"} {
		if len(name) > len(p) && asciiEqualFold(name[:len(p)], p) {
			return name[len(p):]
		}
	}
	return name
}

// unknownName decides a name in the contexts above: decided is false
// outside them; out is its placeholder, or empty when it stays (through
// the detectors).
func (m *cssMasker) unknownName(t cssToken, text string) (out string, decided bool) {
	if m.p.authorName == nil {
		return "", false
	}
	n := len(m.frames)
	var fn cssFn
	if n > 0 {
		fn = m.frames[n-1].fn
	}
	decoded := m.decoded(text)
	ident := t.tt == css.IdentToken
	switch {
	case t.tt == css.AtKeywordToken:
	case t.tt == css.DimensionToken:
		return m.unknownUnit(text)
	case ident && fn == cssFnLang:
		// As the lang attribute is decided (classify_attrs.go): a tag of
		// another shape becomes what such an attribute becomes, so the
		// selector still matches it.
		if validLang(decoded) && !cssEscapesHideText(text) {
			return "", true
		}
		return maskedCSSName(inputMask), true
	case ident && fn == cssFnDir:
		if grInWords("ltr rtl", decoded, false) && !cssEscapesHideText(text) {
			return "", true
		}
		return m.wordPlaceholder(decoded), true
	case ident && fn == cssFnWords:
	case (ident || t.tt == css.FunctionToken) && m.pseudoAt(t):
	case m.unk.words == cssWordsFamilies && n == m.unk.depth && ident:
		run := m.familyRun(t)
		if strings.HasPrefix(run, "@") {
			_, run, _ = strings.Cut(run, " ") // the at-keyword is no word of it
		}
		if grInWords(cssFontKeywords, decoded, false) || knownFamily(run) {
			return "", true
		}
		return m.wordPlaceholder(decoded), true
	case t.tt == css.FunctionToken && cssInFoldedSet(cssCustomFunctions, decoded):
		return "", false
	case t.tt == css.FunctionToken && m.decl.value && !m.unk.selector:
		// A function in a declaration's value (color: hannelore(1)).
	case m.unk.words == cssWordsAll && !m.inSelectorFn(), m.decl.names == cssNamesUnknown,
		m.decl.names == cssNamesProperties && m.decl.value:
		if !ident && t.tt != css.FunctionToken {
			return "", false
		}
	default:
		return "", false
	}
	switch {
	case m.p.masked && cssEscapesHideText(text):
		return maskedCSSName(decoded), true // as any such name is masked
	case cssVocab(decoded):
		return "", true
	}
	return m.wordPlaceholder(decoded), true
}

// unknownUnit decides a dimension's unit in a declaration's value: CSS's
// units stay, another word (width: 10hannelore) is a placeholder. Not in
// An+B (li:nth-child(2n-1) reads as a declaration, n-1 as a unit) nor in
// @font-face (unicode-range: U+0025-00FF lexes 00FF as one).
func (m *cssMasker) unknownUnit(text string) (string, bool) {
	if !m.decl.value || m.decl.custom || m.decl.kind == cssDeclFontSrc || m.decl.kind == cssDeclSymbols {
		return "", false
	}
	for i := range m.frames {
		if f := &m.frames[i]; f.fn == cssFnNth || f.atRule == cssPreludeFontFace {
			return "", false
		}
	}
	decoded := m.decoded(text)
	switch {
	case m.p.masked && cssEscapesHideText(text):
		return "", false // masked as any such name is
	case cssInFoldedSet(cssCustomUnits, decoded):
		return "", true
	}
	return encodeCSSName(m.p.authorName(lowerASCII(decoded)), cssUnitName), true
}

// wordPlaceholder is a word's placeholder, folded to lower case.
func (m *cssMasker) wordPlaceholder(decoded string) string {
	return encodeCSSName(m.p.authorName(lowerASCII(decoded)), cssIdentName)
}

// inSelectorFn reports whether a selector() function is open: its names
// are a selector's (@supports selector(.a)), which other checks map.
func (m *cssMasker) inSelectorFn() bool {
	for i := m.unk.depth; i < len(m.frames); i++ {
		if m.frames[i].fn == cssFnSelector {
			return true
		}
	}
	return false
}

// unknownString maps a string that is a font family in @font-feature-values'
// prelude as font-family's strings are mapped; it reports whether it did.
func (m *cssMasker) unknownString(t cssToken) bool {
	if m.unk.words != cssWordsFamilies || len(m.frames) != m.unk.depth || t.tt != css.StringToken {
		return false
	}
	quote := t.data[0]
	decoded := decodeCSS(t.data[1:], quote)
	if knownFamily(strings.Join(strings.Fields(decoded), " ")) {
		m.scrubString(t)
		return true
	}
	if out := m.mapWords(decoded, true); out != decoded {
		m.rewrite(t.start, t, encodeCSSString(out, quote))
	}
	return true
}

// cssVocab reports whether every '-'-separated part of name is one of CSS's
// words.
func cssVocab(name string) bool {
	for name != "" {
		part, rest, _ := strings.Cut(name, "-")
		if part != "" && !cssInFoldedSet(cssVocabulary, part) {
			return false
		}
		name = rest
	}
	return true
}

// cssVocabulary are the parts of the names of CSS properties and
// descriptors (with the -webkit-, -moz-, -ms-, -o- ones engines ship),
// media types and features and their values, container and @supports
// queries, at-rules, pseudo-classes and pseudo-elements (standard and the
// engines' own: ::-webkit-scrollbar-thumb), transition keywords, env()
// variables, the functions of values, and the arguments of :dir(),
// ::picker() and ::scroll-button().
var cssVocabulary = cssWordSet(`
3d 3dlight aat accelerator accent action active additive adjust after align alignment all allow
alternates ampm anchor and angle animation annotation any app appearance apple area areas arrow as
ascent asian aspect attachment attr aural auto autofill autospace axis backdrop backface background bar
base baseline basis before behavior bezier bidi binding black blank bleed blend blending block border
both bottom box braille break broken browser buffered buffering button calc calendar callout cancel
caps caption caret cbdt cells center chaining change character chars charset checked checkmark child
clamp class clear clip closed coarse collapse collection color colors colrv0 colrv1 column columns
combine composite composition conic contacts contain container content contents context continuous
contrast controls coordinate corner correction count counter counters credentials cross cubic cue
current cursor custom cx cy d dark darkshadow dasharray dashboard dashoffset data datetime day
decoration decrement default defined delay delta depth descent destination details device dir direction
disabled discrete display distance document dominant double down drag dragging drop duration dynamic
ease east edge edit effect element else embedded embossed emoji emphasis empty enabled enclosure end
env environment epub error even events expand face fade fallback fallbacks family fast feature features
field fields file fill filter filters fine first fit flex float flood flow focus focusring folded font
footnote force forced format forms from full fullscreen function future gamut gap glyph good gradient
grammar graphite grid group grow gutter handheld hanging has heading height high highlight historical
horizontal host hour hover hue hyphenate hyphens icon ident if image ime import important in inactive
increment incremental indent indeterminate index indicator infinite inherit inherits initial ink inline
inner input inset inside instance integer interactivity interlace interpolate interpolation intrinsic
invalid inverted is isolation item items iteration jump justify kerning keyboard keyframes khtml
landscape lang language last layer layout leader left length less letter ligatures light lighting limit
line linear linecap linejoin lines link list local locale lock locked logical lower ltr margin marker
marks marquee mask masonry matches math max media merge meter mid middle millisecond min minimal minmax
minute miterlimit mix modal mode modify monochrome month more motion moz ms mute muted name named
namespace nav navigation nbsp negative new next no none normal not nth number numeric o object of
offset old on only opacity opaque open opentype optical optimum optional or order ordering ordinal
orient orientation origin ornaments orphans osx out outer outline outset outside overflow overhang
overlay override overscroll p3 pack pad padding page paged paint pair palette palettes panel part past
path paused pay percentage perspective picker picture pixel place placeholder play playing pointer
points popover portrait position positive posture preference preferred prefers prefix present prev
print progress progression progressive projection properties property punctuation quotes r radial
radius random range ratio ray read reading rec2020 reduce reduced reflect region remaining rendering
repeat repeating required reset resize resizer resolution result results returns reveal revert right
root rotate row rows rtl ruby rule runnable running rx ry safe sbix scale scan scheme scope screen
scripting scroll scrollable scrollbar scrolling search second security seeking segment segments select
selection selector self set settings shadow shape shift shown shrink sibling side single size sizing
skip slice slider slotted slow small smooth smoothing snap snapped source space spacing span speak
speech spelling spin src srgb stalled standalone standard start starting state step steps sticky stop
stretch string stripes stroke stuck style styleset stylistic suboptimum subtractive suffix superellipse
supports svg swash swatch symbols syntax synthesis system tab table tap target tech template text
thickness threshold thumb time timeline timing titlebar to toggle top touch track tracks trailing
transform transition translate transparency trim truetype try tty tv type types ui underline unicode
unset up update upload upper upright url user valid value values var variant variation variations
vector vertical video view viewport visibility visible visited volume webkit week weight when where
white widows width will window within woff woff2 word wrap wrapper write writing x y year z zoom
zooming
`)
