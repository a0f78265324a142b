package masking

import "testing"

// lastCells keeps the label's cell: a run of '|' is one boundary, a
// label's separators between them or not ("Pw| |" + "X" in the next node
// was read as "| |" alone, and the password went out: FuzzPIIText
// "Pw| |X", "Pw|(|X").
func TestLastCells(t *testing.T) {
	for in, want := range map[string]string{
		"12|34|Pw":        "|34|Pw",
		"Pw| |":           "Pw| |",
		"Pw||":            "Pw||",
		"a|Pw |  | ":      "|Pw |  | ",
		"x|y|Pw| |":       "|Pw| |",
		"no marks":        "no marks",
		"Pw|(|":           "Pw|(|",
		"x|Pw|: - |":      "|Pw|: - |",
		"1|2| |3| |Pw| |": "| |Pw| |",
	} {
		t.Run(in, func(t *testing.T) {
			if got := string(lastCells([]byte(in))); got != want {
				t.Errorf("lastCells(%q) = %q, want %q", in, got, want)
			}
		})
	}
}
