package masking

import "testing"

func TestHasChoiceWord(t *testing.T) {
	for _, c := range []struct {
		v           string
		loose, want bool
	}{
		{"Mui-checked", false, true},
		{"ant-radio-wrapper-checked", false, true},
		{"option--selected", false, true},
		{"isChecked", false, true},
		{"is_unselected", false, true},
		{"SELECTED", false, true},
		{"btn-pressed x", false, true},
		{"is-on", true, true},
		{"toggle--off", true, true},
		{"is-active", true, true},
		{"CheckBoxIcon", true, true},
		{"CheckBoxOutlineBlankIcon", true, true},
		{"form-check", false, false},
		// names that only look alike stay
		{"is-on", false, false},
		{"active", false, false},
		{"checkbox", false, false},
		{"select-box", false, false},
		{"selection", false, false},
		{"interactive", true, false},
		{"onboarding", true, false},
		{"icon", true, false},
		{"o", true, false},
		{"", true, false},
	} {
		name := c.v
		if c.loose {
			name += " (loose)"
		}
		t.Run(name, func(t *testing.T) {
			if got := hasChoiceWord(c.v, c.loose); got != c.want {
				t.Errorf("hasChoiceWord(%q, loose %v) = %v, want %v", c.v, c.loose, got, c.want)
			}
		})
	}
}

// TestIsChoiceWordTable: the first-letter table answers as the lists do, for
// every word of the lists in any case, their neighbours (one byte more, one
// less, another first letter) and words that are none.
func TestIsChoiceWordTable(t *testing.T) {
	want := func(w string, loose bool) bool {
		return len(w) > 1 && (grInWords(choiceWords, w, false) || loose && grInWords(looseChoiceWords, w, false))
	}
	var words []string
	for _, list := range []string{choiceWords, looseChoiceWords, choiceRoles, "row r3 name x1 on2 ON Off ACTIVE a b Z @n [n {n `n 0n \xc3\xa9n"} {
		for i := 0; i < len(list); {
			j := i
			for j < len(list) && list[j] != ' ' {
				j++
			}
			w := list[i:j]
			words = append(words, w, asciiUpper(w), w+"s", w[:len(w)-1], "x"+w[1:], w+w)
			i = j + 1
		}
	}
	for b := 0; b < 256; b++ {
		words = append(words, string([]byte{byte(b), 'n'}), string([]byte{byte(b), 'h', 'e', 'c', 'k', 'e', 'd'}))
	}
	matched := 0
	for _, w := range words {
		for _, loose := range []bool{false, true} {
			got, exp := isChoiceWord(w, loose), want(w, loose)
			if got != exp {
				t.Errorf("isChoiceWord(%q, %v) = %v, the lists say %v", w, loose, got, exp)
			}
			if got {
				matched++
			}
		}
	}
	if matched < 40 {
		t.Fatalf("only %d words matched: the corpus does not reach the lists", matched)
	}
}

func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
