package masking

import "strings"

// E-mail addresses spelled with words against harvesters: the thresholds are
// documented at the top of pii.go.

// spelledTLDs are the last labels that end an address spelled with
// separators only ("jane-doe-at-example-com"), where no dot says where the
// domain is; with a dot or a bracketed "dot" any label of two or more
// letters does.
const spelledTLDs = "com net org edu gov mil int io co uk de fr nl es it eu info biz"

// nextSpelledEmail returns the first address spelled with an "at" mark
// whose mark starts at or after from, and where to resume (just after that
// mark); kind 0 when there is none. Local parts are read back at most to
// from, so matches come in order of start.
func nextSpelledEmail(s string, from int) (piiMatch, int) {
	// A mark holds "at" or '@' one or two bytes after its start ("(at)",
	// "[ at ]"): only those bytes are looked at closely.
	for j := from + 1; j+1 < len(s); j++ {
		if c := s[j]; c != '@' && (c|0x20 != 'a' || s[j+1]|0x20 != 't') {
			continue
		}
		for i := j - 1; i >= from && i >= j-2; i-- {
			if m, next, ok := spelledAddress(s, from, i); ok {
				return m, next
			}
		}
		if s[j] == '@' {
			if m, next, ok := spelledAddress(s, from, j); ok {
				return m, next // "jane@example dot com"
			}
		}
	}
	return piiMatch{}, len(s)
}

// spelledAddress reads the address around an "at" mark starting at s[i],
// its local part reaching back at most to from; next is the end of the mark.
func spelledAddress(s string, from, i int) (m piiMatch, next int, ok bool) {
	next, kind := i+1, markGlued
	if s[i] == '@' {
		next = spelledSpace(s, next) // "help@ fabrikam DOT net"
	} else {
		if strings.IndexByte(spelledOpeners, s[i]) < 0 {
			return m, 0, false
		}
		next, kind = spelledMark(s, i, "AT", '@')
	}
	if next < 0 {
		return m, 0, false
	}
	lead := i
	if kind == markBracketed {
		for n := 0; n < 2 && lead > from && s[lead-1] == ' '; n++ {
			lead--
		}
		next = spelledSpaces(s, next)
	}
	start := lead
	for start > from && s[start-1] < 0x80 && isLocalPartRune(rune(s[start-1]), 1) {
		start--
	}
	for start < lead && !isPIIAlnum(s[start]) {
		start++ // "--jane-at-…" (a CSS name) keeps its dashes
	}
	end, marked := spelledDomainEnd(s, next, kind)
	if kind == markWord && !marked && !strings.ContainsAny(s[start:lead], "._+0123456789") {
		// "arrived at amazon.com" is prose; "jane.doe at example.com" and
		// "jdoe42 at example.com" are not
		return m, 0, false
	}
	if end > 0 && start < lead {
		return piiMatch{spelledLocalStart(s, from, start), end, piiEmail}, next, true
	}
	return m, 0, false
}

// spelledLocalStart moves the start of a local part back over the words
// joined to it by "dot" marks ("jane dot doe at …", "jane . doe @ …",
// "jane (dot) doe (at) …"), not before from: the part before the mark is
// the address as much as the part after it.
func spelledLocalStart(s string, from, start int) int {
	for {
		k := spelledDotBefore(s, from, start)
		if k < 0 {
			return start
		}
		j := k
		for j > from && s[j-1] < 0x80 && isLocalPartRune(rune(s[j-1]), 1) {
			j--
		}
		for j < k && !isPIIAlnum(s[j]) {
			j++
		}
		if j == k {
			return start
		}
		start = j
	}
}

// spelledDotBefore returns where a "dot" mark ending at s[i] starts, not
// before from, or -1: "dot" in any case or '.' between single spaces, or
// in brackets ("(dot)", "[.]") with a space on each side or none.
//
//go:noinline
func spelledDotBefore(s string, from, i int) int {
	j := i
	if j > from && s[j-1] == ' ' {
		j--
	}
	if j == from {
		return -1
	}
	k := -1
	if c := strings.IndexByte(")]}>", s[j-1]); c >= 0 {
		open, w := "([{<"[c], j-1
		switch {
		case w-4 >= from && s[w-4] == open && asciiEqualFold(s[w-3:w], "dot"):
			k = w - 4
		case w-2 >= from && s[w-2] == open && s[w-1] == '.':
			k = w - 2
		default:
			return -1
		}
		if (k > from && s[k-1] == ' ') != (j < i) {
			return -1 // a space on one side only
		}
		if j < i {
			k--
		}
		return k
	}
	if j == i {
		return -1
	}
	switch {
	case j-4 >= from && s[j-4] == ' ' && asciiEqualFold(s[j-3:j], "dot"):
		k = j - 4
	case j-2 >= from && s[j-2] == ' ' && s[j-1] == '.':
		k = j - 2
	}
	return k
}

// spelledOpeners are the bytes a mark starts with.
const spelledOpeners = "([{<+-_. "

// The kinds of mark, which say how much of a domain must follow.
const (
	markStrict    = iota // "-at-", " AT ", " @ "
	markBracketed        // "(at)", "[@]"
	markWord             // " at ", a word of prose as often as a mark
	markGlued            // '@' itself, where the domain's dots are spelled: "jane@example dot com"
)

