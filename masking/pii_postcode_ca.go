package masking

// Canadian postal codes ("K1A 0B1", "M5V 3L9"): a letter, a digit and a
// letter, a space, a digit, a letter and a digit, of the letters Canada
// Post uses (never D F I O Q U; never W or Z first). With a person's name
// they place them to a street's side. In capitals and spaced, the shape is
// theirs alone and is masked where it stands; after a postcode's label in
// any case and with the space or not ("Postal code: k1a0b1").

const (
	caFirstLetters = "ABCEGHJKLMNPRSTVXY"
	caOtherLetters = "ABCEGHJKLMNPRSTVWXYZ"
)

// caPostcodeEnd returns the end of a Canadian postal code at s[i], else
// -1; no ASCII letter on either side (a digit next to it does not hide
// it: masked, it would be a '*', as for UK postcodes), nor a '*', which
// masking writes for a letter ("A0A 0A0A0A 0A0" masks its last seven
// bytes, and masked again must not find the first code).
//
//go:noinline
func caPostcodeEnd(s string, i int, anyCase bool) int {
	if i > 0 && (isPIILetter(s[i-1]) || s[i-1] == maskChar) || i+6 > len(s) {
		return -1
	}
	j := i + 3
	if s[j] == ' ' {
		j++
	} else if !anyCase {
		return -1
	}
	if j+3 > len(s) || !caLetter(s[i], caFirstLetters, anyCase) || !isPIIDigit(s[i+1]) || !caLetter(s[i+2], caOtherLetters, anyCase) ||
		!isPIIDigit(s[j]) || !caLetter(s[j+1], caOtherLetters, anyCase) || !isPIIDigit(s[j+2]) || j+3 < len(s) && (isPIILetter(s[j+3]) || s[j+3] == maskChar) {
		return -1
	}
	return j + 3
}

func caLetter(c byte, set string, anyCase bool) bool {
	if anyCase && c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	return c >= 'A' && c <= 'Z' && indexByte(set, c) < len(set)
}
