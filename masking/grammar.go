package masking

import (
	"unicode"
	"unicode/utf8"
)

// The value grammars of the classifier: small hand-written scanners, one per
// shape of structural value. Each is allocation-free, bounded in length, and
// conservative: a value a scanner is unsure of is rejected, so it is masked.
// They are pure functions of their input and safe for concurrent use.
//
// No accepted value contains '?'. '@' appears only at the start of a class
// name ("@container"), never after another character. Only the
// namespace-URI grammar accepts "//" (xmlns="http://www.w3.org/2000/svg"),
// and '=' appears only in media queries and sizes (range syntax:
// "(400px <= width)") and in MIME parameters (codecs="vp9").

// grammar names the scanner a class uses when its keyword list alone does
// not describe its values.
type grammar uint8

const (
	gramNone       grammar = iota // the class's default
	gramLang                      // one BCP 47 tag, restricted shape (lang, hreflang, srclang, xml:lang)
	gramLangList                  // comma-separated BCP 47 tags (SVG systemLanguage)
	gramMIME                      // type/subtype, with codecs/charset/profiles parameters only
	gramMedia                     // a media query list
	gramSizes                     // the sizes attribute: media conditions and lengths
	gramIconSizes                 // link sizes: "any" or WxH tokens
	gramFontFamily                // a font-family list
	gramAspect                    // SVG preserveAspectRatio
	gramNumber                    // one number with an optional unit (classNumber's default)
	gramNumbers                   // a list of numbers (classNumber)
	gramNumberPair                // one or two numbers (classNumber)
	gramPath                      // SVG path data (classGeometry)
	gramPoints                    // SVG points (classGeometry)
	gramTransform                 // SVG/CSS transform list (classGeometry)
	gramViewBox                   // four numbers (classGeometry)
	gramColor                     // one colour (classColor's default)
	gramPaint                     // a colour, or url(#id) with an optional fallback colour (classColor)
	gramFragment                  // #id, url(#id) or none (classFragment)
	gramIdent                     // one identifier (classIdent's default)
	gramIdents                    // whitespace-separated identifiers (classIdent)
	gramClassNames                // class: identifiers plus the punctuation utility CSS uses (classIdent)
	gramSMIL                      // SMIL from, to, by, values: ';'-separated numbers, colours, path data, display keywords (classGeometry)
)

// Length bounds: a structural value longer than its bound is masked.
const (
	maxIdentLen    = 256     // one identifier (id, for, name, one token of a list)
	maxIdentsLen   = 4096    // a whole identifier list (class, headers, aria-labelledby)
	maxNumberLen   = 64      // one number with its unit
	maxNumbersLen  = 512     // a number list (stroke-dasharray, coords, keyTimes)
	maxGeometryLen = 1 << 20 // path data and points: charts draw long paths
	maxTransform   = 4096
	maxLangLen     = 35
	maxMIMELen     = 128
	maxMediaLen    = 1024
	maxFontLen     = 256
	maxColorLen    = 512
	maxIntDigits   = 6  // integer part of a number: a 7+ digit run is data, not a length
	maxFracDigits  = 17 // fraction: enough for every double JavaScript prints
	maxExpDigits   = 3
	maxNesting     = 8 // parentheses in media queries and colour functions
)

// grLower folds one ASCII upper-case letter; every other byte is kept.
func grLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func grDigit(c byte) bool  { return '0' <= c && c <= '9' }
func grLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func grHex(c byte) bool {
	return grDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// grSkipSpace returns the index of the first byte at or after i that is not
// ASCII whitespace.
func grSkipSpace(s string, i int) int {
	for i < len(s) && isHTMLSpace(s[i]) {
		i++
	}
	return i
}

// grInWords reports whether w is one of the space-separated words of list,
// compared ASCII case-insensitively (exactly when exact is set).
func grInWords(list, w string, exact bool) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(list); {
		j := i
		for j < len(list) && list[j] != ' ' {
			j++
		}
		if j-i == len(w) {
			if exact && list[i:j] == w || !exact && asciiEqualFold(list[i:j], w) {
				return true
			}
		}
		i = j + 1
	}
	return false
}

