package masking

// capFractions bounds the digits a kept number or geometry attribute value
// can carry after a decimal point, as cssCapDigits does for a sheet's
// numbers: fraction digits after the sixth become 0. The grammars take 17
// (JavaScript prints coordinates so), room for a card or account number
// written as a coordinate's fraction (x="0.4111111111111111"), which the
// card check leaves alone because a chart's fractions pass Luhn as often as
// not; a millionth of a user unit shows nowhere. Digits are replaced, not
// removed, so "1.5.5" (two numbers in path data) keeps its meaning. In
// these grammars every '.' is a decimal point but in a paint's url(#id),
// which is skipped: an id's ".5" is no fraction. It allocates only when it
// changes something.
func capFractions(v string) string {
	var b []byte
	for i := 0; i < len(v); i++ {
		if v[i] == '(' && i >= 3 && asciiEqualFold(v[i-3:i], "url") {
			for i < len(v) && v[i] != ')' {
				i++
			}
			continue
		}
		if v[i] != '.' {
			continue
		}
		j := i + 1
		for j < len(v) && isASCIIDigit(v[j]) {
			if j-i > cssFracDigits && v[j] != '0' {
				if b == nil {
					b = []byte(v)
				}
				b[j] = '0'
			}
			j++
		}
		i = j - 1
	}
	if b == nil {
		return v
	}
	return string(b)
}
