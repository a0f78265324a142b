package masking

// National ID numbers with too few digits for the run rule, recognised by
// their shape (found by nextIBAN, which reads the same letters-then-digits
// starts): the thresholds are documented at the top of pii.go.

// panLen is the length of an Indian Permanent Account Number: five capital
// letters (the fourth names the holder's kind: a person, a company, …), four
// digits and a capital letter ("ABCPE1234F").
// A PAN stands for one taxpayer, a person or a company, for life.
const panLen = 10

// isPANAt reports whether s[i:] starts with a PAN standing alone: no ASCII
// letter or digit right before or after it.
func isPANAt(s string, i int) bool {
	if i > 0 && isPIIAlnum(s[i-1]) || i+panLen < len(s) && isPIIAlnum(s[i+panLen]) {
		return false
	}
	for k := 0; k < panLen; k++ {
		c := s[i+k]
		if k >= 5 && k < 9 {
			if !isPIIDigit(c) {
				return false
			}
		} else if c-'A' >= 26 {
			return false
		}
	}
	return indexByte("ABCFGHJLPT", s[i+3]) < len("ABCFGHJLPT")
}
