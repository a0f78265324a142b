package rules

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxNth is Chromium's INT_MAX/2: an An+B whose a or b lies beyond
// ±maxNth never matches there.
const maxNth = 1<<30 - 1

// maxSelectorNesting bounds :not/:is/:where/:has nesting, so that a hostile
// rule cannot exhaust the stack.
const maxSelectorNesting = 32

// selParser reads one selector group. It accepts the CSS Selectors syntax
// that Chromium's querySelectorAll accepts, minus the kinds docs/selectors.md
// lists as rejected; every rejection is an error that says why.
type selParser struct {
	s     string
	i     int
	depth int
	inHas bool // inside :has(), where :has() may not appear again
	// unclosed: parsing failed at the end only because a string, bracket
	// or parenthesis was left open, which Chromium would close silently.
	unclosed bool
}

// selError is a parse error; its text is the reason a rule is rejected.
type selError string

func (e selError) Error() string { return string(e) }

// parseSelectors parses a selector list as written in a rule.
func parseSelectors(s string) (selGroup, error) {
	// CSS Syntax reads U+0000 as U+FFFD before anything else.
	if strings.IndexByte(s, 0) >= 0 {
		var w textWriter
		for i := 0; i < len(s); i++ {
			if s[i] == 0 {
				w.str("\uFFFD")
			} else {
				w.byte(s[i])
			}
		}
		s = string(w.b)
	}
	p := &selParser{s: s}
	g, err := p.list(false, false)
	if err != nil {
		if p.unclosed {
			// Chromium closes what is open at the end; a rule must say
			// where its argument ends.
			return nil, selError("unclosed ( or [ at the end of the selector: " + err.Error())
		}
		return nil, err
	}
	if p.i < len(p.s) {
		return nil, p.unexpected("")
	}
	return g, nil
}

//go:noinline
func (p *selParser) eof() bool { return p.i >= len(p.s) }

