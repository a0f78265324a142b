package rules

import (
	"strings"

	"golang.org/x/net/html"
)

// kind bits say which list a selector came from.
const (
	kindBlock uint8 = 1 << iota
	kindMask
	kindAllow
	kindHide
)

type entry struct {
	sel  *complexSel
	kind uint8
}

// index buckets selectors by a simple selector their rightmost compound
// requires, so that an element is only tested against selectors that can
// match it. Keys are ASCII-lowercased and looked up ASCII-lowercased (type
// selectors and foreign attribute names match case-insensitively, and class
// and id do in quirks mode): a bucket may hold selectors that then fail to
// match, never miss one that matches.
type index struct {
	always                 []entry
	tag, id, class, attr   map[string][]entry
	hasID, hasClass, anyAt bool
}

func (x *index) add(sel *complexSel, kind uint8, info selInfo) {
	e := entry{sel: sel, kind: kind}
	var m *map[string][]entry
	switch info.kind {
	case keyTag:
		m = &x.tag
	case keyID:
		m, x.hasID = &x.id, true
	case keyClass:
		m, x.hasClass = &x.class, true
	case keyAttr:
		m, x.anyAt = &x.attr, true
	default:
		x.always = append(x.always, e)
		return
	}
	if *m == nil {
		*m = make(map[string][]entry)
	}
	(*m)[info.key] = append((*m)[info.key], e)
}

// facts are the attributes Decide needs besides selector matches, gathered
// in the same pass over n.Attr. Attributes whose names differ only in case
// (setAttributeNS(null, "TYPE"), or a stored recording that carries both)
// are one attribute to a replayer's setAttribute, so each fact takes the
// stricter reading of all of them.
type facts struct {
	floorType     bool // some type attribute names a floor type
	floorComplete bool // some autocomplete attribute names a floor token
	floorName     bool // some name, id, aria-label, placeholder, title, class or label (data-veil-label) names a floor field, or its style hides its text
	control       bool // set by the caller: n is a control whose name is read (floorName)
	editable      bool // some contenteditable attribute makes an editing host
	discs         bool // its style attribute may draw its text as discs (styleHidesText)
	// oneChar and digits: a control that takes one character (maxlength
	// 1) and asks for digits (inputmode numeric, decimal or tel; type
	// number or tel; a pattern of digits) is one box of a one-time code or
	// PIN split over several: each holds a digit no detector sees.
	oneChar, digits bool
}

// match returns the kinds (among want) of the selectors and data-veil-*
// markup that match element n.
func (x *index) match(n *html.Node, want uint8, f *facts) uint8 {
	var got uint8
	var c matchCtx
	for i := range n.Attr {
		a := &n.Attr[i]
		// The names below differ in length or spelling, so at most one
		// matches; the length picks the candidates without a call each.
		switch len(a.Key) {
		case len("type"): // also name
			if equalFold(a.Key, "type") {
				f.floorType = f.floorType || floorType(a.Val)
				f.noteDigitBox(a)
			} else if f.control && equalFold(a.Key, "name") {
				f.floorName = f.floorName || floorName(a.Val)
			} else if equalFold(a.Key, "role") {
				f.editable = f.editable || RoleTakesInput(a.Val)
			}
		case len("id"):
			if f.control && equalFold(a.Key, "id") {
				f.floorName = f.floorName || floorName(a.Val)
			}
		case len("aria-label"):
			if f.control && equalFold(a.Key, "aria-label") {
				f.floorName = f.floorName || floorName(a.Val)
			}
		case len("placeholder"):
			if f.control && equalFold(a.Key, "placeholder") {
				f.floorName = f.floorName || floorName(a.Val)
			}
		case len("style"): // also title, class
			switch {
			case equalFold(a.Key, "style"):
				f.editable = f.editable || StyleEditable(a.Val)
				f.discs = f.discs || styleHidesText(a.Val)
			case f.control && (equalFold(a.Key, "title") || equalFold(a.Key, "class")):
				f.floorName = f.floorName || floorName(a.Val)
			}
		case len("maxlength"), len("pattern"): // also inputmode
			if f.control {
				f.noteDigitBox(a)
			}
		case len("autocomplete"):
			if equalFold(a.Key, "autocomplete") {
				f.floorComplete = f.floorComplete || floorAutocomplete(a.Val)
			}
		case len("data-veil-mask"):
			if equalFold(a.Key, "data-veil-mask") {
				got |= kindMask
			}
		case len("data-veil-block"): // also data-veil-allow, data-veil-label, contenteditable
			switch {
			case f.control && equalFold(a.Key, "data-veil-label"):
				f.floorName = f.floorName || floorName(a.Val)
			case equalFold(a.Key, "data-veil-block"):
				got |= kindBlock
			case equalFold(a.Key, "data-veil-allow"):
				got |= kindAllow
			case equalFold(a.Key, "contenteditable"):
				f.editable = f.editable || EditableValue(a.Val)
			}
		}
		got &= want
		if got == want {
			continue
		}
		switch {
		case x.hasID && a.Key == "id":
			got = test(&c, lookup(x.id, a.Val), n, want, got)
		case x.hasClass && a.Key == "class":
			got = x.classes(&c, a.Val, n, want, got)
		}
		if x.anyAt {
			got = test(&c, lookup(x.attr, a.Key), n, want, got)
		}
	}
	got &= want
	if got != want {
		got = test(&c, lookup(x.tag, n.Data), n, want, got)
		got = test(&c, x.always, n, want, got)
	}
	return got
}

