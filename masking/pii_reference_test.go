package masking

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// referenceScrubPII is a slow second reading of the rules documented in
// pii.go, written differently from the scanner (regular expressions, big
// integers, a mask per byte, quadratic loops), to be compared with scrubPII.
// It does not model invalid UTF-8 inside e-mail addresses, so callers only
// compare on valid UTF-8.
func referenceScrubPII(s string) (string, int) {
	out, n := referenceScrubForward(s)
	if !piiMirrorable(out) { // the engine's gate, tested on its own
		return out, n
	}
	// read backwards too, as a right-to-left override shows the text
	rev := func(s string) string {
		var units []string
		for i := 0; i < len(s); {
			_, size := utf8.DecodeRuneInString(s[i:])
			units = append([]string{s[i : i+size]}, units...)
			i += size
		}
		return strings.Join(units, "")
	}
	back, m := referenceScrubForward(rev(out))
	if m == 0 {
		return out, n
	}
	return rev(back), n + m
}

func referenceScrubForward(s string) (string, int) {
	masked := make([]bool, len(s))
	markS := func(start, end int) {
		for i := start; i < end; i++ {
			masked[i] = true
		}
	}
	refMarkPII(s, markS)
	refMarkHandles(s, markS) // as written only: the reading makes '#' an '@'
	// The ASCII readings (pii_view.go), hidden text read as digits and
	// left out: a match in either maps back to whole units of s.
	for _, hidden := range []string{"0", ""} {
		reading, from := refASCIIReading(s, hidden)
		refMarkPII(reading, func(start, end int) {
			for i := from[start]; i < from[end]; i++ {
				masked[i] = true
			}
		})
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		if !masked[i] {
			b.WriteString(s[i : i+size])
		} else {
			if i == 0 || !masked[i-1] {
				n++
			}
			b.WriteByte('*')
		}
		i += size
	}
	return b.String(), n
}

