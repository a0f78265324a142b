package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2/css"
)

// Names a style sheet's author defines and refers to by name —
// @keyframes and animation-name, counters, @counter-style, grid areas and
// lines, container, layer, view-transition, page and anchor names, custom
// properties and @property, font families — pass every detector and may be
// anything ("@keyframes hannelore-quist", "--customer-jane"). Where
// cssPolicy.authorName is set (mask-all, allow-list, a masked node) each such name is
// written as its keyed placeholder, the same in every sheet, style
// attribute and CSSOM insert of the session, so every definition still
// meets its references and the replay animates, counts and lays out as the
// page did. CSS keywords stay, and so do generic and well-known font
// families (a font the viewer has).

// cssNames says which names a declaration's value holds.
type cssNames uint8

const (
	cssNamesNone       cssNames = iota
	cssNamesList                // author names among keywords: animation-name, counter-reset, grid-area, …
	cssNamesGrid                // grid line names in [brackets] and area names in strings
	cssNamesFamily              // font families (font-family, font, @font-face, --*font*)
	cssNamesUnknown             // a property not made of CSS's words: its name and value's words (css_unknown.go)
	cssNamesProperties          // property names among keywords: will-change, transition (css_unknown.go)
	cssNamesKeyframes           // keyframes names, also written as strings: animation-name, animation
)

// cssFn is a function whose arguments masking reads in a particular way.
type cssFn uint8

const (
	cssFnNone     cssFn = iota
	cssFnPart           // ::part(): part= tokens
	cssFnNames          // counter(), counters(), layer(), ::view-transition-*(), ::highlight(), :state(): author names
	cssFnLocal          // local() in @font-face src: a font's name
	cssFnLang           // :lang(): language tags (css_unknown.go)
	cssFnDir            // :dir(): ltr or rtl
	cssFnWords          // env(), styleset() and the other font-variant-alternates, ::picker(), ::scroll-button(): CSS's words or placeholders
	cssFnSelector       // selector() in @supports: a selector's names
	cssFnNth            // :nth-child() and its kin: An+B, whose n reads as a unit
)

// cssFnOf is the kind of function name (without its '(').
func cssFnOf(name string) cssFn {
	switch {
	case asciiEqualFold(name, "part"):
		return cssFnPart
	case asciiEqualFold(name, "local"):
		return cssFnLocal
	case asciiEqualFold(name, "lang"):
		return cssFnLang
	case asciiEqualFold(name, "dir"):
		return cssFnDir
	case asciiEqualFold(name, "selector"):
		return cssFnSelector
	case grInWords("nth-child nth-last-child nth-of-type nth-last-of-type nth-col nth-last-col", name, false):
		return cssFnNth
	// A font's feature value names (@styleset { quist: 1 }) are mapped as
	// the unknown properties they read as, here as there.
	case grInWords("env styleset stylistic character-variant swash ornaments annotation picker scroll-button", name, false):
		return cssFnWords
	// A highlight's or a custom state's name is the page's own word (a
	// script registers it; a replay has neither), as a per-user sheet
	// may spell ::highlight(jane-doe).
	case grInWords("counter counters layer view-transition-group view-transition-old view-transition-new view-transition-image-pair highlight state active-view-transition-type", name, false),
		grInWords(cssFeatureTypes, name, false):
		return cssFnNames
	}
	return cssFnNone
}

// cssFeatureTypes are the at-rules of an @font-feature-values block, whose
// declarations name feature values (@styleset { jane: 1 }), and the
// functions of font-variant-alternates that refer to them (styleset(jane)).
const cssFeatureTypes = "swash annotation ornaments stylistic styleset character-variant historical-forms"

