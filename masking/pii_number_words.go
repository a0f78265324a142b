package masking

// Numbers written digit by digit in words ("five five five zero one four
// two", "four-one-five …"), as a phone number or a code is read aloud or
// spelled against harvesters: the thresholds are documented at the top of
// pii.go.

// digitWords are the English words for one digit, and the words that say
// one is repeated ("double oh"), each counted as one digit.
const digitWords = "zero oh one two three four five six seven eight nine double triple"

// nextNumberWords returns the first run of at least minDigitRun digits
// spelled as digit words, or digit words and digits, at or after from, and
// where to resume; kind 0 when there is none. A word must stand alone: the
// bytes around it are not ASCII letters or digits.
func nextNumberWords(s string, from int) (piiMatch, int) {
	return numberWordsAtLeast(s, from, minDigitRun)
}

// numberWordsAtLeast is nextNumberWords for runs of at least least digits.
func numberWordsAtLeast(s string, from, least int) (piiMatch, int) {
	for i := from; i < len(s); i++ {
		if i > 0 && isPIIAlnum(s[i-1]) || !isPIIAlnum(s[i]) {
			continue
		}
		start, end, digits, words := i, i, 0, 0
		for k := i; ; {
			n, isWord := digitToken(s, k)
			if n == 0 {
				break
			}
			if isWord {
				words++
				digits++
			} else {
				digits += n
			}
			end = k + n
			k = numberWordSep(s, end)
			if k == end {
				break
			}
		}
		if words > 0 && digits >= least {
			return piiMatch{start, end, piiDigits}, end
		}
		// A run read from a later token of this one is a part of it, with
		// no more words or digits: go on after it (reading each again
		// made a long run of digit groups, "12-12-12-…", quadratic).
		for i = max(i, end); i < len(s) && isPIIAlnum(s[i]); i++ {
		}
	}
	return piiMatch{}, len(s)
}

// digitToken reads a digit word or a run of digits at s[k], ending where no
// ASCII letter or digit follows: its length (0 when there is none) and
// whether it is a word.
//
//go:noinline
func digitToken(s string, k int) (n int, word bool) {
	j := k
	for j < len(s) && isPIIAlnum(s[j]) {
		j++
	}
	if j == k {
		return 0, false
	}
	w := s[k:j]
	for _, c := range []byte(w) {
		if !isPIIDigit(c) {
			// every digit word has 2 to 6 letters: most words of prose
			// need no look in the list
			if isDigitWord(w) {
				return j - k, true
			}
			return 0, false
		}
	}
	return j - k, false
}

// numberWordSep moves k over what may join two digit words: one or more
// spaces, or one of '-', ',', '.' or '/' with spaces around it.
func numberWordSep(s string, k int) int {
	j := k
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j < len(s) && (s[j] == '-' || s[j] == ',' || s[j] == '.' || s[j] == '/') {
		j++
		for j < len(s) && s[j] == ' ' {
			j++
		}
	}
	if j == len(s) {
		return k
	}
	return j
}

// isDigitWord reports whether w is one of digitWords in any ASCII case,
// looking only at the words of its length: most words of prose are none,
// and this runs on each of them.
func isDigitWord(w string) bool {
	var same string // the digit words of w's length, one after another
	switch len(w) {
	case 2:
		same = "oh"
	case 3:
		same = "onetwosix"
	case 4:
		same = "zerofourfivenine"
	case 5:
		same = "threeseveneight"
	case 6:
		same = "doubletriple"
	default:
		return false
	}
	for k := 0; k < len(same); k += len(w) {
		if asciiEqualFold(same[k:k+len(w)], w) {
			return true
		}
	}
	return false
}
