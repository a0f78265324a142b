package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2/css"
)

// Where a token stands, as far as masking cares: the open blocks, the
// declaration being read (custom property, font, @font-face src), and the
// at-rule whose prelude is being read (@import, @namespace, @font-face).

// cssFrame is one open block: {…}, (…), […] or a function's arguments.
type cssFrame struct {
	closer byte
	url    bool           // a function whose strings are URLs
	atRule cssPreludeKind // the block of an @font-face or @counter-style rule
	attrFn bool           // attr(), whose first name is an attribute name
	fn     cssFn          // a function whose arguments are read in a particular way
	// sel: the block's content is a selector list (:is(), @scope's
	// bounds); nth: :nth-child()'s, whose list starts after "of".
	sel, nth bool
	// For '[': whether the operator has been read, the attribute name
	// tested (for attr() too), and how many tokens of the value were read.
	attr     cssAttrState
	attrOp   byte // the operator's first byte: = ~ | ^ $ *
	attrSel  string
	attrVals int
	// outer is the declaration whose value holds this block, set aside while
	// a declaration inside it is read (if(style(--x: Jane): …)); nested says
	// it is.
	outer  cssDecl
	nested bool
	// rule is where the selector list of a '{' block is in the source;
	// hides is what cssPolicy.hidesContent said of it, once asked.
	rule  [2]int
	hides cssHides
}

type cssAttrState uint8

const (
	cssAttrBeforeOp cssAttrState = iota // the attribute name, or a namespace prefix
	cssAttrValue                        // after the operator
)

// cssDeclKind is what a declaration's value holds, as far as masking cares.
type cssDeclKind uint8

const (
	cssDeclNone    cssDeclKind = iota // not in a declaration
	cssDeclOther                      // any other property
	cssDeclCustom                     // a custom property
	cssDeclFont                       // font names: font-family, font, --*font*
	cssDeclFontSrc                    // the src descriptor of @font-face
	// cssDeclSymbols are the descriptors of @counter-style whose names are
	// drawn as text (symbols: J A N E draws the letters as list markers).
	cssDeclSymbols
	// cssDeclCounters are counter-reset, counter-set and counter-increment,
	// whose numbers counter() draws as text.
	cssDeclCounters
)

// cssDecl is the declaration being read.
type cssDecl struct {
	kind   cssDeclKind
	custom bool // the property is custom: its value runs over nested blocks
	depth  int  // len(frames) where it started
	value  bool // its ':' has been read
	// pii is set when the PII detectors find something in the value as a
	// whole (jane.doe@example.com is five tokens), or in its text drawn
	// with a neighbour's (css_drawn.go), or the value is a custom
	// property's that can style nothing (cssMixedBlock): it is then masked
	// in every mode.
	pii bool
	// drawn: content or quotes, whose strings are drawn as text
	drawn bool
	names cssNames // the author names its value holds (css_idents.go)
}

// cssPreludeKind is the at-rule whose prelude is being read.
type cssPreludeKind uint8

const (
	cssPreludeNone cssPreludeKind = iota
	cssPreludeImport
	cssPreludeNamespace
	cssPreludeFontFace
	cssPreludeCounterStyle
	cssPreludeKeyframes // its block's preludes are keyframe selectors
	cssPreludeScope     // its bounds are selector lists
	// @font-feature-values, whose prelude names font families, and the
	// feature types in its block, whose declarations name feature values.
	cssPreludeFeatureValues
	cssPreludeFeatureType
)

// MaxCSSNesting bounds the blocks, functions and brackets open at once in
// one CSS text. Each holds a frame (about 100 B): a megabyte of "{" or "("
// held a million, and its masking allocated over 600 MB and took seconds
// (the collector masks every batch again, and budgets a string's memory by
// its length). Deeper CSS fails closed: the whole text is masked as page
// text (maskCSSWith). Real sheets nest a few levels; the mirror's tree
// depth has the same bound.
const MaxCSSNesting = 1024

func (m *cssMasker) open(f cssFrame) {
	if len(m.frames) >= MaxCSSNesting {
		m.tooDeep = true // run stops at the next token
		return
	}
	m.frames = append(m.frames, f)
}

// close ends the innermost block if c closes it, and reports whether it
// did; a stray closer is an ordinary token, as in browsers (at the top
// level, part of a rule's prelude). Closing the block a
// declaration or an attribute selector's value lives in ends it.
func (m *cssMasker) close(c byte) (closed bool) {
	n := len(m.frames)
	if n == 0 || m.frames[n-1].closer != c {
		return false
	}
	f := &m.frames[n-1]
	m.frames = m.frames[:n-1]
	if n-1 < m.decl.depth {
		m.decl = cssDecl{}
	}
	if f.nested {
		m.decl = f.outer
	}
	if n-1 < m.attrDepth {
		m.attrDepth, m.attrPII = 0, false
	}
	return true
}

// atKeyword notes the at-rules whose prelude or block matters to masking.
func (m *cssMasker) atKeyword(t cssToken) {
	name := m.decoded(m.text(t)[1:])
	m.unknownAt(name, m.p.masked && cssEscapesHideText(m.text(t)))
	if m.namePrelude = authorPrelude(name) && !(m.p.masked && cssEscapesHideText(m.text(t))); m.namePrelude {
		m.preludeDepth = len(m.frames)
	}
	switch {
	case m.p.masked && cssEscapesHideText(m.text(t)):
		// Written masked, it is no rule the browser knows (and masks the
		// strings of its prelude as text).
		return
	case asciiEqualFold(name, "import"):
		m.prelude = cssPreludeImport
	case asciiEqualFold(name, "namespace"):
		m.prelude = cssPreludeNamespace
	case asciiEqualFold(name, "font-face"):
		m.prelude = cssPreludeFontFace
	case asciiEqualFold(name, "counter-style"):
		m.prelude = cssPreludeCounterStyle
	case grInWords("keyframes -webkit-keyframes -moz-keyframes -o-keyframes", name, false):
		m.prelude = cssPreludeKeyframes
	case asciiEqualFold(name, "scope"):
		m.prelude = cssPreludeScope
	case asciiEqualFold(name, "font-feature-values"):
		m.prelude = cssPreludeFeatureValues
	case grInWords(cssFeatureTypes, name, false):
		m.prelude = cssPreludeFeatureType
	default:
		return
	}
	m.preludeDepth = len(m.frames)
}

