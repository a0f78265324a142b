package urlpattern

import (
	"strconv"
	"unicode/utf8"
)

// Error is a pattern that does not compile: what is wrong and where.
type Error struct {
	Msg  string // e.g. "missing closing )"
	Near string // the part of the pattern at fault
}

func (e *Error) Error() string {
	if e.Near == "" {
		return e.Msg
	}
	return e.Msg + ": `" + e.Near + "`"
}

// MaxSteps bounds the program a pattern compiles to (repeats are expanded).
const MaxSteps = 20000

const (
	maxRepeat = 1000
	maxDepth  = 1000
	maxRune   = utf8.MaxRune
)

type flags struct{ fold, multiline, dotNL bool }

type kind uint8

const (
	kRunes  kind = iota // one rune from a set
	kAssert             // an empty-width assertion
	kEmpty              // the empty string
	kConcat
	kAlt
	kRepeat // subs[0] between min and max times (max < 0: no bound)
)

type node struct {
	kind     kind
	runes    []rune // sorted, merged [lo, hi] pairs
	assert   assertion
	min, max int
	subs     []*node
}

type parser struct {
	src, s string // the whole pattern and what is left of it
	depth  int
}

func parse(src string) (*node, error) {
	if !utf8.ValidString(src) {
		return nil, &Error{Msg: "invalid UTF-8", Near: src}
	}
	p := &parser{src: src, s: src}
	n, err := p.alternation(flags{})
	if err != nil {
		return nil, err
	}
	if p.s != "" { // only an unmatched ) stops the top level early
		return nil, &Error{Msg: "unexpected )", Near: src}
	}
	return n, nil
}

