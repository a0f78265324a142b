package masking

// A signature line: an em or en dash at the start of a block or line, then
// a name alone to its end ("Great care, thank you.<br>— Hannelore Quist").
// The dash says the words are who wrote the text above, as a quote's
// attribution does; 2 or 3 capitalised words, the first no column's word
// ("— Select Option" stays; "— Back To Top" is masked: accepted).

// signatureAt returns the name of the signature whose dash is at s[i],
// else st == e.
func signatureAt(s string, i int) (st, e int) {
	if i+3 >= len(s) || s[i+1] != 0x80 || s[i+2] != 0x94 && s[i+2] != 0x93 || i > 0 && !cellStart(s, i) {
		return i, i
	}
	j := i + 3
	if s[j] == ' ' {
		j++
	}
	if j >= len(s) || !nameCapitalAt(s, j) || nameCellWord(s, j) {
		return i, i
	}
	e, words := nameWordsEnd(s, j, true)
	if words < 2 || words > 3 || !cellEndsAt(s, e) {
		return i, i
	}
	return j, e
}
