package masking

// A postcode after a street address, as Europe writes them on one line:
// "Kerkstraat 12, 1017 GC Amsterdam", "Hauptstr. 5, 10115 Berlin",
// "12 rue Oberkampf, 75011 Paris", "ul. Łódzka 12, 00-950 Warszawa". The
// street is masked already; its postcode, which with it names the house,
// went out in clear. Numbers alone are no postcode ("Sales, 12000 units"):
// only one right after a street is read.

// euPostcodeShapes are the shapes read, longest first (the first one that
// ends where no letter, digit or '*' follows is taken): 'd' a digit, 'A' a
// capital, other bytes themselves. Portugal, the Netherlands (spaced or
// not), Germany, France, Spain, Italy; Austria, Switzerland, Belgium,
// Denmark, Norway; Sweden, Czechia, Slovakia, Greece; Poland.
var euPostcodeShapes = [...]string{"dddd-ddd", "dddd AA", "ddddAA", "ddddd", "dddd", "ddd dd", "dd-ddd"}

// postcodeAfterStreet returns the end of the postcode after the street
// address that ends at s[end], else end: 1 to 3 of ',', ' ', '\t', '\n',
// and the line and block marks between them, then a shape of
// euPostcodeShapes.
func postcodeAfterStreet(s string, end int) int {
	k := end
	for k < len(s) && k-end < 3 && indexByte(", \t\n"+piiLineMark+piiBlockMark, s[k]) < 6 {
		k++
	}
	if k == end {
		return end
	}
	for _, shape := range euPostcodeShapes {
		if e := k + len(shape); e <= len(s) && postcodeShapeAt(s[k:e], shape) &&
			(e == len(s) || !isPIIAlnum(s[e]) && s[e] != maskChar) {
			return e
		}
	}
	return end
}

// postcodeShapeAt reports whether s, as long as shape, is written as it.
func postcodeShapeAt(s, shape string) bool {
	for i := 0; i < len(shape); i++ {
		switch c := s[i]; shape[i] {
		case 'd':
			if !isPIIDigit(c) {
				return false
			}
		case 'A':
			if c-'A' >= 26 {
				return false
			}
		default:
			if c != shape[i] {
				return false
			}
		}
	}
	return true
}
