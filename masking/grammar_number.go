package masking

// Numbers, lengths and SVG geometry. A number is CSS/SVG shaped:
// [+-] digits [. digits] [e[+-]digits], or [+-] . digits, its integer part at
// most maxIntDigits digits (a width of 1234567 is implausible; a card or
// account number is not a length), its fraction at most maxFracDigits.

// scanNumber returns the end of the number starting at s[i], without any
// unit, or -1 when there is none or its digits exceed the bounds.
func scanNumber(s string, i int) int {
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	start := i
	for i < len(s) && grDigit(s[i]) {
		i++
	}
	whole := i - start
	if whole > maxIntDigits {
		return -1
	}
	frac := 0
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && grDigit(s[j]) {
			j++
		}
		frac = j - i - 1
		switch {
		case frac > maxFracDigits:
			return -1
		case frac > 0 || whole > 0: // "1." is a number in SVG path data
			i = j
		}
	}
	if whole == 0 && frac == 0 {
		return -1
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && grDigit(s[k]) {
			k++
		}
		switch {
		case k-j > maxExpDigits:
			return -1
		case k > j:
			i = k
		} // else the 'e' starts a unit: "1em", "2ex"
	}
	return i
}

// startsNumber reports whether a number may start at s[i].
func startsNumber(s string, i int) bool {
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	return i < len(s) && (grDigit(s[i]) || s[i] == '.' && i+1 < len(s) && grDigit(s[i+1]))
}

// cssUnits are the units a number may carry in an attribute value.
const cssUnits = "px em rem ex rex ch rch cap rcap ic ric lh rlh vw vh vi vb vmin vmax " +
	"svw svh svi svb svmin svmax lvw lvh lvi lvb lvmin lvmax dvw dvh dvi dvb dvmin dvmax " +
	"cqw cqh cqi cqb cqmin cqmax cm mm q in pt pc deg rad grad turn s ms hz khz dpi dpcm dppx x fr"

// scanUnit returns the end of the unit (a known unit or '%') at s[i], i
// itself when there is none, or -1 when letters follow that are no unit.
func scanUnit(s string, i int) int {
	if i < len(s) && s[i] == '%' {
		return i + 1
	}
	j := i
	for j < len(s) && grLetter(s[j]) {
		j++
	}
	if j == i || grInWords(cssUnits, s[i:j], false) {
		return j
	}
	return -1
}

// scanLength returns the end of a number with an optional unit, or -1.
func scanLength(s string, i int) int {
	if i = scanNumber(s, i); i < 0 {
		return -1
	}
	return scanUnit(s, i)
}

// validNumber: exactly one number with an optional unit, surrounding
// whitespace allowed (HTML and CSS both skip it).
func validNumber(v string) bool {
	if len(v) > maxNumberLen {
		return false
	}
	i := grSkipSpace(v, 0)
	if i == len(v) {
		return false
	}
	if i = scanLength(v, i); i < 0 {
		return false
	}
	return grSkipSpace(v, i) == len(v)
}

// isListSep: numbers in lists are separated by whitespace, commas
// (SVG, coords) or semicolons (SMIL keyTimes, keySplines).
func isListSep(c byte) bool { return isHTMLSpace(c) || c == ',' || c == ';' }

// validNumberList: numbers with optional units, each followed by a separator
// or the end of the value (so "2024-01-01" is not three numbers).
func validNumberList(v string) bool {
	if len(v) > maxNumbersLen {
		return false
	}
	seen := false
	for i := 0; i < len(v); {
		if isListSep(v[i]) {
			i++
			continue
		}
		if i = scanLength(v, i); i < 0 || i < len(v) && !isListSep(v[i]) {
			return false
		}
		seen = true
	}
	return seen
}

// validNumberPair: one or two numbers with optional units, as a number
// list (SVG's number-optional-number: stdDeviation="2 1").
func validNumberPair(v string) bool {
	if !validNumberList(v) {
		return false
	}
	n := 0
	for i := 0; i < len(v); {
		if isListSep(v[i]) {
			i++
			continue
		}
		n++
		for i < len(v) && !isListSep(v[i]) {
			i++
		}
	}
	return n <= 2
}