// alternation parses up to an unmatched ) or the end; f is the flags of the
// enclosing group, which (?flags) changes for the rest of this group.
func (p *parser) alternation(f flags) (*node, error) {
	p.depth++
	if p.depth > maxDepth {
		return nil, &Error{Msg: "expression nests too deeply"}
	}
	defer func() { p.depth-- }()
	var alts []*node
	for {
		n, err := p.concat(&f)
		if err != nil {
			return nil, err
		}
		alts = append(alts, n)
		if p.s == "" || p.s[0] != '|' {
			break
		}
		p.s = p.s[1:]
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &node{kind: kAlt, subs: alts}, nil
}

func (p *parser) concat(f *flags) (*node, error) {
	var items []*node
	lastRepeat := "" // the text of a repetition just read: another may not follow
	for p.s != "" && p.s[0] != '|' && p.s[0] != ')' {
		before := p.s
		switch c := p.s[0]; c {
		case '*', '+', '?', '{':
			min, max, size, ok := repeatOp(p.s)
			if !ok { // a { that does not start a repeat is a literal
				break
			}
			op := p.s[:size]
			if size < len(p.s) && p.s[size] == '?' {
				size++
			}
			if lastRepeat != "" {
				return nil, &Error{Msg: "invalid nested repetition operator", Near: lastRepeat[:len(lastRepeat)-len(p.s)+size]}
			}
			if len(items) == 0 {
				return nil, &Error{Msg: "missing argument to repetition operator", Near: p.s[:size]}
			}
			if min < 0 || min > maxRepeat || max > maxRepeat || max >= 0 && min > max {
				return nil, &Error{Msg: "invalid repeat count", Near: op}
			}
			p.s = p.s[size:]
			items[len(items)-1] = &node{kind: kRepeat, min: min, max: max, subs: []*node{items[len(items)-1]}}
			lastRepeat = before
			continue
		}
		lastRepeat = ""
		n, err := p.atom(f)
		if err != nil {
			return nil, err
		}
		if n != nil {
			items = append(items, n)
		}
	}
	switch len(items) {
	case 0:
		return &node{kind: kEmpty}, nil
	case 1:
		return items[0], nil
	}
	return &node{kind: kConcat, subs: items}, nil
}

// repeatOp reads *, +, ? or {n}, {n,}, {n,m} at the start of s: the bounds
// (-1 for none above, min -1 for a number too large) and its length.
func repeatOp(s string) (min, max, size int, ok bool) {
	switch s[0] {
	case '*':
		return 0, -1, 1, true
	case '+':
		return 1, -1, 1, true
	case '?':
		return 0, 1, 1, true
	}
	i := 1
	num := func() (int, bool) {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start || s[start] == '0' && i-start > 1 { // "01" is no count (as regexp)
			return 0, false
		}
		v, err := strconv.Atoi(s[start:i])
		if err != nil || v > maxRepeat {
			v = -1 // too large: an error once we know this is a repeat
		}
		return v, true
	}
	min, ok = num()
	if !ok || i >= len(s) {
		return 0, 0, 0, false
	}
	max = min
	if s[i] == ',' {
		i++
		if i < len(s) && s[i] == '}' {
			max = -1
		} else if max, ok = num(); !ok {
			return 0, 0, 0, false
		} else if max < 0 {
			min = -1
		}
	}
	if i >= len(s) || s[i] != '}' {
		return 0, 0, 0, false
	}
	return min, max, i + 1, true
}

// atom parses one item that is not a repetition; nil for a flag group
// that only changes f.
func (p *parser) atom(f *flags) (*node, error) {
	c, w := utf8.DecodeRuneInString(p.s)
	switch c {
	case '(':
		return p.group(f)
	case '[':
		return p.class(*f)
	case '.':
		p.s = p.s[1:]
		if f.dotNL {
			return runesNode([]rune{0, maxRune}), nil
		}
		return runesNode([]rune{0, '\n' - 1, '\n' + 1, maxRune}), nil
	case '^':
		p.s = p.s[1:]
		if f.multiline {
			return &node{kind: kAssert, assert: beginLine}, nil
		}
		return &node{kind: kAssert, assert: beginText}, nil
	case '$':
		p.s = p.s[1:]
		if f.multiline {
			return &node{kind: kAssert, assert: endLine}, nil
		}
		return &node{kind: kAssert, assert: endText}, nil
	case '\\':
		return p.escapeAtom(*f)
	}
	p.s = p.s[w:]
	return literal(c, f.fold), nil
}

func (p *parser) escapeAtom(f flags) (*node, error) {
	if len(p.s) >= 2 {
		switch p.s[1] {
		case 'A':
			p.s = p.s[2:]
			return &node{kind: kAssert, assert: beginText}, nil
		case 'z':
			p.s = p.s[2:]
			return &node{kind: kAssert, assert: endText}, nil
		case 'b':
			p.s = p.s[2:]
			return &node{kind: kAssert, assert: wordBoundary}, nil
		case 'B':
			p.s = p.s[2:]
			return &node{kind: kAssert, assert: noWordBoundary}, nil
		case 'Q':
			lit := p.s[2:]
			if i := indexOf(lit, `\E`); i >= 0 {
				lit, p.s = lit[:i], lit[i+2:]
			} else {
				p.s = ""
			}
			var items []*node
			for _, r := range lit {
				items = append(items, literal(r, f.fold))
			}
			switch len(items) {
			case 0:
				return nil, nil
			case 1:
				return items[0], nil
			}
			return &node{kind: kConcat, subs: items}, nil
		case 'd', 'D', 's', 'S', 'w', 'W':
			r := perlClass(p.s[1], f.fold)
			p.s = p.s[2:]
			return runesNode(r), nil
		case 'p', 'P':
			return nil, p.unicodeClass()
		}
	}
	r, err := p.escape()
	if err != nil {
		return nil, err
	}
	return literal(r, f.fold), nil
}

func (p *parser) unicodeClass() error {
	near := p.s[:2]
	if len(p.s) > 2 {
		if p.s[2] == '{' {
			if i := indexOf(p.s, "}"); i >= 0 {
				near = p.s[:i+1]
			}
		} else {
			_, w := utf8.DecodeRuneInString(p.s[2:])
			near = p.s[:2+w]
		}
	}
	return &Error{Msg: "Unicode classes are not supported in URL patterns (use explicit ranges)", Near: near}
}

// escape reads one escaped rune (\n, \x41, \., …); p.s starts at the \.
func (p *parser) escape() (rune, error) {
	start := p.s
	t := p.s[1:]
	if t == "" {
		return 0, &Error{Msg: "trailing backslash at end of expression"}
	}
	c, w := utf8.DecodeRuneInString(t)
	t = t[w:]
	bad := func() (rune, error) {
		return 0, &Error{Msg: "invalid escape sequence", Near: start[:len(start)-len(t)]}
	}
	switch {
	case c >= '1' && c <= '7':
		// one digit alone would be a backreference, which RE2 has not
		if t == "" || t[0] < '0' || t[0] > '7' {
			return bad()
		}
		fallthrough
	case c == '0':
		r := c - '0'
		for i := 1; i < 3 && t != "" && t[0] >= '0' && t[0] <= '7'; i++ {
			r = r*8 + rune(t[0]-'0')
			t = t[1:]
		}
		p.s = t
		return r, nil
	case c == 'x':
		if t == "" {
			return bad()
		}
		if t[0] == '{' {
			t = t[1:]
			var r rune
			n := 0
			for t != "" && t[0] != '}' {
				d, ok := hexDigit(t[0])
				if !ok {
					return bad()
				}
				r = r*16 + d
				if r > maxRune {
					return bad()
				}
				t, n = t[1:], n+1
			}
			if t == "" || n == 0 {
				return bad()
			}
			p.s = t[1:]
			return r, nil
		}
		if len(t) < 2 {
			t = ""
			return bad()
		}
		hi, ok1 := hexDigit(t[0])
		lo, ok2 := hexDigit(t[1])
		t = t[2:]
		if !ok1 || !ok2 {
			return bad()
		}
		p.s = t
		return hi*16 + lo, nil
	case c == 'a':
		p.s = t
		return '\a', nil
	case c == 'f':
		p.s = t
		return '\f', nil
	case c == 'n':
		p.s = t
		return '\n', nil
	case c == 'r':
		p.s = t
		return '\r', nil
	case c == 't':
		p.s = t
		return '\t', nil
	case c == 'v':
		p.s = t
		return '\v', nil
	case c < utf8.RuneSelf && !isAlnum(byte(c)):
		p.s = t
		return c, nil
	}
	return bad()
}

func (p *parser) group(f *flags) (*node, error) {
	start := p.s
	p.s = p.s[1:]
	inner := *f
	if len(p.s) > 0 && p.s[0] == '?' {
		switch {
		case hasPrefix(p.s, "?P<") || hasPrefix(p.s, "?<"):
			t := p.s[2:]
			if t[0] == '<' {
				t = t[1:]
			}
			end := indexOf(t, ">")
			if end < 0 {
				return nil, &Error{Msg: "invalid named capture", Near: start}
			}
			name := t[:end]
			if !validName(name) {
				return nil, &Error{Msg: "invalid named capture", Near: start[:len(start)-len(t)+end+1]}
			}
			p.s = t[end+1:]
		default:
			nf, rest, scoped, ok := perlFlags(p.s[1:], *f)
			if !ok {
				near := start
				if i := indexOf(start, ")"); i >= 0 {
					near = start[:i+1]
				}
				return nil, &Error{Msg: "invalid or unsupported Perl syntax", Near: near}
			}
			p.s = rest
			if !scoped { // (?flags): for the rest of the enclosing group
				*f = nf
				return nil, nil
			}
			inner = nf
		}
	}
	n, err := p.alternation(inner)
	if err != nil {
		return nil, err
	}
	if p.s == "" {
		return nil, &Error{Msg: "missing closing )", Near: p.src}
	}
	p.s = p.s[1:]
	return n, nil
}

// perlFlags reads "flags)" or "flags:" after "(?".
func perlFlags(t string, f flags) (out flags, rest string, scoped, ok bool) {
	neg, sawFlag := false, false
	for t != "" {
		c := t[0]
		t = t[1:]
		switch c {
		case 'i':
			f.fold = !neg
		case 'm':
			f.multiline = !neg
		case 's':
			f.dotNL = !neg
		case 'U': // lazy by default: no difference to whether a URL matches
		case '-':
			if neg {
				return f, "", false, false
			}
			neg, sawFlag = true, false
			continue
		case ':', ')':
			if neg && !sawFlag {
				return f, "", false, false
			}
			return f, t, c == ':', true
		default:
			return f, "", false, false
		}
		sawFlag = true
	}
	return f, "", false, false
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func hexDigit(c byte) (rune, bool) {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0'), true
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
