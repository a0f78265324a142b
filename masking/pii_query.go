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
// or a '&' with a '?' or '#' before it and no HTML whitespace between: a
// name of 1 to 64 bytes, none of them HTML whitespace, '=', '&', '#' or
// '?', then '=', and the value is what follows up to HTML whitespace, '&'
// or '#'. An empty value, or one that starts with '*' (what masking
// wrote), is none.
func nextQueryValue(s string, from int) (piiMatch, int) {
	for i := from; i < len(s); i++ {
		if c := s[i]; c != '?' && c != '#' && (c != '&' || !queryBefore(s, i)) {
			continue
		}
		if v := queryNameEnd(s, i+1); v > 0 {
			e := v
			for e < len(s) && !isHTMLSpace(s[e]) && s[e] != '&' && s[e] != '#' {
				e++
			}
			if e > v && s[v] != maskChar {
				return piiMatch{v, e, piiLabelled}, e
			}
		}
	}
	return piiMatch{}, len(s)
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
	m, next := nextQueryValue(s, 0)
	if m.kind == 0 {
		return s, 0
	}
	var b strings.Builder
	n, last := 0, 0
	for ; m.kind != 0; m, next = nextQueryValue(s, next) {
		writeStr(&b, s[last:m.start])
		for k := utf8.RuneCountInString(s[m.start:m.end]); k > 0; k -= len(piiStars) {
			writeStr(&b, piiStars[:min(k, len(piiStars))])
		}
		n, last = n+1, m.end
	}
	writeStr(&b, s[last:])
	return b.String(), n
}
