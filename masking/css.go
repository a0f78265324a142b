package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// cssPolicy says how one piece of CSS is masked. The zero value records the
// CSS as it is, except that URLs are scrubbed, as they are in every mode.
type cssPolicy struct {
	// masked is set when the node is not recorded: data-bearing tokens are
	// masked (strings, URLs, custom-property values, attribute-selector
	// values, identifiers spelled with escapes).
	masked bool
	// allowParam names the URL query parameters that scrubURL keeps.
	allowParam func(string) bool
	// scrub runs the PII detectors on what is kept in clear: every name,
	// string and URL, decoded. It returns its argument when nothing matched
	// (nil: identity).
	scrub func(string) string
	// attrName maps the attribute name of an attribute selector
	// ([data-x=…]) to the name the element's attribute is emitted under, so
	// that the selector still matches once the engine has renamed a
	// PII-bearing name. Its result is written as it is; nil: the name is
	// scrubbed like any other name.
	attrName func(string) string
	// typeName maps a name that may be a type selector (acct-4111…) to the
	// name the element is emitted under when the engine renames it; it
	// returns its argument otherwise; use says where the name stands
	// (css_selectors.go). Nil: scrubbed like any other name.
	typeName func(name string, use cssTypeUse) string
	// hidesContent reports whether a style rule with this selector list
	// may draw its generated content on an element whose text the rules
	// mask; the content strings of such a rule are masked though the sheet
	// is recorded. Nil: none is.
	hidesContent func(prelude string) bool
	// attrValue decides an attribute selector's value where p.masked is
	// set or, when it is not nil, everywhere: it gets the decoded attribute
	// name, the operator's first byte (= ~ | ^ $ *) and the decoded value,
	// and returns what the value becomes and whether it is written in clear
	// (then through p.scrub); not ok masks it. Nil: every attribute-selector
	// value in a masked node is masked.
	attrValue func(attr string, op byte, value string) (string, bool)
	// identName maps the name of a class or id selector (decoded) to the
	// token the elements' attributes are emitted with (names_idents.go);
	// named is set where the name stands in a selector, not in a
	// declaration's value. Nil: the name is scrubbed like any other name.
	identName func(name string, named bool) string
	// authorName maps a name the style sheet's author defines and refers to
	// (@keyframes, counters, grid areas, custom properties, font families:
	// css_idents.go) to its placeholder; nil: such names are kept, but
	// where masked is set droppedName stands in (maskCSSWith).
	authorName func(name string) string
	// droppedName is authorName for the words a browser drops, where
	// authorName is nil (block-list records the page's CSS): a word CSS
	// does not know as a keyframe selector, a unit, in @document's
	// prelude or in a statement no browser keeps (css_unknown.go). Its
	// placeholder costs the replay nothing, and the word may be a
	// person's. Nil: such words are kept.
	droppedName func(name string) string
	// people masks the segments of a URL's path that name a person
	// (url_people.go) in a URL a masked node keeps: a font file's, which
	// a replay fetches. Nil: none is masked.
	people func(url string) string
}

// maskCSS is maskCSSWith with neither PII detectors nor attribute renaming.
func maskCSS(src string, masked bool, allowParam func(string) bool) string {
	return maskCSSWith(src, cssPolicy{masked: masked, allowParam: allowParam})
}

