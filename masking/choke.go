package masking

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// field says what kind of string is leaving the engine.
type field uint8

const (
	fieldTag       field = iota // an element's tag name; n is the element
	fieldAttrName               // an attribute name; n is its element (nil in CSS)
	fieldDoctype                // a DOCTYPE part; name is "name", "public" or "system"; n is the doctype
	fieldToken                  // a word of the engine's own (event tags, payload keys, rules version)
	fieldText                   // the data of a text node
	fieldAttr                   // an attribute value; name is the attribute's name
	fieldInput                  // the live value of a form control (Input events)
	fieldCSSRule                // a rule inserted through the CSSOM
	fieldURL                    // the page's own URL (Meta, Navigate)
	fieldErrorName              // a page error's name ("TypeError")
	fieldErrorURL               // the script URL of a page error's stack frame
)

// out is Veil's choke point: every string that leaves the engine — text,
// attribute value, input value, style text, URL, names — passes through this
// one function, with the decision of the node it belongs to. ok is false when
// the string must not be sent at all (an attribute that is dropped).
//
// What a string is comes from one classifier (classify.go), keyed on the
// namespace, element and attribute it belongs to, never on how a tag is
// spelled; what the classifier does not know is masked. Whatever leaves in
// clear and is free-form passes the PII detectors (pii.go).
//
// Keep it that way: a second path that emits a string without calling out
// is exactly how session recorders leak.
func (s *Session) out(f field, d rules.Decision, n *capture.Node, name, v string) (masked string, ok bool) {
	switch f {
	case fieldTag:
		masked, ok = s.tagNameFor(&n.Node, elemClassOf(&n.Node)), true
	case fieldAttrName:
		masked, ok = s.attrNameFor(d, v), true
	case fieldDoctype:
		masked, ok = doctypePart(&n.Node, name), true
	case fieldToken:
		masked, ok = safeToken(v), true
	case fieldText:
		masked, ok = s.maskTextNode(d, n, v), true
	case fieldAttr:
		masked, ok = s.maskAttr(d, n, name, v)
	case fieldInput:
		masked, ok = s.inputValue(d, v), true
	case fieldCSSRule:
		masked, ok = s.css(v, !d.Record || d.Floor, false), true
	case fieldURL:
		masked, ok = s.navURL(v), true
	case fieldErrorName:
		masked, ok = errorName(v), true
	case fieldErrorURL:
		masked, ok = s.errorURL(v), true
	default:
		return "", false // fail closed on a field nobody taught out about
	}
	if !ok || masked != v {
		s.stats.Masked++
	}
	return masked, ok
}

// name is token under its former name, for callers that pass fixed words.
func (s *Session) name(v string) string { return s.token(v) }

// token passes a word of the engine's own through the choke point.
func (s *Session) token(v string) string {
	m, _ := s.out(fieldToken, rules.Decision{}, nil, "", v)
	return m
}

// safeToken keeps the engine's own words (letters, digits, '-', '_', '.',
// at most 64 bytes); anything else could smuggle text and is replaced.
func safeToken(v string) string {
	if len(v) > 64 {
		return "x-veil-token"
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return "x-veil-token"
		}
	}
	return v
}

func doctypePart(h *html.Node, part string) string {
	name, public, system := doctypeOut(h)
	switch part {
	case "name":
		return name
	case "public":
		return public
	case "system":
		return system
	}
	return ""
}

// pii runs the detectors over a string that leaves in clear and counts what
// they masked.
func (s *Session) pii(v string) string {
	m, hits := s.piis.scrub(v)
	s.stats.PII += hits
	return m
}

// piiTokens is pii for text a person reads (text nodes, titles, labels,
// revealed input values): secret tokens (pii_tokens.go: 16+ ASCII letters
// and digits, both present: API keys, JWT parts, reset codes) are masked
// too. Resource URLs are not read so: their content hashes look the same.
func (s *Session) piiTokens(v string) string {
	m, hits := maskSecretTokens(v, 0)
	m, q := maskQueryValues(m) // "…/track?name=Hannelore+Quist" shown as text
	s.stats.PII += hits + q
	return m
}