// refASCIIReading is the ASCII reading of s, with each zero-width or tag
// character read as hidden, and the offset in s of each of its bytes (and
// of its end). Each unit of s becomes a string of its own.
func refASCIIReading(s, hidden string) (string, []int) {
	var units []string
	var starts []int
	for i := 0; i < len(s); {
		if s[i] == '%' && i+2 < len(s) && refIsHex(s[i+1]) && refIsHex(s[i+2]) {
			// "%25" before another escape is that escape, escaped again
			j := i + 1
			for strings.HasPrefix(s[j:], "25") && j+3 < len(s) && refIsHex(s[j+2]) && refIsHex(s[j+3]) {
				j += 2
			}
			if d, _ := strconv.ParseUint(s[j:j+2], 16, 8); j > i+1 && d >= 0x20 && d < 0x80 {
				units, starts = append(units, string(rune(d))), append(starts, i)
				i = j + 2
				continue
			}
		}
		if s[i] == '%' && i+2 < len(s) {
			if d, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil && d >= 0x20 && d < 0x80 && s[i+1] != '+' && s[i+1] != '-' {
				units, starts = append(units, string(rune(d))), append(starts, i)
				i += 3
				continue
			}
			// an escaped UTF-8 sequence reads as the rune it spells
			var enc []byte
			for j := i; len(enc) < 4 && j+2 < len(s) && s[j] == '%' && refIsHex(s[j+1]) && refIsHex(s[j+2]); j += 3 {
				d, _ := strconv.ParseUint(s[j+1:j+3], 16, 8)
				enc = append(enc, byte(d))
			}
			if len(enc) > 0 && enc[0] >= 0x80 {
				if r, w := utf8.DecodeRune(enc); r != utf8.RuneError {
					if u, ok := refReading(r, hidden); ok {
						units, starts = append(units, u), append(starts, i)
						i += 3 * w
						continue
					}
				}
			}
		}
		if strings.HasPrefix(s[i:], "艾特") { // "at" in Chinese, one unit
			units, starts = append(units, "@"), append(starts, i)
			i += len("艾特")
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		u := s[i : i+size]
		if m, ok := refReading(r, hidden); ok && r != utf8.RuneError {
			u = m
		}
		if r == '#' && i > 0 && s[i-1] == ' ' && !strings.HasPrefix(s[i+1:], " ") {
			u = "#" // a hashtag or a fragment, not an '@'
		}
		units, starts = append(units, u), append(starts, i)
		i += size
	}
	var reading strings.Builder
	var from []int
	for k, u := range units {
		reading.WriteString(u)
		for range len(u) {
			from = append(from, starts[k])
		}
	}
	return reading.String(), append(from, len(s))
}

// refReading is what the ASCII reading makes of r, with ok false when it
// keeps r as it is; "" leaves out a rune that shows nothing.
func refReading(r rune, hidden string) (string, bool) {
	switch {
	case r == '\v' || r == 0x85 || r == 0x2028 || r == 0x2029: // line breaks a browser shows as a gap
		return " ", true
	case unicode.IsControl(r) && !strings.ContainsRune("\t\n\f\r", r):
		return "", true
	case r == '#' || r == '★' || r == '☆': // an '@' spelled against harvesters
		return "@", true
	case r < 0x80:
		return "", false
	case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r >= 0xE0020 && r <= 0xE007E:
		return hidden, true // hidden text's alphabets
	case strings.ContainsRune("·․‧∙⋅。・︒﹒｡･点點", r):
		return ".", true
	case r == '﹫':
		return "@", true
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return "", true
	case strings.ContainsRune("〇零一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖", r):
		for d, set := range []string{"〇零", "一壹", "二贰貳", "三叁參", "四肆", "五伍", "六陆陸", "七柒", "八捌", "九玖"} {
			if strings.ContainsRune(set, r) {
				return string(rune('0' + d)), true
			}
		}
	case refStyledDigits[r] != 0:
		return string(refStyledDigits[r]), true
	case r >= 0xFF01 && r <= 0xFF5E:
		return string(r - 0xFEE0), true
	case unicode.IsDigit(r):
		zero := r // each script's digits are runs of ten from its zero
		for unicode.IsDigit(zero - 1) {
			zero--
		}
		return string(rune('0' + (r-zero)%10)), true
	case unicode.In(r, unicode.Zs):
		return " ", true
	case unicode.In(r, unicode.Pd) || r == 0x2212:
		return "-", true
	}
	return "", false
}

// refStyledDigits spells out, digit by digit, the styled digits a reader
// reads as decimal ones.
var refStyledDigits = func() map[rune]byte {
	m := map[rune]byte{}
	for _, run := range []string{
		"⁰¹²³⁴⁵⁶⁷⁸⁹", "₀₁₂₃₄₅₆₇₈₉", "⓪①②③④⑤⑥⑦⑧⑨", "0⑴⑵⑶⑷⑸⑹⑺⑻⑼", "0⒈⒉⒊⒋⒌⒍⒎⒏⒐",
		"⓿❶❷❸❹❺❻❼❽❾", "0⓵⓶⓷⓸⓹⓺⓻⓼⓽", "0➀➁➂➃➄➅➆➇➈", "0➊➋➌➍➎➏➐➑➒", "🄁🄂🄃🄄🄅🄆🄇🄈🄉🄊", "🄀",
	} {
		for i, r := range []rune(run) {
			if r != '0' {
				m[r] = byte('0' + i)
			}
		}
	}
	return m
}()

func refIsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

var (
	refUSZip      = regexp.MustCompile(`, (?:` + strings.TrimSuffix(usStates, "|") + `) ([0-9]{5})`)
	refCAPostcode = regexp.MustCompile(`^([ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] [0-9][ABCEGHJ-NPRSTV-Z][0-9])(?:[^A-Za-z*]|$)`)
	refUKPostcode = regexp.MustCompile(`^([A-Z]{1,2})[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}([^A-Za-z]|$)`)
	refTownBefore = regexp.MustCompile(`(?:^|[^A-Za-z])[A-Z][A-Za-z]{2,}$`)
	refMBI        = regexp.MustCompile(`[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9](?:[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y]{2}|-[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]-[AC-HJKMNP-RT-Y]{2}| [AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9] [AC-HJKMNP-RT-Y]{2})[0-9]{2}`)
	refMaskedRun  = regexp.MustCompile(`(?:••|●●|∙∙|··|(?:^|[^*A-Za-z0-9])\*{4}[ -]\*{4}|(?:^|[^*A-Za-z0-9])X{4}|(?:^|[^*A-Za-z0-9])x{4}|(?:^|[^*A-Za-z0-9])(?:\*{3}-\*{2}|XXX-XX|xxx-xx))$`)
	refMBISmall   = regexp.MustCompile(`[1-9][ac-hjkmnp-rt-y][ac-hjkmnp-rt-y0-9][0-9](?:-[ac-hjkmnp-rt-y][ac-hjkmnp-rt-y0-9][0-9]-[ac-hjkmnp-rt-y]{2}| [ac-hjkmnp-rt-y][ac-hjkmnp-rt-y0-9][0-9] [ac-hjkmnp-rt-y]{2})[0-9]{2}`)
	refGluedStars = regexp.MustCompile(`(?:^|[^*A-Za-z0-9])\*{4}$`)
	refEllipsis   = regexp.MustCompile(`(?:^|[^0-9.*])(?:\.\.\.|…) ?$`)
	// one group of '*' and a space after a card's word, not the "card" of a label
	refCardStars  = regexp.MustCompile(`(?i)(?:^|[^a-z])(?:card|visa|mastercard|amex|discover|maestro|debit|credit|jcb) \*{4} $`)
	refLabelCard  = regexp.MustCompile(`(?i)(?:^|[^a-z])(?:id|medicare)[ _-]+card \*{4} $`)
	refDigitRun   = regexp.MustCompile(`\+?[0-9](?:\)?[ \t\n\f\r]*(?:[.\-_][ \t\n\f\r]*){0,2}\(?[0-9])*`)
	refDMS        = regexp.MustCompile(`^[0-9]{1,3}(?:°|º) ?[0-9]{1,2}(\.[0-9]+)?(?:'|′|’)( ?[0-9]{1,2}(?:\.[0-9]+)?(?:"|″|”))?`)
	refDecDegrees = regexp.MustCompile(`^[0-9]+\.[0-9]{3,}(?:°|º) ?[NSEWnsew]`)
	refPAN        = regexp.MustCompile(`^[A-Z]{3}[ABCFGHJLPT][A-Z][0-9]{4}[A-Z]`)
	refLocalPart  = regexp.MustCompile(`(?:[A-Za-z0-9._%+\-!$'^{}~\x60=#\p{L}\p{Nd}\p{M}]|\([^()@|\x00-\x1f]+\))+$`)
	refComment    = regexp.MustCompile(`\([^()]*\)`)
	refLiteral    = regexp.MustCompile(`^\[[A-Za-z.:]*[0-9][A-Za-z0-9.:]*\]`)
	refQuoted     = regexp.MustCompile(`"[^"|\x00-\x1f]+"$`)
	refDomain     = regexp.MustCompile(`^[A-Za-z0-9\p{L}\p{Nd}\p{M}][A-Za-z0-9.\-\p{L}\p{Nd}\p{M}]*\.[\p{L}\p{M}]{2,}`)
)

func refCountDigits(s string) int {
	return len(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s))
}

func isRefLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

func isRefDigit(c byte) bool { return c >= '0' && c <= '9' }

