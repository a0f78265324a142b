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
//
// Inside prose, only a role's word capitalised names a name so ("Our
// Patient Hannelore Quist was seen"): 2 or 3 capitalised words, then a
// small letter, a mark or the cell's end ("Our Customer Success Stories
// are" is masked: accepted).
func titledNameEnd(s string, i, end int) int {
	if end+1 >= len(s) || s[end] != ' ' || !nameCapitalAt(s, end+1) {
		return end
	}
	e, words := nameWordsEnd(s, end+1, true)
	if words < 2 {
		return end
	}
	if i > 0 && !cellStart(s, i) || !cellEndsAt(s, e) {
		// prose: "Patient Hannelore Quist was seen"
		if r, ok := listWordEnd(s, i, proseRoles); !ok || r != end || s[i] < 'A' || s[i] > 'Z' || words > 3 || !proseNameEnds(s, e) {
			return end
		}
	}
	for k := end + 1; k < e; k++ {
		if (k == end+1 || s[k-1] == ' ') && nameCellWord(s, k) {
			return end
		}
	}
	return e
}

// proseRoles are the labels that name a name inside prose.
const proseRoles = "patient|client|customer|tenant|guardian|passenger|applicant|borrower|"

// proseNameEnds reports whether a name inside prose may end at s[e]: at
// its cell's end, before a mark, or before a word in small letters.
func proseNameEnds(s string, e int) bool {
	if cellEndsAt(s, e) {
		return true
	}
	return indexByte(".,;:!?)", s[e]) < 7 || s[e] == ' ' && e+1 < len(s) && s[e+1] >= 'a' && s[e+1] <= 'z'
}
