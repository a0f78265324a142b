package masking

// A page script may edit a site's linked sheet through the CSSOM before the
// recorder loads (insertRule('#user-hannelore-quist{}'), a selectorText
// rewritten, deleteRule then insertRule): nothing in the DOM shows it, and
// the recorder inlines the rules the CSSOM holds as the site-wide sheet's,
// whose names stay in clear. In the browser the engine's worker therefore
// fetches each inlined sheet's URL again (from the HTTP cache as a rule)
// and hands its text to SheetSource; a linked sheet counts as site-wide
// only when every name its inlined text would keep in clear is one that
// text holds, read by this masker's own tokenizer, so that comments,
// whitespace, escapes and the CSSOM's way of writing rules make no
// difference. A sheet not checked (yet), a failed or timed-out fetch, or a
// name the source lacks: the sheet maps its names as a <style>'s. A name
// so hashed stays hashed for the session (identTable), whatever a later
// check finds.

// maxSheetSources bounds the sheets a session remembers; maxSheetNames the
// names of one sheet. Past either, a sheet is not site-wide (fail closed).
const (
	maxSheetSources = 256
	maxSheetNames   = 1 << 16
)

// sheetChecks holds the names of the sheets' texts as their servers sent
// them, by URL; nil names: the fetch failed.
type sheetChecks struct {
	sources map[string]*sheetNameSet
}

// sheetNameSet holds what maskCSSWith hands a linked sheet's names policy:
// identifier tokens (class and id selectors, attribute-selector values),
// element names and attribute names, the last two folded to lower case as
// HTML matches them.
type sheetNameSet struct {
	kinds [sheetNameKinds]map[string]struct{}
	n     int
}

const (
	sheetIdent = iota
	sheetType
	sheetAttr
	sheetValue
	sheetNameKinds
)

// CheckSheets makes the session trust a linked sheet's names only once its
// server's text, handed to SheetSource, holds them all. The browser's engine
// calls it; a recording masked again at playback, or a page previewed from
// its HTML, has no CSSOM a script could have edited.
func (s *Session) CheckSheets() {
	if s.sheets == nil {
		s.sheets = &sheetChecks{sources: map[string]*sheetNameSet{}}
	}
}

// SheetSource records the text src the sheet at url has as its server sends
// it; ok false says the fetch failed or timed out. The first answer for a
// URL stands.
func (s *Session) SheetSource(url, src string, ok bool) {
	c := s.sheets
	if c == nil || len(c.sources) >= maxSheetSources {
		return
	}
	if _, seen := c.sources[url]; seen {
		return
	}
	var set *sheetNameSet
	if ok {
		set = &sheetNameSet{}
		if !set.read(src, true) {
			set = nil
		}
	}
	c.sources[url] = set
}

// holds reports whether css, the inlined text of a link whose one
// capture.SheetURLAttr (of n) is url, names nothing its server's text does
// not; true when the session checks no sheets.
func (c *sheetChecks) holds(url string, n int, css string) bool {
	if c == nil {
		return true
	}
	src := c.sources[url]
	return n == 1 && src != nil && src.read(css, false)
}

// read goes through every name css would have a linked sheet's names
// policy decide (css_sheet_names.go), decoded: with add set it adds them
// and reports whether they fit, else it reports whether n holds them all.
func (n *sheetNameSet) read(css string, add bool) bool {
	all := true
	note := func(kind int, name string) {
		m := n.kinds[kind]
		_, ok := m[name]
		switch {
		case ok:
		case !add || n.n >= maxSheetNames:
			all = false
		case m == nil:
			n.kinds[kind] = map[string]struct{}{name: {}}
			n.n++
		default:
			m[name] = struct{}{}
			n.n++
		}
	}
	maskCSSWith(css, cssPolicy{
		identName: func(tok string, _ bool) string {
			note(sheetIdent, tok)
			return tok
		},
		typeName: func(name string, _ cssTypeUse) string {
			note(sheetType, lowerASCII(name))
			return name
		},
		attrName: func(name string) string {
			note(sheetAttr, lowerASCII(name))
			return name
		},
		attrValue: func(attr string, _ byte, v string) (string, bool) {
			note(sheetAttr, lowerASCII(attr))
			note(sheetValue, v)
			return v, true
		},
	})
	return all
}