// refIBANEnd tries every candidate end of an IBAN starting at s[i] and
// returns the longest valid one, or -1.
func refIBANEnd(s string, i int) int {
	if i+4 > len(s) || !isRefLetter(s[i]) || !isRefLetter(s[i+1]) || !isRefDigit(s[i+2]) || !isRefDigit(s[i+3]) {
		return -1
	}
	best := -1
	chars := strings.ToUpper(s[i : i+4])
	for j := i + 4; j < len(s) && len(chars) < 34; j++ {
		c := s[j]
		if c == ' ' && len(chars)%4 == 0 && j+1 < len(s) && (isRefLetter(s[j+1]) || isRefDigit(s[j+1])) {
			continue
		}
		if !isRefLetter(c) && !isRefDigit(c) {
			break
		}
		chars += strings.ToUpper(string(c))
		endsClass := j+1 == len(s) || isRefLetter(c) != isRefLetter(s[j+1]) || isRefDigit(c) != isRefDigit(s[j+1])
		if len(chars) >= 15 && endsClass && refMod97(chars[4:]+chars[:4]) == 1 {
			best = j + 1
		}
	}
	return best
}

// refGroupedCardEnd tries every end of a grouped card starting at s[i]
// and returns the longest valid one, or -1: the digit groups of s[i:j], a
// first of 4, then 3 to 6 (the last 1 to 6), 13 to 19 digits, Luhn-valid,
// with one and the same mark between each two (whitespace around it
// aside) that is no letter, digit, space or '*'.
func refGroupedCardEnd(s string, i int) int {
	best := -1
	for j := i + 1; j <= len(s); j++ {
		if !isRefDigit(s[j-1]) || j < len(s) && isRefDigit(s[j]) {
			continue
		}
		groups := regexp.MustCompile(`[0-9]+`).FindAllStringIndex(s[i:j], -1)
		if len(groups) < 2 || groups[0][1]-groups[0][0] != 4 {
			continue
		}
		ok, mark, digits := true, "", 0
		for k, g := range groups {
			n := g[1] - g[0]
			digits += n
			if k > 0 && (n > 6 || n < 3 && k < len(groups)-1) {
				ok = false
			}
			if k == 0 {
				continue
			}
			sep := strings.Trim(s[i+groups[k-1][1]:i+g[0]], " \t\n\f\r")
			r := []rune(sep)
			if len(r) != 1 || r[0] == '*' || r[0] < 0x80 && (isRefLetter(byte(r[0])) || isRefDigit(byte(r[0]))) ||
				mark != "" && sep != mark {
				ok = false
			}
			mark = sep
		}
		if ok && digits >= 13 && digits <= 19 && luhnOf(s[i:j]) {
			best = j
		}
	}
	return best
}

// refGroupedNumberEnd tries every end of a grouped phone or ID number
// starting at s[i] (pii_card_groups.go) and returns the longest, or -1.
func refGroupedNumberEnd(s string, i int) int {
	best := -1
	for j := i + 1; j <= len(s); j++ {
		if !isRefDigit(s[j-1]) || j < len(s) && isRefDigit(s[j]) {
			continue
		}
		groups := regexp.MustCompile(`[0-9]+`).FindAllStringIndex(s[i:j], -1)
		if len(groups) < 3 || len(groups) > 6 {
			continue
		}
		ok, mark, digits, years := true, "", 0, true
		for k, g := range groups {
			n := g[1] - g[0]
			digits += n
			years = years && n == 4 && (s[i+g[0]:i+g[0]+2] == "19" || s[i+g[0]:i+g[0]+2] == "20")
			if n < 2 || n > 4 {
				ok = false
			}
			if k == 0 {
				continue
			}
			sep := strings.Trim(s[i+groups[k-1][1]:i+g[0]], " \t\n\f\r")
			r := []rune(sep)
			if len(r) != 1 || strings.ContainsRune("*,|\\-._", r[0]) || r[0] < 0x80 && (isRefLetter(byte(r[0])) || isRefDigit(byte(r[0]))) ||
				mark != "" && sep != mark {
				ok = false
			}
			mark = sep
		}
		if ok && digits >= 9 && digits <= 15 && !years {
			best = j
		}
	}
	return best
}

