package masking

import "testing"

// A statement whose first name is dashed once its escapes are decoded
// opens a custom property's declaration, as "--x" does: "\--x: 1 {" was
// read as a rule and masked once more, differently, the second time
// (FuzzMaskCSS "\\--0:1){").
func TestCSSStartsDashed(t *testing.T) {
	for in, want := range map[string]bool{
		"--x: 1":       true,
		`\--x: 1`:      true,
		`-\-x`:         true,
		`\2d \2d x`:    true,
		`\00002d\2dx`:  true,
		`-x: 1`:        false,
		`\-x`:          false,
		`- -x`:         false,
		`\2d x`:        false,
		`a--`:          false,
		"":             false,
		`\`:            false,
		`-/**/-x: 1 {`: false,
	} {
		t.Run(in, func(t *testing.T) {
			if got := cssStartsDashed(in); got != want {
				t.Errorf("cssStartsDashed(%q) = %v, want %v", in, got, want)
			}
		})
	}
}
