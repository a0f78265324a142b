package masking

import (
	"strings"

	"github.com/tdewolff/parse/v2/css"
)

// The words a custom property's value may keep in a masked node: they
// describe a design (colours, lengths, functions), never a person.

// cssCustomNameKept reports whether a name in a custom property's value stays
// (through the PII detectors) in a masked node: a reference to another
// custom property, a colour or CSS-wide keyword, a CSS function's name, a
// hex colour, a CSS unit. A name spelled with escapes is masked unless it is
// a custom property name whose escapes hide nothing.
func cssCustomNameKept(tt css.TokenType, text string, kind cssNameKind, escaped bool) bool {
	switch {
	case tt == css.CustomPropertyNameToken:
		return !cssEscapesHideText(text)
	case escaped:
		return false
	case kind == cssUnitName:
		return cssInFoldedSet(cssCustomUnits, text)
	case tt == css.IdentToken:
		return cssInFoldedSet(cssCustomKeywords, text)
	case tt == css.FunctionToken:
		return cssInFoldedSet(cssCustomFunctions, text)
	case tt == css.HashToken:
		return isCSSHexColor(text)
	}
	return false
}

// isCSSHexColor reports whether a hash name is a colour: 3, 4, 6 or 8 hex
// digits.
func isCSSHexColor(name string) bool {
	switch len(name) {
	case 3, 4, 6, 8:
	default:
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isHexDigit(name[i]) {
			return false
		}
	}
	return true
}

// isWellKnownCSSNamespace reports whether uri is a namespace that names a
// markup language, not anything of a person's.
func isWellKnownCSSNamespace(uri string) bool {
	switch uri {
	case "http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML",
		"http://www.w3.org/1999/xlink", "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/":
		return true
	}
	return false
}

// cssInFoldedSet reports whether s, with ASCII letters lower-cased, is in set.
// The buffer keeps the lookup free of allocations.
func cssInFoldedSet(set map[string]struct{}, s string) bool {
	var buf [32]byte
	if len(s) > len(buf) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	_, ok := set[string(buf[:len(s)])]
	return ok
}

// cssContainsFold reports whether s contains the lower-case ASCII word sub,
// comparing ASCII letters without regard to case.
func cssContainsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if asciiEqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func cssWordSet(words string) map[string]struct{} {
	set := make(map[string]struct{})
	for _, w := range strings.Fields(words) {
		set[w] = struct{}{}
	}
	return set
}

// cssCustomKeywords: CSS-wide keywords, the priority, and the colour
// keywords of CSS Color 4.
var cssCustomKeywords = cssWordSet(`inherit initial unset revert revert-layer none auto important
currentcolor transparent
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet
brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue
darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange
darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise
darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia
gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo
ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue
lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon
mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue
mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin
navajowhite navy oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen
paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red
rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue
slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white
whitesmoke yellow yellowgreen`)

// cssCustomFunctions: the functions of CSS values (math, colour, gradients,
// transforms, filters, easing, grid, references).
var cssCustomFunctions = cssWordSet(`var env attr calc min max clamp round mod rem abs sign sin cos tan asin acos
atan atan2 pow sqrt hypot log exp
rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix light-dark
linear-gradient radial-gradient conic-gradient repeating-linear-gradient repeating-radial-gradient
repeating-conic-gradient -webkit-linear-gradient -webkit-radial-gradient image-set -webkit-image-set
image cross-fade src
translate translatex translatey translatez translate3d rotate rotatex rotatey rotatez rotate3d scale
scalex scaley scalez scale3d skew skewx skewy matrix matrix3d perspective
blur brightness contrast drop-shadow grayscale hue-rotate invert opacity saturate sepia
cubic-bezier steps linear minmax repeat fit-content counter counters inset circle ellipse polygon
path rect xywh`)

// cssCustomUnits: the units of CSS Values 4 and its drafts.
var cssCustomUnits = cssWordSet(`px em rem ex rex ch rch cap rcap ic ric lh rlh vw vh vi vb vmin vmax svw svh svi svb
svmin svmax lvw lvh lvi lvb lvmin lvmax dvw dvh dvi dvb dvmin dvmax cqw cqh cqi cqb cqmin cqmax
cm mm q in pt pc deg grad rad turn s ms hz khz dpi dpcm dppx x fr`)