// maskCSSWith masks style sheet text, a CSSOM rule's text or the
// declarations of a style attribute (the lexer reads all three alike). It
// keeps the token structure (punctuation, whitespace, numbers, property
// names, keywords, selectors) and drops comments, which may carry anything.
//
// In every mode URLs are scrubbed (scrubURL), and every name, string and URL
// kept in clear goes through p.scrub, decoded. Attribute names (in attribute
// selectors and attr()) go through p.attrName instead. Hex colours are never
// scrubbed; other numbers only in the values of custom properties and
// attribute selectors, where a match zeroes the number's digits. Token by
// token the detectors miss what spans tokens (an e-mail address is five, a
// phone number three numbers), so p.scrub also reads every declaration's
// value and every attribute selector's value whole, as a page shows it
// (css_reading.go), and content values side by side across rules
// (css_drawn.go): a match masks the whole value as below, in every mode.
//
// When p.masked is set:
//   - a string keeps its quote and its length in code points but its content
//     is masked like text (`content:"Jane"` becomes `content:"****"`);
//     strings that name a resource (in @import, @namespace, image-set(),
//     image(), src()) become empty and every url() becomes url(""), which an
//     empty URL makes invalid, so a replayer fetches nothing;
//   - font names stay in clear (fonts are not personal): the strings and
//     names of font-family and font declarations and of custom properties
//     whose name contains "font", and, in @font-face, the src descriptor's
//     URLs (scrubbed: maskCSSWith does not know the page's origin, and a font
//     file is a resource, not a person's data) and its local(), format() and
//     tech() strings;
//   - well-known namespace URIs of @namespace (XHTML, SVG, MathML, XLink,
//     XML) stay, so namespaced selectors keep matching;
//   - custom-property values (and the values of @property's initial-value
//     and @function's result, which are such data too) keep numbers of at
//     most 6 integer and 10 fraction digits, hex colours, colour names, CSS-wide keywords, `none`,
//     `auto`, `!important`, references to other custom properties (var(--x))
//     and the names of CSS functions; every other name becomes a run of
//     escaped '*' (`Jane` becomes `\*\*\*\*`, still one identifier), every
//     other number has its digits zeroed, strings and URLs are masked as
//     above; the same holds for the value a style() or supports() query in
//     another value tests (if(style(--owner: Jane): …));
//   - the values of @counter-style's symbols, additive-symbols, prefix,
//     suffix, pad and negative descriptors are masked like a custom
//     property's: their names are drawn as list markers (symbols: J A N E);
//   - the numbers of counter-reset, counter-set and counter-increment have
//     their digits zeroed (counter() draws them as text);
//   - an attribute selector's value, whatever its tokens, is masked the same
//     way, numbers always zeroed (`[title=Jane]` becomes `[title=\*\*\*\*]`),
//     unless p.attrValue keeps or maps it; the case flag (i, s) stays;
//   - a name spelled with escapes that can hide letters or digits (`\4a ane`,
//     `\31 23`, `\J`) becomes as many escaped '*' as it has code points,
//     keeping a leading "--"; escapes of ASCII punctuation or space only
//     (`md\:flex`, `w-1\/2`, as utility-class frameworks write them) cannot
//     hide text, and such names are kept like plain ones.
//
// It never panics, the result lexes into the same kinds of tokens (bad strings
// and bad URLs become valid empty ones; an escaped u\72l( call becomes one
// url(""); a text nesting deeper than MaxCSSNesting is masked whole as page
// text, fail closed), and masking it again with the same policy changes nothing if
// p.scrub and p.attrName are idempotent. When nothing changes it returns src
// itself. It is safe for concurrent use if the policy's functions are.
func maskCSSWith(src string, p cssPolicy) string {
	if src == "" {
		return ""
	}
	// One copy with room for the lexer's terminating NUL spares it a second.
	buf := make([]byte, len(src), len(src)+1)
	copy(buf, src)
	m := cssMasker{
		lexer: css.NewLexer(parse.NewInputBytes(buf)),
		src:   src,
		p:     p,
		stmt:  true,
	}
	if !p.masked {
		m.drawn = cssDrawnPII(src, p.scrub)
	} else if m.p.authorName == nil {
		// A masked node's CSS is the user's like its text: block-list
		// keeps its own sheets' names, not those of a masked or blocked
		// area, whose names take the placeholders mask-all gives them.
		m.p.authorName = p.droppedName
	}
	m.run()
	if m.tooDeep {
		return maskText(src)
	}
	if !m.changed {
		return src
	}
	writeStr(&m.out, src[m.flushed:])
	return m.out.String()
}

// cssToken is a token and its offset in the source.
type cssToken struct {
	tt    css.TokenType
	data  []byte
	start int
}

func (t cssToken) end() int { return t.start + len(t.data) }

