package masking

import "strings"

// Digit runs, card numbers and SSN shapes: the thresholds are documented at
// the top of pii.go.

const (
	minDigitRun = 6
	minCardLen  = 13
	maxCardLen  = 19
)

func isPIIDigit(c byte) bool { return c-'0' < 10 }

// nextDigitRun returns the first maximal digit run of s at or after from with
// at least minDigitRun digits, and where to resume; kind 0 when there is none.
// from must not be inside a run (it is 0 or a previous resume point).
func nextDigitRun(s string, from int) (piiMatch, int) {
	for i := from; i < len(s); i++ {
		if !isPIIDigit(s[i]) {
			continue
		}
		end, digits, plain := digitRunEnd(s, i)
		cs, coord := coordEnd(s, end)
		if digits < minDigitRun {
			if digits == 4 && end-i == 4 && isPANAt(s, i) { // four digits, no separator among them
				// an MBI may start at the last digit and go on over the
				// PAN's last capital ("ABCPE2501F10-A00-AA00")
				return piiMatch{i - 5, max(i+5, mbiEnd(s, end-1)), piiDigits}, i + 5
			}
			if coord > 0 {
				return piiMatch{cs, coord, piiDigits}, coord
			}
			if digits == 5 && end-i == 5 && isUSZipAt(s, i) { // "Springfield, IL 62704" (pii_zip_us.go)
				return piiMatch{i, end, piiDigits}, end
			}
			if end-i == digits && isMaskedTailAt(s, i, end) { // "•••• 4242"
				return piiMatch{i, end, piiDigits}, end
			}
			if st, e := ukPostcodeAlone(s, i); st >= from && st >= 0 { // "London SW1A 1AA"
				// an MBI may start at the run's last digit, inside the postcode ("MK731EG4-TE5-MK73"),
				// or at the inward code's digit ("B0A 1AA0-A00-AA00"): the scan resumes there
				return piiMatch{st, max(e, mbiEnd(s, end-1)), piiDigits}, e - 3
			}
			if e := caPostcodeEnd(s, i-min(i, 1), false); e > 0 && i-1 >= from { // "K1A 0B1" (pii_postcode_ca.go)
				return piiMatch{i - 1, e, piiDigits}, e
			}
			if e := mbiEnd(s, end-1); e > 0 { // "1EG4-TE5-MK73", its first digit a run's last
				// resume after the run: one may start inside it and go on
				return piiMatch{end - 1, e, piiDigits}, end
			}
			i = end - 1
			continue
		}
		mbi := mbiEnd(s, end-1)
		// An extension's or an MBI's digits may start a run that goes on
		// past them ("… x0000 0000000"): the scan resumes before them.
		resume := max(end, coord)
		if coord < 0 {
			end = phoneExtEnd(s, end) // "415-555-2671 ext. 123"
		}
		end = max(end, coord, mbi)
		kind := piiDigits
		switch {
		case digits == 9 && isSSNShape(s[i:end]):
			kind = piiSSN
		case plain && digits >= minCardLen && digits <= maxCardLen && luhnValid(s[i:end]):
			kind = piiCard
		}
		start := i
		if start > 0 && s[start-1] == '+' {
			start--
		}
		return piiMatch{start, end, kind}, resume
	}
	return piiMatch{}, len(s)
}

// isPANAt reports whether the 4 digits at s[i] are those of an Indian
// Permanent Account Number standing alone: five capital letters (the fourth
// names the holder's kind: a person, a company, …), the digits and a
// capital, no ASCII letter on either side ("ABCPE1234F"; a digit next to
// it does not count: masked, it would be a '*', and a scan of the masked
// text would find the PAN then, "AAAAA0000A0000 00"). Its
// digits are below the run rule; read here, at the runs the scan stops at,
// it costs no stream of its own.
//
//go:noinline
func isPANAt(s string, i int) bool {
	if i < 5 || i+5 > len(s) || i > 5 && isPIILetter(s[i-6]) || i+5 < len(s) && isPIILetter(s[i+5]) {
		return false
	}
	// holder kinds A B C F G H J L P T, as bits from 'A'
	kind := uint32(1<<0 | 1<<1 | 1<<2 | 1<<5 | 1<<6 | 1<<7 | 1<<9 | 1<<11 | 1<<15 | 1<<19)
	for k := i - 5; k < i+5; k++ { // the five capitals before the digits, and the one after
		if k == i {
			k += 4
		}
		if s[k]-'A' >= 26 {
			return false
		}
	}
	return kind>>(s[i-2]-'A')&1 != 0
}

