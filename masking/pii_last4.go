package masking

import "unicode/utf8"

// The last digits of a card, an account or an SSN, which pages print to
// say which one is meant: "•••• 4242", "**** **** **** 4242", "card ending
// in 4242", "SSN last 4: 1120". Alone they are below every other rule; with
// a name, a bank statement or a second page that shows the rest, they
// identify the card (and the last four of an SSN are what a support line
// asks for).

// isMaskedTailAt reports whether the 2 to 4 digits s[i:end] (no separator
// among them, no letter after them) follow a run that stands for the
// digits left out: two or more of one bullet ('•', '●', '∙', '·'), a group
// of exactly four 'X' or 'x', two groups or more of exactly four '*'
// joined by a space or '-', or an SSN's "***-**", "XXX-XX" or "xxx-xx",
// with no '*', ASCII letter or digit before it;
// between the run and the digits a space, a '-' or nothing. One group of
// '*' is not enough: masking writes '*' runs, and "PIN: **** 2024", what
// "PIN: 12AB 2024" becomes, must not be found again; but after a card's
// word it is ("Card **** 4246", below).
//
//go:noinline
func isMaskedTailAt(s string, i, end int) bool {
	if n := end - i; n < 2 || n > 4 || end < len(s) && isPIILetter(s[end]) {
		return false
	}
	j := i
	if j > 0 && (s[j-1] == ' ' || s[j-1] == '-') {
		j--
	}
	// (a quick exit: what each form below ends in — a bullet's last byte,
	// X, x, '*', '.', '…' — called for every short number of the text)
	if j == 0 || indexByte("\xa2\x8f\x99\xb7Xx*.\xa6", s[j-1]) == 9 {
		return false
	}
	if b := bulletBefore(s, j); b > 0 && bulletBefore(s, j-b) == b && s[j-b-b:j-b] == s[j-b:j] {
		return true
	}
	// an SSN printed with its first five digits starred, "***-**-1120",
	// "XXX-XX-1120": masking writes no '-' between '*' runs
	for _, run := range [...]string{"XXXX", "xxxx", "**** ****", "****-****", "***-**", "XXX-XX", "xxx-xx"} {
		// nothing of its kind, no letter and no digit right before it
		if k := j - len(run); k >= 0 && s[k:j] == run && (k == 0 || s[k-1] != '*' && !isPIIAlnum(s[k-1])) {
			return true
		}
	}
	// One group of '*' with the digits right after it ("Card ****4242"):
	// masking writes '*' runs, but a match never ends right before a
	// digit that goes on, so a second pass finds nothing new here.
	if k := i - 4; k >= 0 && s[k:i] == "****" {
		c := shownBefore(s, k)
		return c != '*' && !isPIIAlnum(c)
	}
	// One group of '*', a space and 4 digits after a card's word ("Card
	// **** 4246", "Visa **** 4246"), as pages and masking itself print a
	// card: no detector masks 4 characters alone right after such a word,
	// so masking again finds nothing new.
	if k := j - 4; end-i == 4 && j < i && s[j] == ' ' && k >= 0 && s[k:j] == "****" && cardWordBefore(s, k) {
		return true
	}
	return end-i == 4 && isEllipsisTail(s, i)
}

// cardWords name a card ("Visa", "Debit", "Card"); not "acct", a label whose
// code masking writes as '*' runs ("Acct 12AB 2024" is "Acct **** 2024").
const cardWords = "card|visa|mastercard|amex|discover|maestro|debit|credit|jcb|"

// cardWordBefore reports whether a word of cardWords and one space end
// right before s[k], with no ASCII letter before the word. "card" that ends
// the labels "ID card" and "Medicare card" is not enough: their code
// ("ID card 12AB 2024") is masked as one '*' run before the digits.
//
//go:noinline
func cardWordBefore(s string, k int) bool {
	if k < 2 || s[k-1] != ' ' {
		return false
	}
	w := k - 1
	for w > 0 && isASCIILetter(s[w-1]) {
		w--
	}
	if e, ok := listWordEnd(s[:k-1], w, cardWords); !ok || e != k-1 {
		return false
	}
	if lowerByte(s[w]) != 'c' || lowerByte(s[w+1]) != 'a' {
		return true
	}
	p := w // "card": no "ID" or "Medicare" before it, joined as labels are
	for p > 0 && (s[p-1] == ' ' || s[p-1] == '-' || s[p-1] == '_') {
		p--
	}
	return p == w || !hasFoldSuffix(s[:p], "id") && !hasFoldSuffix(s[:p], "medicare")
}

// hasFoldSuffix reports whether s ends with the word suffix (small ASCII
// letters), in any case, with no ASCII letter before it.
func hasFoldSuffix(s, suffix string) bool {
	k := len(s) - len(suffix)
	if k < 0 || k > 0 && isASCIILetter(s[k-1]) {
		return false
	}
	for j := 0; j < len(suffix); j++ {
		if lowerByte(s[k+j]) != suffix[j] {
			return false
		}
	}
	return true
}

// isEllipsisTail reports whether the 4 digits at s[i] follow an ellipsis,
// "..." or '…', and at most one space, with no digit, '.' or '*' before it
// ("Card …4242", "Visa ... 4242"; "1...2024" is a range, "Loading... 100"
// has too few digits). A '*' is what masking writes for a digit ("123456
// ...4242" is masked "******...4242", which must not be found again), but
// one group of four after a card's word and a space names a card, as
// "Card **** 4246" does ("Visa ****…4242").
//
//go:noinline
func isEllipsisTail(s string, i int) bool {
	if i > 0 && s[i-1] == ' ' {
		i--
	}
	if k := i - 3; k >= 0 && (s[k:i] == "..." || s[k:i] == "\u2026") {
		if k > 0 && s[k-1] == maskChar {
			return k >= 4 && s[k-4:k] == "****" && cardWordBefore(s, k-4)
		}
		return k == 0 || !isPIIDigit(s[k-1]) && s[k-1] != '.'
	}
	return false
}

// bulletBefore returns the length of the bullet that ends at s[j], else 0.
//
//go:noinline
func bulletBefore(s string, j int) int {
	for _, b := range [...]string{"\u2022", "\u25cf", "\u2219", "\u00b7"} {
		if j >= len(b) && s[j-len(b):j] == b {
			return len(b)
		}
	}
	return 0
}

// shownBefore returns the last byte before s[k] that a reading shows, past
// the runes the ASCII reading leaves out (controls, marks, format and
// zero-width characters: "*\u0740****00" reads "*****00" there), or 0 at
// the start of s.
//
//go:noinline
func shownBefore(s string, k int) byte {
	for k > 0 {
		if c := s[k-1]; c < utf8.RuneSelf {
			if !piiDropped(c) {
				return c
			}
			k--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s[:k])
		if b, ok := piiASCII(r); !ok || b != 0 && b != piiHidden {
			return s[k-1]
		}
		k -= size
	}
	return 0
}
