package masking

import (
	"strings"

	"github.com/veil-replay/veil/rules"
)

// Identifier tokens carry data too: id="user-hannelore-quist",
// class="customer--jane-doe", for="email-jane", aria-labelledby, slot and
// part names pass every PII detector — a person's name is no pattern. In
// the modes that mask page text (mask-all, and allow-list outside what its
// rules reveal) a token is kept in clear only when it is structural: named
// by a class or id selector of a linked stylesheet the recorder inlined (a
// site-wide resource the session masked before), or by a selector of the
// session's own rules. A page's own sheets (a <style>, a CSSOM insert, an
// adopted sheet, a style attribute) may be written for one person, so they
// never decide a token kept (css_sheet_names.go). Any other token becomes a
// keyed-hash placeholder ("h" + 16 consonants, under the session's name
// key), and stylesheets get the same mapping, attribute selectors' values
// included, so CSS still matches and every reference (for=, headers,
// aria-*, list=, form=, popovertarget, <use href="#…">, url(#…) paint, slot
// and part names) still points where it did.
//
// A token's fate is decided once per session and sticks: a stylesheet that
// arrives later and names an already hashed token gets the placeholder in
// its selector; a token first named by a linked sheet stays in clear
// everywhere. Block-list records page text in clear by design and keeps
// every token as before.
type identTable struct {
	hash bool            // the mode masks page text (not block-list)
	seen map[string]bool // decided tokens: kept (true) or hashed (false)
	// names are the decided element (elementNameKey) and attribute
	// (attrNameKey) names: see structuralName.
	names [2]map[string]bool
	// memo remembers what a value outside revealed nodes became: its
	// tokens' decisions stick, so it stays what it became (pages repeat
	// their class lists), and a lookup builds no string.
	memo map[string]string
}

// maxIdentTable bounds the decisions remembered; once full, every token not
// yet decided is hashed (in markup and in stylesheets alike, so they stay
// consistent: the hash needs no memory).
const maxIdentTable = 1 << 15

// identPlaceholderLen is the length of "h" + 16 letters.
const identPlaceholderLen = 17

// newIdentTable decides the tokens the rules' selectors name as kept: a
// rule's own words are no data the page holds about a person, and a
// playback rule written with them keeps matching.
func newIdentTable(set *rules.Set) identTable {
	t := identTable{hash: set.Mode() != rules.ModeBlockList}
	if !t.hash {
		return t
	}
	r := set.Rules()
	for _, list := range [][]string{r.Allow, r.Mask, r.Block, r.HideInteractions} {
		for _, sel := range list {
			selectorTokens(sel, func(tok string) {
				switch tok[0] {
				case elementNameKey[0], attrNameKey[0]:
					decide(&t.names[tok[0]-1], tok[1:], true)
				default:
					t.decide(tok, true)
				}
			})
		}
	}
	return t
}

// selectorTokens calls fn with every token a rule's selector names: class
// and id names, as the masker finds them in a page's stylesheet, and the
// words of attribute selectors' values ([name=pin], [aria-controls~=menu]).
func selectorTokens(sel string, fn func(tok string)) {
	maskCSSWith(sel+"{}", cssPolicy{identName: func(tok string, named bool) string {
		fn(tok)
		return tok
	}, typeName: func(name string, _ cssTypeUse) string {
		fn(elementNameKey + lowerASCII(name)) // as structuralName keys an element name
		return name
	}, attrName: func(name string) string {
		fn(attrNameKey + lowerASCII(name))
		return name
	}})
	for i := 0; i < len(sel); i++ {
		if sel[i] != '=' {
			continue
		}
		j := i + 1
		for j < len(sel) && sel[j] == ' ' {
			j++
		}
		end := byte(']')
		if j < len(sel) && (sel[j] == '"' || sel[j] == '\'') {
			end = sel[j]
			j++
		}
		k := j
		for k < len(sel) && sel[k] != end && (end != ']' || sel[k] != ' ') {
			k++
		}
		for _, w := range strings.Fields(sel[j:k]) {
			fn(w)
		}
		i = k
	}
}

// decide returns whether tok is kept, deciding it as kept (true) or not
// when it is new; ok is false when the table is full and tok is new.
func (t *identTable) decide(tok string, kept bool) bool { return decide(&t.seen, tok, kept) }

// decide is identTable.decide on one of its maps.
func decide(seen *map[string]bool, tok string, kept bool) bool {
	if k, ok := (*seen)[tok]; ok {
		return k
	}
	if len(*seen) >= maxIdentTable {
		return false
	}
	if *seen == nil {
		*seen = map[string]bool{}
	}
	(*seen)[tok] = kept
	return kept
}

// identToken is what one identifier token becomes; named says a linked
// stylesheet's selector (or a rule) names it, which makes a new token
// structural.
func (s *Session) identToken(tok string, named bool) string {
	if s.lost != nil {
		s.lost.sawToken("", tok) // as the recording shows it
	}
	if !s.idents.hash || isIdentPlaceholder(tok) || maskedName(tok) || grInWords(keptIdentWords, tok, false) {
		return tok
	}
	if s.idents.decide(tok, named) {
		return tok
	}
	return s.names.placeholder("h", tok)
}

// keptIdentWords are the keywords identifier attributes take besides names:
// browsing contexts of target=, and the inputs of SVG filter primitives.
const keptIdentWords = "_blank _self _parent _top _unfencedTop SourceGraphic SourceAlpha BackgroundImage BackgroundAlpha FillPaint StrokePaint"