// cssNamesOf is what names property prop's value holds.
func cssNamesOf(prop string) cssNames {
	switch {
	case grInWords("animation-name animation", cssUnprefixed(prop), false):
		return cssNamesKeyframes
	case grInWords(cssNameProperties, cssUnprefixed(prop), false):
		// -webkit-animation-name names what @-webkit-keyframes defines
		return cssNamesList
	case grInWords("grid-template-areas grid-template-columns grid-template-rows grid-template grid", prop, false):
		return cssNamesGrid
	case asciiEqualFold(prop, "font-family"), asciiEqualFold(prop, "font"),
		strings.HasPrefix(prop, "--") && cssContainsFold(prop, "font"):
		return cssNamesFamily
	}
	return cssNamesNone
}

// cssNameProperties take author names among their keywords (types: of
// @view-transition, which :active-view-transition-type() names).
const cssNameProperties = "container-name container view-transition-name view-transition-class types " +
	"counter-reset counter-set counter-increment grid-area grid-row grid-column grid-row-start grid-row-end " +
	"grid-column-start grid-column-end list-style-type list-style page system fallback speak-as"

// cssNameKeywords are the keywords of those properties, of counter() and
// of the at-rules whose preludes name things: never a name.
const cssNameKeywords = "none auto normal inherit initial unset revert revert-layer default span match-element root list-item " +
	"infinite reverse alternate alternate-reverse forwards backwards both running paused ease ease-in ease-out " +
	"ease-in-out linear step-start step-end jump-start jump-end jump-none jump-both start end size inline-size " +
	"scroll-state not and or only style inside outside disc circle square decimal decimal-leading-zero lower-roman " +
	"upper-roman lower-greek lower-alpha upper-alpha lower-latin upper-latin armenian lower-armenian upper-armenian " +
	"georgian hebrew cjk-decimal cjk-earthly-branch cjk-heavenly-stem cjk-ideographic hiragana hiragana-iroha " +
	"katakana katakana-iroha japanese-informal japanese-formal korean-hangul-formal korean-hanja-informal " +
	"korean-hanja-formal simp-chinese-informal simp-chinese-formal trad-chinese-informal trad-chinese-formal " +
	"ethiopic-numeric arabic-indic bengali devanagari persian thai disclosure-open disclosure-closed cyclic numeric " +
	"alphabetic symbolic additive fixed extends bullets numbers words spell-out"

// cssFontKeywords are the keywords of the font shorthand and of
// font-family: generic families and system fonts.
const cssFontKeywords = "inherit initial unset revert revert-layer normal italic oblique bold bolder lighter small-caps " +
	"all-small-caps petite-caps all-petite-caps unicase titling-caps ultra-condensed extra-condensed condensed " +
	"semi-condensed semi-expanded expanded extra-expanded ultra-expanded xx-small x-small small medium large x-large " +
	"xx-large xxx-large larger smaller caption icon menu message-box small-caption status-bar serif sans-serif " +
	"monospace cursive fantasy system-ui ui-serif ui-sans-serif ui-monospace ui-rounded emoji math fangsong " +
	"-apple-system BlinkMacSystemFont"

// cssKnownFamilies are font families a viewer's system is likely to have,
// lower case, separated by ',': they stay, so a replay draws with them.
const cssKnownFamilies = "arial,helvetica,helvetica neue,segoe ui,roboto,times new roman,times,georgia,verdana,tahoma," +
	"trebuchet ms,courier new,courier,noto sans,noto serif,noto color emoji,apple color emoji,segoe ui emoji," +
	"segoe ui symbol,liberation sans,liberation serif,liberation mono,dejavu sans,dejavu serif,dejavu sans mono," +
	"menlo,monaco,consolas,ubuntu,cantarell,oxygen,fira sans,droid sans,open sans,lucida grande,inter,lato," +
	"montserrat,source sans pro,sf pro text,sf pro display,arial black,impact,comic sans ms,palatino,garamond"