// cssMasker holds the state of one maskCSSWith call. Output is built lazily:
// the source is copied up to each replaced token, so CSS that needs no change
// costs no second copy.
type cssMasker struct {
	lexer *css.Lexer
	// pending[head:] are tokens read ahead and not yet handled.
	pending []cssToken
	head    int
	src     string
	pos     int // offset in src after the last token read
	p       cssPolicy

	out     strings.Builder
	flushed int  // offset in src up to which out holds the output
	changed bool // whether out is in use
	// recent are the last tokens written, for the seam checks (css_seams.go).
	recent  [cssSeamTokens]cssOutToken
	nRecent int
	seam    seamCheck

	frames []cssFrame
	// tooDeep: the text nests past MaxCSSNesting; it is masked whole.
	tooDeep bool
	// stmt is set where a declaration may start: at the start, after ';',
	// '{', '}', and after '(' (@supports (--x: …)).
	stmt bool
	decl cssDecl
	// attrDepth is len(frames) of the outermost attribute selector whose
	// value is being read, or 0.
	attrDepth int
	// attrPII is set when the PII detectors find something in that value as
	// a whole: it is then masked in every mode.
	attrPII      bool
	prelude      cssPreludeKind
	preludeDepth int
	// namePrelude: the prelude being read names things (@keyframes,
	// @container, @layer, …: css_idents.go).
	namePrelude bool
	// unk: the prelude whose words are checked (css_unknown.go).
	unk cssUnknown
	// scratch is reused to decode strings and names.
	scratch []byte
	// reading and readingOpen are reused by valueHasPII: what the
	// detectors read, and the closers of the blocks open in it.
	reading, readingOpen []byte
	// readingNums is reused by valueHasPII: the plain numbers read.
	readingNums []byte
	// ruleStart is where the statement being read at block level starts:
	// a rule's selector list when a '{' follows.
	ruleStart int
	// selStmt: that statement, read at len(frames) == selDepth, is a
	// selector list (css_selectors.go).
	selStmt  bool
	selDepth int
	// lastBrace is where the source's last '{' is, once braceScanned
	// (css_statement.go).
	lastBrace    int
	braceScanned bool
	// stray: that statement is none a browser keeps (css_unknown.go).
	stray bool
	// topDropped: that statement is a top-level rule a browser drops,
	// read up to its '{' (css_statement.go).
	topDropped bool
	// drawn are where the content declarations start whose text is PII
	// with their neighbour's (css_drawn.go), not yet reached.
	drawn []int
}

// cssCompactAt is how many handled tokens the read-ahead buffer may keep
// before they are dropped (at most as many as it holds unhandled, so that
// each token is copied O(1) times).
const cssCompactAt = 64

func (m *cssMasker) read() cssToken {
	tt, data := m.lexer.Next()
	t := cssToken{tt, data, m.pos}
	m.pos += len(data)
	return t
}

func (m *cssMasker) next() cssToken {
	if m.head < len(m.pending) {
		t := m.pending[m.head]
		m.head++
		if m.head == len(m.pending) {
			m.pending, m.head = m.pending[:0], 0
		} else if m.head >= cssCompactAt && 2*m.head >= len(m.pending) {
			// Handled tokens are dropped while some read ahead are left:
			// where each token looks ahead (".a{}" over and over) the
			// buffer is never empty, and it would hold the whole sheet.
			n := copy(m.pending, m.pending[m.head:])
			m.pending, m.head = m.pending[:n], 0
		}
		return t
	}
	return m.read()
}

// peekSignificant returns the next token that is neither whitespace nor a
// comment, leaving it and what precedes it to be read again.
func (m *cssMasker) peekSignificant() cssToken {
	for i := m.head; ; i++ {
		if i == len(m.pending) {
			m.pending = append(m.pending, m.read())
		}
		if t := m.pending[i]; t.tt != css.WhitespaceToken && t.tt != css.CommentToken {
			return t
		}
	}
}

// text returns the source of t; slicing src spares a copy of the lexer's
// bytes.
func (m *cssMasker) text(t cssToken) string { return m.src[t.start:t.end()] }

// keep leaves a token as the source spells it. Output is copied from the
// source lazily, so there is nothing to do: the call says where a handler
// decided so.
func (m *cssMasker) keep(cssToken) {}

// replace puts s in place of the source from start to end.
func (m *cssMasker) replace(start, end int, s string) {
	if !m.changed {
		m.changed = true
		m.out.Grow(len(m.src))
	}
	writeStr(&m.out, m.src[m.flushed:start])
	writeStr(&m.out, s)
	m.flushed = end
}

func (m *cssMasker) run() {
	for !m.tooDeep {
		t := m.next()
		switch t.tt {
		case css.ErrorToken:
			return
		case css.CommentToken:
			m.dropComment(t)
			continue
		}
		m.wrote(m.outLen(t.start), t.tt)
		switch t.tt {
		case css.WhitespaceToken, css.CDOToken, css.CDCToken:
			continue
		}
		if m.stmt {
			m.stmt = false
			block := false
			if n := len(m.frames); n == 0 || m.frames[n-1].closer == '}' {
				m.ruleStart = t.start
				m.selStmt, m.selDepth = m.selectorStatement(t), n
				block = true
			}
			switch {
			case block && m.droppedRule(t):
				m.selStmt, m.stray, m.topDropped = false, true, true
			default:
				m.startDeclaration(t)
				if block {
					m.stray = m.strayStatement(t)
				}
			}
		}
		// A token directly inside an attribute selector's value counts, so
		// that the first one and a trailing case flag are told apart.
		depth := m.attrDepth
		direct := depth > 0 && len(m.frames) == depth
		m.token(t)
		if direct && m.attrDepth == depth {
			m.frames[depth-1].attrVals++
		}
	}
}

