package masking

import "strings"

// An attribute name the page made up carries data as a data-* name does
// (<div hannelore-quist>, aria-jane-doe, a framework's x-user-4821…): in
// mask-all and allow-list a name no row of the attribute table knows, on
// any element of any namespace, is kept only when structural — named by a
// stylesheet's attribute selector or by a rule first — as data-* names
// are, and becomes its placeholder otherwise (attrNameNamed), in markup,
// in stylesheets and in SMIL's attributeName alike. Known names, xmlns
// declarations and the recorder's own (_cssText, data-veil-mask, -allow, -block) stay.

// attrNamesKnown holds the lowercase names of attrRows.
var attrNamesKnown = func() map[string]bool {
	m := make(map[string]bool, 512)
	for _, row := range attrRows {
		for _, name := range strings.Fields(row.names) {
			m[lowerASCII(name)] = true
		}
	}
	return m
}()

// knownAttrName reports whether name is no page's own: a name the table
// knows, an xmlns declaration of a well-known prefix, or the inlined
// stylesheet's _cssText. A prefix is the page's own word too
// (xmlns:hannelore-quist): any other becomes its placeholder.
func knownAttrName(name string) bool {
	l := lowerASCII(name)
	if p, ok := strings.CutPrefix(l, "xmlns:"); ok {
		return isWellKnownPrefix(p)
	}
	return attrNamesKnown[l] || l == "xmlns" || l == "_csstext"
}

// isWellKnownPrefix reports whether p is a namespace prefix every page
// writes for the same namespace, in markup (xmlns:xlink) or in CSS
// (svg|rect): no word of the page's own.
func isWellKnownPrefix(p string) bool {
	return grInWords("xlink xml svg math mathml html xhtml", p, false)
}

// fontFamilyAttr maps the families of a font-family attribute (SVG's
// presentation attribute, <font face>, MathML's fontfamily) as the same
// list is mapped in a style sheet: a font named after a person is a name
// like any other, and the @font-face that defines it gets the same
// placeholder.
func (s *Session) fontFamilyAttr(v string) string {
	const decl = "font-family:"
	if out, ok := strings.CutPrefix(s.css(decl+v, false, false), decl); ok {
		return out
	}
	return maskedAttrValue(v)
}