func (x *index) classes(c *matchCtx, v string, n *html.Node, want, got uint8) uint8 {
	for len(v) > 0 && got != want {
		i := 0
		for i < len(v) && !isSpace(v[i]) {
			i++
		}
		if i > 0 {
			got = test(c, lookup(x.class, v[:i]), n, want, got)
		}
		if i < len(v) {
			i++
		}
		v = v[i:]
	}
	return got
}

// lookup finds key's bucket ASCII case-insensitively (buckets are keyed in
// lowercase), without allocating for keys of up to 64 bytes.
func lookup(m map[string][]entry, key string) []entry {
	if m == nil {
		return nil
	}
	upper := false
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= 'A' && c <= 'Z' {
			upper = true
			break
		}
	}
	if !upper {
		return m[key]
	}
	var buf [64]byte
	b := append(buf[:0], key...)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return m[string(b)]
}

func test(c *matchCtx, es []entry, n *html.Node, want, got uint8) uint8 {
	for _, e := range es {
		if e.kind&want&^got != 0 && e.sel.matchAt(c, len(e.sel.parts)-1, n, nil) {
			got |= e.kind
			if got == want {
				break
			}
		}
	}
	return got
}

// isSpace is HTML's ASCII whitespace, as cascadia splits class lists.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// equalFold is not inlined: its 22 inlined copies cost about 1 KiB brotli in
// the WebAssembly engine.
//
//go:noinline
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		c, d := a[i], b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if d >= 'A' && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

// EditableValue reports whether v, a contenteditable attribute's value,
// makes its element an editing host ("", "true", "plaintext-only", ASCII
// case-insensitive; trimmed, which can only make more hosts: more masking).
// The masking session asks it too, so both agree on what is editable.
func EditableValue(v string) bool {
	v = trimSpace(v)
	return v == "" || equalFold(v, "true") || equalFold(v, "plaintext-only")
}

// RoleTakesInput reports whether v, a role attribute's value, names (among
// its tokens, ASCII case-insensitive) a widget whose content is what a
// person types or chooses, as <input>, <select> and <datalist> hold it: a
// textbox, searchbox, spinbutton, combobox (the option chosen, shown in its
// box), listbox (the options, often suggestions echoing what was typed) or
// slider (the value chosen, drawn as aria-valuetext says it, as
// <input type=range> holds it).
// Such an element is an editing host to the rules: its text is an input
// value. The masking session asks it too.
func RoleTakesInput(v string) bool {
	for _, w := range strings.Fields(v) {
		switch {
		case equalFold(w, "textbox"), equalFold(w, "searchbox"), equalFold(w, "spinbutton"),
			equalFold(w, "combobox"), equalFold(w, "listbox"), equalFold(w, "slider"):
			return true
		}
	}
	return false
}

// StyleEditable reports whether a style attribute makes its element an
// editing host without contenteditable: Chromium and WebKit still honour
// "-webkit-user-modify: read-write" (and read-write-plaintext-only). Any
// style that names both "user-modify" and "read-write" (ASCII
// case-insensitive) counts, which can only make more hosts. A stylesheet
// rule that does the same is not seen here: the recorder writes
// contenteditable="true" onto such a host while it is edited, as it does
// for designMode and EditContext (js-shim/src/mutations.js, markEditing).
func StyleEditable(style string) bool {
	return containsFold(style, "user-modify") && containsFold(style, "read-write")
}

// styleHidesText reports whether a style attribute may draw the element's
// text as discs (-webkit-text-security, or a font of discs: the
// text-security fonts, "password" fonts): a text field made to look like a
// password field, as sites do to keep password managers away, is one to
// the person typing, so it is on the floor; other text so drawn (a
// recovery code, an account number shown as dots) is masked, with what is
// under it, since the property is inherited. Any mention counts (": none"
// too), and so does any backslash, since an escape can spell the property
// (te\78t-security): masking more never leaks.
func styleHidesText(style string) bool {
	return containsFold(style, "text-security") || containsFold(style, "password") || containsFold(style, "\\")
}

// containsFold reports whether s contains the lowercase ASCII word w,
// ASCII case-insensitively.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if equalFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

func trimSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// noteDigitBox notes what a (type, maxlength, inputmode or pattern) says of
// a control being one box of a split code: oneChar, digits. Not inlined: a
// rare attribute of the hot path's switch.
//
//go:noinline
func (f *facts) noteDigitBox(a *html.Attribute) {
	v := trimSpace(a.Val)
	switch {
	case equalFold(a.Key, "type"):
		f.digits = f.digits || equalFold(v, "number") || equalFold(v, "tel")
	case equalFold(a.Key, "maxlength"):
		f.oneChar = f.oneChar || v == "1"
	case equalFold(a.Key, "inputmode"):
		f.digits = f.digits || equalFold(v, "numeric") || equalFold(v, "decimal") || equalFold(v, "tel")
	case equalFold(a.Key, "pattern"):
		f.digits = f.digits || strings.Contains(a.Val, `\d`) || strings.Contains(a.Val, "0-9")
	}
}