// token handles one token that is neither whitespace nor a comment.
func (m *cssMasker) token(t cssToken) {
	switch t.tt {
	case css.StringToken, css.BadStringToken:
		m.string(t)
	case css.URLToken, css.BadURLToken:
		m.urlToken(t)
	case css.FunctionToken:
		name := m.decoded(m.text(t)[:len(t.data)-1])
		if asciiEqualFold(name, "url") {
			if !m.urlFunction(t) {
				return
			}
			m.keep(t) // u\72l( stays what it is: a URL's spelling, not data
		} else {
			m.name(t)
		}
		sel, nth := m.selectorArgs(name)
		m.open(cssFrame{closer: ')', url: isURLFunction(name), attrFn: asciiEqualFold(name, "attr"), fn: cssFnOf(name), sel: sel, nth: nth})
		m.stmt = m.decl.kind == cssDeclNone || m.nestDeclaration(name)
	case css.LeftParenthesisToken:
		m.keep(t)
		// @scope (.card) to (.content): its bounds are selector lists.
		m.open(cssFrame{closer: ')', sel: m.prelude == cssPreludeScope && m.preludeDepth == len(m.frames)})
		m.stmt = m.decl.kind == cssDeclNone
	case css.LeftBracketToken:
		m.keep(t)
		m.open(cssFrame{closer: ']'})
	case css.LeftBraceToken:
		m.keep(t)
		atRule := m.prelude
		if m.preludeDepth != len(m.frames) {
			atRule = cssPreludeNone
		}
		m.endPrelude()
		if m.decl.custom && m.decl.value {
			m.open(cssFrame{closer: '}'}) // a block inside a custom property's value
			return
		}
		m.decl = cssDecl{}
		m.selStmt, m.topDropped = false, false
		m.open(cssFrame{closer: '}', atRule: atRule, rule: [2]int{m.ruleStart, t.start}})
		m.stmt = true
	case css.RightParenthesisToken, css.RightBracketToken, css.RightBraceToken:
		m.keep(t)
		m.endPrelude()
		// A stray '}' starts no statement: }font:"Jane" is no font
		// declaration, and its string is masked.
		if m.close(t.data[0]) && t.tt == css.RightBraceToken && m.decl.kind == cssDeclNone {
			m.stmt = true
		}
	case css.SemicolonToken:
		m.keep(t)
		m.endPrelude()
		if m.decl.kind != cssDeclNone && len(m.frames) == m.decl.depth {
			m.decl = cssDecl{}
		}
		// A ';' ends no prelude of a rule at the top level (droppedRule).
		m.stmt = m.decl.kind == cssDeclNone && !(m.topDropped && len(m.frames) == 0)
	case css.ColonToken:
		m.keep(t)
		if m.decl.kind != cssDeclNone && !m.decl.value && len(m.frames) == m.decl.depth {
			m.decl.value = true
			if m.decl.custom && cssMixedBlock(m.src, t.end()) {
				m.decl.pii = true // styles nothing, whatever the mode: masked whole
			}
			// Whatever a masked node keeps of the value (numbers, keywords,
			// font names) the detectors read together, in every mode.
			if m.p.scrub != nil && !m.decl.pii {
				m.decl.pii = m.valueHasPII(m.decl.kind != cssDeclOther,
					cssReadingEnd{semicolon: true, brace: !m.decl.custom})
			}
		}
	case css.AtKeywordToken:
		m.atKeyword(t)
		m.name(t)
	case css.IdentToken, css.CustomPropertyNameToken, css.HashToken:
		m.name(t)
		m.selectorOf(t)
	case css.DimensionToken:
		m.dimension(t)
	case css.NumberToken, css.PercentageToken:
		m.number(t)
	default:
		m.keep(t)
		if isCSSAttrOperator(t) {
			m.attrOperator(t)
		}
		if n := len(m.frames); t.tt == css.CommaToken && n > 0 && m.frames[n-1].attrFn {
			// attr()'s fallback, a value like the declaration's own
			// (attr(data-x, hannelore)): its words are checked as a
			// value's are (unknownWord), not kept as attr()'s syntax
			m.frames[n-1].attrFn = false
		}
	}
}
