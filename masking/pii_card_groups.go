package masking

import "unicode/utf8"

// Card numbers printed in groups with a separator the digit-run rule does
// not join across ("4111/1111/1111/1111", "4111 • 1111 • 1111 • 1111",
// "4111|1111|1111|1111", "4111,1111,1111,1111"): a reader sees a card number
// whatever mark stands between the groups, while the run rule stops at a
// '/', ',' or ':' so that dates, times and thousands stay readable.
//
// A grouped card is a first group of exactly 4 digits, then groups of 3 to 6
// (the last one may be shorter: "4222/2222/2222/2"), each joined to the one
// before by the same separator: one code point that is not an ASCII letter
// or digit, HTML whitespace or '*' (any other character, a letter of another
// script included: failing closed there costs nothing), with optional HTML
// whitespace on either side;
// 13 to 19 digits in all, Luhn-valid. The first group must not follow a digit.
// The grouping keeps dates ("12/05/2026"), times and number lists ("1,234,567",
// "2024, 2025, 2026") out: their first group is not 4 digits followed by
// enough 3-to-6-digit groups, or they fail Luhn. '*' is never a separator, so
// masking (which writes '*') cannot join groups that were apart: scrubbing the
// output again finds nothing new.

// nextGroupedCard returns the first grouped card of s starting at or after
// from, and where to resume; kind 0 when there is none. Matches may overlap
// (the scanner merges them).
func nextGroupedCard(s string, from int) (piiMatch, int) {
	for i := from; i < len(s); i++ {
		if !isPIIDigit(s[i]) {
			continue
		}
		j := i + 1
		for j < len(s) && isPIIDigit(s[j]) {
			j++
		}
		if j-i < 2 || j-i > 4 || i > 0 && isPIIDigit(s[i-1]) {
			i = j // not a first group: skip the run
			continue
		}
		// Resume at the next group: a card may start inside this one's
		// groups and run past its end ("4111/1111/1111/4111/1111/1111/1111").
		if end := groupedEnd(s, i, true); end > 0 {
			return piiMatch{i, max(end, groupedEnd(s, i, false)), piiCard}, i + 1
		}
		if end := groupedEnd(s, i, false); end > 0 {
			return piiMatch{i, end, piiDigits}, i + 1
		}
	}
	return piiMatch{}, len(s)
}

// Phone and ID numbers printed in groups joined by a mark the digit-run rule
// does not join across ("415/555/2671", "078/05/1120", "06~12~34~56~78",
// "415 : 555 : 2671"): 3 to 6 groups of 2 to 4 digits, 9 to 15 digits in
// all (E.164 has at most 15), the first group after no digit, joined by the
// same mark throughout, as for grouped cards (one code point, not an ASCII
// letter or digit, HTML whitespace or '*'), but never '-', '.' or '_' (the
// digit-run rule joins across them already), ',' (number lists and
// thousands) or '|' and '\\' (the block and line marks of the text read
// around a node: a table of small numbers, a column of them split by <br>). Dates ("12/05/2026", 8 digits), times and ratios stay;
// so do lists of years ("2024/2025/2026": every group 4 digits from 19 or 20).

// groupedEnd returns the end of the longest grouped card (card) or grouped
// number starting at s[i], or 0.
//
//go:noinline
func groupedEnd(s string, i int, card bool) int {
	sep, digits, groups, best, years := "", 0, 0, 0, true
	for j := i; ; {
		k := j
		for k < len(s) && isPIIDigit(s[k]) {
			k++
		}
		g := k - j
		groups++
		digits += g
		if card {
			if j == i && g != 4 || g > 6 || digits > maxCardLen {
				break
			}
			if digits >= minCardLen && luhnValid(s[i:k]) {
				best = k
			}
			if g < 3 {
				break // a short group only ends a card
			}
		} else {
			if g < 2 || g > 4 || digits > 15 || groups > 6 {
				break
			}
			years = years && g == 4 && (s[j] == '1' && s[j+1] == '9' || s[j] == '2' && s[j+1] == '0')
			if groups >= 3 && digits >= 9 && !years {
				best = k
			}
		}
		// The separator: optional whitespace, one mark, optional
		// whitespace, then the next group's first digit.
		for k < len(s) && isHTMLSpace(s[k]) {
			k++
		}
		if k >= len(s) || s[k] < utf8.RuneSelf && (isASCIIAlnum(s[k]) || s[k] == '*' || !card && indexByte(",|\\-._", s[k]) < 6) {
			break // for numbers, '-', '.' and '_' join digit runs already
		}
		m := k + 1 // a mark is one code point (an invalid byte is one too)
		if s[k] >= 0xC0 {
			for m < len(s) && m-k < utf8.UTFMax && s[m]&0xC0 == 0x80 {
				m++
			}
		}
		mark := s[k:m]
		for m < len(s) && isHTMLSpace(s[m]) {
			m++
		}
		if m >= len(s) || !isPIIDigit(s[m]) || sep != "" && mark != sep {
			break
		}
		sep, j = mark, m
	}
	return best
}
