package masking

import (
	"strings"
	"unicode/utf8"
)

// Query values in text: a page that shows a link as text, a tracking
// page's "https://shop.example/track?name=Hannelore+Quist&addr=12+Elm+St",
// a support widget echoing the URL. URLs Veil records lose their query
// values (scrubURL); the same values shown as text are masked here, their
// names, the scheme, host and path kept.

// nextQueryValue returns the first query value at or after from, and where
// to resume; kind 0 when there is none. A parameter follows a '?' or '#',
// or a '&' with a '?' or '#' before it and no HTML whitespace between (or
// the '&' at from when chained is true): a name of 1 to 64 bytes, none of
// them HTML whitespace, '=', '&', '#' or '?', then '=', and the value is
// what follows up to HTML whitespace, '&' or '#'. An empty value, or one
// that starts with '*' (what masking wrote), is none.
//
// A value typed with a space in it goes on past the space when the text
// proves it is a query ("?name=Ann Lee&city=Oslo"): its words, each after
// one space and none of them holding HTML whitespace, '&', '#', '=' or '?',
// are the value's when a '&' and the next parameter's "name=" follow them.
// The parameters after such a value are read as one query (chained is
// then true at the '&' that ends it), and each of their values takes such
// words whatever follows them ("&city=New York": the end of the run is
// the end of the URL as the reader sees it; fail closed). One such word
// that ends the text is the value's too ("?name=Ann Lee").
func nextQueryValue(s string, from int, chained bool) (m piiMatch, next int, chain bool) {
	for i := from; i < len(s); i++ {
		c := s[i]
		inChain := chained && i == from && c == '&'
		if c != '?' && c != '#' && (c != '&' || !inChain && !queryBefore(s, i)) {
			continue
		}
		if v := queryNameEnd(s, i+1); v > 0 {
			e := v
			for e < len(s) && !isHTMLSpace(s[e]) && s[e] != '&' && s[e] != '#' {
				e++
			}
			if e > v && s[v] != maskChar {
				w, amp := queryWordsEnd(s, e)
				if amp || inChain || w == len(s) && queryWordCount(s[e:w]) == 1 {
					e = w
				}
				return piiMatch{v, e, piiLabelled}, e, (amp || inChain) && e < len(s) && s[e] == '&'
			}
		}
	}
	return piiMatch{}, len(s), false
}

// queryWordsEnd reads the words that go on a query value ending at s[e]:
// each a ' ' and 1 byte or more, none of them HTML whitespace, '&', '#', '='
// or '?'. It returns where they end, and whether a '&' and a parameter's
// "name=" follow them there.
func queryWordsEnd(s string, e int) (int, bool) {
	w := e
	for w+1 < len(s) && s[w] == ' ' && queryWordByte(s[w+1]) {
		for w++; w < len(s) && queryWordByte(s[w]); w++ {
		}
	}
	return w, w > e && w < len(s) && s[w] == '&' && queryNameEnd(s, w+1) > 0
}

// queryWordCount counts the words queryWordsEnd read: one that ends the
// text goes with the value ("?name=Ann Lee"), more are the text's own
// ("?q=red shoes for more", "?ref=mail for details").
func queryWordCount(words string) int {
	n := 0
	for k := 0; k < len(words); k++ {
		if words[k] == ' ' {
			n++
		}
	}
	return n
}

func queryWordByte(c byte) bool {
	return !isHTMLSpace(c) && c != '&' && c != '#' && c != '=' && c != '?'
}

// queryNameEnd returns the offset after "name=" at s[j], else 0.
//
//go:noinline
func queryNameEnd(s string, j int) int {
	k := j
	for k < len(s) && k-j < 64 && !isHTMLSpace(s[k]) && indexByte("=&#?", s[k]) == 4 {
		k++
	}
	if k == j || k == len(s) || s[k] != '=' {
		return 0
	}
	return k + 1
}

// queryHint reports whether a query parameter's name starts at s[j]: a
// name and '=', or a name cut by the end of s, which the next node may go
// on with ("<span>?na</span><span>me=Ann</span>").
func queryHint(s string, j int) bool {
	k := j
	for k < len(s) && k-j < 64 && !isHTMLSpace(s[k]) && indexByte("=&#?", s[k]) == 4 {
		k++
	}
	return k > j && (k == len(s) || s[k] == '=')
}

// queryBefore reports whether a '?' or '#' is before s[i] with no HTML
// whitespace between.
func queryBefore(s string, i int) bool {
	for k := i - 1; k >= 0 && !isHTMLSpace(s[k]); k-- {
		if s[k] == '?' || s[k] == '#' {
			return true
		}
	}
	return false
}

// maskQueryValues masks every query value in s (nextQueryValue), each code
// point of it becoming '*', and returns how many it masked; s itself when
// none. It runs on text a person reads only (Session.piiTokens, piiText):
// URLs keep the values their allowParams name, and lose the others before
// the detectors see them.
func maskQueryValues(s string) (string, int) {
	m, next, chain := nextQueryValue(s, 0, false)
	if m.kind == 0 {
		return s, 0
	}
	var b strings.Builder
	n, last := 0, 0
	for ; m.kind != 0; m, next, chain = nextQueryValue(s, next, chain) {
		writeStr(&b, s[last:m.start])
		for k := utf8.RuneCountInString(s[m.start:m.end]); k > 0; k -= len(piiStars) {
			writeStr(&b, piiStars[:min(k, len(piiStars))])
		}
		n, last = n+1, m.end
	}
	writeStr(&b, s[last:])
	return b.String(), n
}
