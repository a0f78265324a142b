package masking

// Secret tokens: the credentials of reset, magic-login and invitation links,
// API keys and bearer tokens, in the URL paths a replay only shows and in
// text a person reads. They hold no digit run or address, so the other
// detectors miss them; what gives them away is their shape.
//
// A part is a maximal run of ASCII letters and digits. It is a token part
// when it mixes letters and digits, or belongs to a UUID (parts of 8, 4, 4,
// 4 and 12 hex digits joined by '-', either case: a random hex group of four
// is all digits one time in seven). A token is a chain of token parts,
// each joined to the next by a single '-' or '_', with at least
// minSecretToken letters and digits in all: "Xk9fQ2mZ7pL4vT8wR3yN" (one
// part, the rule as it was), "Qw3Er5Ty-7Ui9Op1A_s2Df4Gh5J" (a token printed
// in groups or in base64url, whose '-' and '_' fall anywhere), any UUID
// (32 hex digits).
//
// An AWS access key id is a token part too, letters only or not: 20
// capitals and digits after a kind prefix, "AKIAQWERTYUIOPASDFGH".
//
// A part of letters only or digits only is a word or a number, and slugs are
// made of them: it ends a chain, so "iphone-15-pro-max-256gb",
// "order-2024-summer-sale" and "how-to-cook-pasta-in-10-minutes" stay
// (their numbers are the digit-run rule's business). A token is masked from
// its first character to its last, the joiners inside it included. Masking
// writes '*', which is no part and no joiner, and always covers whole
// parts, so masking again finds nothing new.

// minSecretToken is the fewest letters and digits a token holds: 16
// characters of base 62 are 95 bits, more than any word or slug that mixes
// in a digit.
const minSecretToken = 16

// maskSecretTokens masks every token in s that starts at or after byte from
// (URLs pass their path: the scheme and host before it are kept) and
// reports how many regions it masked. It returns s itself, without
// allocating, when there is none.
func maskSecretTokens(s string, from int) (string, int) {
	var b []byte
	chainStart, chainLen, prevEnd, uuidTo := -1, 0, -1, -1 // the open chain; the last part's end; the UUID's end
	for i := from; ; {
		for i < len(s) && !isASCIIAlnum(s[i]) {
			i++
		}
		j, letters, digits, hex := i, 0, 0, true // the part s[i:j], empty at the end of s
		for ; j < len(s) && isASCIIAlnum(s[j]); j++ {
			if isPIIDigit(s[j]) {
				digits++
			} else {
				letters++
				hex = hex && isHexDigit(s[j])
			}
		}
		if hex && j-i == 8 {
			uuidTo = max(uuidTo, uuidEnd(s, j))
		}
		part := j > i && (letters > 0 && digits > 0 || j <= uuidTo || j-i == 20 && awsKeyID(s[i:j]))
		if chainStart >= 0 && (!part || i != prevEnd+1 || s[prevEnd] != '-' && s[prevEnd] != '_') {
			if chainLen >= minSecretToken {
				if b == nil {
					b = []byte(s)
				}
				for k := chainStart; k < prevEnd; k++ {
					b[k] = maskChar
				}
			}
			chainStart = -1
		}
		if j == len(s) && !part {
			break
		}
		if part {
			if chainStart < 0 {
				chainStart, chainLen = i, 0
			}
			chainLen += j - i
		}
		prevEnd, i = j, j
	}
	if b == nil {
		return s, 0
	}
	return string(b), countMaskedRegions(s, string(b))
}

// uuidShape is what follows the first group of a UUID: 'h' a hex digit.
const uuidShape = "-hhhh-hhhh-hhhh-hhhhhhhhhhhh"