// knownFamily reports whether family (its words joined by single spaces)
// is a generic, system or well-known font family.
func knownFamily(family string) bool {
	if !strings.ContainsRune(family, ' ') && grInWords(cssFontKeywords, family, false) {
		return true
	}
	for list := cssKnownFamilies; list != ""; {
		f, rest, _ := strings.Cut(list, ",")
		if asciiEqualFold(f, family) {
			return true
		}
		list = rest
	}
	return false
}

// authorPrelude reports whether at-rule name (without '@') names things in
// its prelude.
func authorPrelude(name string) bool {
	return grInWords("keyframes -webkit-keyframes -moz-keyframes -o-keyframes counter-style container layer page", name, false)
}

// authorIdent maps an identifier that is an author's name (see above); ok
// is false when t is none.
func (m *cssMasker) authorIdent(t cssToken, text string) (string, bool) {
	if m.p.authorName == nil || t.tt != css.IdentToken {
		return "", false
	}
	decoded := m.decoded(text)
	n := len(m.frames)
	var fn cssFn
	if n > 0 {
		fn = m.frames[n-1].fn
	}
	switch {
	case fn == cssFnNames:
	case m.prelude == cssPreludeFeatureValues && m.preludeDepth == n:
		return m.familyName(t, decoded) // @font-feature-values Hannelore Quist {
	case m.decl.kind != cssDeclNone && !m.decl.value && m.decl.depth == n && n > 0 && m.frames[n-1].atRule == cssPreludeFeatureType:
		// a feature value's name (@styleset { jane: 1 })
	case m.namePrelude && m.preludeDepth == n && m.namePreludeAt(t):
	case m.decl.value && (m.decl.names == cssNamesList || m.decl.names == cssNamesKeyframes) && fn == cssFnNone:
	case m.decl.value && m.decl.names == cssNamesGrid && n > 0 && m.frames[n-1].closer == ']':
	case m.decl.value && m.decl.names == cssNamesFamily && fn == cssFnNone,
		fn == cssFnLocal && m.inFont():
		// local(Hannelore Quist) names a family unquoted as well as quoted
		// (authorString), in @font-face's src and wherever a font is named.
		return m.familyName(t, decoded)
	case m.decl.value && m.decl.kind == cssDeclFontSrc:
		// src's other words are format() and tech() keywords
		// (format(woff2)): CSS's words stay, any other is a placeholder.
		if cssVocab(decoded) && !(m.p.masked && cssEscapesHideText(text)) {
			return "", false
		}
		return m.wordPlaceholder(decoded), true
	default:
		return "", false
	}
	if grInWords(cssNameKeywords, decoded, false) {
		return "", false
	}
	return encodeCSSName(m.p.authorName(decoded), cssIdentName), true
}

// familyName maps t, decoded, a word of a font family's name, unless it is
// a keyword or the family a well-known one.
func (m *cssMasker) familyName(t cssToken, decoded string) (string, bool) {
	if grInWords(cssFontKeywords, decoded, false) || knownFamily(m.familyRun(t)) {
		return "", false
	}
	return encodeCSSName(m.p.authorName(lowerASCII(decoded)), cssIdentName), true
}

// namePreludeAt reports whether t, directly in a naming at-rule's prelude,
// is a name: not a page's pseudo-class (@page :first).
func (m *cssMasker) namePreludeAt(t cssToken) bool {
	return t.start == 0 || m.src[t.start-1] != ':'
}

// dashedName maps a dashed identifier (--name: a custom property, an
// anchor, a timeline, @property, @font-palette-values, @position-try,
// @function): always an author's name.
//
// Where authorName is nil (block-list keeps an author's names), one that
// stands as a type selector (--jane-doe {}, :is(--jane-doe)) names no
// element (no element's name starts with '-'): it matches nothing, and goes
// as cssPolicy.droppedName writes it.
func (m *cssMasker) dashedName(t cssToken, text string) (string, bool) {
	if t.tt != css.IdentToken && t.tt != css.CustomPropertyNameToken {
		return "", false
	}
	decoded := m.decoded(text)
	if len(decoded) <= 2 || !strings.HasPrefix(decoded, "--") {
		return "", false
	}
	if t.start > 0 && m.src[t.start-1] == '.' || m.inPart() {
		return "", false // a class's or a part's name (.--jane-doe): mapped as the markup's (selectorIdent)
	}
	place := m.p.authorName
	if place == nil {
		if use, ok := m.typeUse(t, decoded); m.p.droppedName == nil || !ok || use != cssTypeSelector {
			return "", false
		}
		place = m.p.droppedName
	}
	return encodeCSSName(place(decoded), cssIdentName), true
}