// digitRunEnd scans the run whose first digit is s[i]. It returns the offset
// just after its last digit, how many digits it has, and whether every
// separator in it is a single space or dash (the card shape).
func digitRunEnd(s string, i int) (end, digits int, plain bool) {
	plain = true
	for {
		digits++
		i++
		end = i
		if i < len(s) && isPIIDigit(s[i]) {
			continue
		}
		k := digitSeparatorEnd(s, i)
		if k == i || k == len(s) || !isPIIDigit(s[k]) {
			return end, digits, plain
		}
		if k-i != 1 || (s[i] != ' ' && s[i] != '-') {
			plain = false
		}
		i = k
	}
}

// digitSeparatorEnd returns the offset after the longest separator starting
// at s[i] that may join two digits: an optional ')', then any run of HTML
// whitespace holding at most two of '.', '-' and '_', then an optional '('. A
// browser collapses the whitespace, so "4111\n  1111" and "415 - 555" read
// as one number. It returns i when there is none.
func digitSeparatorEnd(s string, i int) int {
	if i < len(s) && s[i] == ')' {
		i++
	}
	for marks := 0; i < len(s); i++ {
		if c := s[i]; c == '.' || c == '-' || c == '_' {
			if marks++; marks > 2 {
				break
			}
		} else if !isHTMLSpace(c) {
			break
		}
	}
	if i < len(s) && s[i] == '(' {
		i++
	}
	return i
}

// isSSNShape reports whether run, a digit run of 9 digits, is exactly
// ddd-dd-dddd or ddd dd dddd: 11 bytes leave room for two one-byte
// separators, so where they sit and what they are decides.
func isSSNShape(run string) bool {
	return len(run) == 11 && run[3] == run[6] && (run[3] == '-' || run[3] == ' ')
}

// luhnValid reports whether the digits of run (separators skipped) pass the
// Luhn check.
func luhnValid(run string) bool {
	sum, double := 0, false
	for i := len(run) - 1; i >= 0; i-- {
		c := run[i]
		if !isPIIDigit(c) {
			continue
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// coordEnd returns where a geographic coordinate starts and ends whose
// degrees are the digits right before s[end] and a degree sign there, or
// -1: degrees, minutes and seconds ("51°30'26.5\"N", "0° 7′ 39″ W"), or
// degrees and decimal minutes ("51° 30.441'"), about 30 m; or decimal
// degrees with 3 decimals or more and a hemisphere ("51.507° N"). An angle
// with whole minutes only ("45°30'"), or a temperature ("21.5°C"), is no
// place. One space between the parts, as people type them; the hemisphere
// after degrees, minutes and seconds is kept.
//
//go:noinline
func coordEnd(s string, end int) (start, stop int) {
	p := end
	for p > 0 && isPIIDigit(s[p-1]) {
		p--
	}
	dec := p > 1 && s[p-1] == '.' && isPIIDigit(s[p-2])
	mark, k := coordMarkAt(s, end)
	if mark != 'd' || !dec && end-p > 3 || dec && end-p < 3 {
		return 0, -1
	}
	if dec {
		for p--; p > 0 && isPIIDigit(s[p-1]); p-- {
		}
		if k = coordSpace(s, k); k < len(s) && indexByte("NSEWnsew", s[k]) < 8 && (k+1 == len(s) || !isPIILetter(s[k+1])) {
			return p, k + 1
		}
		return 0, -1
	}
	stop = -1
	for _, want := range [2]byte{'m', 's'} { // minutes, then seconds
		j := coordSpace(s, k)
		n := j
		for n < len(s) && isPIIDigit(s[n]) {
			n++
		}
		if n == j || n-j > 2 {
			break
		}
		frac := n+1 < len(s) && s[n] == '.' && isPIIDigit(s[n+1])
		if frac {
			for n++; n < len(s) && isPIIDigit(s[n]); n++ {
			}
		}
		if mark, k = coordMarkAt(s, n); mark != want {
			break
		}
		if frac || want == 's' {
			stop = k
		}
	}
	return p, stop
}

// coordMarks are the marks of a coordinate, each followed by its kind ('d'
// degrees, 'm' minutes, 's' seconds) and '|'.
const coordMarks = "°d|ºd|'m|′m|’m|\"s|″s|”s|"

// coordMarkAt reads the mark at s[k] (k ≤ len(s)): its kind, 0 for none,
// and its end.
func coordMarkAt(s string, k int) (byte, int) {
	for l := 0; l < len(coordMarks); {
		e := l + indexByte(coordMarks[l:], '|')
		if m := coordMarks[l : e-1]; strings.HasPrefix(s[k:], m) {
			return coordMarks[e-1], k + len(m)
		}
		l = e + 1
	}
	return 0, k
}

func coordSpace(s string, k int) int {
	if k < len(s) && s[k] == ' ' {
		k++
	}
	return k
}