// url scrubs a URL (query values, fragment, credentials) and runs the
// detectors over its host name and over its path and what follows (paths
// carry account and order numbers; a host can be named by one:
// "4155552671.voicemail.example"); the scheme, the port and an IP address
// are kept as they are: "127.0.0.1" is an address, not an account.
func (s *Session) url(v string) string {
	u := scrubURL(v, s.set.AllowParam)
	i := urlPathStart(u)
	if h, e := urlHost(u[:i]); h < e {
		if p := s.pii(u[h:e]); p != u[h:e] {
			u = u[:h] + p + u[e:]
		}
	}
	if p := s.pii(u[i:]); p != u[i:] {
		return u[:i] + p
	}
	return u
}

// urlHost is where the host name of a scrubbed URL's authority (u up to
// its path) begins and ends, without the port; an empty span when there is
// none or it is an IP address.
func urlHost(u string) (start, end int) {
	k := strings.Index(u, "//")
	if k < 0 {
		return 0, 0
	}
	start, end = k+2, len(u)
	if at := strings.LastIndexByte(u[start:], '@'); at >= 0 {
		start += at + 1
	}
	if start < end && u[start] == '[' {
		return 0, 0 // IPv6
	}
	if c := strings.IndexByte(u[start:], ':'); c >= 0 {
		end = start + c
	}
	ip := true
	for _, c := range []byte(u[start:end]) {
		ip = ip && ('0' <= c && c <= '9' || c == '.')
	}
	if ip {
		return 0, 0
	}
	return start, end
}

// urlPathStart is where the path of a scrubbed URL begins: after
// "scheme://authority" or "//authority", else at 0 (a relative path, or a
// URL without a hierarchy whose scheme alone is left).
func urlPathStart(u string) int {
	rest, i := u, 0
	if c := strings.Index(u, ":"); c > 0 && !strings.ContainsAny(u[:c], "/?#") {
		rest, i = u[c+1:], c+1
	}
	if !strings.HasPrefix(rest, "//") {
		return i
	}
	end := strings.IndexByte(rest[2:], '/')
	if end < 0 {
		return len(u)
	}
	return i + 2 + end
}

// css masks style text; masked says the node is not recorded, linked that
// it is a linked sheet the recorder inlined (css_sheet_names.go).
func (s *Session) css(v string, masked, linked bool) string {
	n := sheetNames{s: s, linked: linked}
	p := cssPolicy{masked: masked, allowParam: s.set.AllowParam, scrub: s.pii, attrName: n.attrName, typeName: n.typeName, identName: n.ident}
	if !masked {
		p.hidesContent = s.hidesContent
	}
	p.droppedName = s.authorName
	p.people = s.maskPeople
	if s.idents.hash {
		p.authorName = s.authorName
		p.attrValue = n.attrValue
	}
	return maskCSSWith(v, p)
}

// maskTextNode masks the data of a text node according to where it is.
func (s *Session) maskTextNode(d rules.Decision, n *capture.Node, v string) string {
	if p := parentElement(n); p != nil {
		switch elemClassOf(p) {
		case elemCSS:
			return s.css(v, !d.Record || d.Floor, false)
		case elemInput:
			return s.inputValue(d, v) // a textarea's text and an option's label are input values
		}
	}
	switch {
	case d.InEditable && !d.EditableRevealed:
		return s.inputValue(rules.Decision{}, v) // typed, chosen, or once editable
	case d.Record && !d.Floor && !inSVGDefs(n):
		v = s.piiTokens(v)
		return s.piiColumn(n, v, s.piiText(n, v))
	}
	return s.text.mask(v)
}

// inSVGDefs reports whether text node n is inside an SVG <defs> or
// <symbol>: not drawn where it stands but where a <use> points at it, which
// may be inside a block or a mask the tree does not see, so it is masked as
// in mask-all (style sheets, shapes and ids there are not text: they stay).
func inSVGDefs(n *capture.Node) bool {
	for p := n.Parent; p != nil && p.Type == html.ElementNode && p.Namespace == "svg"; p = p.Parent {
		if p.Data == "defs" || p.Data == "symbol" {
			return true
		}
	}
	return false
}

// revealed reports whether d shows a control's input as typed: an allow
// rule reached the control itself, and neither the floor nor a block holds.
func revealed(d rules.Decision) bool { return d.RevealInput && !d.Floor && !d.Block }

