package masking

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// E-mail addresses: the thresholds are documented at the top of pii.go.

const minTLDLen = 2

// nextEmail returns the first e-mail address whose '@' is at or after from,
// and where to resume (just after that '@', so that addresses sharing
// characters are all found); kind 0 when there is none. Each local part is
// read backwards only up to the previous '@' and each domain forwards only up
// to the next one, so a whole sweep reads every byte at most three times.
func nextEmail(s string, from int) (piiMatch, int) {
	for from < len(s) {
		at := strings.IndexByte(s[from:], '@')
		if at < 0 {
			break
		}
		at += from
		from = at + 1
		// "jane @ example.com": an address spelled with a space on both
		// sides of its '@' (against harvesters) is one to a reader.
		lead, domain := at, at+1
		spaced := spacesAround(s, at)
		if spaced > 0 {
			lead, domain = at-spaced, at+1+spaced
		} else if at > 0 && s[at-1] == ' ' {
			lead, spaced = at-1, -1 // "jane @example.com"
		} else if at+1 < len(s) && s[at+1] == ' ' {
			domain, spaced = at+2, -1 // "jane@ example.com"
		}
		start := enclosedStart(s, lead, '"', '"')
		for quoted := start < lead; !quoted && start > 0; {
			if c := enclosedStart(s, start, '(', ')'); c < start {
				start = c // "jane(work)@example.com": a comment is part of it
				continue
			}
			r, size := utf8.DecodeLastRuneInString(s[:start])
			if !isLocalPartRune(r, size) && r != '=' && r != '#' {
				if r == '?' || r == '&' || r == ';' {
					// A query parameter, "?email=jane@…": its name is no
					// part of the address.
					start += strings.IndexByte(s[start:lead], '=') + 1
				}
				break
			}
			start -= size
		}
		if start == lead {
			continue
		}
		if end := domainLiteralEnd(s, domain); end > 0 && spaced == 0 {
			return piiMatch{start, end, piiEmail}, from // "jane@[192.168.1.1]"
		}
		if end := emailDomainEnd(s, domain); end > 0 && (spaced >= 0 || spelledTLD(s[domain+strings.LastIndexByte(s[domain:end], '.')+1:end])) {
			return piiMatch{start, end, piiEmail}, from
		}
	}
	return piiMatch{}, len(s)
}

// localPartMarks are the marks RFC 5322 allows in a local part besides
// . _ % + - ("o'brien@", "jane!doe@", "{jane}@"): a reader still
// sees the address, and the run rule would otherwise keep what stands before
// the mark. '*' is left out (masking writes it, and no detector reads it),
// and '|' too: it is the block mark of the text read around a node
// (pii_context.go); a local part ends at them.
const localPartMarks = "!$'^`{}~"

// A plain address's local part (one with its '@') also takes '=' and '#',
// RFC 5322 marks too ("list+jane=example.com@", as forwarders rewrite an
// address, "ingrid#nordic@"), except that a query parameter's name is no
// part of it ("?page=jane@example.com" keeps "page="). An address spelled
// with words does not read them. The other RFC 5322 marks stay out: '/',
// '?' and '&' join the parts of a URL ("/users/jane@example.com" keeps its
// path), and mailboxes with them are rare.

// enclosedStart returns where a quoted local part, or a comment, ending
// right before s[lead] starts, else lead: open and close around 1 to 64
// bytes, none of them open, close, '|' or a control, nor in a comment '@'
// (a quoted local part may hold one, "\"@jfaraday\"@example.com", which a
// handle's rule leaves to this one). A quoted local
// part ("\"jane doe\"@example.com") is one mail servers accept, and forms
// echo back to a page; a comment ("jane(work)@example.com", "(home)jo@…")
// is one RFC 5322 lets a local part carry, which servers drop: both are
// the person's address. Reading at most 64 bytes back keeps the scan
// linear.
//
//go:noinline
func enclosedStart(s string, lead int, open, close byte) int {
	if lead < 2 || s[lead-1] != close {
		return lead
	}
	for i := lead - 2; i >= 0 && lead-2-i <= 64; i-- {
		switch c := s[i]; {
		case c == open:
			if i < lead-2 {
				return i
			}
			return lead
		case c == close || c == '@' && open != '"' || c == '|' || c < ' ':
			return lead
		}
	}
	return lead
}

