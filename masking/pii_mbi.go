package masking

// US Medicare Beneficiary Identifiers without a label ("1EG4-TE5-MK73"):
// the label rule reads them after "MBI" or "Medicare" (pii_labels.go); a
// member portal prints them alone too. Their shape is narrow enough to
// read bare: 11 characters, digits and capitals at fixed places, and never
// the letters S L O I B Z, which a word or a hashed name seldom keeps to.

// mbiShape is an MBI by place: 'n' a digit (the first one 1 to 9), 'a' a
// capital other than S L O I B Z, 'x' either.
const mbiShape = "naxnaxnaann"

// mbiEnd returns the end of an MBI whose first digit is s[i], else -1:
// mbiShape in capitals, with a '-' after the 4th and the 7th characters, a
// space after both ("1EG4 TE5 MK73"), or none, or in small letters with
// the dashes or the spaces ("1eg4-te5-mk73"). Run together, it needs no
// ASCII letter on either side, where it is as often a piece of a hashed
// name, and no '*' either, what masking wrote for such a letter; a digit
// next to it does not hide it (masked, it would be a '*'). With its
// separators it is read whatever is next to it, so that a letter another
// detector masks there ("jane@example.com1EG4-TE5-MK73") does not hide it
// the first time only.
//
//go:noinline
func mbiEnd(s string, i int) int {
	if s[i] == '0' {
		return -1
	}
	var sep byte // '-' or ' ' after the 4th and the 7th, or none
	if i+4 < len(s) && (s[i+4] == '-' || s[i+4] == ' ') {
		sep = s[i+4]
	}
	if sep == 0 && i > 0 && (isPIILetter(s[i-1]) || s[i-1] == maskChar) {
		return -1
	}
	// In small letters only with separators: a member portal's own print
	// ("1eg4-te5-mk73"); eleven small letters and digits run together are
	// as often a hashed name.
	small := i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z'
	if small && sep == 0 {
		return -1
	}
	j := i
	for k := 0; k < len(mbiShape); k++ {
		if sep != 0 && (k == 4 || k == 7) {
			if j == len(s) || s[j] != sep {
				return -1
			}
			j++
		}
		if j == len(s) {
			return -1
		}
		c := s[j]
		if small && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A' // one case throughout: "1eG4-…" is none
		} else if small && c >= 'A' && c <= 'Z' {
			return -1
		}
		digit, letter := isPIIDigit(c), c >= 'A' && c <= 'Z' && indexByte("SLOIBZ", c) == 6
		if p := mbiShape[k]; p == 'n' && !digit || p == 'a' && !letter || p == 'x' && !digit && !letter {
			return -1
		}
		j++
	}
	if sep == 0 && j < len(s) && (isPIILetter(s[j]) || s[j] == maskChar) {
		return -1
	}
	return j
}
