package masking

// UK postcodes ("SW1A 1AA", "EC1A 1BB", "M1 1AE"): with a street and a
// name they place a person to a few houses. Their shape is short enough
// that products and models share it ("A4 3DS", "M2 1TB"), so alone a
// postcode is read only in capitals, in one of the 121 postcode areas, and
// where an address puts it: after a comma, a line or cell boundary, or a
// capitalised word (the town); after a label ("Postcode: sw1a 1aa") in any
// case.

// ukAreas are the postcode areas, each between '|'.
const ukAreas = "|AB|AL|B|BA|BB|BD|BH|BL|BN|BR|BS|BT|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|DY|E|EC|EH|EN|EX|" +
	"FK|FY|G|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|L|LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|NG|NN|" +
	"NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|S|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|TR|TS|TW|UB|" +
	"W|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE|"

// ukPostcodeEnd returns the end of a UK postcode at s[i], else -1: one or
// two letters, a digit, an optional letter or digit, an optional space, a
// digit and two letters other than C I K M O V, no ASCII letter on either
// side (a digit next to it does not hide it: masked, it would be a '*').
// Letters are capitals unless anyCase.
//
//go:noinline
func ukPostcodeEnd(s string, i int, anyCase bool) int {
	if i > 0 && isPIILetter(s[i-1]) {
		return -1
	}
	j := i
	for j < len(s) && j-i < 2 && postcodeLetter(s[j], anyCase) {
		j++
	}
	if j == i || j == len(s) || !isPIIDigit(s[j]) {
		return -1
	}
	j++
	// the outward code's optional last character, tried first
	if j < len(s) && (isPIIDigit(s[j]) || postcodeLetter(s[j], anyCase)) {
		if e := inwardEnd(s, j+1, anyCase); e > 0 {
			return e
		}
	}
	return inwardEnd(s, j, anyCase)
}

// inwardEnd reads an optional space, a digit and two letters of the
// inward code at s[j], and what must not follow them.
func inwardEnd(s string, j int, anyCase bool) int {
	if j < len(s) && s[j] == ' ' {
		j++
	}
	if j+3 > len(s) || !isPIIDigit(s[j]) {
		return -1
	}
	if !inwardLetter(s[j+1], anyCase) || !inwardLetter(s[j+2], anyCase) {
		return -1
	}
	if j += 3; j < len(s) && isPIILetter(s[j]) {
		return -1
	}
	return j
}

// inwardLetter reports whether c may be a letter of an inward code: never
// C I K M O V.
//
//go:noinline
func inwardLetter(c byte, anyCase bool) bool {
	return postcodeLetter(c, anyCase) && indexByte("CIKMOV", c&^0x20) == 6
}

func postcodeLetter(c byte, anyCase bool) bool {
	return c >= 'A' && c <= 'Z' || anyCase && c >= 'a' && c <= 'z'
}

// ukPostcodeAlone returns the start and end of a postcode in capitals whose
// outward code's first digit is s[d], read alone (no label): its area is
// one of ukAreas, and before it (after one space or none) is the start of
// s, a ',', '(', a tab or line feed, a block or line mark, or, after the
// space, a word of three letters or more led by a capital. Else -1, -1.
//
//go:noinline
func ukPostcodeAlone(s string, d int) (int, int) {
	st := d
	for st > 0 && d-st < 2 && s[st-1] >= 'A' && s[st-1] <= 'Z' {
		st--
	}
	if st == d {
		return -1, -1
	}
	e := ukPostcodeEnd(s, st, false)
	if e < 0 || !hasArea(s[st:d]) {
		return -1, -1
	}
	k, spaced := st, st > 0 && s[st-1] == ' '
	if spaced {
		k--
	}
	if k == 0 || indexByte(",(\t\n"+piiBlockMark+piiLineMark, s[k-1]) < 6 {
		return st, e
	}
	w := k
	for w > 0 && isPIILetter(s[w-1]) {
		w--
	}
	if spaced && k-w >= 3 && s[w] >= 'A' && s[w] <= 'Z' {
		return st, e
	}
	return -1, -1
}

// hasArea reports whether area is one of ukAreas.
//
//go:noinline
func hasArea(area string) bool {
	for i := 0; i+len(area)+2 <= len(ukAreas); i++ {
		if ukAreas[i] == '|' && ukAreas[i+1:i+1+len(area)] == area && ukAreas[i+1+len(area)] == '|' {
			return true
		}
	}
	return false
}