//go:noinline
func (p *selParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

//go:noinline
func (p *selParser) skipSpace() bool {
	start := p.i
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
	return p.i > start
}

// found describes what is at the current position, for errors.
//
//go:noinline
func (p *selParser) found() string {
	if p.eof() {
		return "EOF"
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return strconv.QuoteRune(r)
}

//go:noinline
func (p *selParser) unexpected(want string) error {
	if !p.eof() && p.s[p.i] == '/' && p.i+1 < len(p.s) && p.s[p.i+1] == '*' {
		return selError("CSS comments are not accepted in rule selectors")
	}
	if want == "" {
		return selError("unexpected " + p.found() + " at offset " + strconv.Itoa(p.i))
	}
	return selError("expected " + want + ", found " + p.found() + " instead")
}

// list parses complex selectors separated by commas, up to EOF or a ')'.
// empty allows a list with no selector (:is(), :where()).
func (p *selParser) list(relative, empty bool) (selGroup, error) {
	var g selGroup
	p.skipSpace()
	if empty && p.peek() == ')' {
		return g, nil
	}
	for {
		c, err := p.complex(relative)
		if err != nil {
			return nil, err
		}
		if !relative && len(c.combs) > 0 && c.combs[0] != '+' && c.combs[0] != '~' && c.parts[0].hostCapable() {
			return nil, selError("a selector whose first compound is only :has() before a descendant or child combinator could match a shadow host, which Chromium decides by what it matched before; add a type or :is(*) to that compound")
		}
		g = append(g, c)
		p.skipSpace()
		if p.peek() != ',' {
			return g, nil
		}
		p.i++
	}
}

func isCombinatorByte(c byte) bool { return c == '>' || c == '+' || c == '~' }

func (p *selParser) complex(relative bool) (*complexSel, error) {
	c := &complexSel{}
	p.skipSpace()
	if relative {
		c.lead = ' '
		if isCombinatorByte(p.peek()) {
			c.lead = p.s[p.i]
			p.i++
			p.skipSpace()
		}
	}
	first, err := p.compound()
	if err != nil {
		return nil, err
	}
	c.parts = append(c.parts, first)
	for {
		space := p.skipSpace()
		if p.eof() || p.peek() == ',' || p.peek() == ')' {
			return c, nil
		}
		comb := byte(' ')
		if isCombinatorByte(p.peek()) {
			comb = p.s[p.i]
			p.i++
			p.skipSpace()
		} else if !space {
			return nil, p.unexpected("")
		} else if p.depth == 0 && len(c.parts) == 1 && first.tag == "" && first.simple == nil {
			// In a shadow root Chromium 156 matches "* .a" and "* div" on
			// top-level elements (* takes the host), but not "* [x]" or
			// "* .a.b": no rule the engine could follow.
			return nil, selError("a selector that starts with * and a descendant combinator is not accepted (Chromium matches a shadow host with that * for some selectors only)")
		}
		next, err := p.compound()
		if err != nil {
			return nil, err
		}
		c.parts = append(c.parts, next)
		c.combs = append(c.combs, comb)
	}
}

// compound parses a type or universal selector (with an optional *|
// namespace prefix) followed by subclass selectors.
func (p *selParser) compound() (compound, error) {
	var cp compound
	start := p.i
	switch {
	case p.peek() == '&':
		return cp, selError("the nesting selector & means something only relative to a stylesheet rule or a query's scoping element; rules match each document and shadow root as a whole")
	case p.peek() == '|':
		return cp, selError("namespace prefixes are not accepted (|name matches no element of an HTML page)")
	case p.peek() == '*':
		p.i++
		if p.peek() == '|' {
			p.i++
			if p.peek() == '*' {
				p.i++
			} else if p.identStart() {
				cp.tag = lowerASCII(p.ident())
			} else {
				return cp, p.unexpected("a type selector after *|")
			}
		}
	case p.identStart():
		name := p.ident()
		if p.peek() == '|' && (p.i+1 >= len(p.s) || p.s[p.i+1] != '=') {
			return cp, selError("namespace prefix " + strconv.Quote(name+"|") + ": only *| is accepted (no prefix is declared for rules)")
		}
		cp.tag = lowerASCII(name)
	}
	for !p.eof() {
		var (
			s   simpleSel
			err error
		)
		switch p.s[p.i] {
		case '#':
			p.i++
			if !p.identStart() {
				// Chromium rejects "#1a": an id selector is a hash
				// token whose name is an identifier.
				return cp, p.unexpected("an identifier after #")
			}
			s = simpleSel{kind: skID, name: p.ident()}
		case '.':
			p.i++
			if !p.identStart() {
				return cp, p.unexpected("an identifier after .")
			}
			s = simpleSel{kind: skClass, name: p.ident()}
		case '[':
			s, err = p.attribute()
		case ':':
			s, err = p.pseudo()
		default:
			goto done
		}
		if err != nil {
			return cp, err
		}
		cp.simple = append(cp.simple, s)
	}
done:
	if p.i == start {
		return cp, p.unexpected("selector")
	}
	return cp, nil
}

// legacyFoldAttrs are the attributes whose values HTML documents compare
// ASCII case-insensitively in selectors when no flag is given (HTML,
// "Case-sensitivity of selectors"). Chromium applies the list to elements of
// every namespace in an HTML document.
var legacyFoldAttrs = []string{"accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset",
	"checked", "clear", "codetype", "color", "compact", "declare", "defer", "dir", "direction", "disabled",
	"enctype", "face", "frame", "hreflang", "http-equiv", "lang", "language", "link", "media", "method",
	"multiple", "nohref", "noresize", "noshade", "nowrap", "readonly", "rel", "rev", "rules", "scope",
	"scrolling", "selected", "shape", "target", "text", "type", "valign", "valuetype", "vlink"}

func (p *selParser) attribute() (simpleSel, error) {
	s := simpleSel{kind: skAttr}
	p.i++ // [
	p.skipSpace()
	if p.peek() == '|' || p.peek() == '*' {
		return s, selError("namespace prefixes in attribute selectors are not accepted")
	}
	if !p.identStart() {
		return s, p.unexpected("an attribute name")
	}
	s.name = lowerASCII(p.ident())
	if p.peek() == '|' && (p.i+1 >= len(p.s) || p.s[p.i+1] != '=') || strings.IndexByte(s.name, ':') >= 0 {
		// [xlink\:href] matches an attribute of that name in no namespace;
		// the recorder sends a namespaced one (setAttributeNS, or SVG's as
		// parsed) by the same name, so the engine cannot tell them apart.
		return s, selError("namespace prefixes in attribute selectors are not accepted (nor an attribute name with a colon, which may name one)")
	}
	p.skipSpace()
	if p.peek() == ']' {
		p.i++
		return s, nil
	}
	switch c := p.peek(); c {
	case '=':
		s.op = '='
		p.i++
	case '~', '|', '^', '$', '*':
		if p.i+1 < len(p.s) && p.s[p.i+1] == '=' {
			s.op = c
			p.i += 2
		}
	case '!', '#':
		if p.i+1 < len(p.s) && p.s[p.i+1] == '=' {
			return s, selError("the attribute operator " + string(c) + "= is a cascadia extension that browsers do not have")
		}
	}
	if s.op == 0 {
		p.unclosed = p.eof()
		return s, p.unexpected("an attribute operator or ]")
	}
	p.skipSpace()
	switch {
	case p.peek() == '"' || p.peek() == '\'':
		v, err := p.str()
		if err != nil {
			return s, err
		}
		s.value = v
	case p.identStart():
		s.value = p.ident()
	default:
		return s, p.unexpected("an attribute value (an identifier or a string)")
	}
	p.skipSpace()
	if p.identStart() {
		switch lowerASCII(p.ident()) {
		case "i":
			s.fold = true
		case "s":
			return s, selError("the s flag is not accepted: Chromium rejects it, so the browser would drop such a rule")
		default:
			return s, selError("unknown attribute selector flag (only i is accepted)")
		}
		p.skipSpace()
	}
	if p.peek() != ']' {
		p.unclosed = p.eof()
		return s, p.unexpected("]")
	}
	p.i++
	s.htmlFold = !s.fold && contains(legacyFoldAttrs, s.name)
	return s, nil
}

// pseudo parses a pseudo-class, rejecting pseudo-elements, live state and
// cascadia extensions.
func (p *selParser) pseudo() (simpleSel, error) {
	p.i++ // :
	colons := 1
	if p.peek() == ':' {
		p.i++
		colons = 2
	}
	if !p.identStart() {
		return simpleSel{}, p.unexpected("a pseudo-class name")
	}
	name := lowerASCII(p.ident())
	fn := p.peek() == '('
	if fn {
		p.i++
	}
	if why := rejectedPseudo(name, colons); why != "" {
		return simpleSel{}, selError(why)
	}
	if !fn {
		switch name {
		case "first-child":
			return simpleSel{kind: skNth, b: 1}, nil
		case "last-child":
			return simpleSel{kind: skNth, b: 1, last: true}, nil
		case "first-of-type":
			return simpleSel{kind: skNth, b: 1, ofType: true}, nil
		case "last-of-type":
			return simpleSel{kind: skNth, b: 1, last: true, ofType: true}, nil
		case "only-child":
			return simpleSel{kind: skOnly}, nil
		case "only-of-type":
			return simpleSel{kind: skOnly, ofType: true}, nil
		case "empty":
			return simpleSel{kind: skEmpty}, nil
		case "root":
			return simpleSel{kind: skRoot}, nil
		case "any-link":
			return simpleSel{kind: skAnyLink}, nil
		case "enabled":
			return simpleSel{kind: skEnabled}, nil
		case "disabled":
			return simpleSel{kind: skDisabled}, nil
		}
		return simpleSel{}, unknownPseudo(name, false)
	}
	if p.depth >= maxSelectorNesting {
		return simpleSel{}, selError("selector nesting too deep (more than " + strconv.Itoa(maxSelectorNesting) + " levels)")
	}
	p.depth++
	defer func() { p.depth-- }()
	var s simpleSel
	var err error
	switch name {
	case "not":
		s.kind = skNot
		s.list, err = p.list(false, false)
	case "is", "where":
		// Chromium forgives invalid selectors inside :is() and :where();
		// rules do not: a typo there must not silently narrow a mask.
		s.kind = skIs
		s.list, err = p.list(false, true)
		if err != nil && !p.unclosed {
			err = selError("invalid selector inside :" + name + "() (Chromium would drop it silently): " + err.Error())
		}
	case "has":
		if p.inHas {
			return s, selError(":has() cannot be nested in :has()")
		}
		p.inHas = true
		s.kind = skHas
		s.list, err = p.list(true, false)
		p.inHas = false
	case "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type":
		s = simpleSel{kind: skNth, last: strings.Contains(name, "last"), ofType: strings.HasSuffix(name, "of-type")}
		p.skipSpace()
		s.a, s.b, err = p.anPlusB()
		if s.a > maxNth || s.a < ^maxNth || s.b > maxNth || s.b < ^maxNth {
			s.a, s.b = 0, 0 // never matches
		}
		if err == nil && !s.ofType && p.skipSpace() && p.identStart() {
			save := p.i
			// Chromium takes "of" in lowercase only.
			if word := p.ident(); word == "of" && p.skipSpace() {
				s.list, err = p.list(false, false)
			} else {
				p.i = save
			}
		}
	case "lang":
		// Chromium takes exactly one identifier (no strings, no lists).
		p.skipSpace()
		if !p.identStart() {
			return s, p.unexpected("a language identifier")
		}
		s = simpleSel{kind: skLang, name: p.ident()}
	case "contains":
		p.skipSpace()
		s.kind = skContains
		switch {
		case p.peek() == '"' || p.peek() == '\'':
			s.name, err = p.str()
		case p.identStart():
			s.name = p.ident()
		default:
			return s, p.unexpected("a string")
		}
		s.name = strings.ToLower(s.name)
	default:
		return s, unknownPseudo(name, true)
	}
	if err != nil {
		return s, err
	}
	p.skipSpace()
	if p.peek() != ')' {
		p.unclosed = p.eof()
		return s, p.unexpected("')'")
	}
	p.i++
	return s, nil
}

// hostCapable reports whether cp could match a featureless shadow host:
// Chromium 156 lets a compound made of :has() (also inside :is(), :where(),
// :not()) match it, but its :has() cache marks the host as having what it
// found in the shadow tree while matching earlier elements, so ":has(b) *"
// matches a span beside a b there and ":has(b) span" does not.
func (cp *compound) hostCapable() bool {
	if cp.tag != "" || len(cp.simple) == 0 {
		return false
	}
	for i := range cp.simple {
		switch s := &cp.simple[i]; s.kind {
		case skHas:
		case skIs, skNot:
			if !s.list.hostCapable() {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func (g selGroup) hostCapable() bool {
	for _, s := range g {
		if len(s.parts) == 1 && s.parts[0].hostCapable() {
			return true
		}
	}
	return false
}
