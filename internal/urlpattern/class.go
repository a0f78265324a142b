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
	ps := make([]pair, 0, len(set)/2)
	for i := 0; i < len(set); i += 2 {
		ps = append(ps, pair{set[i], set[i+1]})
	}
	sortPairs(ps)
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

type pair struct{ lo, hi rune }

// sortPairs sorts ps by lo with a heapsort: O(n log n) on any input (a
// folded class can hold thousands of pairs) in a few hundred bytes of
// WebAssembly, where slices.SortFunc's pdqsort, instantiated for this one
// type and the engine's only sort, cost ~15 KB.
func sortPairs(ps []pair) {
	for i := len(ps)/2 - 1; i >= 0; i-- {
		siftDown(ps, i, len(ps))
	}
	for end := len(ps) - 1; end > 0; end-- {
		ps[0], ps[end] = ps[end], ps[0]
		siftDown(ps, 0, end)
	}
}

// siftDown restores the max-heap order of ps[:n] below root.
func siftDown(ps []pair, root, n int) {
	for {
		child := 2*root + 1
		if child >= n {
			return
		}
		if child+1 < n && ps[child+1].lo > ps[child].lo {
			child++
		}
		if ps[root].lo >= ps[child].lo {
			return
		}
		ps[root], ps[child] = ps[child], ps[root]
		root = child
	}
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

// posixClasses are the ranges of each [:name:]. A slice searched in order,
// not a map literal: a map literal is built by init code at start-up, a
// slice of structs is static data.
var posixClasses = []struct {
	name   string
	ranges []rune
}{
	{"alnum", []rune{'0', '9', 'A', 'Z', 'a', 'z'}},
	{"alpha", []rune{'A', 'Z', 'a', 'z'}},
	{"ascii", []rune{0, 0x7f}},
	{"blank", []rune{'\t', '\t', ' ', ' '}},
	{"cntrl", []rune{0, 0x1f, 0x7f, 0x7f}},
	{"digit", []rune{'0', '9'}},
	{"graph", []rune{'!', '~'}},
	{"lower", []rune{'a', 'z'}},
	{"print", []rune{' ', '~'}},
	{"punct", []rune{'!', '/', ':', '@', '[', '`', '{', '~'}},
	{"space", []rune{'\t', '\r', ' ', ' '}},
	{"upper", []rune{'A', 'Z'}},
	{"word", []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}},
	{"xdigit", []rune{'0', '9', 'A', 'F', 'a', 'f'}},
}

func posixClass(name string) ([]rune, bool) {
	for _, c := range posixClasses {
		if c.name == name {
			return c.ranges, true
		}
	}
	return nil, false
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
				cls, ok := posixClass(name)
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