// luhnOf is the Luhn check over the ASCII digits of s, written out.
func luhnOf(s string) bool {
	var ds []int
	for _, c := range s {
		if c >= '0' && c <= '9' {
			ds = append(ds, int(c-'0'))
		}
	}
	sum := 0
	for k := range ds {
		d := ds[len(ds)-1-k]
		if k%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func refMod97(chars string) int64 {
	var digits strings.Builder
	for _, c := range chars {
		if c >= 'A' && c <= 'Z' {
			fmt.Fprint(&digits, int(c-'A')+10)
		} else {
			digits.WriteRune(c)
		}
	}
	n, _ := new(big.Int).SetString(digits.String(), 10)
	return new(big.Int).Mod(n, big.NewInt(97)).Int64()
}

// refMBIAt and refMBISmallAt are refMBI and refMBISmall at the start of a
// string: refAllAt tries them at every byte, so that one may start inside
// another ("1EG4-TE5-MK73AA0-A00-AA00": the second starts at "3").
var (
	refMBIAt      = regexp.MustCompile(`^(?:` + refMBI.String() + `)`)
	refMBISmallAt = regexp.MustCompile(`^(?:` + refMBISmall.String() + `)`)
)

// refAllAt returns every match of the anchored res at every byte of s,
// overlapping ones too.
func refAllAt(s string, res ...*regexp.Regexp) (all [][]int) {
	for st := range len(s) {
		for _, re := range res {
			if m := re.FindStringIndex(s[st:]); m != nil {
				all = append(all, []int{st, st + m[1]})
			}
		}
	}
	return all
}

// an ellipsis after one group of '*' after a card's word, as refCardStars
var (
	refCardStarsEllipsis = regexp.MustCompile(`(?i)(?:^|[^a-z])(?:card|visa|mastercard|amex|discover|maestro|debit|credit|jcb) \*{4}(?:\.\.\.|…) ?$`)
	refLabelCardEllipsis = regexp.MustCompile(`(?i)(?:^|[^a-z])(?:id|medicare)[ _-]+card \*{4}(?:\.\.\.|…) ?$`)
)

// refMarkPII marks every detector match of s.
func refMarkPII(s string, mark func(start, end int)) {
	for _, m := range refDigitRun.FindAllStringIndex(s, -1) {
		if refCountDigits(s[m[0]:m[1]]) >= 6 {
			mark(m[0], refExtEnd(s, m[1]))
		}
	}
	// a UK postcode in capitals alone: a postcode area, where an address puts it
	for st := 0; st < len(s); st++ {
		if st > 0 && isRefLetter(s[st-1]) {
			continue
		}
		m := refUKPostcode.FindStringSubmatch(s[st:])
		if m == nil || !strings.Contains(ukAreas, "|"+m[1]+"|") {
			continue
		}
		before, spaced := strings.CutSuffix(s[:st], " ")
		if before == "" || strings.ContainsAny(before[len(before)-1:], ",(\t\n|\\") || spaced && refTownBefore.MatchString(before) {
			mark(st, st+len(m[0])-len(m[2]))
		}
	}
	// a US ZIP code after ", " and a state's code
	for _, m := range refUSZip.FindAllStringSubmatchIndex(s, -1) {
		if m[3] == len(s) || !isRefLetter(s[m[3]]) && !isRefDigit(s[m[3]]) {
			mark(m[2], m[3])
		}
	}
	// a Canadian postal code in capitals, spaced, alone
	for st := 0; st < len(s); st++ {
		if m := refCAPostcode.FindStringSubmatch(s[st:]); m != nil && (st == 0 || !isRefLetter(s[st-1]) && s[st-1] != '*') {
			mark(st, st+len(m[1]))
		}
	}
	// a Medicare number alone: capitals and digits by place, no S L O I B Z;
	// run together, no letter or '*' next to it
	for _, m := range refAllAt(s, refMBIAt, refMBISmallAt) {
		glued := func(c byte) bool { return isRefLetter(c) || c == '*' }
		if s[m[0]+4] == '-' || s[m[0]+4] == ' ' || (m[0] == 0 || !glued(s[m[0]-1])) && (m[1] == len(s) || !glued(s[m[1]])) {
			mark(m[0], m[1])
		}
	}
	// 2 to 4 digits after a run that stands for the digits left out
	for _, m := range refDigitRun.FindAllStringIndex(s, -1) {
		d := strings.TrimPrefix(s[m[0]:m[1]], "+")
		start := m[1] - len(d)
		if len(d) < 2 || len(d) > 4 || strings.Trim(d, "0123456789") != "" || m[1] < len(s) && isRefLetter(s[m[1]]) {
			continue
		}
		before := s[:start]
		// one group of '*' right before the digits; 4 digits after an ellipsis
		if refGluedStarsBefore(before) || len(d) == 4 && refEllipsis.MatchString(before) ||
			len(d) == 4 && refCardStarsEllipsis.MatchString(before) && !refLabelCardEllipsis.MatchString(before) ||
			len(d) == 4 && refCardStars.MatchString(before) && !refLabelCard.MatchString(before) {
			mark(start, m[1])
		}
		if strings.HasSuffix(before, " ") || strings.HasSuffix(before, "-") {
			before = before[:len(before)-1]
		}
		if refMaskedRun.MatchString(before) {
			mark(start, m[1])
		}
	}
	for at := 0; at < len(s); at++ {
		if s[at] != '@' {
			continue
		}
		// one or two spaces on both sides spell one address; three are a gap
		sp := 0
		for sp < 2 && at-sp-1 >= 0 && at+sp+1 < len(s) && s[at-sp-1] == ' ' && s[at+sp+1] == ' ' {
			sp++
		}
		if sp == 2 && at-3 >= 0 && at+3 < len(s) && s[at-3] == ' ' && s[at+3] == ' ' {
			sp = 0
		}
		// one space on one side only, before a top-level domain spelledTLDs names
		lsp, rsp, oneSided := sp, sp, false
		if sp == 0 && at > 0 && s[at-1] == ' ' {
			lsp, oneSided = 1, true
		} else if sp == 0 && at+1 < len(s) && s[at+1] == ' ' {
			rsp, oneSided = 1, true
		}
		local := refLocalPart.FindStringIndex(s[:at-lsp])
		if local != nil {
			// a comment holds 1 to 64 bytes: the local part starts after
			// the last one that holds more
			base := local[0]
			for _, c := range refComment.FindAllStringIndex(s[base:local[1]], -1) {
				if c[1]-c[0]-2 > 64 {
					local[0] = base + c[1]
				}
			}
			if local[0] == local[1] {
				local = nil
			}
		}
		if local != nil && local[0] > 0 && strings.IndexByte("?&;", s[local[0]-1]) >= 0 {
			// a query parameter's name is no part of the address
			local[0] += strings.IndexByte(s[local[0]:local[1]], '=') + 1
			if local[0] == local[1] {
				local = nil
			}
		}
		if q := refQuoted.FindStringIndex(s[:at-lsp]); q != nil && q[1]-q[0]-2 <= 64 {
			local = q // a quoted local part: "jane doe"@example.com
		}
		domain := refDomain.FindStringIndex(s[at+1+rsp:])
		if domain != nil && oneSided {
			d := s[at+1+rsp : at+1+rsp+domain[1]]
			if !refTLDs[strings.ToLower(d[strings.LastIndexByte(d, '.')+1:])] {
				domain = nil
			}
		}
		if lit := refLiteral.FindString(s[at+1:]); local != nil && sp == 0 && !oneSided && lit != "" && len(lit) <= 66 {
			mark(local[0], at+1+len(lit)) // a domain literal
		} else if local != nil && domain != nil {
			mark(local[0], at+1+rsp+domain[1])
		}
	}
	// geographic coordinates: degrees, minutes and seconds or decimal
	// minutes; decimal degrees with 3 decimals and a hemisphere
	for i := 0; i < len(s); i++ {
		if !isRefDigit(s[i]) || i > 0 && isRefDigit(s[i-1]) {
			continue
		}
		if m := refDecDegrees.FindString(s[i:]); m != "" && (i+len(m) == len(s) || !isRefLetter(s[i+len(m)])) {
			mark(i, i+len(m))
		}
		if i > 1 && s[i-1] == '.' && isRefDigit(s[i-2]) {
			continue // decimals, not degrees
		}
		if m := refDMS.FindStringSubmatch(s[i:]); m != nil && (m[1] != "" || m[2] != "") {
			mark(i, i+len(m[0]))
		}
	}
	// an Indian PAN standing alone: 5 capitals (the 4th a holder kind), 4 digits, a capital
	for i := 0; i+10 <= len(s); i++ {
		if refPAN.MatchString(s[i:]) && (i == 0 || !isRefLetter(s[i-1])) && (i+10 == len(s) || !isRefLetter(s[i+10])) {
			mark(i, i+10)
		}
	}
	refMarkSpelledEmails(s, mark)
	refMarkNameAge(s, mark)
	refMarkStreets(s, mark)
	refMarkLabelled(s, mark)
	refMarkCodeFirst(s, mark)
	refMarkHexAddresses(s, mark)
	refMarkNumberWords(s, mark)
	for i := 0; i < len(s); i++ {
		if isRefDigit(s[i]) && (i == 0 || !isRefDigit(s[i-1])) {
			if end := refGroupedCardEnd(s, i); end > 0 {
				mark(i, end)
			}
			if end := refGroupedNumberEnd(s, i); end > 0 {
				mark(i, end)
			}
		}
	}
	for i := 0; i < len(s); i++ {
		if i > 0 && isRefLetter(s[i-1]) {
			continue
		}
		if end := refIBANEnd(s, i); end > 0 {
			mark(i, end)
			i = end - 1
		}
	}
}

// The marks of a spelled address (pii.go), by kind: in brackets, between
// separators or capital words, and as a lowercase word.
var (
	refMarkBracket = regexp.MustCompile(`^(?:\( ?(?:W|S) ?\)|\[ ?(?:W|S) ?\]|\{ ?(?:W|S) ?\}|< ?(?:W|S) ?>|\+ ?(?:W|S) ?\+)`)
	refMarkStrict  = regexp.MustCompile(`^(?:[-_.](?i:W)[-_.]| U | S )`)
	refMarkWord    = regexp.MustCompile(`^ L(?i:R) `)
	refTLDs        = map[string]bool{}
)

func init() {
	for _, t := range strings.Fields("com net org edu gov mil int io co uk de fr nl es it eu info biz") {
		refTLDs[t] = true
	}
}

// refSpelledMark matches a mark for word w (sym its symbol) at the start
// of s: its length and kind ('b', 's', 'w'), or 0.
func refSpelledMark(s, w, sym string) (int, byte) {
	for k, re := range refMarkRes[w] {
		if m := re.FindStringIndex(s); m != nil {
			if k == 2 && strings.ToUpper(s[1:m[1]-1]) == s[1:m[1]-1] {
				continue
			}
			return m[1], "bsw"[k]
		}
	}
	return 0, 0
}

// refMarkRes are the marks' expressions for "at" and "dot", by kind.
var refMarkRes = func() map[string][3]*regexp.Regexp {
	m := map[string][3]*regexp.Regexp{}
	for w, sym := range map[string]string{"at": "@", "dot": "."} {
		r := strings.NewReplacer("(?:W|S)", "(?:(?i:"+w+")|"+regexp.QuoteMeta(sym)+")",
			"(?i:W)", "(?i:"+w+")", " U ", " "+strings.ToUpper(w)+" ", " S ", " "+regexp.QuoteMeta(sym)+" ",
			"(?i:R)", "(?i:"+w[1:]+")", " L", " "+w[:1])
		var res [3]*regexp.Regexp
		for k, re := range []*regexp.Regexp{refMarkBracket, refMarkStrict, refMarkWord} {
			res[k] = regexp.MustCompile(r.Replace(re.String()))
		}
		m[w] = res
	}
	return m
}()

// refMarkSpelledEmails marks the addresses spelled with an "at" mark, as
// pii.go words them, searching each mark's domain label by label.
func refMarkSpelledEmails(s string, mark func(start, end int)) {
	spaces := func(i int) int {
		for n := 0; n < 2 && i < len(s) && s[i] == ' '; n++ {
			i++
		}
		return i
	}
	isAlnum := func(c byte) bool { return isRefLetter(c) || isRefDigit(c) }
	from := 0
	for i := 0; i < len(s); i++ {
		if i < from {
			continue
		}
		n, kind := refSpelledMark(s[i:], "at", "@")
		if n == 0 && s[i] == '@' {
			n, kind = 1, 'g' // '@' itself, before a domain whose dots are spelled
			if i+1 < len(s) && s[i+1] == ' ' {
				n = 2 // and one space after it
			}
		}
		if n == 0 {
			continue
		}
		lead, next := i, i+n
		if kind == 'b' {
			for k := 0; k < 2 && lead > from && s[lead-1] == ' '; k++ {
				lead--
			}
			next = spaces(next)
		}
		start := lead
		for start > from && strings.IndexByte("._%+-!$'^`{}~", s[start-1]) >= 0 || start > from && isAlnum(s[start-1]) {
			start--
		}
		for start < lead && !isAlnum(s[start]) {
			start++
		}
		written := s[start:lead] // the local part before " at ", dot marks aside
		// back over words joined to the local part by a dot mark
		if start < lead {
			for {
				k := refDotMarkBefore(s[from:start])
				if k < 0 {
					break
				}
				k += from
				j := k
				for j > from && (strings.IndexByte("._%+-!$'^`{}~", s[j-1]) >= 0 || isAlnum(s[j-1])) {
					j--
				}
				for j < k && !isAlnum(s[j]) {
					j++
				}
				if j == k {
					break
				}
				start = j
			}
		}
		// the domain: labels joined by one of . - _ or a dot mark
		end, labels, word, dot, marked, j := -1, 0, false, false, false, next
		for {
			k := j
			for k < len(s) && isAlnum(s[k]) {
				k++
			}
			if k == j {
				break
			}
			label := s[j:k]
			labels++
			if kind == 'w' && labels == 1 && strings.EqualFold(label, "the") {
				end = -1
				break
			}
			letters := len(label) >= 2 && strings.Trim(label, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
			tld := refTLDs[strings.ToLower(label)]
			if kind == 'b' || letters && (kind == 's' && (word || labels >= 2 && tld) || kind == 'w' && (word || dot) && tld || kind == 'g' && word) {
				end, marked = k, word
			}
			if dn, dk := refSpelledMark(s[k:], "dot", "."); dn > 0 {
				j, word = k+dn, true
				if dk == 'b' {
					j = spaces(j)
				}
			} else if d := spaces(k); d > k {
				if dn, dk := refSpelledMark(s[d:], "dot", "."); dn > 0 && dk == 'b' {
					j, word = spaces(d+dn), true
				} else {
					break
				}
			} else if k < len(s) && strings.IndexByte(".-_", s[k]) >= 0 {
				j, dot = k+1, dot || s[k] == '.'
			} else {
				break
			}
		}
		// after " at " and a domain with real dots, the local part must
		// hold what prose does not: a dot, '_', '+' or a digit
		if kind == 'w' && !marked && !strings.ContainsAny(written, "._+0123456789") {
			end = -1
		}
		if end > 0 && start < lead {
			mark(start, end)
			from = next
			i = next - 1
		}
	}
}

// refNumberWordSep is what joins two tokens of a number spelled in words.
var refNumberWordSep = regexp.MustCompile(`^(?: +| *[-,./] *)$`)

// refMarkNumberWords marks runs of tokens (maximal runs of ASCII letters
// and digits) that are digit words or digits, joined as pii.go says, with a
// word among them and six digits in all.
func refMarkNumberWords(s string, mark func(start, end int)) {
	var toks [][2]int
	for i := 0; i < len(s); i++ {
		if isRefLetter(s[i]) || isRefDigit(s[i]) {
			j := i
			for j < len(s) && (isRefLetter(s[j]) || isRefDigit(s[j])) {
				j++
			}
			toks = append(toks, [2]int{i, j})
			i = j
		}
	}
	value := func(t [2]int) (digits int, word bool) {
		w := strings.ToLower(s[t[0]:t[1]])
		if strings.Trim(w, "0123456789") == "" {
			return len(w), false
		}
		for _, d := range strings.Fields("zero oh one two three four five six seven eight nine double triple") {
			if w == d {
				return 1, true
			}
		}
		return 0, false
	}
	for a := 0; a < len(toks); a++ {
		digits, words, b := 0, 0, a
		for ; b < len(toks); b++ {
			d, w := value(toks[b])
			if d == 0 || b > a && !refNumberWordSep.MatchString(s[toks[b-1][1]:toks[b][0]]) {
				break
			}
			digits += d
			if w {
				words++
			}
		}
		if b > a && words > 0 && digits >= 6 {
			mark(toks[a][0], toks[b-1][1])
			a = b - 1
		}
	}
}

// refDotMarkBefore returns where the dot mark s ends with starts, or -1:
// " dot " (any case) or " . ", or "dot" or "." in (), [], {} or <>, with a
// space on each side or on neither.
func refDotMarkBefore(s string) int {
	low := strings.ToLower(s)
	for _, m := range []string{" dot ", " . "} {
		if strings.HasSuffix(low, m) {
			return len(s) - len(m)
		}
	}
	for _, b := range []string{"()", "[]", "{}", "<>"} {
		for _, w := range []string{"dot", "."} {
			m := b[:1] + w + b[1:]
			if strings.HasSuffix(low, " "+m+" ") {
				return len(s) - len(m) - 2
			}
			if strings.HasSuffix(low, m) && (len(s) == len(m) || s[len(s)-len(m)-1] != ' ') {
				return len(s) - len(m)
			}
		}
	}
	return -1
}

// TestScrubPIIMatchesReference compares scrubPII with the reference on
// random strings over an alphabet made of the characters the detectors care
// about, where matches, near misses and overlaps are frequent.
func TestScrubPIIMatchesReference(t *testing.T) {
	pieces := []string{
		"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "12", "345", "4111", "89",
		" ", ".", "-", "(", ")", "+", "/", ",", "@", "_", "%",
		"a", "b", "x", "DE", "gb", "XX", "com", "co", "Card", "visa", "ID ", "****", "ext", "Extension", "durchwahl", "1eg4-te5-mk73", "1EG4-", "te5", "-mk7", "Name", "Dear ", "Mr.", "Hello, ", "live:", "Skype: ", "001A.2B3C", ".4D5E", "Handy: ", "Call ", "/", "Policy no. ", "Thanks, ", "Merci ", "You", "Jane", "signed in as ", "patient", "Address", "billing address", "Acacia Road", "Baker Street", "Calle Mayor", "rue de la Paix", "Hauptstraße", "Str.", " NW", "221B", "Via", "Berliner", "Straße", "Plate: ", "AB12", " CDE", "7KXR492", "é", "東", "\u0301", "😀", "\u00a0", "*",
		// what the reading leaves out: controls, format characters, marks; escaped UTF-8
		"\x00", "\x7f", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u202e", "\ufe0f", "\u20e3", "%E2%80%8B", "%EF%BC%94", "%C2%A0", "%C3",
		// an address written backwards (shown forwards under a right-to-left override)
		"gro.elpmaxe@enaj", "moc.", "\u202d", "\U000E0041", "\U000E007F", "\u200c",
		"⁴", "¹", "₅", "④", "⑴", "⒈", "❶", "➊", "🄂", "⑩",
		"DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "jane@example.com", "NO9386011117947",
		// what the ASCII reading changes: escapes, other digits, spaces, dashes, full-width forms
		"%34", "%40", "%2E", "%2540", "%252540", "%25", "%2525", "%25E2", "%20", "%2", "%e9", "\n", "\t", "١", "４", "\u2011", "\u2013", "\u202f", "\uff20", "\u00b7",
		// cards in groups joined by other marks
		"1111", "1111/", "4111/1111/1111/", "•", "|", ":", " / ", "\uff0f", "0000", "822463",
		// line breaks of other kinds, C1 controls, dot and '@' lookalikes, hidden text in addresses
		"\v", "\u0085", "\u2028", "\u2029", "\u0080", "\u009f", "%E2%80%A8", "。", "｡", "﹒", "․", "⋅", "﹫",
		"example.", "\u200bcom", "jane\u200b@", "ex\u2060ample", "@example", ".org",
		// addresses spelled with words and marks; Han numerals
		"at", "AT", "dot", "DOT", "(at)", "[ at ]", "{@}", "<dot>", "(.)", " at ", " AT ", " dot ", " DOT ", " @ ", " . ",
		"-at-", "_dot_", ".at.", "the", "io", "Info", "[", ")", "四", "一", "〇", "陸",
		// labelled values, IPv6 and MAC addresses
		"PIN", "pin", "cvv", "Password", "password", "kennwort", "hasło", "DOB", "born", "date of birth", "lat", "coords",
		": ", "=", " is ", " was ", " in ", "code", "no.", "|", "March", "th", "14", "1985", "51.5074", "-0.1278", ", ",
		"CONTRASEÑA", "senha", "Mot de passe", "NIP", "Geheimzahl", "geboren", " am ", "Geb.-Datum", "nato il ", "März", "mars",
		"marzo", " de ", " of ", "déc", "AOÛT", " — ", "–", "=>", "datum", "the ", "51,5074", ",5",
		"::", "fe80", "db8", "00:1A:2B:3C:4D:5E", "00-1a-2b", "-3c-4d-5e", "a", "::1", "2001:",
		// numbers spelled in words
		"one", "Two", "five", "oh", "NINE", "zero ", "six-", " , ", "one two three ", "seven eight ", "double ",
		"jane.doe at example.com", "jd42 at ", "arrived at amazon.com", "mail.example.org",
		"#", "艾特", "艾", "特", "点", "點", "★", "☆", "example点com",
		// round 14: all-caps labels of other scripts, a password's cell of its own
		"ПАРОЛЬ", "ΚΩΔΙΚΟΣ", "ŞİFRE", "Я", "Ω", "correct horse", "| ", " |", "the blue",
		// round 17b: role words, a mail's headers, a name or an address alone in a cell, birth dates, NI numbers
		"Ordered by ", "Recipient ", "Payee", "From: ", "To:", "cc", "Assigned to ", "Date", "Me", "Ward", "Hannelore", "Quist",
		"Patient|", "Address|", "Acacia House", ", Little", "\\", " upon ", "b. ", "B. ", "Birthday: ", "Sept", "NI: ", "ni ", "QQ", " 12", " 34", "56", " C", "nino",
		"Дата рождения", " марта ", "СЕНТЯБРЯ", "September",
		// RFC 5322 marks in a local part, an '@' with a space on one side
		"/", "?", "=", "&", ";", "jane=", "?page=", "@ ", " @", "example.org", "@jane.doe", ".COM",
		// '@' before spelled dots
		"jane@example", "@example dot com", "[.]", "(dot)",
		// coordinates
		"°", "º", "'", "′", "″", "\"", "51°30'", "26.5\"", "N", "30.441'", ".507", "° N",
		// Indian PANs
		"ABCPE", "BNZPM2501F", "1234F", "Q", "ABCXE",
		// round 15: toneless Greek folding, phrases after ':' and help text,
		// the line mark, comments and literals in addresses, '+' marks,
		// codes read aloud, Medicare labels
		"ΚΩΔΙΚΌΣ", "κωδικός", "ό", "ς", "Ά", "ΠΡΌΣΒΑΣΗΣ", "\\", "Password: ", "at least", "must", " chars", "4-8 words",
		". ", "!", "(work)", "(", "[192.168.1.1]", "[IPv6:", "]", "+AT+", "+at+", "@ ", "four eight two ", "PIN is ", "MBI ",
		"medicare", "1EG4-TE5-MK73",
		// round 16: a hyphen between spaces names a password
		" - ", "senha", "Password - ", "- ",
		"SW1A 1AA", "M1 1AE", "EC1A1BB", "sw1a 1aa", "PS5 1TB", "London ", "Postcode: ", "ZIP ", "94107", ", ", "Leeds", "A4 3DS", "W1", " 1AA",
		"XXXX", "xxxx4242", "(ext. ", "\\ext\\", " Microsoft account security ", "Use code ", "1EG4 TE5 MK73", " TE5 ",
		"1EG4", "-TE5-", "MK73", "TE5MK73", "2FH5UF6NL84", "EG4",
		"sk_test_", "ghp_", "xoxb-", "Bearer ", "abcdefghijklmnop", "qrstuvwx", "github_pat_", "test", "pat",
		" is your ", "is your code", " is the ", "Fabrikam ", "one-time ", "code", "PIN", "Use ", "enter ", " to sign in", " to ", "log-in", "A7X9",
		" ext. ", "ext", "Ext:", "extension ", " x", "x", "X12", "Phone: ", "Tel ", "tel", "mobile ", ", ",
		"•", "••", "●●", "··", "**** ", "****", "XXXX-", "xxxx ", "4242", " 42", "ending in ", "last 4: ", "last four ", "ends in ",
		"Expires: ", "expires ", "valid until ", "12/2027", "09/27", "12/05/2026", "9 / 27", "12-",
		"(3 digits)", "(MM/YY)", " (", "(x)", "your code", "—", "(été)", "date", "pw", "Exp. ", "expiration",
		// round 16b: one group of '*' glued to the digits, an ellipsis
		"…", "...", "... ", "****4242", "1...", "Card ", ".",
		" poste ", "Durchwahl ", "ramal", " interno: ", "доб. ", "ДОБ", "Poste",
		" -- ", "--", " --- ", "---- ", "Senha -- ",
		"12.27", "Valid from ", " to ", "01/24", "Vence ", "scadenza", " TO ", "12.05.2026",
		// round 18: handles and profile links
		"10.0.0.1", "255", "256", ".1", "1.2", "v", "PAN ", "Serial no. ", "S/N: ", "SWIFT: ", "BIC ", "DEUTDEFF", "COBADEFFXXX", "NWBKGB2L", "Username: ", "nickname ", "jfaraday", "Swift ",
		"@jfaraday", "@ab", "jfa", "media", "@lg:", "github.com/", "GitHub.com/", "x.com/", "linkedin.com/in/", "t.me/", "jane-q", "_",
		// round 20: handles under a host that gives each person a subdomain
		".github.io", ".Substack.com", "hquist", "www", ".bsky.social",
		// round 20: a name's label alone and a name after it, roles
		"Patient ", "Account holder ", "Hannelore ", "Quist", "Safety ", "Portal", "Photo of ", "Prepared for ", "Patient record — ",
		// round 20: a name and an age in commas
		", 47,", ", aged 81,", "Today ", "O'Neil", "47", "-",
		"@A00", " 00", "**** ",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range referenceRounds(20000) {
		in := randomPieces(rng, pieces, 12)
		got, n := scrubPII(in)
		want, wantN := referenceScrubPII(in)
		if !assert.Equal(t, want, got, "scrubPII(%q)", in) || !assert.Equal(t, wantN, n, "count for %q", in) {
			return
		}
	}
}

// TestPIIMirrorGate checks piiMirrorable, which decides which strings are
// also read reversed, against what that reading finds: wherever the reversed
// string or its ASCII view holds an e-mail address, the gate lets it through.
func TestPIIMirrorGate(t *testing.T) {
	pieces := []string{
		"a", "b", "x", "gro", "moc", "o", "é", "\u200b", "\x00", "\uff0e", "\uff20", "１",
		".", "@", "-", "_", "+", " ", "4", "12", "elpmaxe", "enaj", "%40", "%2E",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	hasEmail := func(s string) bool {
		m, _ := nextEmail(s, 0)
		return m.kind != 0
	}
	for range referenceRounds(50000) {
		in := randomPieces(rng, pieces, 8)
		rev := reverseRunes(in)
		found := hasEmail(rev)
		for _, digits := range []bool{true, false} {
			if v, ok, _ := newPIIView(rev, digits); ok && hasEmail(v.view) {
				found = true
			}
		}
		if found && !piiMirrorable(in) {
			t.Fatalf("piiMirrorable(%q) = false, but read reversed it holds an address", in)
		}
	}
	assert.True(t, piiMirrorable("gro.elpmaxe@enaj"))
	assert.False(t, piiMirrorable("user@localhost"), "no dot: nothing to read reversed")
}

// referenceRounds is how many random inputs a reference comparison draws:
// n, or an eighth of it under the race detector, which finds nothing in
// these loops of one goroutine and makes each round ~20× slower (make
// test's -race run; its WebAssembly run draws all n).
func referenceRounds(n int) int {
	if raceEnabled {
		return n / 8
	}
	return n
}

// randomPieces joins 1 to most pieces drawn at random: the inputs the
// reference comparisons feed both scrubbers.
func randomPieces(rng *rand.Rand, pieces []string, most int) string {
	var b strings.Builder
	for range 1 + rng.IntN(most) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// refGluedStarsBefore reports whether before ends in one group of four '*'
// with no '*', letter or digit before it, past what the ASCII reading leaves
// out.
func refGluedStarsBefore(before string) bool {
	rest, ok := strings.CutSuffix(before, "****")
	if !ok {
		return false
	}
	for rest != "" {
		r, size := utf8.DecodeLastRuneInString(rest)
		if u, left := refReading(r, ""); !left || u != "" {
			break
		}
		rest = rest[:len(rest)-size]
	}
	return refGluedStars.MatchString(before[:0] + rest + "****")
}
