package masking

// A name and an age in commas, as a report or a news item writes a person
// with no label ("Hannelore Quist, 47, was admitted", "Peregrine
// Thistlewood, aged 81, of Leeds"): the age says the words before it are a
// person. Two or three capitalised words before it, no more ("Flights To
// New York, 12, …" is a heading's run); a count in brackets
// ("Unread Messages (47)") is a page's own.

// nextNameAge returns the first name and age at or after from, and where
// to resume; kind 0 when there is none. The age is ", ", "aged " or not,
// 1 to 3 digits not led by '0', then ','; the name the maximal run of
// capitalised words (nameCapitalAt, then ASCII letters, bytes of other
// scripts, apostrophes and '-') joined by single spaces that ends right before
// it, of 2 or 3 words, after no ASCII digit, '*', '.' or '_'. Both are
// masked.
func nextNameAge(s string, from int) (piiMatch, int) {
	for i := from; i+4 < len(s); i++ {
		if s[i] == 0xE2 {
			if st, e := signatureAt(s, i); e > st { // pii_signature.go
				return piiMatch{st, e, piiLabelled}, e
			}
		}
		if s[i] != ',' || s[i+1] != ' ' {
			continue
		}
		d := i + 2
		if hasFoldPrefix(s[d:], "aged ") {
			d += 5
		}
		e := digitsEnd(s, d)
		if e == d || e-d > 3 || s[d] == '0' || e >= len(s) || s[e] != ',' {
			continue
		}
		if st := nameRunBefore(s, i, from); st >= 0 {
			return piiMatch{st, e, piiLabelled}, e
		}
	}
	return piiMatch{}, len(s)
}

// nameRunBefore returns the start of the run of 2 or 3 capitalised words
// that ends at s[end] (not before from), else -1.
func nameRunBefore(s string, end, from int) int {
	st, words := end, 0
	for {
		k := st
		for k > from && (isASCIILetter(s[k-1]) || s[k-1] >= 0x80 || s[k-1] == '\'' || s[k-1] == '-') {
			k--
		}
		if k == st || !nameCapitalAt(s, k) {
			break
		}
		st, words = k, words+1
		if st < from+2 || s[st-1] != ' ' || !nameWordBeforeCapital(s, st-1, from) {
			break
		}
		st--
	}
	if words < 2 || words > 3 || st > from && (isPIIDigit(s[st-1]) || s[st-1] == maskChar || s[st-1] == '.' || s[st-1] == '_') {
		return -1
	}
	return st
}

// nameWordBeforeCapital reports whether a word led by a capital ends at
// s[k] (a space at s[k]).
func nameWordBeforeCapital(s string, k, from int) bool {
	w := k
	for w > from && (isASCIILetter(s[w-1]) || s[w-1] >= 0x80 || s[w-1] == '\'' || s[w-1] == '-') {
		w--
	}
	return w < k && nameCapitalAt(s, w)
}