// inputValue is the value of a control: as typed only where an allow rule
// revealed that very control (still through the detectors), else the fixed
// mask, so length never leaks.
func (s *Session) inputValue(d rules.Decision, v string) string {
	if revealed(d) {
		return s.pii(s.piiTokens(v))
	}
	if isBlank(v) {
		return v
	}
	return inputMask
}

// maskAttr decides one attribute value; ok false drops the attribute.
func (s *Session) maskAttr(d rules.Decision, n *capture.Node, name, v string) (string, bool) {
	h := &n.Node
	if hasFoldPrefix(name, "data-veil-") {
		// Markup for Veil itself: presence matters, not the value. The
		// labels' text the recorder reports (capture.LabelAttr) only
		// decided the floor, a frame's URL (capture.FrameURLAttr) only
		// whether it is recorded, an edited sheet's mark
		// (capture.SheetEditedAttr) and its URL (capture.SheetURLAttr) only
		// what its names are; none is part of the page.
		return "", !asciiEqualFold(name, capture.LabelAttr) && !asciiEqualFold(name, capture.FrameURLAttr) &&
			!asciiEqualFold(name, capture.SheetEditedAttr) && !asciiEqualFold(name, capture.SheetURLAttr)
	}
	if asciiEqualFold(name, "_csstext") {
		// a same-origin stylesheet the observer inlined, as rrweb does: the
		// sheet's CSS, recorded where the node's text is. The recorder
		// writes it on <link> only; elsewhere it is the page's own
		// attribute, which must not pass for a site-wide sheet (whose
		// names stay in clear): masked as any unknown attribute.
		if h.Namespace != "" || !asciiEqualFold(h.Data, "link") {
			return maskedAttrValue(v), true
		}
		// Only a sheet fetched over http(s) names structural tokens.
		return s.css(v, !d.Record || d.Floor || d.Block, s.siteSheet(h, v)), true
	}
	c := s.attrClassOf(h, name)
	if c.class == classNever {
		return "", false
	}
	isHTML := h.Namespace == ""
	if isHTML && asciiEqualFold(h.Data, "meta") && asciiEqualFold(name, "content") {
		// meta content other than the viewport is never recorded (it holds
		// refresh URLs, verification tokens, descriptions)
		if asciiEqualFold(getAttrFold(h, "name"), "viewport") && viewportContent(v) {
			return v, true
		}
		return "", false
	}
	if c.class == classInput && isButtonLabel(h, name) && !d.Floor && !has(n, bitStickyValue) {
		c = attrClass{class: classText} // a button-like input shows its value as its label
	}
	if presenceIsInput(c, name) {
		return v, revealed(d) // the state itself is the input value
	}
	if c.class == classInput || (d.Floor && asciiEqualFold(name, "value")) {
		// what a person typed or chose; the floor holds whatever the type
		// became and whatever attributes.allow says
		return s.inputValue(d, v), true
	}
	if s.echoesValue(d, n, name, v) {
		return s.inputValue(d, v), true // the control's value, copied (control_echo.go)
	}
	policy := s.set.Attr(name)
	if policy == rules.AttrMask {
		return maskedAttrValue(v), true
	}
	// Free text inside what a person typed or chose (a customizable
	// select's option images, an editing host's links) is input content.
	inInput := d.InEditable && !d.EditableRevealed
	keep := !d.Block && !d.Floor && !inInput && (d.Record || policy == rules.AttrKeep)
	switch c.class {
	case classCSS:
		return s.css(v, !keep, false), true
	case classSrcset:
		if keep {
			return s.pii(scrubSrcset(v, s.set.AllowParam)), true
		}
		return "", false
	case classURL:
		// A stylesheet link and the document's base URL are kept (scrubbed)
		// everywhere: without them a replay loses its styling, or resolves
		// the kept relative URLs against the wrong place. Only <base href>
		// is that URL: its itemid or xml:base is the page's data as
		// anywhere else.
		base := isHTML && !d.Block && asciiEqualFold(h.Data, "base") && asciiEqualFold(name, "href")
		if (keep || base) && (navigates(h.Namespace, h.Data, name) || isHTML && asciiEqualFold(h.Data, "link") && !isStylesheet(h)) {
			// shown or followed, never fetched to render (a canonical or
			// alternate link often repeats the page URL): path tokens go too
			return s.navURL(v), true
		}
		if keep {
			return s.url(v), true
		}
		if isHTML && !d.Block && asciiEqualFold(h.Data, "link") && asciiEqualFold(name, "href") && isStylesheet(h) {
			return s.sheetURL(v), true // (a sheet's itemid or xml:base is no sheet's URL)
		}
		if sizeMatters(h) || asciiEqualFold(name, "poster") || asciiEqualFold(name, "background") || isImageURL(h, name) {
			return "", false // media: a same-size placeholder instead of a broken fetch
		}
		return maskedAttrValue(v), true
	case classFragment:
		// <use href="#icon-checked">: an icon drawn for the choice
		if c.valid(v) && (revealed(d) || !hasChoiceWord(v, false)) {
			return s.pii(s.fragmentOut(keep, v, false)), true // a same-document reference: icons and sprites keep working
		}
		if keep {
			return s.url(v), true
		}
		return maskedAttrValue(v), true
	case classKeyword, classKeywords, classNumber, classGeometry, classColor, classBoolean:
		recorded := !d.Block && !d.Floor && (d.Record || policy == rules.AttrKeep)
		if c.valid(v) && (keep || c.bound && recorded || !c.drawn && !c.bound) {
			if c.class == classColor {
				v = s.fragmentOut(keep, v, true) // url(#id) paint names an id
			} else if c.gram == gramFontFamily && s.idents.hash {
				v = s.fontFamilyAttr(v)
			}
			if c.class == classNumber || c.class == classGeometry || c.class == classColor {
				v = capFractions(v) // no card number after "0." (number_cap.go)
			}
			return v, true // the grammar leaves no room for free text
		}
		return maskedAttrValue(v), true
	case classIdent:
		if asciiEqualFold(name, "class") && !revealed(d) {
			v = dropChoiceClasses(h, v)
		}
		if asciiEqualFold(name, "is") {
			// names a custom element: out as the element's name would be,
			// so that button[is=…] in a sheet still matches (cssTypeName)
			return s.cssTypeName(v, cssTypeSelector, false), true
		}
		if c.valid(v) {
			if asciiEqualFold(name, "attributeName") {
				v = s.attrNameFor(d, v) // the name the animated attribute goes out under (names_attrs.go)
			} else if !notIdentToken(name) {
				v = s.identsOut(keep, v) // a token no stylesheet or rule names is hashed
			}
			return s.pii(v), true
		}
		return maskedAttrValue(v), true
	case classText:
		if keep && hasFoldPrefix(name, "data-") && hasChoiceWord(v, true) {
			return s.inputValue(d, v), true // data-state="checked"
		}
		if keep {
			// read where the element stands, as its text is: a label before
			// it names what a tooltip, an accessible name or a sort key
			// repeats ("Name: <span title=\"Hannelore Quist\">…")
			return s.piiText(n, s.piiTokens(v)), true
		}
		if isButtonLabel(h, name) {
			return maskText(v), true // keeps the button's width
		}
		return maskedAttrValue(v), true
	}
	// classUnknown: masked unless attributes.allow names it
	if policy == rules.AttrKeep && !d.Block && !d.Floor && !inInput {
		return s.pii(v), true
	}
	return maskedAttrValue(v), true
}

