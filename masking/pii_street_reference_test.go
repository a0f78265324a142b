package masking

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// A second reading of the street addresses of pii_street.go, for
// referenceScrubPII: regular expressions per form, tried at every number.

const (
	refTypes      = `street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|close|crescent|square|sq|parkway|pkwy|highway|hwy|grove|gardens|mews|row|walk`
	refTypesLead  = `rue|avenue|av|boulevard|bd|place|chemin|allée|impasse|quai|calle|avenida|paseo|plaza|rua|travessa|via|viale|piazza|corso|carrer`
	refGlue       = `de|la|le|les|du|des|del|di|da|do|dos|das|della|dei|el|los|las`
	refTypesSmall = `calle|avenida|paseo|via|viale|piazza|corso|rua|carrer`
)

// refCap is a capitalised word, as capWordEnd reads one.
var refCap = `(?:[A-Z]|[\x{C0}-\x{D6}\x{D8}-\x{DE}]|` + refExtACapitals + `)[a-z\x{80}-\x{10FFFF}][A-Za-z\x{80}-\x{10FFFF}'-]*`

var (
	refStreetAfter = func() (res []*regexp.Regexp) {
		for k := 1; k <= 4; k++ {
			res = append(res, regexp.MustCompile(`^ (?:`+refCap+` ){`+strconv.Itoa(k)+`}(?i:`+refTypes+`)`))
		}
		return res
	}()
	refDirection   = regexp.MustCompile(`^ (?:NE|NW|SE|SW|N|S|E|W)`)
	refLeadAfter   = regexp.MustCompile(`^(?:, | )(?i:` + refTypesLead + `)`)
	refNameWord    = regexp.MustCompile(`^ (?:(` + refCap + `)|(?i:` + refGlue + `))`)
	refCapWhole    = regexp.MustCompile(`^` + refCap + `$`)
	refGlueWhole   = regexp.MustCompile(`^(?i:` + refGlue + `)$`)
	refLeadWhole   = regexp.MustCompile(`^(?i:` + refTypesLead + `)\.?$`)
	refSmallLead   = regexp.MustCompile(`^(?i:` + refTypesSmall + `)\.?$`)
	refSmallWhole  = regexp.MustCompile(`^[a-z][a-z\x{80}-\x{10FFFF}]+$`)
	refWordBefore  = regexp.MustCompile(`(?:^|[^A-Za-z\x{80}-\x{10FFFF}'-])([A-Za-z\x{80}-\x{10FFFF}'-]+)(\.?) $`)
	refCapBefore   = regexp.MustCompile(`(?:^| )(` + refCap + `) $`)
	refEnding      = regexp.MustCompile(`(?i:straße|strasse|weg|gasse|allee|platz|damm|straat|laan|gracht|plein|gatan|gata|vägen|veien|vej|utca)$`)
	refHouseDigits = regexp.MustCompile(`^[0-9]+`)
)

// refWordEnds reports whether a word that ends at s[e] ends there: no
// ASCII letter nor a byte of another script follows.
func refWordEnds(s string, e int) bool {
	return e == len(s) || !isRefLetter(s[e]) && s[e] < 0x80
}

