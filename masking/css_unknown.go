package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2/css"
)

// Identifiers outside the name grammars of css_idents.go. A page's own sheet
// may spell a person's word where CSS expects a word of its own vocabulary:
// an unknown property and its value (hannelore-prop: quist), a property
// named in will-change or transition, a media feature or media type, a
// declaration tested by @supports, an unknown at-rule and its prelude, the
// families and feature names of @font-feature-values, a pseudo-class or
// pseudo-element, a keyword or a function's name in a property's value
// (display: tremayne, var(--x, hannelore)), the arguments of :lang(),
// :dir(), env(), ::picker() and ::scroll-button(), a dimension's unit. Where
// cssPolicy.authorName is set (mask-all, allow-list, a masked node) each word there that
// is not CSS's goes out as its keyed placeholder, folded to lower case as
// these words compare (a property named in transition-property still names
// the same unknown property); CSS's own words stay, so real style sheets do
// not change.
//
// CSS's own words are checked a word at a time: a name is kept when every
// '-'-separated part of it is in cssVocabulary, the parts of the properties,
// descriptors, media features and at-rules of CSS and of the engines'
// prefixes. One list of ~1000 parts is smaller than the thousands of names
// it covers, and a name made only of CSS's words holds nothing of a person's
// even when no browser knows it (margin-scroll), so the check needs no exact
// list. A vendor-prefixed name (-webkit-box-orient) is kept when its prefix
// and the rest are such words.

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
// hold selectors or URLs, which other checks read. @document's
// url-prefix(), domain() and regexp() spell URLs and host names unquoted,
// which no other check reads: its words are checked too.
func (m *cssMasker) unknownAt(name string, hidden bool) {
	m.unk.words = cssWordsNone
	switch {
	case m.p.authorName == nil:
		// Block-list keeps a prelude's words but @document's: it matches
		// no page (Firefox reads only an empty url-prefix()), so its words
		// style nothing and may be a person's.
		if m.p.droppedName == nil || !asciiEqualFold(cssUnprefixed(name), "document") {
			return
		}
		m.unk.words = cssWordsAll
	case !hidden && asciiEqualFold(name, "font-feature-values"):
		m.unk.words = cssWordsFamilies
	case !hidden && grInWords("namespace scope charset", name, false):
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
	property := m.startsProperty(t)
	m.unk.selector = !property
	if !property || m.decl.kind != cssDeclOther || m.decl.names != cssNamesNone {
		return
	}
	switch {
	case hidden || !cssVocab(name) || m.p.scrub != nil && m.p.scrub(name) != name:
		// (a CSS word the detectors change, a5 for a page size, is no
		// property's: its placeholder, as unknownName writes such a word)
		m.decl.names = cssNamesUnknown
	case grInWords("will-change transition-property transition", cssUnprefixed(name), false):
		m.decl.names = cssNamesProperties
	}
}

// strayStatement reports whether the block-level statement starting at t
// is one no browser keeps: no at-rule, no declaration (a name and ':'), no
// rule (a '{' before its end) — the words of a style attribute or a block
// that are not CSS (style="Hannelore Quist", .a { hannelore 4111 }). The
// browser drops it, so nothing it holds is structural: its words go as
// unknownWord writes a word CSS does not know, and in a masked node its
// numbers are zeroed (tremayne 4821). Not a keyframe's prelude, whose
// numbers are the animation's (keyframePrelude).
func (m *cssMasker) strayStatement(t cssToken) bool {
	return t.tt != css.AtKeywordToken && !m.selStmt && m.decl.kind == cssDeclNone && !m.keyframePrelude()
}

// keyframePrelude reports whether a token read now stands in a keyframe's
// prelude, directly in @keyframes' block: from, to and the timeline ranges
// (entry 10%) are CSS's words; any other (@keyframes a { hannelore {} })
// is no keyframe, and the browser drops it.
func (m *cssMasker) keyframePrelude() bool {
	n := len(m.frames)
	return n > 0 && m.frames[n-1].atRule == cssPreludeKeyframes && m.decl.kind == cssDeclNone
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
// the detectors). A word the detectors would change is no word of CSS's
// (a4 scrubbed would read as a4's placeholder the second time): its
// placeholder.
func (m *cssMasker) unknownName(t cssToken, text string) (out string, decided bool) {
	out, decided = m.unknownWord(t, text)
	if !decided || out != "" || m.p.scrub == nil {
		return out, decided
	}
	if d := m.decoded(text); m.p.scrub(d) != d {
		if n := len(m.frames); n > 0 && m.frames[n-1].fn == cssFnLang && t.tt == css.IdentToken {
			return maskedCSSName(inputMask), true
		}
		prefix := ""
		if rest, ok := m.webkitPseudo(t, d); ok {
			prefix, d = "-webkit-", rest
		}
		return prefix + encodeCSSName(m.placeholder(lowerASCII(d)), cssUnitNameIf(t.tt == css.DimensionToken)), true
	}
	return "", true
}

// cssUnitNameIf is the kind of a dimension's unit (unit) or of a name.
func cssUnitNameIf(unit bool) cssNameKind {
	if unit {
		return cssUnitName
	}
	return cssIdentName
}

// unknownWord is unknownName before the detectors.
func (m *cssMasker) unknownWord(t cssToken, text string) (out string, decided bool) {
	if m.p.authorName == nil && !m.droppedWord(t) {
		return "", false
	}
	n := len(m.frames)
	var fn cssFn
	if n > 0 {
		fn = m.frames[n-1].fn
	}
	decoded := m.decoded(text)
	// (a dashed name is an author's where authorName is set: dashedName)
	ident := t.tt == css.IdentToken || t.tt == css.CustomPropertyNameToken
	switch {
	case t.tt == css.AtKeywordToken:
	case m.stray && (ident || t.tt == css.FunctionToken || t.tt == css.HashToken):
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
	case ident && n > 0 && m.frames[n-1].atRule == cssPreludeKeyframes && m.decl.kind == cssDeclNone:
		// A keyframe selector: from, to, a timeline range (entry, exit
		// …); a word of another's (hannelore { opacity: 0 }) is no
		// keyframe, and goes out as its placeholder.
	case ident && m.keywordAt(fn):
		if cssInFoldedSet(cssCustomKeywords, decoded) || cssInFoldedSet(cssCustomUnits, decoded) {
			return "", true // a colour, a CSS-wide keyword, attr()'s unit
		}
	case m.unk.words == cssWordsAll && !m.inSelectorFn(), m.decl.names == cssNamesUnknown,
		m.decl.names == cssNamesProperties && m.decl.value:
		if !ident && t.tt != css.FunctionToken {
			return "", false
		}
	default:
		return "", false
	}
	prefix := ""
	if rest, ok := m.webkitPseudo(t, decoded); ok {
		prefix, decoded = "-webkit-", rest
	}
	switch {
	case m.p.masked && cssEscapesHideText(text):
		return prefix + maskedCSSName(decoded), true // as any such name is masked
	case cssVocab(decoded):
		return "", true
	}
	return prefix + m.wordPlaceholder(decoded), true
}

// webkitPseudo reports whether t, decoded, is a ::-webkit- pseudo-element,
// and returns its name after the prefix. Chrome reads any such name as a
// pseudo-element that matches nothing, but drops a whole selector list
// that holds another unknown one: the prefix stays, so the list does, and
// only the rest is masked (a placeholder stays itself, so masking again
// changes nothing).
func (m *cssMasker) webkitPseudo(t cssToken, decoded string) (string, bool) {
	const prefix = "-webkit-"
	if len(decoded) <= len(prefix) || !hasFoldPrefix(decoded, prefix) || !m.pseudoAt(t) || t.start < 2 || m.src[t.start-2] != ':' {
		return decoded, false
	}
	return decoded[len(prefix):], true
}

// unknownUnit decides a dimension's unit in a declaration's value: CSS's
// units stay, another word (width: 10hannelore) is a placeholder. Not in
// An+B (li:nth-child(2n-1) reads as a declaration, n-1 as a unit) nor,
// in @font-face, one of hex digits (unicode-range: U+0025-00FF lexes 00FF
// as one); another unit there (size-adjust: 10jane) is a word like any.
func (m *cssMasker) unknownUnit(text string) (string, bool) {
	if !m.stray && (!m.decl.value || m.decl.custom || m.decl.kind == cssDeclFontSrc || m.decl.kind == cssDeclSymbols) {
		return "", false
	}
	for i := range m.frames {
		if f := &m.frames[i]; f.fn == cssFnNth || f.atRule == cssPreludeFontFace && cssUnicodeRangeUnit(text) {
			return "", false
		}
	}
	decoded := m.decoded(text)
	switch {
	case m.p.masked && cssEscapesHideText(text):
		return "", false // masked as any such name is
	case cssInFoldedSet(cssCustomUnits, decoded), strings.Trim(decoded, "-") == "":
		return "", true // (dashes alone say nothing, and are what a masked unit of escapes leaves: 0-\- → 0--)
	}
	return encodeCSSName(m.placeholder(lowerASCII(decoded)), cssUnitName), true
}

// cssUnicodeRangeUnit reports whether a unit is what a unicode-range's
// numbers lex as: hex digits, '?' wildcards and the range's '-'.
func cssUnicodeRangeUnit(unit string) bool {
	for i := 0; i < len(unit); i++ {
		if c := unit[i]; !isHexDigit(c) && c != '?' && c != '-' {
			return false
		}
	}
	return true
}

// keywordAt reports whether a name read now is a keyword of a property's
// value (display: tremayne, var(--x, hannelore)): not in a custom
// property's, a font's or a counter's, whose names are read apart
// (css_idents.go), nor where a function's argument is an attribute's name.
// A URL function's words are a value's (image(ltr "a.png"), image(red),
// image-set(… type("image/png"))): its URL is a string or a url token, so
// a word there is no URL's (image(hannelore) kept it in clear).
func (m *cssMasker) keywordAt(fn cssFn) bool {
	if !m.decl.value || m.unk.selector || m.decl.kind != cssDeclOther || m.decl.names != cssNamesNone {
		return false
	}
	n := len(m.frames)
	if n == m.decl.depth {
		return true
	}
	f := &m.frames[n-1]
	return f.closer != '}' && fn == cssFnNone && !f.attrFn
}

// wordPlaceholder is a word's placeholder, folded to lower case.
func (m *cssMasker) wordPlaceholder(decoded string) string {
	return encodeCSSName(m.placeholder(lowerASCII(decoded)), cssIdentName)
}

// droppedWord reports whether t, where cssPolicy.authorName is nil, is a
// word a browser drops and block-list therefore does not keep either
// (cssPolicy.droppedName): a unit, a word in a statement no browser keeps,
// a keyframe selector or a word of @document's prelude, but not one in an
// attribute selector's value. Those CSS knows stay, as in every mode
// (unknownWord).
func (m *cssMasker) droppedWord(t cssToken) bool {
	if m.p.droppedName == nil || m.attrDepth > 0 {
		return false // (an attribute selector's value is data, kept where the node is recorded)
	}
	switch t.tt {
	case css.DimensionToken:
		return true
	case css.IdentToken, css.CustomPropertyNameToken, css.FunctionToken, css.HashToken:
		return m.stray || m.keyframePrelude() || m.unk.words == cssWordsAll
	}
	return false
}

// placeholder is a word's placeholder: an author's name's, or in
// block-list a dropped word's.
func (m *cssMasker) placeholder(name string) string {
	if m.p.authorName != nil {
		return m.p.authorName(name)
	}
	return m.p.droppedName(name)
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
// variables, the keywords, system colours and functions of values, and
// the arguments of :dir(), ::picker() and ::scroll-button(); colours and
// units are cssCustomKeywords' and cssCustomUnits'.
var cssVocabulary = cssWordSet(`
3d 3dlight a a3 a4 a5 a98 aat above absolute accelerator accent accentcolor accentcolortext accumulate
action active activeborder activecaption activelink activetext add additive adjust after ahead alias
align alignment all allow allowed alpha alphabetic alternate alternates always ampm anchor anchors and
angle animation annotation antialiased any anywhere app appearance apple appworkspace arc arcs area
areas armenian around arrow as ascent asian aspect at atop attachment attr aural auto autofill
autohiding autospace available avoid axis b b4 b5 backdrop backface background backwards balance bar
base baseline basis before behavior below between bevel bezier bicubic bidi binding black blank bleed
blend blending blink block bold bolder border both bottom bounding box braille break breaks broken
browser buffered buffering burn butt button buttonborder buttonface buttonhighlight buttonshadow
buttontext by c calc calendar callout cancel canvas canvastext cap capitalize caps caption captiontext
caret cbdt ccw cell cells center central ch chained chaining change character chars charset checkbox
checked checkmark child circle clamp class clear clip clone close closed closest coarse col collapse
collection color colors colrv0 colrv1 column columns combine common compact composite composition
condensed conic constrained contacts contain container content contents context contextual continuous
contrast controls coordinate copy corner correction count counter counters cover create credentials
crisp crispedges crop cross crosshair crossing cubic cue current currentcolor cursive cursor curve
custom cw cx cy d d50 d65 dark darken darker darkshadow dasharray dashboard dashed dashoffset data
datetime day decimal decoration decreasing decrement default defined deg delay delta dense depth
descent destination details device diagonal difference digits dir direction disabled disc discard
discrete discretionary display distance distribute document domain dodge dominant dot dotted double down drag
dragging drop duration dynamic e each ease east economy edge edges edit effect element ellipse ellipsis
else embed embedded embossed emoji emphasis empty enabled enclosure end entry env environment epub
error even evenly evenodd events ew ex exact exclude exclusion exclusive exit expand expanded extra
face fade fallback fallbacks false family fangsong fantasy farthest fast feature features field fields
fieldtext file fill filled filter filters fine first fit fixed flat flex flexbox flip float flood flow
focus focusring folded font footer footnote force forced format forms forwards fractions from full
fullscreen function future g gamut gap geometric geometricprecision georgian glyph good grab grabbing
gradient grammar graphite grayscale graytext greek grid groove group grow gutter h handheld hanging
hard has header heading height help hidden hide high highlight highlighttext historical hline
horizontal host hour hover hsl hue hwb hyphenate hyphens ic icon ident ideograph ideographic if ignore
image ime import important in inactive inactiveborder inactivecaption inactivecaptiontext increasing
increment incremental indent indeterminate index indicator inert infinite infinity infobackground
infotext inherit inherits initial ink inline inner input inset inside instance instant integer inter
interactivity interlace interpolate interpolation intersect intrinsic invalid inverted is isolate
isolation italic item items iteration jis jis04 jis78 jis83 jis90 jump justify kana keep kerning
keyboard keyframes keywords khtml l lab landscape lang language large larger last latin layer layout
lch leader leading ledger left legacy legal legibility length less letter ligatures light lighten
lighter lighting limit line linear linearrgb linecap linejoin lines lining link linktext list listbox
local locale lock locked logical longer loose lower lowercase lr ltr luminance luminosity mandatory
manipulation manual margin mark marker markers marks marktext marquee mask masonry match matches math
mathematical max media medium menu menulist menutext merge meter mid middle millisecond min minimal
minmax minute miter miterlimit mix mixed modal mode modify monochrome monospace month more most motion
move moz ms multiple multiply mute muted n name named namespace nan narrower nav navigation nbsp ne
nearest negative neighbor nesw never new next no non none nonzero normal not notch nowrap ns nth number
numeric nums nw nwse o object objects oblique of off offset oklab oklch old oldstyle on only opacity
opaque open opentype optical optimize optimizelegibility optimizequality optimizespeed optimum optional
or order ordering ordinal orient orientation origin ornaments orphans osx out outer outline outset
outside over overflow overhang overlay overline override overscroll p3 pack pad padding page paged
paint painted pair palette palettes pan panel parent parenthesis part past path paused pay percentage
perspective petite phrase pi picker picture pinch pixel pixelated place placeholder plaintext play
playing plus pointer points popover portrait position positive posture pre precision preference
preferred prefers prefix present preserve pretty prev print progress progression progressive projection
properties property prophoto proportional proximity punctuation push quality quote quotes r radial
radio radius random range ratio raw ray read reading rec2020 recto reduce reduced reflect region regexp
relative remaining rendering repeat repeating replace required reset resize resizer resolution result
results returns reveal reverse revert rgb ridge right ring rl roman root rotate rotation round rounded
row rows rtl ruby rule run runnable running rx ry s safe same sans saturation sbix scale scaling scan
scheme scoop scope screen scripting scroll scrollable scrollbar scrollbars scrolling se search
searchfield second security seeking segment segments select selecteditem selecteditemtext selection
selector self semi separate serif sesame set settings shadow shape shift short shorter show shown
shrink sibling side sideways simplified single size sizing skip slashed slice slider sliderthumb
slotted slow small smaller smooth smoothing snap snapped soft solid some source space spaces spacing
span speak specified speech speed spell spelling spin square squircle src srgb stable stack stacked
stalled standalone standard start starting state static step steps sticky stop stretch strict string
stripes stroke stuck style styleset stylistic sub suboptimum subpixel subtract subtractive suffix super
superellipse supports svg sw swap swash swatch symbols syntax synthesis system tab table tabular tap
target tb tech template text textarea textfield thick thickness thin threeddarkshadow threedface
threedhighlight threedlightshadow threedshadow threshold through thumb time timeline timing titlebar
titling to toggle top touch track tracks traditional trailing transform transition translate
transparency transparent triangle trim true truetype try tty turn tv type types u ui ultra under
underline underscore unicase unicode unsafe unset up update upload upper uppercase upright url user
valid value values var variant variation variations vector verso vertical video view viewport
visibility visible visiblefill visiblepainted visiblestroke visited visitedtext visual vline volume w
wait wavy webkit week weight when where white wider widows width will window windowframe windowtext
with within woff woff2 word words wrap wrapper write writing x xor xx xxx xyz y year z zero zoom
zooming
`)
