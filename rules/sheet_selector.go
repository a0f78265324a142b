package rules

import (
	"strings"

	"golang.org/x/net/html"
)

// SheetSelector is the selector list of a page style sheet's rule, read
// with the engine's selector semantics, to find the elements whose
// generated content (::before, ::after) the rule draws.
type SheetSelector struct{ g selGroup }

// ParseSheetSelector reads a rule's selector list without its
// pseudo-elements and live-state pseudo-classes (:hover, :focus, :checked):
// what is left matches every element the rule may style, and more. ok is
// false when that cannot be read (a pseudo of either kind inside :not() or
// :is() would make the list match fewer elements, not more).
func ParseSheetSelector(sel string) (s SheetSelector, ok bool) {
	var b []byte
	depth, last := 0, 0
	for i := 0; i < len(sel); i++ {
		switch c := sel[i]; c {
		case '\\':
			i++
		case '"', '\'':
			for i++; i < len(sel) && sel[i] != c; i++ {
				if sel[i] == '\\' {
					i++
				}
			}
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ':':
			colons := 1
			if i+1 < len(sel) && sel[i+1] == ':' {
				colons = 2
			}
			j := i + colons
			for j < len(sel) && (isSheetNameByte(sel[j])) {
				j++
			}
			name := strings.ToLower(sel[i+colons : j])
			if colons == 1 && !contains(legacyElements, name) && !contains(liveState, name) {
				i = j - 1
				continue
			}
			if depth > 0 {
				return s, false
			}
			if j < len(sel) && sel[j] == '(' { // ::part(x), :dir(rtl): taken out whole
				for open := 0; j < len(sel); j++ {
					if sel[j] == '(' {
						open++
					} else if sel[j] == ')' {
						if open--; open == 0 {
							j++
							break
						}
					}
				}
			}
			b = append(b, sel[last:i]...)
			if len(b) == 0 || isSheetSpace(b[len(b)-1]) || strings.IndexByte(",>+~", b[len(b)-1]) >= 0 {
				b = append(b, '*') // ".a :hover" and "::after" alone stand for an element
			}
			last, i = j, j-1
		}
	}
	if last > 0 {
		sel = string(append(b, sel[last:]...))
	}
	g, err := parseSelectors(strings.TrimSpace(sel))
	if err != nil || len(g) == 0 {
		return s, false
	}
	return SheetSelector{g}, true
}

func isSheetNameByte(c byte) bool {
	return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func isSheetSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// Matches reports whether the selector list matches element n.
func (s SheetSelector) Matches(n *html.Node) bool {
	var c matchCtx
	return s.g.matches(&c, n)
}
