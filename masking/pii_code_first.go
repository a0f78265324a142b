package masking

// Codes named by what follows them: "4821 is your verification code",
// "G-482193 is your Fabrikam code", "Use 771204 to sign in". A message
// that sends a one-time code often puts the code first; the label after it
// says what it is, as a label before it would (pii_labels.go).

// piiCodeWords end the phrase that names a code after it.
const piiCodeWords = "code|pin|otp|passcode|password|token|"

// piiSignInWords follow "use CODE to" (a space in one matches a run of
// spaces, '-' and '_', as in a label: "sign-in").
const piiSignInWords = "sign in|log in|login|verify|confirm|continue|"

// nextCodeFirst returns the first code at or after from that the words
// after it name, and where to resume; kind 0 when there is none. A code is
// what a label's code is (3 to 32 letters and digits with a digit, as
// labelKindEnd reads it; a digit word starts none), starting a run of
// ASCII letters and digits, then " is your " or " is the ", up to three words
// of letters, digits and '-' each followed by one space, and a word of
// piiCodeWords; or after "use " or "enter " (a word of its own, any case),
// then " to " and a word of piiSignInWords.
func nextCodeFirst(s string, from int) (piiMatch, int) {
	if !codeTailIn(s[from:]) {
		return piiMatch{}, len(s) // one pass over text that names no code
	}
	for i := from; i < len(s); i++ {
		if !isPIIAlnum(s[i]) || i > 0 && isPIIAlnum(s[i-1]) {
			continue
		}
		if _, word := digitToken(s, i); !word {
			if e := labelKindEnd(s, i, 'c'); e > i && (codeNamedAfter(s, e) || signInCode(s, i, e)) {
				return piiMatch{i, e, piiLabelled}, e
			}
		}
	}
	return piiMatch{}, len(s)
}

// codeTailIn reports whether " is " or " to " (any case), which every
// code nextCodeFirst finds is followed by, is in s.
func codeTailIn(s string) bool {
	for i := indexByte(s, ' '); i+4 <= len(s); i += 1 + indexByte(s[i+1:], ' ') {
		if s[i+3] == ' ' && (s[i+1]|0x20 == 'i' && s[i+2]|0x20 == 's' || s[i+1]|0x20 == 't' && s[i+2]|0x20 == 'o') {
			return true
		}
	}
	return false
}

// codeNamedAfter reports whether " is your … code" follows s[:e].
//
//go:noinline
func codeNamedAfter(s string, e int) bool {
	if !hasFoldPrefix(s[e:], " is ") {
		return false
	}
	j := e + 4
	if hasFoldPrefix(s[j:], "your ") {
		j += 5
	} else if hasFoldPrefix(s[j:], "the ") {
		j += 4
	} else {
		return false
	}
	for w := 0; w < 4; w++ {
		if _, ok := listWordEnd(s, j, piiCodeWords); ok {
			return true
		}
		k := j
		for k < len(s) && (isPIIAlnum(s[k]) || s[k] == '-') {
			k++
		}
		if k == j || k == len(s) || s[k] != ' ' {
			return false
		}
		j = k + 1
	}
	return false
}

// signInCode reports whether the code s[i:e] is what "use " or "enter "
// before it and " to sign in" after it name.
//
//go:noinline
func signInCode(s string, i, e int) bool {
	before := false
	for _, w := range [...]string{"use ", "enter ", "use code ", "enter code "} {
		if k := i - len(w); k >= 0 && hasFoldPrefix(s[k:], w) && (k == 0 || !isPIIAlnum(s[k-1])) {
			before = true
		}
	}
	if !before || !hasFoldPrefix(s[e:], " to ") {
		return false
	}
	_, ok := listWordEnd(s, e+4, piiSignInWords)
	return ok
}
