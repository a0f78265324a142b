package masking

// IBANs (ISO 13616): the thresholds are documented at the top of pii.go.

const (
	minIBANLen = 15 // 2 letters, 2 check digits, 11 alphanumerics
	maxIBANLen = 34 // 2 letters, 2 check digits, 30 alphanumerics
	ibanGroup  = 4  // printed IBANs are spaced in groups of 4
)

// nextIBAN returns the first IBAN that starts at or after from, and where to
// resume (its end); kind 0 when there is none. An IBAN starts where the byte
// before is not an ASCII letter; the end of a previous IBAN always is such a
// place, since an IBAN ends where the class changes and starts with a letter.
// Each start reads at most about 42 bytes ahead, so a sweep is O(n).
func nextIBAN(s string, from int) (piiMatch, int) {
	// Look for the check digits first: digits are rarer than letters in the
	// strings Veil keeps, so most bytes cost one comparison.
	for j := from + 2; j+minIBANLen-2 <= len(s); j++ {
		if !isPIIDigit(s[j]) {
			continue
		}
		i := j - 2
		if !isPIIDigit(s[j+1]) || !isPIILetter(s[i]) || !isPIILetter(s[i+1]) || (i > 0 && isPIILetter(s[i-1])) {
			continue
		}
		if end := ibanEnd(s, i); end > 0 {
			return piiMatch{i, end, piiIBAN}, end
		}
	}
	return piiMatch{}, len(s)
}

// ibanEnd returns the offset just after the longest valid IBAN starting at
// s[i] (which holds 2 letters and 2 digits), or -1. Valid ends are those where
// the character class changes (letter, digit, anything else), so that "LLdd"
// inside a longer word of one class is not cut at an arbitrary point.
func ibanEnd(s string, i int) int {
	// Mod 97 of the number formed by moving the first 4 characters to the end
	// and writing letters as 10..35: accumulate the rest, then append the
	// country code and check digits (6 decimal digits, hence 10^6 mod 97).
	tail := (ibanValue(s[i])*100+ibanValue(s[i+1]))*100 + ibanValue(s[i+2])*10 + ibanValue(s[i+3])
	const pow6mod97 = 1_000_000 % 97
	mod, n, end := 0, ibanGroup, -1
	for j := i + ibanGroup; j < len(s) && n < maxIBANLen; {
		c := s[j]
		if c == ' ' && n%ibanGroup == 0 && j+1 < len(s) && isPIIAlnum(s[j+1]) {
			j++
			continue
		}
		if !isPIIAlnum(c) {
			break
		}
		if v := ibanValue(c); v >= 10 {
			mod = (mod*100 + v) % 97
		} else {
			mod = (mod*10 + v) % 97
		}
		n++
		j++
		if n >= minIBANLen && isIBANClassBoundary(s, j) && (mod*pow6mod97+tail)%97 == 1 {
			end = j
		}
	}
	return end
}

// ibanValue is the ISO 13616 value of an ASCII letter or digit: digits are
// themselves, letters of either case are 10..35.
func ibanValue(c byte) int {
	if isPIIDigit(c) {
		return int(c - '0')
	}
	return int((c|0x20)-'a') + 10
}

// isIBANClassBoundary reports whether offset j of s, just after an ASCII letter
// or digit, ends a stretch of one class: the end of s, or a next byte that is
// not of the same class (letter versus digit versus anything else).
func isIBANClassBoundary(s string, j int) bool {
	if j == len(s) {
		return true
	}
	return isPIIDigit(s[j-1]) != isPIIDigit(s[j]) || isPIILetter(s[j-1]) != isPIILetter(s[j])
}
