package masking

// A US ZIP code after its city and state ("Springfield, IL 62704"): five
// digits are below the digit-run rule, and alone they are as often a
// quantity or a year's neighbour; after ", " and a state's code they are
// where a person lives, to a few streets.

// usStates are the USPS codes of the states, DC and the territories.
const usStates = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|" +
	"ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP|"

// isUSZipAt reports whether the 5 digits s[i:i+5] (a run of its own, no
// letter after it) follow ", ", a state's code in capitals and a space.
//
//go:noinline
func isUSZipAt(s string, i int) bool {
	if i < 5 || i+5 < len(s) && isPIILetter(s[i+5]) || s[i-1] != ' ' || s[i-4] != ' ' || s[i-5] != ',' {
		return false
	}
	a, b := s[i-3], s[i-2]
	if a < 'A' || a > 'Z' || b < 'A' || b > 'Z' {
		return false
	}
	for k := 0; k+2 < len(usStates); k += 3 {
		if usStates[k] == a && usStates[k+1] == b {
			return true
		}
	}
	return false
}
