package masking

// valueClass is what an attribute's value is, decided by (namespace,
// element, attribute) alone. STUB: the table and grammars are being written.
type valueClass uint8

const (
	classUnknown  valueClass = iota // not in the table: masked in every mode
	classNever                      // never recorded: the attribute is dropped (on*, srcdoc, nonce, ...)
	classText                       // free text: recorded only where the node's text is recorded
	classInput                      // what a person typed or chose (value of a text field, option label)
	classCSS                        // style text
	classURL                        // one URL: scrubbed
	classSrcset                     // a srcset candidate list
	classKeyword                    // one keyword from the attribute's list (ASCII case-insensitive)
	classKeywords                   // space-separated keywords from the attribute's list
	classNumber                     // number, length, percentage, or a list of them
	classGeometry                   // SVG path data, points, transform, viewBox
	classColor                      // a colour or SVG paint (url(#id) allowed, other url() not)
	classFragment                   // a same-document reference: #id or url(#id)
	classIdent                      // identifiers: id, class, for, name, slot, ARIA id references
	classBoolean                    // presence matters: kept when "" or equal to the name, else masked
)

// attrClass is the classification of one attribute.
type attrClass struct {
	class    valueClass
	keywords []string // classKeyword, classKeywords: the allowed words, lowercase
}

// classifyAttr names the class of attribute name on element tag in
// namespace ns ("" HTML, "svg", "math"), as the mirror spells them.
func classifyAttr(ns, tag, name string) attrClass { return attrClass{} }

// valid reports whether v matches the class's grammar, so it may be kept.
func (c attrClass) valid(v string) bool { return false }

// elemClass is what an element is.
type elemClass uint8

const (
	elemUnknown   elemClass = iota // not a known HTML/SVG/MathML element
	elemKnown                      // a known element, nothing special about its content
	elemCustom                     // a valid custom element name (HTML namespace, contains '-')
	elemNever                      // never recorded with its content: script (any namespace)
	elemChildless                  // recorded, its content never: noscript, template, iframe, canvas
	elemCSS                        // its text is CSS: style (any namespace)
	elemInput                      // its content is an input value: textarea, select, option, optgroup, datalist, selectedcontent
)

// classifyElement names the class of element tag in namespace ns.
func classifyElement(ns, tag string) elemClass { return elemUnknown }