func refMarkStreets(s string, markStreet func(start, end int)) {
	// a street's postcode after it goes with it
	mark := func(start, end int) { markStreet(start, refPostcodeAfter(s, end)) }
	for i := 0; i < len(s); i++ {
		if !isRefDigit(s[i]) || i > 0 && (isRefAlnum(s[i-1]) || s[i-1] == '*') {
			continue
		}
		d := refHouseDigits.FindString(s[i:])
		e := i + len(d)
		if len(d) > 5 {
			i = e - 1
			continue
		}
		if e < len(s) && isRefLetter(s[e]) && (e+1 == len(s) || !isRefAlnum(s[e+1])) {
			e++
		}
		refMarkBareStreet(s, i, e, mark)
		// the name and word after the number
		for _, re := range refStreetAfter {
			m := re.FindString(s[e:])
			if m == "" || !refWordEnds(s, e+len(m)) {
				continue
			}
			end := e + len(m)
			if end < len(s) && s[end] == '.' {
				end++
			}
			if dir := refDirection.FindString(s[end:]); dir != "" && (end+len(dir) == len(s) || !isRefAlnum(s[end+len(dir)])) {
				end += len(dir)
			}
			mark(i, end)
		}
		if m := refLeadAfter.FindString(s[e:]); m != "" && refWordEnds(s, e+len(m)) {
			t, last := e+len(m), -1
			for k := 0; k < 5; k++ {
				w := refNameWord.FindStringSubmatchIndex(s[t:])
				if w == nil || !refWordEnds(s, t+w[1]) {
					break
				}
				if w[2] >= 0 {
					last = t + w[1]
				}
				t += w[1]
			}
			if last > 0 {
				mark(i, last)
			}
		}
		// the name and word before it
		if e < len(s) && (s[e] == '%' || strings.IndexByte(".,:/", s[e]) >= 0 && e+1 < len(s) && (isRefDigit(s[e+1]) || s[e+1] == '*')) {
			continue
		}
		w := refWordBefore.FindStringSubmatchIndex(s[:i])
		if w == nil {
			continue
		}
		word, ws := s[w[2]:w[3]], w[2]
		small := false
		if !refCapWhole.MatchString(word) {
			// "calle mayor 5": a word in small letters, no '.' after it
			if w[5] > w[4] || !refSmallWhole.MatchString(word) {
				continue
			}
			small = true
		}
		ending := len(refEnding.FindString(word))
		if w[5] > w[4] { // "…str."
			ending = 0
			if strings.HasSuffix(strings.ToLower(word), "str") {
				ending = 3
			} else {
				continue
			}
		}
		if ending > 0 && !small {
			if ending < len(word) {
				mark(ws, e)
			} else if p := refCapBefore.FindStringSubmatchIndex(s[:ws]); p != nil {
				mark(p[2], e)
			}
			continue
		}
		t := s[:ws]
		for k := 0; k < 5 && len(t) >= 2 && strings.HasSuffix(t, " "); k++ {
			t = t[:len(t)-1]
			q := strings.LastIndexByte(t, ' ') + 1
			tok := t[q:]
			numberEnds := e == len(s) || strings.IndexByte(",;|\\", s[e]) >= 0
			if refLeadWhole.MatchString(tok) && (tok[0] >= 'A' && tok[0] <= 'Z' && !small ||
				k < 3 && refSmallLead.MatchString(tok) && numberEnds) {
				if q == 0 || !isRefAlnum(t[q-1]) {
					mark(q, e)
				}
				break
			}
			if refSmallWhole.MatchString(tok) && !refGlueWhole.MatchString(tok) {
				small = true
			} else if !refGlueWhole.MatchString(tok) && !refCapWhole.MatchString(tok) {
				break
			}
			t = t[:q]
		}
	}
}

// TestStreetAddressesMatchReference compares scrubPII with the reference on
// random strings made of street addresses' parts and what breaks them.
func TestStreetAddressesMatchReference(t *testing.T) {
	pieces := []string{"12", "221B", "5", " ", ", ", "Baker", "Street", "street", "St", ".", "NW", " N", "rue", "de", "la",
		"Paix", "Calle", "Mayor", "Hauptstraße", "Str", "Straße", "Berliner", "Via", "Roma", "x", "*", "%", "/", "3", "Gata",
		"Weg", "Allée", "allée", "É", "-", "'", "Acacia", "Road", "123456", "|", "Dear ", "Mr",
		"Österreichstraße", "Ö", "calle", "mayor", "via", "roma", "Av.", "av", ";", "\\",
		"ul.", "Ul", "UL.", "ULICA", "al.", "ulica", "Łódzka", "Ł", "ł", "Ś", "Piotrkowska", "ska", "Am", "Unter den", "Linden", "Markt", "Im", " den", "/12", "/", "1234",
		// round 20: a postcode after the street
		"10115", "1017 GC", "GC", "00-950", "1100-048", "111 51", "-", " 51", "A"}
	rng := rand.New(rand.NewPCG(11, 12))
	for range referenceRounds(20000) {
		in := randomPieces(rng, pieces, 8)
		got, _ := scrubPII(in)
		want, _ := referenceScrubPII(in)
		if !assert.Equal(t, want, got, "scrubPII(%q)", in) {
			return
		}
	}
}

