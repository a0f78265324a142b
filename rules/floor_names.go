package rules

import "strings"

// A control's name, id, aria-label or placeholder can say it holds a
// credential, a card's data or a one-time code where its type and
// autocomplete do not: a password field shown as text (a "show password"
// toggle flipped before recording began), a CVC field, a code field without
// autocomplete="one-time-code", placeholder="Your PIN". Such a control is on
// the floor too: masking more never leaks.
//
// A name is read as words: split at anything that is not an ASCII letter or
// digit and where a lower-case letter is followed by an upper-case one
// (cardCvc, card_cvc, card-cvc). One floor word anywhere makes the name a
// floor name; so does a floor run inside its letters and digits read
// without the separators (cardsecuritycode, userpassword1, one_time_code).

// floorWords are whole words that name a credential, a card's data or a
// one-time code, each followed by a space (one string: a list of strings
// would cost the engine a header each).
const floorWords = "password passwd passwort pwd pw passcode passphrase pin " +
	"cvv cvv2 cvc cvc2 csc cvn cid ccv otp totp hotp "

// floorRuns are spellings that name the same inside a longer word.
const floorRuns = "password passwd passcode passphrase " +
	"securitycode cardnumber cardnum ccnumber creditcard cardverification " +
	"cardcvc cardcvv cardexp ccexp cccvc cccvv cccsc " +
	"onetimecode otpcode verificationcode smscode authcode mfacode twofactor "

// floorWindow is how many letters and digits are gathered before the runs
// are looked for in them; the last floorOverlap of them are read again with
// the next ones, since no run is longer. The whole value is read: a
// placeholder padded with text before the word still names the field.
const (
	floorWindow  = 256
	floorOverlap = 24
)

// floorName reports whether v, a control's name, id, aria-label or
// placeholder, names a floor field. It reads v once, in time linear in its
// length, and never allocates.
func floorName(v string) bool {
	var buf [floorWindow]byte
	joined := buf[:0] // v's letters and digits, lower case, since the last window
	start := 0        // start of the current word in joined
	prevLower := false
	for i := 0; i <= len(v); i++ {
		c := byte(0) // the end of v ends a word too
		if i < len(v) {
			c = v[i]
		}
		upper := 'A' <= c && c <= 'Z'
		lower := 'a' <= c && c <= 'z'
		alnum := upper || lower || '0' <= c && c <= '9'
		if !alnum || upper && prevLower { // a word ends here
			if isFloorWord(joined[start:]) {
				return true
			}
			start = len(joined)
		}
		prevLower = lower
		if upper {
			c += 'a' - 'A'
		}
		if !alnum {
			continue
		}
		if len(joined) == floorWindow {
			if hasFloorRun(joined) {
				return true
			}
			// Keep the tail a run may continue in. A word longer than it is no
			// floor word; cut, it might read as one, which only masks more.
			n := copy(buf[:], joined[floorWindow-floorOverlap:])
			start = max(0, start-(floorWindow-n))
			joined = buf[:n]
		}
		joined = append(joined, c)
	}
	return hasFloorRun(joined)
}

// hasFloorRun reports whether letters, lower case and without separators,
// hold a floor run.
func hasFloorRun(letters []byte) bool {
	for list := floorRuns; list != ""; {
		k := strings.IndexByte(list, ' ')
		if strings.Contains(string(letters), list[:k]) {
			return true
		}
		list = list[k+1:]
	}
	return false
}

func isFloorWord(w []byte) bool {
	for list := floorWords; list != ""; {
		k := strings.IndexByte(list, ' ')
		if string(w) == list[:k] {
			return true
		}
		list = list[k+1:]
	}
	return false
}
