package masking

import "strings"

// E-mail addresses spelled with words against harvesters: the thresholds are
// documented at the top of pii.go.

// spelledTLDs are the last labels that end an address spelled with
// separators only ("jane-doe-at-example-com"), where no dot says where the
// domain is; with a dot or a bracketed "dot" any label of two or more
// letters does.
const spelledTLDs = "com net org edu gov mil int io co uk de fr nl es it eu info biz"

// nextSpelledEmail returns the first address spelled with an "at" mark
// whose mark is at or after from, and where to resume (just after that
// mark); kind 0 when there is none. Local parts are read back at most to
// from, so matches come in order of start.
func nextSpelledEmail(s string, from int) (piiMatch, int) {
	for j := from + 1; j+2 < len(s); j++ {
		next, bracketed := spelledMark(s, j-1, "at")
		if next < 0 {
			continue
		}
		lead := j - 1
		if bracketed {
			for n := 0; n < 2 && lead > from && s[lead-1] == ' '; n++ {
				lead--
			}
			next = spelledSpaces(s, next)
		}
		start := lead
		for start > from && s[start-1] < 0x80 && isLocalPartRune(rune(s[start-1]), 1) {
			start--
		}
		for start < lead && !isPIIAlnum(s[start]) {
			start++ // "--jane-at-…" (a CSS name) keeps its dashes
		}
		if end := spelledDomainEnd(s, next, bracketed); end > 0 && start < lead {
			return piiMatch{start, end, piiEmail}, j + 2
		}
	}
	return piiMatch{}, len(s)
}

// spelledMark reads the mark spelling w ("at", "dot") at s[i], in any case:
// in brackets ("(at)", "[at]", "{at}", "<at>"; bracketed is true), or
// between two of '-', '_' and '.' ("-at-"). end is the offset after it, -1
// when there is none.
func spelledMark(s string, i int, w string) (end int, bracketed bool) {
	n := i + len(w) + 2
	if i < 0 || n > len(s) || !asciiEqualFold(s[i+1:n-1], w) {
		return -1, false
	}
	if o := strings.IndexByte("([{<", s[i]); o >= 0 {
		if s[n-1] == ")]}>"[o] {
			return n, true
		}
	} else if isSpelledSep(s[i]) && isSpelledSep(s[n-1]) {
		return n, false
	}
	return -1, false
}

func isSpelledSep(c byte) bool { return c == '-' || c == '_' || c == '.' }

// spelledSpaces moves i forward over at most two spaces.
//
//go:noinline
func spelledSpaces(s string, i int) int {
	for n := 0; n < 2 && i < len(s) && s[i] == ' '; n++ {
		i++
	}
	return i
}

// spelledDomainEnd reads the labels of a spelled domain from s[i] and
// returns the end of the longest run of them that makes an address, or -1:
// after a bracketed "at" any label does; after "-at-", a last label of two
// or more letters after a "dot" mark, or a second label that spelledTLDs
// names ("look-at-this.html" is a file name, not an address). Labels are
// joined by '.', '-', '_' or a "dot" mark (bracketed ones with up to two
// spaces around).
func spelledDomainEnd(s string, i int, bracketed bool) int {
	end, labels, word := -1, 0, false
	for i < len(s) {
		k, letters := i, true
		for k < len(s) && isPIIAlnum(s[k]) {
			letters = letters && isPIILetter(s[k])
			k++
		}
		if k == i {
			break
		}
		labels++
		if bracketed || letters && k-i >= minTLDLen && (word || labels >= 2 && grInWords(spelledTLDs, s[i:k], false)) {
			end = k
		}
		d := spelledSpaces(s, k)
		if e, br := spelledMark(s, d, "dot"); e > 0 && (br || d == k) {
			i, word = e, true
			if br {
				i = spelledSpaces(s, e)
			}
		} else if k < len(s) && (s[k] == '.' || s[k] == '-' || s[k] == '_') {
			i = k + 1
		} else {
			break
		}
	}
	return end
}