// domainLiteralEnd returns the end of a domain literal at s[i] ("[192.168.1.1]",
// "[IPv6:2001:db8::1]": an address at a host's IP, which RFC 5321 allows),
// else -1: '[' and ']' around 1 to 64 ASCII letters, digits, '.' and ':',
// a digit among them.
//
//go:noinline
func domainLiteralEnd(s string, i int) int {
	if i >= len(s) || s[i] != '[' {
		return -1
	}
	digit := false
	for j := i + 1; j < len(s) && j-i <= 65; j++ {
		switch c := s[j]; {
		case c == ']':
			if digit {
				return j + 1
			}
			return -1
		case isPIIDigit(c):
			digit = true
		case !isPIILetter(c) && c != '.' && c != ':':
			return -1
		}
	}
	return -1
}

// spacesAround returns n when the '@' at s[at] has n (1 or 2) spaces on
// each side, else 0. One space on one side only ("jane @example.com",
// "jane@ example.com") makes an address when its top-level domain is one
// spelledTLDs names: "cc @jane.doe" and "@jay.bsky.social" are handles.
func spacesAround(s string, at int) int {
	for n := 1; n <= 2; n++ {
		if at-n < 0 || at+n >= len(s) || s[at-n] != ' ' || s[at+n] != ' ' {
			return n - 1
		}
	}
	if at-3 >= 0 && at+3 < len(s) && s[at-3] == ' ' && s[at+3] == ' ' {
		return 0 // more is a gap, not a spelling
	}
	return 2
}

// emailDomainEnd returns the offset just after the longest domain starting at
// s[i] that ends with a dot and a TLD of minTLDLen or more letters, or -1.
func emailDomainEnd(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	if r, size := utf8.DecodeRuneInString(s[i:]); r == '.' || r == '-' || !isDomainRune(r, size) {
		return -1
	}
	end := -1
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isDomainRune(r, size) {
			break
		}
		i += size
		if r != '.' {
			continue
		}
		// A dot: count the letters that follow it; they are a TLD candidate.
		letters := 0
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isTLDRune(r) {
				break
			}
			letters++
			i += size
		}
		if letters == 2 && strings.HasPrefix(s[i:], "--") && asciiEqualFold(s[i-2:i], "xn") {
			// A punycode TLD (xn--p1ai is .рф): its letters and digits too.
			for i < len(s) && (isPIIAlnum(s[i]) || s[i] == '-') {
				i++
			}
		}
		if letters >= minTLDLen {
			end = i
		}
	}
	return end
}

// isLocalPartRune reports whether the code point r, size bytes long, may be
// part of an e-mail address's local part. An invalid byte (RuneError of size
// 1) may: failing closed, a mangled address is still an address.
func isLocalPartRune(r rune, size int) bool {
	if r < utf8.RuneSelf {
		return isPIIAlnum(byte(r)) || r == '.' || r == '_' || r == '%' || r == '+' || r == '-' ||
			indexByte(localPartMarks, byte(r)) < len(localPartMarks)
	}
	return isEmailWordRune(r, size)
}

// isDomainRune reports whether r may be part of a domain: letters, digits,
// '-' and '.', with the same non-ASCII rule as local parts.
func isDomainRune(r rune, size int) bool {
	if r < utf8.RuneSelf {
		return isPIIAlnum(byte(r)) || r == '.' || r == '-'
	}
	return isEmailWordRune(r, size)
}

// isEmailWordRune reports, for a non-ASCII code point, whether it is a letter,
// digit or combining mark (internationalised addresses), or an invalid byte.
func isEmailWordRune(r rune, size int) bool {
	if r == utf8.RuneError && size == 1 {
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isTLDRune reports whether r is a letter or combining mark, the code
// points a TLD is made of (ASCII letters, or an internationalised TLD).
func isTLDRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isPIILetter(byte(r))
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsMark(r))
}

func isPIILetter(c byte) bool { return (c|0x20)-'a' < 26 }

func isPIIAlnum(c byte) bool { return isPIIDigit(c) || isPIILetter(c) }
