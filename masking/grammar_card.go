package masking

// A card number can be written as whole numbers that each pass a number or
// geometry grammar: "M4111 1111 1111 1111", viewBox="4111 1111 1111 1111",
// coords="4111,1111,1111,1111". Such a value is not kept.

// cardInNumbers reports whether v spells a card number over consecutive
// integers, whatever stands between them (spaces, commas, path commands,
// units, signs, ")translate(": at most maxCardGap bytes, none of them a
// digit or '.'), grouped as cards are printed: a first group of 4 digits,
// then groups of 3 to 6, the last one possibly shorter ("4111 1111 1111
// 1111", "3782 822463 10005", "4222 2222 2222 2") and possibly the integer
// part of a decimal ("… 1881.5"), 13 to 19 digits in all that pass the Luhn
// check. The grouping keeps chart geometry ("0,240 120,180 240,210 …"), one
// run in ten of which would pass Luhn, and no fraction is part of a group
// for the same reason (JavaScript prints coordinates with up to 17 fraction
// digits). It never allocates.
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
			decimal := k < len(v) && v[k] == '.'
			g := k - j
			if j == i && g != 4 || g > 6 {
				break // not grouped as a card is
			}
			if digits += g; digits > 19 {
				break
			}
			if digits >= 13 && luhnValid(v[i:k]) {
				return true
			}
			if g < 3 || decimal {
				break // a short group or a decimal only ends a card ("4222 2222 2222 2")
			}
			s := k
			for s < len(v) && s-k < maxCardGap && !isASCIIDigit(v[s]) && v[s] != '.' {
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

// maxCardGap bounds what may stand between two groups: "px) and
// (max-width: " in a media query is 20 bytes.
const maxCardGap = 24