// presenceIsInput reports whether an attribute of class c says by its
// presence what a person chose: checked and selected of a control or an
// option, and checked, selected, indeterminate and pressed where the
// classifier does not know them — a custom element's reflected state
// (<md-checkbox checked>, <sl-option selected>), whose empty value a mask
// would leave as it is. Such an attribute is dropped unless the input is
// revealed, and so is its removal (Session.attributeChanges).
func presenceIsInput(c attrClass, name string) bool {
	switch c.class {
	case classInput:
		// aria-checked and its kin too: widgets set them when chosen and
		// remove them when not, so their presence is the choice however
		// their value is masked
		return grInWords("checked selected aria-checked aria-pressed aria-selected", name, false)
	case classUnknown:
		return grInWords("checked selected indeterminate pressed", name, false)
	case classText:
		return hasFoldPrefix(name, "data-") && hasChoiceWord(name[len("data-"):], false) // data-checked
	}
	return false
}

// attrClassOf is the class of h's attribute name, as the masker and the
// mutation path (an attribute's removal) must both see it.
//
//go:noinline
func (s *Session) attrClassOf(h *html.Node, name string) attrClass {
	c := s.classes.classify(h.Namespace, h.Data, name)
	if c.class == classInput && asciiEqualFold(name, "aria-selected") && isTab(h) {
		c = selectedTab // where one is among tabs, not what one chose
	}
	return c
}

