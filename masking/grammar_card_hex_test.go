package masking

import "testing"

func TestCardInHexColours(t *testing.T) {
	for v, want := range map[string]bool{
		"#41111111;#11111111":          true,
		"#411111 #111111 #1111":        true,
		"#378282;#246310;#005":         true,
		"#41111111 0%, #11111111 100%": true,
		"x #4111;#1111;#1111;#1111":    true,
		"#41111111;#1111111a":          false, // a hex letter: no card digits
		"#01111111;#11111111":          false, // no card starts with 0
		"#336699;#ffcc00":              false,
		"#41111111;#11111112":          false, // Luhn
		"#41111111" + "; padding-inline-start: 0; " + "#11111111": false, // too far apart
	} {
		t.Run(v, func(t *testing.T) {
			if got := cardInHexColours(v); got != want {
				t.Errorf("cardInHexColours(%q) = %v, want %v", v, got, want)
			}
		})
	}
}
