package masking

import "strings"

// smilWords are the keywords an animation of display, visibility or a
// paint may move through; they carry nothing.
const smilWords = "visible hidden collapse none inline block inline-block flex grid contents inherit " +
	"currentColor transparent auto freeze remove"

// validSMIL accepts a SMIL animation value (from, to, by) or value list
// (values): items separated by ';', each a number list (with units), a
// colour, SVG path data or one of smilWords. A URL (href animated to
// another target) or any text fails, and the value is masked. It never
// allocates.
func validSMIL(v string) bool {
	if len(v) > maxGeometryLen {
		return false
	}
	for len(v) > 0 {
		item := v
		if i := strings.IndexByte(v, ';'); i >= 0 {
			item, v = v[:i], v[i+1:]
		} else {
			v = ""
		}
		t := grTrim(item)
		if t == "" {
			continue // "1;2;" and spaces around ';' are allowed
		}
		if !(validNumberList(t) || validColor(t) || validPath(t) || grInWords(smilWords, t, true)) {
			return false
		}
	}
	return true
}
