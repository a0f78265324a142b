package masking

// A field's name label and the name right after it, with no ':' between,
// alone in a string or a cell: what an aria-label, a title or an alt writes
// ("Account holder Hannelore Quist", "Patient Wilhelmina Quarrendon"), read
// in block-list as a heading is. Two to four capitalised words fill the
// rest, none of them a column's word (nameCellWords: "Account Holder
// Details" stays); one word stays too ("Patient Portal"). A heading of
// title-case words after such a label is masked ("Patient Safety Week"):
// an accepted cost.

// titledNameEnd returns the end of the name after the label of kind 'n'
// that starts at s[i] and ends at s[end], else end.
func titledNameEnd(s string, i, end int) int {
	if i > 0 && !cellStart(s, i) || end+1 >= len(s) || s[end] != ' ' || !nameCapitalAt(s, end+1) {
		return end
	}
	e, words := nameWordsEnd(s, end+1, true)
	if words < 2 || !cellEndsAt(s, e) {
		return end
	}
	for k := end + 1; k < e; k++ {
		if (k == end+1 || s[k-1] == ' ') && nameCellWord(s, k) {
			return end
		}
	}
	return e
}
