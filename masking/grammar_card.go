package masking

// A card number can be written as whole numbers that each pass a number or
// geometry grammar: "M4111 1111 1111 1111", viewBox="4111 1111 1111 1111",
// coords="4111,1111,1111,1111". Such a value is not kept.

// cardInNumbers reports whether v spells a card number over consecutive
// integers (no '.' in or next to them) separated only by whitespace, commas,
// '-' or ';' (SMIL value lists): 13 to 19 digits that pass the Luhn check, starting at any of the
// integers. Fractions are left out, since JavaScript prints coordinates
// with up to 17 fraction digits and one in ten such runs passes Luhn. It
// never allocates.
func cardInNumbers(v string) bool {
	for i := 0; i < len(v); i++ {
		if !isIntegerStart(v, i) {
			continue
		}
		digits := 0
		for j := i; ; {
			k := j
			for k < len(v) && isASCIIDigit(v[k]) {
				k++
			}
			if k < len(v) && v[k] == '.' {
				break // the integer part of a decimal
			}
			if digits += k - j; digits > 19 {
				break
			}
			if digits >= 13 && luhnValid(v[i:k]) {
				return true
			}
			s := k
			for s < len(v) && isNumberSeparator(v[s]) {
				s++
			}
			if s == k || s >= len(v) || !isASCIIDigit(v[s]) {
				break
			}
			j = s
		}
	}
	return false
}

// isIntegerStart: v[i] begins a run of digits that is not a fraction's.
func isIntegerStart(v string, i int) bool {
	return isASCIIDigit(v[i]) && (i == 0 || !isASCIIDigit(v[i-1]) && v[i-1] != '.')
}

func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

func isNumberSeparator(c byte) bool {
	return c == ' ' || c == ',' || c == '-' || c == ';' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
