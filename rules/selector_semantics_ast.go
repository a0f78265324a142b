package rules

// The compiled form of a rules selector. Selectors are parsed by
// selector_semantics_parse.go (tokens: _lex.go) and matched by
// selector_semantics_match.go (pseudo-classes: _pseudo.go; document mode
// and language: _doc.go) with the semantics of querySelectorAll in an HTML
// document, Chromium's, checked by e2e/selector_diff_test.go;
// selector_semantics_canon.go writes the canonical text Stricter compares.
// docs/selectors.md lists what is accepted and what is rejected.

// selGroup is a selector list: it matches when any of its selectors does.
type selGroup []*complexSel

// complexSel is compounds joined by combinators, left to right.
type complexSel struct {
	parts []compound
	combs []byte // combs[i] joins parts[i] and parts[i+1]: ' ', '>', '+' or '~'
	// lead is the combinator from the anchor element in a relative selector
	// (the argument of :has()); 0 in any other selector.
	lead byte
}

// compound is one compound selector: an optional type and simple selectors,
// all of which must match.
type compound struct {
	tag    string // ASCII-lowercased type; "" matches any element
	simple []simpleSel
}

type simpleKind uint8

const (
	skID simpleKind = iota
	skClass
	skAttr
	skNot      // :not(list)
	skIs       // :is(list), :where(list)
	skHas      // :has(relative list)
	skNth      // :nth-*, :first-*, :last-*
	skOnly     // :only-child, :only-of-type
	skEmpty    // :empty
	skRoot     // :root
	skLang     // :lang(range)
	skAnyLink  // :any-link
	skEnabled  // :enabled
	skDisabled // :disabled
	skContains // :contains(text), a Veil (cascadia) extension
)

// simpleSel is one simple selector; which fields mean something depends on
// kind.
type simpleSel struct {
	kind simpleKind
	// name: the id or class; the ASCII-lowercased attribute name; the
	// :lang() range; the lowercased :contains() text.
	name  string
	value string // attribute value
	op    byte   // attribute operator: 0 (present), '=', '~', '|', '^', '$', '*'
	// fold: the attribute value is compared ASCII case-insensitively (the
	// i flag); htmlFold: so on HTML elements only, an attribute HTML lists
	// as case-insensitive (Chromium compares it exactly on SVG and MathML
	// elements, as the standard says).
	fold, htmlFold bool
	// :nth-*: position a*k+b for some k >= 0, counted from the end (last)
	// among siblings of the same type (ofType) or matching list ("of S").
	a, b         int
	last, ofType bool
	list         selGroup // :not, :is, :where, :has, and nth "of S"
}