// uuidEnd returns the end of a UUID whose first group of 8 hex digits ends
// at s[i], or -1: then groups of 4, 4, 4 and 12, each after a '-', the last
// one not followed by a letter or digit.
func uuidEnd(s string, i int) int {
	if len(s)-i < len(uuidShape) {
		return -1
	}
	for k := 0; k < len(uuidShape); k++ {
		if c := s[i+k]; uuidShape[k] == '-' && c != '-' || uuidShape[k] == 'h' && !isHexDigit(c) {
			return -1
		}
	}
	if i += len(uuidShape); i < len(s) && isASCIIAlnum(s[i]) {
		return -1
	}
	return i
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// Tokens named by their prefix or scheme ("sk_test_…", "ghp_…", "xoxb-…",
// "Bearer …") are values of a label (pii_labels.go): a token of letters
// only has no part that mixes letters and digits, and the rule above
// misses it. tokenValueEnd returns the end of such a token at s[i], else
// i: 16 or more ASCII letters, digits and '-' '_' '.' '~' '+' '/' '='
// (base64 and base64url).
func tokenValueEnd(s string, i int) int {
	j := i
	for j < len(s) && (isASCIIAlnum(s[j]) || indexByte("-_.~+/=", s[j]) < 7) {
		j++
	}
	if j-i < minSecretToken {
		return i
	}
	return j
}

// piiTokenWords end the labels of tokenValueEnd's tokens.
var piiTokenWords = [...]string{"live", "test", "whsec", "ghp", "gho", "ghu", "ghs", "ghr", "pat", "xoxb", "xoxp", "xoxa", "xoxr", "xoxs", "glpat", "bearer"}

// piiTokenInitials are the first letters of piiTokenWords.
const piiTokenInitials = "ltwgpxb"

// tokenHint reports whether the word that ends at s[i] ends a token's label
// (piiPossible's quick exit: such a token may hold no digit). A word that
// reaches the start of s may be the end of one cut by a node boundary
// ("<span>Bea</span><span>rer …</span>"): the end of a label word is enough.
//
//go:noinline
func tokenHint(s string, i int) bool {
	k := i
	for k > 0 && i-k < 6 && isPIILetter(s[k-1]) {
		k--
	}
	if k == i {
		return false
	}
	// every label word has 3 letters or more, and one of these first
	if k == 0 || !isPIILetter(s[k-1]) && i-k >= 3 && indexByte(piiTokenInitials, s[k]|0x20) < len(piiTokenInitials) {
		if tokenWordEndsAt(s, k, i) {
			return true
		}
	}
	// A capital after a small letter starts a word too, as
	// nextLabelledValue reads it ("aBearer …", "xGhp_…").
	for c := max(k, 1); c+3 <= i; c++ {
		if s[c] >= 'A' && s[c] <= 'Z' && s[c-1] >= 'a' && s[c-1] <= 'z' &&
			indexByte(piiTokenInitials, s[c]|0x20) < len(piiTokenInitials) && tokenWordEndsAt(s, c, i) {
			return true
		}
	}
	return false
}

// tokenWordEndsAt reports whether s[k:i] is one of piiTokenWords, or the
// end of one when k is 0.
func tokenWordEndsAt(s string, k, i int) bool {
	last := s[i-1] | 0x20
	for _, w := range piiTokenWords {
		if k == 0 && i < len(w) {
			w = w[len(w)-i:]
		}
		if len(w) == i-k && w[len(w)-1] == last && asciiEqualFold(s[k:i], w) {
			return true
		}
	}
	return false
}

// awsKeyPrefixes are the kinds of AWS key ids: an access key, a temporary
// (STS) one, and user, role, group, policy and certificate ids.
const awsKeyPrefixes = "AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA|APKA|"

// awsKeyID reports whether the 20-byte part p is an AWS key id: a prefix
// of awsKeyPrefixes, then capitals and digits. Ids of letters only are
// no word (no word runs 20 capitals long after such a prefix) and hold no
// digit for the other rules.
//
//go:noinline
func awsKeyID(p string) bool {
	known := false
	for k := 0; k < len(awsKeyPrefixes) && p[0] == 'A'; k += 5 {
		known = known || p[:4] == awsKeyPrefixes[k:k+4]
	}
	if !known {
		return false
	}
	for k := 4; k < len(p); k++ {
		if c := p[k]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
