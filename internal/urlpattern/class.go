package urlpattern

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Rune sets are sorted, non-overlapping, non-adjacent [lo, hi] pairs.

func runesNode(r []rune) *node { return &node{kind: kRunes, runes: r} }

func literal(c rune, fold bool) *node {
	if !fold {
		return runesNode([]rune{c, c})
	}
	return runesNode(foldSet([]rune{c, c}))
}

// Where simple case folding can change a rune: outside, a rune folds to
// itself (the same bounds regexp/syntax uses).
const (
	minFold = 0x0041
	maxFold = 0x1e943
)

// foldSet adds to a set every rune that folds to one of its runes.
func foldSet(set []rune) []rune {
	out := slices.Clone(set)
	for i := 0; i < len(set); i += 2 {
		lo, hi := set[i], set[i+1]
		if lo <= minFold && hi >= maxFold {
			continue // holds every rune that folds
		}
		for c := max(lo, minFold); c <= min(hi, maxFold); c++ {
			for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
				out = append(out, f, f)
			}
		}
	}
	return clean(out)
}

// clean sorts and merges pairs.
func clean(set []rune) []rune {
	type pair struct{ lo, hi rune }
	ps := make([]pair, 0, len(set)/2)
	for i := 0; i < len(set); i += 2 {
		ps = append(ps, pair{set[i], set[i+1]})
	}
	slices.SortFunc(ps, func(a, b pair) int { return int(a.lo - b.lo) })
	out := set[:0:0]
	for _, p := range ps {
		if n := len(out); n > 0 && p.lo <= out[n-1]+1 {
			out[n-1] = max(out[n-1], p.hi)
			continue
		}
		out = append(out, p.lo, p.hi)
	}
	return out
}

func negate(set []rune) []rune {
	var out []rune
	next := rune(0)
	for i := 0; i < len(set); i += 2 {
		if set[i] > next {
			out = append(out, next, set[i]-1)
		}
		next = set[i+1] + 1
	}
	if next <= maxRune {
		out = append(out, next, maxRune)
	}
	return out
}

func contains(set []rune, c rune) bool {
	// binary search over pairs
	lo, hi := 0, len(set)/2
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case c < set[2*m]:
			hi = m
		case c > set[2*m+1]:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}

var (
	digit = []rune{'0', '9'}
	space = []rune{'\t', '\n', '\f', '\r', ' ', ' '}
	word  = []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
)

// perlClass is \d \s \w (lower case) or their negation (upper case).
func perlClass(c byte, fold bool) []rune {
	var set []rune
	switch c | 0x20 {
	case 'd':
		set = digit
	case 's':
		set = space
	default:
		set = word
	}
	if fold {
		set = foldSet(set)
	}
	if c < 'a' {
		return negate(set)
	}
	return slices.Clone(set)
}

var posixClasses = map[string][]rune{
	"alnum":  {'0', '9', 'A', 'Z', 'a', 'z'},
	"alpha":  {'A', 'Z', 'a', 'z'},
	"ascii":  {0, 0x7f},
	"blank":  {'\t', '\t', ' ', ' '},
	"cntrl":  {0, 0x1f, 0x7f, 0x7f},
	"digit":  {'0', '9'},
	"graph":  {'!', '~'},
	"lower":  {'a', 'z'},
	"print":  {' ', '~'},
	"punct":  {'!', '/', ':', '@', '[', '`', '{', '~'},
	"space":  {'\t', '\r', ' ', ' '},
	"upper":  {'A', 'Z'},
	"word":   {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'},
	"xdigit": {'0', '9', 'A', 'F', 'a', 'f'},
}

// class parses [...]: each item is folded on its own (and a negated item
// negated after folding), then the whole class is negated for [^...], as
// regexp/syntax does.
func (p *parser) class(f flags) (*node, error) {
	start := p.s
	t := p.s[1:]
	neg := false
	if t != "" && t[0] == '^' {
		neg, t = true, t[1:]
	}
	var set []rune
	add := func(items []rune, negItem bool) {
		if f.fold {
			items = foldSet(items)
		}
		if negItem {
			items = negate(clean(slices.Clone(items)))
		}
		set = append(set, items...)
	}
	first := true
	for t == "" || t[0] != ']' || first {
		if t == "" {
			return nil, &Error{Msg: "missing closing ]", Near: start}
		}
		first = false
		// [:alpha:] and [:^alpha:]
		if hasPrefix(t, "[:") {
			if end := indexOf(t[2:], ":]"); end >= 0 {
				name := t[2 : 2+end]
				negItem := false
				if name != "" && name[0] == '^' {
					negItem, name = true, name[1:]
				}
				cls, ok := posixClasses[name]
				if !ok {
					return nil, &Error{Msg: "invalid character class range", Near: t[:2+end+2]}
				}
				add(cls, negItem)
				t = t[2+end+2:]
				continue
			}
		}
		if len(t) >= 2 && t[0] == '\\' {
			switch t[1] {
			case 'd', 'D', 's', 'S', 'w', 'W':
				set = append(set, perlClass(t[1], f.fold)...)
				t = t[2:]
				continue
			case 'p', 'P':
				p.s = t
				return nil, p.unicodeClass()
			}
		}
		rangeStart := t
		lo, rest, err := p.classChar(t)
		if err != nil {
			return nil, err
		}
		t = rest
		hi := lo
		if len(t) >= 2 && t[0] == '-' && t[1] != ']' {
			if hi, rest, err = p.classChar(t[1:]); err != nil {
				return nil, err
			}
			t = rest
			if hi < lo {
				return nil, &Error{Msg: "invalid character class range", Near: rangeStart[:len(rangeStart)-len(t)]}
			}
		}
		add([]rune{lo, hi}, false)
	}
	p.s = t[1:]
	set = clean(set)
	if neg {
		set = negate(set)
	}
	return runesNode(set), nil
}

func (p *parser) classChar(t string) (rune, string, error) {
	if t == "" {
		return 0, t, &Error{Msg: "missing closing ]", Near: p.src}
	}
	if t[0] == '\\' {
		p.s = t
		r, err := p.escape()
		return r, p.s, err
	}
	c, w := utf8.DecodeRuneInString(t)
	return c, t[w:], nil
}