// validPath: SVG path data. Only command letters, numbers, whitespace and
// commas; the first command is a moveto. Argument counts are not checked:
// the alphabet is what keeps text out.
func validPath(v string) bool {
	if len(v) > maxGeometryLen {
		return false
	}
	i := grSkipSpace(v, 0)
	if i == len(v) {
		return false
	}
	if v[i] != 'M' && v[i] != 'm' {
		return asciiEqualFold(grTrim(v), "none")
	}
	for i < len(v) {
		c := v[i]
		switch {
		case isHTMLSpace(c), c == ',':
			i++
		case isPathCommand(c):
			i++
		default:
			if i = scanNumber(v, i); i < 0 {
				return false
			}
		}
	}
	return true
}

func isPathCommand(c byte) bool {
	switch c | 0x20 {
	case 'm', 'z', 'l', 'h', 'v', 'c', 's', 'q', 't', 'a':
		return true
	}
	return false
}

// validPoints: SVG points, numbers separated by whitespace and commas.
func validPoints(v string) bool {
	if len(v) > maxGeometryLen {
		return false
	}
	seen := false
	for i := 0; i < len(v); {
		if isHTMLSpace(v[i]) || v[i] == ',' {
			i++
			continue
		}
		if i = scanNumber(v, i); i < 0 {
			return false
		}
		seen = true
	}
	return seen
}

// validViewBox: exactly four unitless numbers.
func validViewBox(v string) bool {
	if len(v) > maxNumbersLen {
		return false
	}
	n := 0
	for i := 0; i < len(v); {
		if isHTMLSpace(v[i]) || v[i] == ',' {
			i++
			continue
		}
		if i = scanNumber(v, i); i < 0 || i < len(v) && !isHTMLSpace(v[i]) && v[i] != ',' {
			return false
		}
		n++
	}
	return n == 4
}

// transformFunctions are the functions of SVG and CSS transform lists.
const transformFunctions = "matrix translate translatex translatey scale scalex scaley rotate skew skewx skewy " +
	"matrix3d translate3d translatez scale3d scalez rotate3d rotatex rotatey rotatez perspective"

// validTransform: "none" or a list of transform functions whose arguments
// are numbers with optional units.
func validTransform(v string) bool {
	if len(v) > maxTransform {
		return false
	}
	if asciiEqualFold(grTrim(v), "none") {
		return true
	}
	seen := false
	for i := 0; i < len(v); {
		if isHTMLSpace(v[i]) || v[i] == ',' {
			i++
			continue
		}
		j := i
		for j < len(v) && (grLetter(v[j]) || grDigit(v[j])) {
			j++
		}
		if j == i || !grInWords(transformFunctions, v[i:j], false) {
			return false
		}
		j = grSkipSpace(v, j)
		if j == len(v) || v[j] != '(' {
			return false
		}
		if i = scanArgs(v, j+1); i < 0 {
			return false
		}
		seen = true
	}
	return seen
}

// scanArgs reads numbers with units up to and including the closing ')'.
func scanArgs(v string, i int) int {
	for i < len(v) {
		switch c := v[i]; {
		case c == ')':
			return i + 1
		case isHTMLSpace(c), c == ',':
			i++
		default:
			if i = scanLength(v, i); i < 0 {
				return -1
			}
		}
	}
	return -1
}

// validAspect: SVG preserveAspectRatio, ["defer"] align ["meet"|"slice"].
func validAspect(v string) bool {
	if len(v) > 64 {
		return false
	}
	step := 0 // 0: defer or align, 1: align, 2: meet/slice, 3: done
	for i := grSkipSpace(v, 0); i < len(v); i = grSkipSpace(v, i) {
		j := i
		for j < len(v) && !isHTMLSpace(v[j]) {
			j++
		}
		w := v[i:j]
		switch {
		case step == 0 && asciiEqualFold(w, "defer"):
			step = 1
		case step <= 1 && isAlign(w):
			step = 2
		case step == 2 && (asciiEqualFold(w, "meet") || asciiEqualFold(w, "slice")):
			step = 3
		default:
			return false
		}
		i = j
	}
	return step >= 2
}

func isAlign(w string) bool {
	if asciiEqualFold(w, "none") {
		return true
	}
	if len(w) != 8 || grLower(w[0]) != 'x' || grLower(w[4]) != 'y' {
		return false
	}
	return isMinMidMax(w[1:4]) && isMinMidMax(w[5:8])
}

func isMinMidMax(w string) bool {
	return asciiEqualFold(w, "min") || asciiEqualFold(w, "mid") || asciiEqualFold(w, "max")
}