// endPrelude ends an at-rule's prelude at a ';', '{' or '}' (or a stray
// closer) of its own level.
func (m *cssMasker) endPrelude() {
	m.endUnknownPrelude()
	if (m.prelude != cssPreludeNone || m.namePrelude) && m.preludeDepth >= len(m.frames) {
		m.prelude, m.namePrelude = cssPreludeNone, false
	}
}

// startDeclaration starts a declaration when t, the first token of a
// statement, is a name followed by ':'. A selector such as a:hover reads the
// same way; it is then masked as a declaration of property "a" would be,
// which keeps it as it is.
func (m *cssMasker) startDeclaration(t cssToken) {
	if m.decl.kind != cssDeclNone || (t.tt != css.IdentToken && t.tt != css.CustomPropertyNameToken) {
		return
	}
	if m.peekSignificant().tt != css.ColonToken {
		return
	}
	name := m.decoded(m.text(t))
	d := cssDecl{kind: cssDeclOther, depth: len(m.frames)}
	// A masked node's property spelled with escapes that hide text is
	// written masked, so it names no font: its strings are masked too.
	hidden := m.p.masked && cssEscapesHideText(m.text(t))
	switch {
	case strings.HasPrefix(name, "--"):
		d.kind, d.custom = cssDeclCustom, true
		if cssContainsFold(name, "font") && !hidden {
			d.kind = cssDeclFont
		}
	case asciiEqualFold(name, "initial-value"), asciiEqualFold(name, "result"):
		// The descriptors of @property and @function (no property has
		// these names): the registered custom property's value and what a
		// custom function returns, masked like a custom property's.
		d.kind, d.custom = cssDeclCustom, true
	case hidden:
	case asciiEqualFold(name, "font-family"), asciiEqualFold(name, "font"):
		d.kind = cssDeclFont
	case isCounterProperty(name):
		d.kind = cssDeclCounters
	case len(m.frames) == 0:
	case asciiEqualFold(name, "src") && m.frames[len(m.frames)-1].atRule == cssPreludeFontFace:
		d.kind = cssDeclFontSrc
	case m.frames[len(m.frames)-1].atRule == cssPreludeCounterStyle && isCounterSymbols(name):
		d.kind = cssDeclSymbols
	}
	d.drawn = asciiEqualFold(name, "content") || asciiEqualFold(name, "quotes")
	if !hidden {
		d.names = cssNamesOf(name)
	}
	d.pii = m.drawnPII(t.start) // else the detectors read its value at its ':'
	m.decl = d
	m.unknownProperty(t, name, hidden)
}

// nestDeclaration starts, inside the function name just opened, a
// declaration nested in the value being read: style() and supports() in a
// value (if(style(--owner: Jane): …)) test a property, and the value they
// test is that property's, a custom property's being data. The outer
// declaration comes back at the function's ')'. Not in a custom property's
// value, which is data throughout (masked in a masked node, read whole by
// the detectors), nor in one the detectors flagged, which is masked whole.
func (m *cssMasker) nestDeclaration(name string) bool {
	if !m.decl.value || m.decl.custom || m.decl.pii ||
		!asciiEqualFold(name, "style") && !asciiEqualFold(name, "supports") {
		return false
	}
	nesting := 0
	for i := range m.frames {
		if m.frames[i].nested {
			nesting++
		}
	}
	if nesting == cssMaxNesting {
		// Each level reads its value again: deeper, the value is masked
		// whole rather than read once more.
		m.decl.pii = true
		return false
	}
	f := &m.frames[len(m.frames)-1]
	f.outer, f.nested = m.decl, true
	m.decl = cssDecl{}
	return true
}

// cssMaxNesting is how deep declarations nest in values (if(style(…)) in
// the value an if(style(…)) tests): real style sheets nest one or two.
const cssMaxNesting = 4

// isCounterSymbols reports whether name is a descriptor of @counter-style
// whose <symbol> values (strings, images, names) are drawn.
func isCounterSymbols(name string) bool {
	return grInWords("symbols additive-symbols prefix suffix pad negative", name, false)
}

// isCounterProperty reports whether name sets or steps a counter, whose
// value counter() draws.
func isCounterProperty(name string) bool {
	return grInWords("counter-reset counter-set counter-increment", name, false)
}

// inFont reports whether the token being read names a font.
func (m *cssMasker) inFont() bool {
	return m.decl.value && (m.decl.kind == cssDeclFont || m.decl.kind == cssDeclFontSrc)
}

// inURL reports whether a string read now names a resource.
func (m *cssMasker) inURL() bool {
	n := len(m.frames)
	resource := m.prelude == cssPreludeImport || m.prelude == cssPreludeNamespace
	return resource && m.preludeDepth == n || n > 0 && m.frames[n-1].url
}

// isURLFunction reports whether the strings directly inside function name
// are URLs.
func isURLFunction(name string) bool {
	for _, f := range [...]string{"url", "src", "image-set", "-webkit-image-set", "image"} {
		if asciiEqualFold(name, f) {
			return true
		}
	}
	return false
}
