package masking

import "strings"

// A person's own site under a host that gives each one a subdomain, written
// in prose ("see hquist.github.io", "hannelore.substack.com"): the label
// before the host is the person's handle, as url_people.go reads it in a
// URL's host (profileSuffixes).

// subdomainHandleStart returns where the handle whose host suffix starts at
// the '.' s[i] begins, and its end, else -1: a run of ASCII letters,
// digits, '-', '_' and '.' before a suffix of profileSuffixes in any case
// that ends a word (no letter, digit, '-' or '_' after it), its leading '.'
// and '-' left out, 64 bytes at most, not "www" (the host's own), not after
// an '@' (an address's, which the e-mail rules read). The suffix stays.
// The run is read back past a match before it: a host under another
// ("a.bsky.social.bsky.social") is one handle, read from its start.
func subdomainHandleStart(s string, i int) (int, int) {
	// every suffix's first letter, a quick look at each '.' of a text
	if i+1 >= len(s) || indexByte("gstwbm", lowerByte(s[i+1])) == 6 {
		return -1, 0
	}
	for rest := profileSuffixes; rest != ""; {
		suf, more, _ := strings.Cut(rest, " ")
		rest = more
		e := i + len(suf)
		if e > len(s) || !asciiEqualFold(s[i:e], suf) || e < len(s) && (isPIIAlnum(s[e]) || s[e] == '-' || s[e] == '_') {
			continue
		}
		run := i
		for run > 0 && (isPIIAlnum(s[run-1]) || s[run-1] == '-' || s[run-1] == '_' || s[run-1] == '.') {
			if run--; i-run > 64 {
				return -1, 0
			}
		}
		k := run
		for k < i && (s[k] == '.' || s[k] == '-') {
			k++
		}
		if k == i || asciiEqualFold(s[k:i], "www") || run > 0 && s[run-1] == '@' {
			return -1, 0
		}
		return k, i
	}
	return -1, 0
}

// subdomainHint reports whether the '.' at s[i] starts a host suffix with a
// handle before it: the quick exit's look (piiPossible).
func subdomainHint(s string, i int) bool {
	st, _ := subdomainHandleStart(s, i)
	return st >= 0
}
