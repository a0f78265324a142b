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