// isIdentPlaceholder reports whether tok has the shape of an identifier
// placeholder: a recording masked again (at playback) keeps them, so a
// replay shows the same tokens every time and CSS keeps matching.
func isIdentPlaceholder(tok string) bool {
	if len(tok) != identPlaceholderLen || tok[0] != 'h' {
		return false
	}
	for i := 1; i < len(tok); i++ {
		if !isPlaceholderLetter(tok[i]) {
			return false
		}
	}
	return true
}

// identsOut maps the whitespace-separated tokens of an identifier
// attribute's value (id, class, for, headers, aria-labelledby, …). Where
// the rules reveal the node (keep), tokens stay in clear as the page shows
// them, and a new one is decided kept: it is in the recording anyway, and
// playback rules must go on matching revealed content.
func (s *Session) identsOut(keep bool, v string) string {
	if !s.idents.hash && s.lost == nil {
		return v
	}
	if !keep {
		if m, ok := s.idents.memo[v]; ok {
			return m
		}
	}
	var out []byte
	last := 0
	for i := 0; i < len(v); {
		for i < len(v) && isHTMLSpace(v[i]) {
			i++
		}
		j := i
		for j < len(v) && !isHTMLSpace(v[j]) {
			j++
		}
		if i == j {
			break
		}
		tok := v[i:j]
		if s.lost != nil {
			s.lost.sawToken("", tok) // as the recording shows it
		}
		if !s.idents.hash {
		} else if keep {
			s.idents.decide(tok, true)
		} else if m := s.identToken(tok, false); m != tok {
			out = append(append(out, v[last:i]...), m...)
			last = j
		}
		i = j
	}
	m := v
	if out != nil {
		m = string(append(out, v[last:]...))
	}
	if !keep && s.idents.hash {
		if s.idents.memo == nil {
			s.idents.memo = map[string]string{}
		}
		if len(s.idents.memo) < maxNameCache {
			s.idents.memo[v] = m
		}
	}
	return m
}

// fragmentOut maps the id a same-document reference names: "#id" or
// "url(#id)" (quoted or not); paint is set for a colour attribute, whose
// "#…" is a colour and only url(#id) names an id.
func (s *Session) fragmentOut(keep bool, v string, paint bool) string {
	if !s.idents.hash {
		return v
	}
	i := 0
	for i < len(v) && v[i] != '#' {
		i++
	}
	if i == len(v) || paint && !hasURLFunction(grTrim(v)) {
		return v
	}
	j := i + 1
	for j < len(v) && v[j] != ')' && v[j] != '"' && v[j] != '\'' && !isHTMLSpace(v[j]) {
		j++
	}
	if m := s.identsOut(keep, v[i+1:j]); m != v[i+1:j] {
		return v[:i+1] + m + v[j:]
	}
	return v
}

// notIdentToken reports whether an identifier-class attribute holds no
// page-chosen token: is= (a custom element's name, kept as element names
// are) and SMIL's attributeName (an attribute's name). MathML's cd names a
// content dictionary the page chooses, which may be any word
// (cd="hannelore"): a token like an id's, hashed unless a sheet or a rule
// names it.
func notIdentToken(attr string) bool {
	return grInWords("is attributeName", attr, false)
}

// authorName is the placeholder of a name a style sheet's author defines
// (css_idents.go): "h" + 16 letters, after "--" for a dashed name. A
// placeholder stays itself, so a recording masked again keeps its names.
func (s *Session) authorName(name string) string {
	rest, dashed := strings.CutPrefix(name, "--")
	switch {
	case isIdentPlaceholder(rest), maskedName(rest):
		return name
	case dashed:
		return "--" + s.names.placeholder("h", name)
	}
	return s.names.placeholder("h", name)
}

// maskedName reports whether a name is masked already: '*' only (a value
// masked whole, a CSS name written as escaped '*'). Masking a recording
// again leaves it so, as it leaves placeholders.
func maskedName(v string) bool {
	return v != "" && strings.Trim(v, "*") == ""
}

// structuralName is the decision for a custom element name (kind "<") or a
// data-* attribute name (kind "@") in mask-all and allow-list, made once per
// session like a token's: kept when a linked sheet's selector (named) or a
// rule names it first, else replaced by its name placeholder — in the
// elements and in every selector alike, so the CSS still matches. Names
// fold ASCII case, as HTML's do; placeholders and Veil's own markup
// (veilMarkName) stay.
func (s *Session) structuralName(kind, name string, named bool) bool {
	if s.lost != nil {
		s.lost.sawToken(kind, lowerASCII(name)) // as the recording shows it
	}
	if !s.idents.hash || isNamePlaceholder(name) || kind == attrNameKey && veilMarkName(name) {
		return true
	}
	return decide(&s.idents.names[kind[0]-1], lowerASCII(name), named)
}

// veilMarkName reports whether name is markup for Veil itself that a replay
// or a playback rule reads: data-veil-mask, data-veil-allow, data-veil-block.
// Any other name under the prefix is the page's own word, which a script may
// build from a person's name (data-veil-hannelore-quist), and is decided as
// other data-* names are.
func veilMarkName(name string) bool {
	return asciiEqualFold(name, "data-veil-mask") || asciiEqualFold(name, "data-veil-allow") ||
		asciiEqualFold(name, "data-veil-block")
}

// elementNameKey and attrNameKey start the keys of names in identTable: no
// token holds a control character.
const (
	elementNameKey = "\x01"
	attrNameKey    = "\x02"
)

// isNamePlaceholder reports whether name has the shape of a name
// placeholder ("x-h" or "data-h" + 16 consonants): a recording masked
// again keeps it.
func isNamePlaceholder(name string) bool {
	for _, p := range [...]string{"x-", "data-"} {
		if rest, ok := strings.CutPrefix(name, p); ok && isIdentPlaceholder(rest) {
			return true
		}
	}
	return false
}