// familyRun is the font family the unquoted name t is a word of: the words
// around it up to a ',' ';' ':' '/' '!' or a block's edge, after the last
// word that starts with a digit (the font shorthand's size), joined by
// single spaces.
func (m *cssMasker) familyRun(t cssToken) string {
	stop := func(c byte) bool { return strings.IndexByte(",;:/!{}()", c) >= 0 }
	i, j := t.start, t.end()
	for i > 0 && !stop(m.src[i-1]) {
		i--
	}
	for j < len(m.src) && !stop(m.src[j]) {
		j++
	}
	words := strings.Fields(m.src[i:j])
	for k := len(words) - 1; k >= 0; k-- {
		// @font-feature-values's at-keyword starts its run of words
		if c := words[k][0]; '0' <= c && c <= '9' || c == '.' || c == '+' || c == '@' {
			words = words[k+1:]
			break
		}
	}
	return strings.Join(words, " ")
}

// authorString maps the names in a string that holds them: grid area names
// (the dots of an empty cell stay), font family names and a keyframes
// name; ok is false when the string holds none.
func (m *cssMasker) authorString(t cssToken) bool {
	feature := m.prelude == cssPreludeFeatureValues && m.preludeDepth == len(m.frames)
	keyframes := m.namePrelude && m.prelude == cssPreludeKeyframes && m.preludeDepth == len(m.frames)
	if m.p.authorName == nil || t.tt != css.StringToken || !m.decl.value && !feature && !keyframes {
		return false
	}
	if mode := m.valueMode(); mode == cssValueAttr || mode == cssValueAll {
		return false
	}
	n := len(m.frames)
	var fn cssFn
	if n > 0 {
		fn = m.frames[n-1].fn
	}
	quote := t.data[0]
	decoded := decodeCSS(t.data[1:], quote)
	var out string
	switch {
	case keyframes, m.decl.names == cssNamesKeyframes && fn == cssFnNone:
		// @keyframes "fade" defines what animation-name: fade refers to:
		// the string takes the ident's placeholder, whole and unfolded.
		out = m.p.authorName(decoded)
	case m.decl.names == cssNamesGrid && fn == cssFnNone:
		out = m.mapWords(decoded, false)
	case m.decl.names == cssNamesFamily && fn == cssFnNone, m.decl.kind == cssDeclFontSrc && fn == cssFnLocal, feature:
		if knownFamily(strings.Join(strings.Fields(decoded), " ")) {
			return false
		}
		out = m.mapWords(decoded, true)
	default:
		return false
	}
	if out != decoded {
		m.rewrite(t.start, t, encodeCSSString(out, quote))
	}
	return true
}

// mapWords maps each space-separated word of s to its placeholder (font
// family words folded to lower case, as families match); runs of '.' (an
// empty grid cell) stay.
func (m *cssMasker) mapWords(s string, fold bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isHTMLSpace(s[j]) {
			j++
		}
		writeStr(&b, s[i:j])
		i = j
		for j < len(s) && !isHTMLSpace(s[j]) {
			j++
		}
		w := s[i:j]
		if w != "" && strings.Trim(w, ".") != "" {
			if fold {
				w = lowerASCII(w)
			}
			w = m.p.authorName(w)
		}
		writeStr(&b, w)
		i = j
	}
	return b.String()
}
