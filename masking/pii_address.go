package masking

// Postal addresses: "Address: Flat 4, Acacia House, Leeds", "<td>Shipping
// address</td><td>22 Acacia Road</td>". An address has no one shape; its
// label says it is one, and what follows it on its line is masked.

// addressLabelEnd returns the end of the address an address label names
// at s[i], else i: after a ':' or a dash, or filling a cell or item of its
// own, the text up to the next block boundary, 64 bytes at most (and the
// rest of the code point at the 64th; in a cell, with a digit in it: a
// house number or a postcode), line breaks in it included (an
// address is written over lines: "22 Acacia Road<br>Leeds"), trailing
// spaces and line marks left out; it starts with an ASCII letter or digit
// or a byte of another script (not '*', which masking wrote). "Address
// book" and "address line 2" name nothing.
//
//go:noinline
func addressLabelEnd(s string, i int, nf nameFlags) int {
	if i == len(s) || !nf.marked && !cellStart(s, i) || !isPIIAlnum(s[i]) && s[i] < 0x80 {
		return i
	}
	e := i
	for e < len(s) && (e-i < 64 || s[e]&0xC0 == 0x80) && s[e] != piiBlockMark[0] {
		e++
	}
	for e > i && (labelSpace(s[e-1]) || s[e-1] == piiLineMark[0]) {
		e--
	}
	if !nf.marked && indexAnyDigit(s[i:e]) == e-i {
		return i // a cell without a digit: a heading after a title ("Delivery address", "Deliver to")
	}
	return e
}

// indexAnyDigit returns the offset of the first ASCII digit in s, else len(s).
func indexAnyDigit(s string) int {
	for k := 0; k < len(s); k++ {
		if isPIIDigit(s[k]) {
			return k
		}
	}
	return len(s)
}
