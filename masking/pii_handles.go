package masking

import "strings"

// Social handles and profile links: "@jfaraday", "Signal: @jane.01",
// "github.com/jfaraday", "linkedin.com/in/hannelore-quist". A handle names
// one person as an e-mail address does, and a profile link's first path
// segment is that person's handle.

// handleNotPeople are the words after an '@' that name no one: CSS
// at-rules written in prose about a stylesheet ("use @media to …"), and
// Tailwind's container classes.
const handleNotPeople = "media|import|font-face|keyframes|supports|charset|page|layer|container|property|namespace|apply|tailwind|"

var handleNotPeopleIndex = indexWords(handleNotPeople)

// profileHosts are the sites whose first path segment after the prefix is
// a person's handle; each is matched in any case, after no letter or '-'.
const profileHosts = "linkedin.com/in/|linkedin.com/pub/|github.com/|gitlab.com/|twitter.com/|x.com/|instagram.com/|" +
	"facebook.com/|fb.com/|t.me/|threads.net/|reddit.com/user/|reddit.com/u/|pinterest.com/|bsky.app/profile/|" +
	"tiktok.com/|youtube.com/c/|youtube.com/user/|vk.com/|linktr.ee/|twitch.tv/|" +
	// where people are paid, booked or written to by their handle
	"paypal.me/|venmo.com/u/|calendly.com/|patreon.com/|ko-fi.com/|m.me/|snapchat.com/add/|about.me/|" +
	"soundcloud.com/|strava.com/athletes/|"

// nextHandle returns the first handle or profile link's handle at or
// after from, and where to resume (its end); kind 0 when there is none.
//   - An '@' after the start, a space or a mark that no local part of an
//     e-mail address holds (no ASCII letter or digit, no byte of another
//     script, none of '.' '_' '-' '+' '%' '*', as a '*' masking wrote may
//     stand for a digit of a longer run), then 3 to 30 ASCII letters,
//     digits, '_', '.', '-' and controls the ASCII reading leaves out
//     (piiDropped) led by a letter, digit or '_', with a
//     letter, no '.' or '-' at its end, and after it no ':' (a Tailwind
//     variant, "@lg:flex"), '*' (what masking wrote there was part of
//     something longer) nor a byte of another script; not one of
//     handleNotPeople in any case, nor a domain (its last label after a
//     '.' one that spelledTLDs names: "@example.net"). The '@' and the
//     handle are masked; but not when a '"' or ')' after it has an '@',
//     '#', '%', '*' or a byte of another script in the 3 bytes after it and
//     what may open it before the '@' (a quoted local part or a comment,
//     which the e-mail rules read: encloserBefore).
//   - A host and prefix of profileHosts, after no ASCII letter or '-',
//     then a segment of 2 or more ASCII letters, digits, '_', '.', '-'
//     and '%': the segment is masked.
func nextHandle(s string, from int) (piiMatch, int) {
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '@':
			if e := handleEnd(s, i); e > 0 {
				e = handleDigitsAfter(s, i, e)
				return piiMatch{i, e, piiHandle}, e
			}
		case '/':
			if st, e := profileSegment(s, i); e > st {
				return piiMatch{st, e, piiHandle}, e
			}
		case '.':
			if st := ensStart(s, i, from); st >= 0 {
				return piiMatch{st, i + 4, piiHandle}, i + 4 // pii_ens.go
			}
			if st, e := subdomainHandleStart(s, i); st >= 0 {
				return piiMatch{st, e, piiHandle}, i + 1 // pii_subdomain.go
			}
		}
	}
	return piiMatch{}, len(s)
}

// handleDigitsAfter returns the end of the 2 to 4 digits after the handle
// s[i:e] and a space, no letter or digit after them, when the handle has 3
// bytes; else e. Masked, such a handle is four '*', and "@A00 @A00 00"
// would read "**** **** 00", a card's last digits (found by FuzzPIIText):
// the digits go with it.
func handleDigitsAfter(s string, i, e int) int {
	if e-i != 4 || e+1 >= len(s) || s[e] != ' ' {
		return e
	}
	d := digitsEnd(s, e+1)
	if n := d - e - 1; n < 2 || n > 4 || d < len(s) && isPIILetter(s[d]) {
		return e
	}
	return d
}