// selectedTab is aria-selected's class on a tab: a keyword.
var selectedTab = attrClass{class: classKeyword, keywords: []string{"true", "false", "undefined"}}

// isTab reports whether h's role, as browsers take it, is tab (a change of role re-emits the node: dependentAttr).
func isTab(h *html.Node) bool { return asciiEqualFold(roleOf(h), "tab") }

// roleOf is h's role as browsers take it: the first token that names a
// role they know, skipping the others (role="toggle switch" is a switch,
// role="widget slider" a slider).
func roleOf(h *html.Node) string {
	role := getAttrFold(h, "role")
	for i := 0; i < len(role); {
		j := i
		for j < len(role) && !isHTMLSpace(role[j]) {
			j++
		}
		if grInWords(wordsRole, role[i:j], false) {
			return role[i:j]
		}
		i = j + 1
	}
	return ""
}

// isButtonLabel: the value of an input whose type, parsed as browsers parse
// it (the exact keyword, ASCII case-insensitive, no trimming), makes it a
// button. " submit" or "submİt" is a text field. Type attributes whose names
// differ only in case ("type" and "TYPE", which a replayer's setAttribute
// folds into one) must all say button.
func isButtonLabel(h *html.Node, name string) bool {
	if h.Namespace != "" || !asciiEqualFold(h.Data, "input") || !asciiEqualFold(name, "value") {
		return false
	}
	button := false
	for _, a := range h.Attr {
		if a.Namespace != "" || !asciiEqualFold(a.Key, "type") {
			continue
		}
		t := a.Val
		if !(asciiEqualFold(t, "submit") || asciiEqualFold(t, "button") || asciiEqualFold(t, "reset") || asciiEqualFold(t, "image")) {
			return false
		}
		button = true
	}
	return button
}

func isStylesheet(h *html.Node) bool {
	rel := getAttrFold(h, "rel")
	for len(rel) > 0 {
		i := 0
		for i < len(rel) && !isHTMLSpace(rel[i]) {
			i++
		}
		if asciiEqualFold(rel[:i], "stylesheet") {
			return true
		}
		for i < len(rel) && isHTMLSpace(rel[i]) {
			i++
		}
		rel = rel[i:]
	}
	return false
}

// viewportContent accepts the meta viewport grammar: comma- or
// semicolon-separated key=value pairs with known keys and number or keyword
// values.
func viewportContent(v string) bool {
	if len(v) > 256 || hasPII(v) { // numbers that are data, not a layout
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '=' || c == ',' || c == ';' || c == ' ') {
			return false
		}
	}
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
		k, val, _ := strings.Cut(trimHTMLSpace(part), "=")
		k, val = trimHTMLSpace(k), trimHTMLSpace(val)
		switch {
		case k == "":
		case asciiEqualFold(k, "width"), asciiEqualFold(k, "height"), asciiEqualFold(k, "initial-scale"),
			asciiEqualFold(k, "minimum-scale"), asciiEqualFold(k, "maximum-scale"), asciiEqualFold(k, "user-scalable"),
			asciiEqualFold(k, "viewport-fit"), asciiEqualFold(k, "interactive-widget"), asciiEqualFold(k, "shrink-to-fit"):
			if len(val) > 24 || !viewportValue(val) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// viewportValue accepts a value of the viewport grammar: a number or one of
// its keywords. Any other word (width=hannelore) is the page's, not a
// layout's.
func viewportValue(v string) bool {
	if grInWords("device-width device-height yes no auto cover contain true false "+
		"resizes-visual resizes-content overlays-content", v, false) {
		return true
	}
	dot := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case '0' <= c && c <= '9':
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return true
}

// maskedAttrValue is the fixed mask of an attribute value; empty stays empty.
func maskedAttrValue(v string) string {
	if v == "" {
		return ""
	}
	return inputMask
}