// refExtACapitals are the capitals of Latin Extended-A, listed by
// unicode.IsUpper: "Ł", "Ś", "Ž".
var refExtACapitals = func() string {
	var b strings.Builder
	b.WriteString("[")
	for r := rune(0x100); r < 0x180; r++ {
		if unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	return b.String() + "]"
}()

// The streets with no street's word (pii_street_bare.go), read on the
// text before the house number.
var (
	refNotWordByte   = `(?:^|[^A-Za-z0-9*\x{80}-\x{10FFFF}])`
	refBarePolish    = regexp.MustCompile(refNotWordByte + `((?:[Uu]l|[Aa]l|[Oo]s|[Pp]l|UL|AL|OS|PL)\.|[Uu]lica|[Aa]leja|ULICA|ALEJA)(?: ` + refCap + `){1,3} $`)
	refBareGerman    = regexp.MustCompile(refNotWordByte + `(Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Unter den|Zum|Zur|Hinter der|Hinter dem|Vor dem)(?: ` + refCap + `){1,2} $`)
	refBareAdjective = regexp.MustCompile(`(?:^|[^A-Za-z0-9*\x{80}-\x{10FFFF}'-])(` + refCap + `) $`)
	refBareAdjEnding = regexp.MustCompile(`(?i:ska|cka|zka|owa)$`)
	refBareFlat      = regexp.MustCompile(`^/([0-9]+)`)
)

// refMarkBareStreet marks a street with no street's word before the house
// number s[i:e].
func refMarkBareStreet(s string, i, e int, mark func(start, end int)) {
	if i < 3 || s[i-1] != ' ' || e < len(s) && (s[e] == '%' || strings.IndexByte(".,:", s[e]) >= 0 && e+1 < len(s) && isRefDigit(s[e+1])) {
		return
	}
	end, flat := e, false
	if m := refBareFlat.FindStringSubmatch(s[e:]); m != nil {
		f := e + len(m[0])
		if len(m[1]) > 4 || f < len(s) && strings.IndexByte(" ,;|\\", s[f]) < 0 {
			return
		}
		end, flat = f, true
	} else if e < len(s) && s[e] == '/' {
		return
	}
	digits := len(refHouseDigits.FindString(s[i:e]))
	short := (flat || end == len(s) || strings.IndexByte(",;|\\", s[end]) >= 0) && digits <= 3
	before := s[:i]
	if m := refBarePolish.FindStringSubmatchIndex(before); m != nil {
		mark(m[2], end)
	}
	if m := refBareGerman.FindStringSubmatchIndex(before); m != nil && short {
		mark(m[2], end)
	}
	if m := refBareAdjective.FindStringSubmatchIndex(before); m != nil && short {
		if w := before[m[2]:m[3]]; refBareAdjEnding.MatchString(w) && len(w) > 3 {
			mark(m[2], end)
		}
	}
}

// refPostcodeShapes are the European postcodes read after a street, longest first.
var refPostcodeShapes = []*regexp.Regexp{
	regexp.MustCompile(`^[,\t\n\\| ]{1,3}([0-9]{4}-[0-9]{3})`), regexp.MustCompile(`^[,\t\n\\| ]{1,3}([0-9]{4} ?[A-Z]{2})`),
	regexp.MustCompile(`^[,\t\n\\| ]{1,3}([0-9]{4,5})`), regexp.MustCompile(`^[,\t\n\\| ]{1,3}([0-9]{3} [0-9]{2})`),
	regexp.MustCompile(`^[,\t\n\\| ]{1,3}([0-9]{2}-[0-9]{3})`),
}

// refPostcodeAfter returns the end of a postcode after a street that ends
// at end, alone (no letter, digit or '*' after it), else end.
func refPostcodeAfter(s string, end int) int {
	for _, re := range refPostcodeShapes {
		if m := re.FindStringSubmatchIndex(s[end:]); m != nil {
			if e := end + m[3]; e == len(s) || !isRefAlnum(s[e]) && s[e] != '*' {
				return e
			}
		}
	}
	return end
}
