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
// prelude, the families and feature names of @font-feature-values, the
// arguments of :lang(), :dir() and env(). Where cssPolicy.authorName is set
// (mask-all and allow-list) each word there that is not CSS's goes out as
// its keyed placeholder, folded to lower case as these words compare (a
// property named in transition-property still names the same unknown
// property); CSS's own words stay, so real style sheets do not change.
//
// CSS's own words are checked a word at a time: a name is kept when every
// '-'-separated part of it is in cssVocabulary, the parts of the
// properties, descriptors, media features and at-rules of CSS and of the
// engines' prefixes. One list of ~520 parts is smaller than the ~800
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
// and the properties whose values name properties. A selector read as a
// declaration (a:hover, :is(a:hover)) is none: only a name directly in a
// block, a style attribute or a value's style() or supports() is, followed
// by a value that ends as a declaration's does. A name spelled with escapes
// that hide text (hidden) is written masked: no property either.
func (m *cssMasker) unknownProperty(t cssToken, name string, hidden bool) {
	if m.p.authorName == nil || m.decl.kind != cssDeclOther || m.decl.names != cssNamesNone {
		return
	}
	if n := len(m.frames); n > 0 && m.frames[n-1].closer != '}' && !m.frames[n-1].nested {
		return // a declaration a value tests (if(style(…))) is one too
	}
	switch {
	case hidden || !cssVocab(name):
		if m.propertyName(t) {
			m.decl.names = cssNamesUnknown
		}
	case grInWords("will-change transition-property transition", cssUnprefixed(name), false):
		m.decl.names = cssNamesProperties
	}
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
// queries, at-rules, transition keywords, env() variables, and the
// arguments of :dir(), ::picker() and ::scroll-button().
var cssVocabulary = cssWordSet(`
3d 3dlight aat accelerator accent action active additive adjust after align alignment all allow
alternates anchor and angle animation annotation any app appearance apple area areas arrow as ascent
asian aspect attachment attr aural auto autospace axis backdrop backface background base baseline basis
before behavior bezier bidi binding black blank bleed blend blending block border both bottom box
braille break broken browser buffered button calc callout caps caption caret cbdt cells center chaining
change character chars charset clamp class clear clip coarse collapse collection color colors colrv0
colrv1 column columns combine composite composition contain container content contents context
continuous contrast controls coordinate corner correction count counter cubic cursor custom cx cy d
dark darkshadow dasharray dashboard dashoffset data decoration delay delta depth descent destination
device direction discrete display distance document dominant down drag dragging duration dynamic ease
east edge effect else embedded embossed emoji emphasis empty enabled end env environment epub events
face fallback fallbacks family fast feature features field fill filter filters fine first fit flex
float flood flow focus folded font footnote force forced format forms fullscreen function gamut gap
glyph graphite grid group grow gutter handheld hanging height high highlight historical horizontal
hover hyphenate hyphens icon ident image ime import important in increment incremental indent index
infinite inherit inherits initial ink inline input inset inside instance integer interactivity
interlace interpolate interpolation intrinsic inverted isolation item items iteration jump justify
kerning keyboard keyframes khtml landscape language last layer layout left length less letter ligatures
light lighting limit line linear linecap linejoin lines list locale logical ltr margin marker marks
marquee mask masonry math max media merge mid middle min minimal miterlimit mix mode modify monochrome
more motion moz ms name named namespace nav navigation nbsp negative next no none normal not number
numeric o object offset on only opacity opaque opentype optical optional or order ordering ordinal
orient orientation origin ornaments orphans osx out outline outset outside overflow overhang overlay
override overscroll p3 pack pad padding page paged paint palette palettes path pay percentage
perspective picture pixel place play pointer points portrait position positive posture preference
preferred prefers prefix prev print progression progressive projection properties property punctuation
quotes r radius range ratio reading rec2020 reduce reduced reflect region rendering repeat reset resize
resolution result returns revert right rotate row rows rtl ruby rule rx ry safe sbix scale scan scheme
scope screen scripting scroll scrollable scrollbar scrolling security segment segments select selector
self set settings shadow shape shift shrink side size sizing skip slice slow small smooth smoothing
snap snapped source space spacing span speak speech src srgb standalone standard start starting state
step steps sticky stop stretch string stroke stuck style styleset stylistic subtractive suffix supports
svg swash symbols syntax synthesis system tab table tap target tech template text thickness threshold
time timeline timing titlebar top touch track tracks trailing transform transition translate
transparency trim truetype try tty tv type types ui underline unicode unset up update upright url user
value values var variant variation variations vector vertical video view viewport visibility webkit
weight when white widows width will window woff woff2 word wrap writing x y z zoom zooming
`)