// handleEnd returns the end of a handle whose '@' is s[i], else -1.
//
//go:noinline
func handleEnd(s string, i int) int {
	if i > 0 {
		if p := s[i-1]; isPIIAlnum(p) || p >= 0x80 || indexByte("._-+%*", p) < 6 {
			return -1
		}
	}
	e, letter := i+1, false
	// A control byte the ASCII reading leaves out goes on with the handle:
	// ended there, "@00A\x0000" would be masked "****\x0000", which reads
	// as a card's last digits after one group of '*' ("****00").
	for e < len(s) && (isPIIAlnum(s[e]) || s[e] == '_' || e > i+1 && (s[e] == '.' || s[e] == '-' || piiDropped(s[e]))) {
		letter = letter || isPIILetter(s[e])
		e++
	}
	// A '*' right after the run, its trailing '.' and '-' or not, stood
	// for more of it ("@jfaraday-********" was "@jfaraday-55672024", too
	// long for a handle)
	if e < len(s) && s[e] == maskChar {
		return -1
	}
	for e > i+1 && (s[e-1] == '.' || s[e-1] == '-') {
		e--
	}
	if n := e - i - 1; n < 3 || n > 30 || !letter || e < len(s) && (s[e] == ':' || s[e] >= 0x80) {
		return -1
	}
	// In quotes or a comment before an at mark, it is an address's local
	// part, which the e-mail rules read ("\"@jane\"#example.com" is none;
	// masked, it would be one). With nothing before it that may open them
	// ("@jane\"@example.com"), masking it makes no address.
	if e+1 < len(s) && (s[e] == '"' || s[e] == ')') && atMarkNear(s[e+1:min(len(s), e+4)]) && encloserBefore(s, i, s[e]) {
		return -1
	}
	if handleNotPeopleIndex.has(s[:e], i+1) {
		return -1
	}
	// A domain is no one ("@example.net": the e-mail rules read it).
	if d := strings.LastIndexByte(s[i:e], '.'); d > 0 && spelledTLD(s[i+d+1:e]) {
		return -1
	}
	return e
}

// profileTable is profileHosts split once, each host with the offset of its
// first '/': profileSegment runs at every '/' of every string scanned.
var profileTable = splitBars(profileHosts)

// profileSegment reads a profile link whose host ends at the '/' s[i]:
// the start and end of its handle segment, or equal values when there is
// none.
//
//go:noinline
func profileSegment(s string, i int) (int, int) {
	// every host ends in "m", "e", "t", "p" or "v" (".com", "t.me", ".tv")
	if i < 4 || indexByte("metpv", lowerByte(s[i-1])) == 5 {
		return 0, 0
	}
	for _, host := range profileTable {
		h := indexByte(host, '/')
		st := i - h
		// A digit before does not hide the host: masked, it is a '*'
		// ("0171t.me/jfaraday" must read as "****t.me/jfaraday" will).
		if st < 0 || lowerByte(s[i-1]) != host[h-1] || !hasFoldPrefix(s[st:], host) || st > 0 && (isPIILetter(s[st-1]) || s[st-1] == '-') {
			continue
		}
		st += len(host)
		k := st
		for k < len(s) && (isPIIAlnum(s[k]) || indexByte("_.-%", s[k]) < 4) {
			k++
		}
		if k-st >= 2 {
			return st, k
		}
	}
	return 0, 0
}

// profileHint reports whether the '/' at s[i] ends a host of profileHosts:
// the quick exit's look at a '/' (piiPossible).
func profileHint(s string, i int) bool {
	st, e := profileSegment(s, i)
	return e > st
}

// encloserBefore reports whether what may open a quoted local part or a
// comment that close ends stands in the 70 bytes before the '@' s[i], with
// no close, '@' or '|' after it: the open mark, or a byte a reading may
// take for one ('%' of "%22", '#', a byte of another script).
func encloserBefore(s string, i int, close byte) bool {
	open := close
	if close == ')' {
		open = '('
	}
	for k := i - 1; k >= 0 && i-k <= 70; k-- {
		if c := s[k]; c == open || c >= 0x80 || c == '%' || c == '#' {
			return true
		} else if c == close || c == '@' || c == '|' {
			return false
		}
	}
	return false
}

// atMarkNear reports whether s holds an '@', a byte the ASCII reading may
// read as one ('#', '%' of "%40", a byte of another script: '＠', '★'), or
// a '*' masking may have written for one ("\"@00A\"0#0.AA" is masked
// "\"@00A\"******", and "\"@0.C\"@000A" masks "@000A": a second scrub must
// read the handle before it as the first one did).
func atMarkNear(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] == '@' || s[k] == '#' || s[k] == '%' || s[k] >= 0x80 || s[k] == maskChar {
			return true
		}
	}
	return false
}

// bicLabelCut reports whether s up to the ':' at s[i] is one word that
// ends a BIC's label ("FT" of "SWIFT", "de" of "BIC code"): the rest of
// the label is in the text before s (piiPossible).
func bicLabelCut(s string, i int) bool {
	for k := 0; k < i; k++ {
		if !isASCIILetter(s[k]) {
			return false
		}
	}
	for _, w := range [...]string{"swift", "bic", "code"} {
		if i > 0 && i <= len(w) && asciiEqualFold(w[len(w)-i:], s[:i]) {
			return true
		}
	}
	return false
}
