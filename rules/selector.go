package rules

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// keyKind names the simple selector an element must carry for a selector to
// match it, so that Decide only runs selectors that can match.
type keyKind uint8

const (
	keyNone keyKind = iota // no cheap requirement: always tested
	keyTag
	keyID
	keyClass
	keyAttr
)

// selInfo is what a lexical scan learns about one complex selector of a
// group: the index key of its rightmost compound and its Scope.
type selInfo struct {
	kind  keyKind
	key   string
	scope Scope
}

// compound collects the top-level simple selectors of one compound selector;
// every one of them is required, so any of them can serve as the index key.
type compound struct {
	tag, id, class, attr string
}

func (c compound) info(scope Scope) selInfo {
	switch {
	case c.id != "":
		return selInfo{keyID, c.id, scope}
	case c.class != "":
		return selInfo{keyClass, c.class, scope}
	case c.attr != "":
		return selInfo{keyAttr, c.attr, scope}
	case c.tag != "":
		return selInfo{keyTag, c.tag, scope}
	}
	return selInfo{scope: scope}
}

var (
	// liveState pseudo-classes read browser state the mirror does not have;
	// cascadia compiles some of them to never-match.
	liveState = []string{"hover", "focus", "focus-within", "focus-visible", "active", "visited", "target", "checked"}
	// legacyElements may be written with one colon but are pseudo-elements.
	legacyElements = []string{"before", "after", "first-line", "first-letter", "backdrop", "cue",
		"grammar-error", "marker", "placeholder", "selection", "spelling-error"}
	// siblingPseudo depend on a node's position among its siblings.
	// :enabled and :disabled are here too: cascadia lets a fieldset's first
	// legend child exempt its content, a sibling relation.
	siblingPseudo = []string{"nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type", "first-child",
		"last-child", "first-of-type", "last-of-type", "only-child", "only-of-type", "enabled", "disabled"}
	// documentPseudo depend on descendants or text.
	documentPseudo = []string{"has", "haschild", "empty", "contains", "containsown", "matches", "matchesown"}
)

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// scanGroup lexes a selector group with the CSS lexer, one selInfo per
// top-level comma-separated selector. problem is non-empty when the group uses
// live state or a pseudo-element. When the lexer cannot follow the text, ok is
// false and the caller must assume the widest scope and index nothing. The
// scan errs towards a wider Scope and towards no key: both only cost time.
func scanGroup(sel string) (infos []selInfo, problem string, ok bool) {
	lx := css.NewLexer(parse.NewInputString(sel))
	var (
		parens, brackets int
		colons           int      // consecutive colons before this token
		cur              compound // the rightmost compound seen so far
		bad              bool     // the current compound cannot be indexed
		scope            Scope
		fresh            = true // the next simple selector starts a compound
		started          bool   // the current compound has a simple selector
		afterDot         bool   // the previous token was a top-level "."
		wantAttr         bool   // the next ident names an attribute
	)
	finish := func() {
		if bad {
			cur = compound{}
		}
		infos = append(infos, cur.info(scope))
		cur, bad, scope, fresh, started = compound{}, false, ScopeSubtree, true, false
	}
	widen := func(s Scope) {
		if s > scope {
			scope = s
		}
	}
	for {
		tt, data := lx.Next()
		if tt == css.ErrorToken {
			break
		}
		top := parens == 0 && brackets == 0
		before := colons
		colons = 0
		dot := afterDot
		afterDot = false
		if wantAttr && tt != css.WhitespaceToken && tt != css.IdentToken {
			wantAttr = false
		}
		if top && fresh && tt != css.WhitespaceToken && tt != css.CommaToken && !isCombinator(tt, data) {
			cur, bad, fresh, started = compound{}, false, false, false
		}
		switch tt {
		case css.ColonToken:
			if brackets == 0 {
				colons = before + 1
			}
			started = true
		case css.IdentToken, css.FunctionToken:
			name := string(data)
			if tt == css.FunctionToken {
				name = name[:len(name)-1]
				parens++
			}
			if before > 0 {
				// Escapes must not smuggle past the check: cascadia reads
				// ":\68 over" as :hover.
				lower := strings.ToLower(unescape(name))
				if problem == "" {
					switch {
					case before > 1 || contains(legacyElements, lower):
						problem = strings.Repeat(":", before) + lower +
							" is a pseudo-element; the mirror has none, so the rule would never match"
					case contains(liveState, lower):
						problem = ":" + lower + " depends on live browser state the engine cannot see"
					}
				}
				if contains(documentPseudo, lower) {
					widen(ScopeDocument)
				} else if contains(siblingPseudo, lower) {
					widen(ScopeSiblings)
				}
				continue
			}
			escaped := strings.IndexByte(name, '\\') >= 0
			if wantAttr {
				wantAttr = false
				if !escaped {
					cur.attr = strings.ToLower(name)
				}
				continue
			}
			if !top {
				continue
			}
			switch {
			case tt == css.FunctionToken:
				bad = true
			case dot:
				if !escaped {
					cur.class = name
				}
			case !started:
				if !escaped {
					cur.tag = strings.ToLower(name)
				}
			default:
				bad = true
			}
			started = true
		case css.HashToken:
			if top && bytes.IndexByte(data, '\\') < 0 {
				cur.id = string(data[1:])
			}
			started = true
		case css.LeftBracketToken:
			wantAttr = top
			brackets++
			started = true
		case css.RightBracketToken:
			brackets--
		case css.LeftParenthesisToken:
			parens++
		case css.RightParenthesisToken:
			parens--
		case css.CommaToken:
			if top {
				finish()
			}
		case css.WhitespaceToken:
			if top {
				fresh = true
			}
		case css.UnicodeRangeToken:
			// "u+b" lexes as a unicode range but is tag u, sibling b; what
			// follows may still be part of the second tag name.
			if brackets == 0 {
				widen(ScopeSiblings)
			}
			if top {
				cur, bad, started = compound{}, true, true
			}
		case css.DelimToken:
			if brackets > 0 {
				continue
			}
			switch data[0] {
			case '+', '~':
				widen(ScopeSiblings)
				fresh = fresh || top
			case '>':
				fresh = fresh || top
			case '.':
				afterDot = top
				started = true
			case '*':
				started = true
			default:
				bad = bad || top
			}
		default:
			bad = bad || top
		}
		if parens < 0 || brackets < 0 {
			return nil, problem, false
		}
	}
	if lx.Err() != io.EOF {
		return nil, problem, false
	}
	finish()
	return infos, problem, parens == 0 && brackets == 0
}

func isCombinator(tt css.TokenType, data []byte) bool {
	return tt == css.DelimToken && len(data) == 1 && (data[0] == '>' || data[0] == '+' || data[0] == '~')
}

// unescape resolves CSS escapes in an identifier: a backslash and one to six
// hex digits (plus one following whitespace) is that code point; a backslash
// and any other character is that character.
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		j := i + 1
		var r rune
		for j < len(s) && j < i+7 && isHex(s[j]) {
			r = r<<4 | rune(hexVal(s[j]))
			j++
		}
		if j == i+1 {
			b.WriteByte(s[j])
			i = j
			continue
		}
		if r == 0 || r > utf8.MaxRune || (r >= 0xd800 && r <= 0xdfff) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		if j < len(s) && isSpace(s[j]) {
			j++
		}
		i = j - 1
	}
	return b.String()
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func hexVal(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
