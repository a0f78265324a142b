package masking

import "golang.org/x/net/html"

// Words that say a control or an option is chosen, or is not. Widget
// libraries show the choice in class names (Mui-checked, is-checked,
// ant-radio-wrapper-checked, option--selected) and in data-* attributes
// (Radix's data-state="checked", Headless UI's data-checked): kept like any
// class or, in block-list, any data-* value, they gave away what
// <input type=checkbox checked> and aria-checked no longer do.
const (
	choiceWords = "checked unchecked selected unselected deselected pressed unpressed chosen indeterminate toggled ticked"
	// also a choice on a switch, a toggle or an option (is-on, Radix's
	// data-state="on") and in data-* values (MUI's data-testid="CheckBoxIcon"
	// against "CheckBoxOutlineBlankIcon"), but too common elsewhere to take
	// everywhere (Bootstrap's form-check wraps every checkbox)
	looseChoiceWords = "on off active inactive check"
	choiceRoles      = "option radio checkbox switch menuitemradio menuitemcheckbox treeitem"
)

// hasChoiceWord reports whether one of v's word parts (split at anything
// but letters and digits, and where a lower-case letter meets an upper-case
// one: isChecked) is a choice word, or a loose one when loose is set.
//
//go:noinline
func hasChoiceWord(v string, loose bool) bool {
	start := 0
	for i := 0; i <= len(v); i++ {
		end := i == len(v)
		if !end {
			c := v[i]
			alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
			camel := i > start && c >= 'A' && c <= 'Z' && v[i-1] >= 'a' && v[i-1] <= 'z'
			if alnum && !camel {
				continue
			}
			if alnum { // camel: the part ends before c, and the next starts at c
				if isChoiceWord(v[start:i], loose) {
					return true
				}
				start = i
				continue
			}
		}
		if isChoiceWord(v[start:i], loose) {
			return true
		}
		start = i + 1
	}
	return false
}

//go:noinline
func isChoiceWord(w string, loose bool) bool {
	if len(w) < 2 || len(w) >= 16 {
		return false // every choice word is 2 to 15 bytes long (choiceStarts)
	}
	// Most class names start with a letter no choice word of their length
	// starts with: one table look-up instead of a pass over the lists.
	c := w[0] | 0x20 // ASCII letters only land on 'a'…'z'
	if c < 'a' || c > 'z' {
		return false
	}
	m := choiceStarts[0][c-'a']
	if loose {
		m |= choiceStarts[1][c-'a']
	}
	if m&(1<<len(w)) == 0 {
		return false
	}
	return grInWords(choiceWords, w, false) || loose && grInWords(looseChoiceWords, w, false)
}

// choiceStarts has, for choiceWords ([0]) and looseChoiceWords ([1]), a
// bit for each length of the words that start with a letter: bit n of
// [k]['c'-'a'] is set when a word of n bytes starts with c or C.
var choiceStarts = func() (t [2][26]uint16) {
	for k, list := range [2]string{choiceWords, looseChoiceWords} {
		for i := 0; i < len(list); {
			j := i
			for j < len(list) && list[j] != ' ' {
				j++
			}
			if j-i >= 16 || list[i] < 'a' || list[i] > 'z' {
				panic("masking: choice word " + list[i:j] + " outside choiceStarts")
			}
			t[k][list[i]-'a'] |= 1 << (j - i)
			i = j + 1
		}
	}
	return t
}()

// dropChoiceClasses leaves out of a class list the names that say a choice,
// on every element (the state shows on the wrappers around a control), and
// the loose ones on an element whose role makes it a choice. Left out, not
// masked: a placeholder would still say which element had the name.
func dropChoiceClasses(h *html.Node, v string) string {
	loose := grInWords(choiceRoles, roleOf(h), false)
	if !hasChoiceWord(v, loose) {
		return v
	}
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); {
		j := i
		for j < len(v) && !isHTMLSpace(v[j]) {
			j++
		}
		if j > i && !hasChoiceWord(v[i:j], loose) {
			if len(out) > 0 {
				out = append(out, ' ')
			}
			out = append(out, v[i:j]...)
		}
		i = j + 1
	}
	return string(out)
}
