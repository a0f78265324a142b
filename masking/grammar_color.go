package masking

// Colours, SVG paint and same-document references.

// colorNames are the CSS named colours, the colour keywords, and the system
// colours, lowercase.
const colorNames = "aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue " +
	"blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan " +
	"darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen " +
	"darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey " +
	"darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite " +
	"forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink " +
	"indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral " +
	"lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen " +
	"lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta " +
	"maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue " +
	"mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin " +
	"navajowhite navy oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen " +
	"paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red " +
	"rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue " +
	"slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white " +
	"whitesmoke yellow yellowgreen " +
	"transparent currentcolor none context-fill context-stroke inherit initial unset revert " +
	"accentcolor accentcolortext activetext buttonborder buttonface buttontext canvas canvastext field " +
	"fieldtext graytext highlight highlighttext linktext mark marktext selecteditem selecteditemtext visitedtext"

// colorFunctions may appear as a colour or inside one.
const colorFunctions = "rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix light-dark"

// colorArgWords are the words colour functions take besides colours:
// channel names of relative colours, colour spaces, interpolation methods.
const colorArgWords = "from none in r g b h s l w c a x y z alpha srgb srgb-linear display-p3 a98-rgb " +
	"prophoto-rgb rec2020 xyz xyz-d50 xyz-d65 hsl hwb lab lch oklab oklch shorter longer increasing " +
	"decreasing hue"

// validColor: one colour. Surrounding whitespace is allowed.
func validColor(v string) bool {
	if len(v) > maxColorLen {
		return false
	}
	s := grTrim(v)
	i := scanColor(s, 0, 0)
	return i == len(s) && i > 0
}

// validPaint: SVG paint, a colour or url(#id) optionally followed by a
// fallback colour. A url() naming anything but a same-document fragment is
// rejected: it would be a request to someone's server.
func validPaint(v string) bool {
	if len(v) > maxColorLen {
		return false
	}
	s := grTrim(v)
	if !hasURLFunction(s) {
		return validColor(s)
	}
	i := scanFragmentURL(s, 0)
	if i < 0 {
		return false
	}
	if i = grSkipSpace(s, i); i == len(s) {
		return true
	}
	return scanColor(s, i, 0) == len(s)
}

func hasURLFunction(s string) bool { return len(s) >= 4 && asciiEqualFold(s[:4], "url(") }

// scanColor returns the end of the colour at s[i], or -1.
func scanColor(s string, i, depth int) int {
	if i >= len(s) {
		return -1
	}
	if s[i] == '#' {
		j := i + 1
		for j < len(s) && grHex(s[j]) {
			j++
		}
		switch j - i - 1 {
		case 3, 4, 6, 8:
			return j
		}
		return -1
	}
	j := i
	for j < len(s) && (grLetter(s[j]) || s[j] == '-' || j > i && grDigit(s[j])) {
		j++
	}
	if j == i {
		return -1
	}
	name := s[i:j]
	if j < len(s) && s[j] == '(' {
		if !grInWords(colorFunctions, name, false) || depth >= maxNesting {
			return -1
		}
		return scanColorArgs(s, j+1, depth+1)
	}
	if grInWords(colorNames, name, false) {
		return j
	}
	return -1
}

// scanColorArgs reads a colour function's arguments up to and including the
// closing ')': numbers with units, colour words, nested colours, and the
// separators ',', whitespace and one '/' (the alpha separator: a second
// could spell "//", which starts a URL). calc() and other maths are not
// accepted: such colours are masked.
func scanColorArgs(s string, i, depth int) int {
	slash := false
	for i < len(s) {
		c := s[i]
		switch {
		case c == ')':
			return i + 1
		case c == '/':
			if slash {
				return -1
			}
			slash = true
			i++
		case isHTMLSpace(c), c == ',':
			i++
		case startsNumber(s, i):
			if i = scanLength(s, i); i < 0 {
				return -1
			}
			// A number ends at a separator: "0%00" is no colour but a
			// place to spell a percent-encoded byte.
			if i < len(s) && !isHTMLSpace(s[i]) && s[i] != ',' && s[i] != '/' && s[i] != ')' {
				return -1
			}
		default:
			j := i
			for j < len(s) && (grLetter(s[j]) || s[j] == '-' || j > i && grDigit(s[j])) {
				j++
			}
			if j > i && (j == len(s) || s[j] != '(') && grInWords(colorArgWords, s[i:j], false) {
				i = j
				continue
			}
			if i = scanColor(s, i, depth); i < 0 {
				return -1
			}
		}
	}
	return -1
}

// scanFragmentURL reads url(#id), url("#id") or url('#id') at s[i] and
// returns its end, or -1.
func scanFragmentURL(s string, i int) int {
	if !hasURLFunction(s[i:]) {
		return -1
	}
	i = grSkipSpace(s, i+4)
	var quote byte
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		quote = s[i]
		i++
	}
	if i >= len(s) || s[i] != '#' {
		return -1
	}
	j := i + 1
	for j < len(s) && s[j] != ')' && s[j] != quote && !isHTMLSpace(s[j]) {
		j++
	}
	if !validFragmentIdent(s[i+1 : j]) {
		return -1
	}
	if quote != 0 {
		if j >= len(s) || s[j] != quote {
			return -1
		}
		j++
	}
	j = grSkipSpace(s, j)
	if j >= len(s) || s[j] != ')' {
		return -1
	}
	return j + 1
}

// validFragment: a same-document reference: "#id", url(#id), or "none".
func validFragment(v string) bool {
	if len(v) > maxIdentLen+16 {
		return false
	}
	s := grTrim(v)
	switch {
	case s == "":
		return false
	case s[0] == '#':
		return validFragmentIdent(s[1:])
	case asciiEqualFold(s, "none"):
		return true
	}
	return scanFragmentURL(s, 0) == len(s)
}