// grInList reports whether w is one of words, compared ASCII
// case-insensitively (exactly when exact is set).
func grInList(words []string, w string, exact bool) bool {
	for _, k := range words {
		if exact && k == w || !exact && asciiEqualFold(k, w) {
			return true
		}
	}
	return false
}

// validKeywordList: space-separated words, each from words.
func validKeywordList(words []string, v string, exact bool) bool {
	for i := grSkipSpace(v, 0); i < len(v); i = grSkipSpace(v, i) {
		j := i
		for j < len(v) && !isHTMLSpace(v[j]) {
			j++
		}
		if !grInList(words, v[i:j], exact) {
			return false
		}
		i = j
	}
	return true
}

// identRune reports whether r may appear in an identifier: a letter or
// combining mark of any script, an ASCII digit, '-', '_', '.', and ':'
// unless noColon. Digits of other scripts ("４", "٤") are refused: the PII
// detectors read ASCII digits, so a card number cannot hide in them.
func identRune(r rune, noColon bool) bool {
	switch {
	case r < utf8.RuneSelf:
		c := byte(r)
		return grLetter(c) || grDigit(c) || c == '-' || c == '_' || c == '.' || c == ':' && !noColon
	case r == utf8.RuneError:
		return false
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// classPunct is the punctuation utility-CSS class names use ("w-1/2",
// "hover:bg-[#fff]", "!mt-0", "[&>*]:p-4"). Some more are allowed only where
// they cannot spell what detectors look for: '@' only as a token's first
// byte ("@container", "@md:flex"; an e-mail address needs a local part
// before it), '%' only when no hex digit follows ("w-[50%]"; "%40" would
// spell '@'), '/' never twice in a row ("//" starts a URL). Never '?', '=',
// quotes.
func classPunct(c byte) bool {
	switch c {
	case '/', '[', ']', '#', '!', '(', ')', ',', '+', '*', '&', '>', '~', '@', '%':
		return true
	}
	return false
}

// scanIdent returns the end of the identifier token starting at i (a run of
// identifier runes, or for class names also classPunct bytes), or -1 when
// the token holds anything else before the next whitespace or exceeds
// maxIdentLen. An identifier that is not a class name is also refused when
// it holds minDigitRun or more decimal digits in all: the PII detectors,
// which run on kept identifiers, do not join digit groups split by '_' or
// ':' ("user_4111_1111_1111_1111"). Class names are left to the detectors,
// which mask in place instead of losing the whole class list.
func scanIdent(s string, i int, class, noColon bool) int {
	start, digits := i, 0
	for i < len(s) && !isHTMLSpace(s[i]) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !class && unicode.IsDigit(r) {
			if digits++; digits >= minDigitRun {
				return -1
			}
		}
		switch {
		case identRune(r, noColon):
		case class && r < utf8.RuneSelf && classPunct(byte(r)):
			switch {
			case r == '/' && i > start && s[i-1] == '/',
				r == '@' && i > start,
				r == '%' && i+1 < len(s) && grHex(s[i+1]):
				return -1
			}
		default:
			return -1
		}
		i += n
		if i-start > maxIdentLen {
			return -1
		}
	}
	return i
}

// validIdent: exactly one identifier, no surrounding whitespace.
func validIdent(v string) bool {
	return v != "" && scanIdent(v, 0, false, false) == len(v)
}

// validIdentList: whitespace-separated identifiers (class names when class).
func validIdentList(v string, class bool) bool {
	if len(v) > maxIdentsLen {
		return false
	}
	for i := grSkipSpace(v, 0); i < len(v); i = grSkipSpace(v, i) {
		if i = scanIdent(v, i, class, false); i < 0 {
			return false
		}
	}
	return true
}

// validFragmentIdent: the name after '#' in a same-document reference: an
// identifier without ':' (so no scheme can hide in it).
func validFragmentIdent(v string) bool {
	return v != "" && scanIdent(v, 0, false, true) == len(v)
}

// grTrim removes leading and trailing ASCII whitespace.
func grTrim(s string) string {
	for len(s) > 0 && isHTMLSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isHTMLSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}