// spelledMark reads the mark spelling w ("AT", "DOT") or sym ('@', '.') at
// s[i]: in brackets, or between two '+' (a URL's encoded spaces, "+AT+"), w
// in any case or sym, with a space inside allowed ("(at)", "[ at ]",
// "{AT}", "<at>", "[@]", "(.)", "+at+"); w in any case between
// two of '-', '_' and '.' ("-at-", "_dot_"); or w or sym between single
// spaces (" AT ", " at ", " @ ", " . "). end is the offset after it, -1
// when there is none.
func spelledMark(s string, i int, w string, sym byte) (end, kind int) {
	if o := strings.IndexByte("([{<+", s[i]); o >= 0 {
		k := spelledSpace(s, i+1)
		switch {
		case k < len(s) && s[k] == sym:
			k++
		case k+len(w) <= len(s) && asciiEqualFold(s[k:k+len(w)], w):
			k += len(w)
		default:
			return -1, 0
		}
		if k = spelledSpace(s, k); k < len(s) && s[k] == ")]}>+"[o] {
			return k + 1, markBracketed
		}
		return -1, 0
	}
	if s[i] == ' ' && i+2 < len(s) && s[i+1] == sym && s[i+2] == ' ' {
		return i + 3, markStrict // " @ ", " . "
	}
	n := i + len(w) + 2
	if n > len(s) || !asciiEqualFold(s[i+1:n-1], w) {
		return -1, 0
	}
	switch c, e := s[i], s[n-1]; {
	case isSpelledSep(c) && isSpelledSep(e):
		return n, markStrict
	case c != ' ' || e != ' ':
	case s[i+1:n-1] == w:
		return n, markStrict
	case s[i+1] >= 'a': // lower case
		return n, markWord
	}
	return -1, 0
}

func isSpelledSep(c byte) bool { return c == '-' || c == '_' || c == '.' }

// spelledSpace moves i over one space.
func spelledSpace(s string, i int) int {
	if i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// spelledSpaces moves i forward over at most two spaces.
//
//go:noinline
func spelledSpaces(s string, i int) int {
	return spelledSpace(s, spelledSpace(s, i))
}

// spelledHint reports whether an "at" mark may end at s[i], a 't' or 'T':
// piiPossible's quick exit. " at " counts only where " dot " follows
// within a few words, or the word before holds '.', '_' or '+'.
//
//go:noinline
func spelledHint(s string, i int) bool {
	if i < 2 || s[i-1]|0x20 != 'a' {
		return false
	}
	if c := s[i-2]; c != ' ' {
		return strings.IndexByte(spelledOpeners, c) >= 0
	}
	for j := i - 3; j >= 0 && s[j] != ' '; j-- {
		if s[j] == '.' || s[j] == '_' || s[j] == '+' {
			return true // "jane.doe at example.com"
		}
	}
	return s[i-1] == 'A' && s[i] == 'T' || i > 2 && strings.IndexByte("([{<", s[i-3]) >= 0 ||
		strings.Contains(s[i:min(len(s), i+spelledWordReach)], " dot ")
}

// spelledWordReach bounds how far after " at " spelledHint looks for " dot ".
const spelledWordReach = 80

// spelledDomainEnd reads the labels of a spelled domain from s[i] and
// returns the end of the longest run of them that makes an address, or -1:
// after a bracketed "at" any label does; after "-at-", " AT " or " @ ", a
// last label of two or more letters after a "dot" mark, or a second label
// that spelledTLDs names ("look-at-this.html" is a file name, not an
// address); after an '@' with no space, a last label of two or more letters
// after a "dot" mark (with real dots it is an address nextEmail reads);
// after " at ", a label that spelledTLDs names after a "dot" mark
// ("jane at example dot com"; "look at it dot by dot" is prose). Labels are
// joined by '.', '-', '_' or a "dot" mark (bracketed ones with up to two
// spaces around).
func spelledDomainEnd(s string, i int, at int) (end int, marked bool) {
	end, labels, word, dot := -1, 0, false, false
	for i < len(s) {
		k, letters := i, true
		for k < len(s) && isPIIAlnum(s[k]) {
			letters = letters && isPIILetter(s[k])
			k++
		}
		if k == i {
			break
		}
		if labels++; at == markWord && labels == 1 && asciiEqualFold(s[i:k], "the") {
			return -1, false // "at the dot com peak": prose
		}
		tld := letters && k-i >= minTLDLen
		if at == markBracketed || tld && (at == markStrict && (word || labels >= 2 && spelledTLD(s[i:k])) ||
			at == markWord && (word || dot) && spelledTLD(s[i:k]) || at == markGlued && word) {
			end, marked = k, word
		}
		if k == len(s) {
			break
		}
		e, kind := spelledMark(s, k, "DOT", '.')
		if d := spelledSpaces(s, k); e < 0 && d > k && d < len(s) {
			if e, kind = spelledMark(s, d, "DOT", '.'); kind != markBracketed {
				e = -1
			}
		}
		switch {
		case e > 0:
			i, word = e, true
			if kind == markBracketed {
				i = spelledSpaces(s, e)
			}
		case s[k] == '.' || s[k] == '-' || s[k] == '_':
			i, dot = k+1, dot || s[k] == '.'
		default:
			return end, marked
		}
	}
	return end, marked
}

func spelledTLD(w string) bool { return grInWords(spelledTLDs, w, false) }
