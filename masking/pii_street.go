package masking

// Street addresses without a label: "221B Baker Street", "1600
// Pennsylvania Ave NW", "12 rue de la Paix", "Calle Mayor 5",
// "Hauptstraße 12". A house number and a street's word together are an
// address; either alone is not ("Top 10", "Baker Street station").

// The words that name a street: after its name in English (streetTypes),
// before it in French, Spanish, Portuguese and Italian (streetTypesFirst;
// the number before them, "12 rue de la Paix", or after the name, "Calle
// Mayor 5"), and the endings of one word in German, Dutch and the Nordic
// languages (streetEndings: "Hauptstraße 12", "Kalverstraat 92",
// "Drottninggatan 5"). streetGlue joins the words of a name ("de la").
const (
	streetTypes      = "street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|close|crescent|square|sq|parkway|pkwy|highway|hwy|grove|gardens|mews|row|walk|"
	streetTypesFirst = "rue|avenue|av|boulevard|bd|place|chemin|allée|impasse|quai|calle|avenida|paseo|plaza|rua|travessa|via|viale|piazza|corso|carrer|"
	streetGlue       = "de|la|le|les|du|des|del|di|da|do|dos|das|della|dei|el|los|las|"
	streetEndings    = "straße|strasse|weg|gasse|allee|platz|damm|straat|laan|gracht|plein|gatan|gata|vägen|veien|vej|utca|"
	streetDirections = "NE|NW|SE|SW|N|S|E|W|"
)

// nextStreetAddress returns the first street address at or after from, and
// where to resume (after its house number); kind 0 when there is none.
// A house number is 1 to 5 digits after no ASCII letter, digit or '*'
// (a '*' masking wrote must not start one that was not there), and
// one ASCII letter may end it ("221B") when no letter or digit follows
// that; letters after it do not hide it.
// Around it:
//   - after it, one space, 1 to 4 capitalised words (a capital, then a
//     small letter or a byte of another script, then letters, bytes of other
//     scripts, apostrophes and '-') joined by single spaces, one space and a word of
//     streetTypes in any case, a '.' after it, and one space and a
//     direction of streetDirections (the longest such run): "1600
//     Pennsylvania Ave NW";
//   - after it, a space (or ", ") and a word of streetTypesFirst in any
//     case, then up to 5 words joined by single spaces, capitalised ones
//     or streetGlue's, to the last capitalised one: "12 rue de la Paix"
//     (when both of these match, the longer is masked);
//   - before it and one space, when no '.', ',', ':' or '/' and a digit
//     or '*', nor a '%', follows it (a digit before the words does not
//     hide them): a capitalised word ending in a word of
//     streetEndings ("Hauptstraße 12"; "Hauptstr. 12"), or one that is one
//     with a capitalised word before it ("Berliner Straße 12"); or a word
//     of streetTypesFirst, capitalised, then 1 to 4 words, capitalised ones
//     or streetGlue's, one capitalised at least ("Calle Mayor 5").
//
// The address is masked from its first word or number to its last, and
// the postcode after it (postcodeAfterStreet).
func nextStreetAddress(s string, from int) (piiMatch, int) {
	for i := from; i < len(s); i++ {
		if !isPIIDigit(s[i]) || i > 0 && (isPIIAlnum(s[i-1]) || s[i-1] == maskChar) {
			continue
		}
		e := houseNumberEnd(s, i)
		if e < 0 {
			continue
		}
		start, end := i, streetAfter(s, e)
		if b := streetBefore(s, i, e); b >= from {
			start, end = b, max(end, e)
		}
		if b, f := streetBare(s, i, e); b >= from { // "ul. Łódzka 12" (pii_street_bare.go)
			start, end = min(start, b), max(end, f)
		}
		if end > e || start < i {
			return piiMatch{start, postcodeAfterStreet(s, end), piiAddress}, e // pii_postcode_eu.go
		}
		i = e - 1
	}
	return piiMatch{}, len(s)
}

// houseNumberEnd returns the end of the house number at s[i], else -1.
//
//go:noinline
func houseNumberEnd(s string, i int) int {
	e := digitsEnd(s, i)
	if e-i > 5 {
		return -1
	}
	if e < len(s) && isASCIILetter(s[e]) && (e+1 == len(s) || !isPIIAlnum(s[e+1])) {
		e++
	}
	// Letters glued after it do not hide it ("Hauptstraße 12abc"): another
	// detector may mask them ("Hauptstraße 0DE89 3704 …", an IBAN), and
	// the '*' it writes must not show the number only the second time.
	return e
}

// capWordEnd returns the end of a capitalised word at s[j], else -1: a
// capital, then a small ASCII letter or a byte of another script, then
// letters, bytes of other scripts, apostrophes and '-'.
func capWordEnd(s string, j int) int {
	k := j + 1 // a capital: A-Z, or a Latin-1 one ("Österreichstraße 5", "Ålandsgatan 3"), or a Latin Extended-A one ("Łódzka 12")
	if j+1 < len(s) && (s[j] == 0xC3 && s[j+1] >= 0x80 && s[j+1] <= 0x9E && s[j+1] != 0x97 || latinExtACapital(s, j)) {
		k++
	} else if j >= len(s) || s[j] < 'A' || s[j] > 'Z' {
		return -1
	}
	if k >= len(s) || !(s[k] >= 'a' && s[k] <= 'z' || s[k] >= 0x80) {
		return -1
	}
	k++
	for k < len(s) && (isASCIILetter(s[k]) || s[k] >= 0x80 || s[k] == '\'' || s[k] == '-') {
		k++
	}
	return k
}

// streetAfter returns the end of a street's name and word after the house
// number that ends at s[e], else e.
//
//go:noinline
func streetAfter(s string, e int) int {
	if e+1 >= len(s) {
		return e
	}
	best, j := e, e+1
	if s[e] == ' ' {
		for k := 0; k < 4; k++ { // "1600 Pennsylvania Ave NW"
			w := capWordEnd(s, j)
			if w < 0 || w+1 >= len(s) || s[w] != ' ' {
				break
			}
			if t := streetWordEnd(s, w+1); streetTypesIndex.has(s[:t], w+1) {
				if t < len(s) && s[t] == '.' {
					t++
				}
				if t+1 < len(s) && s[t] == ' ' {
					if d, ok := exactWordEnd(s, t+1, streetDirections); ok {
						t = d
					}
				}
				best = t
			}
			j = w + 1
		}
	}
	j = e + 1
	if s[e] == ',' && s[j] == ' ' {
		j++
	} else if s[e] != ' ' {
		return e
	}
	t := streetWordEnd(s, j) // "12 rue de la Paix"
	if !streetTypesFirstIndex.has(s[:t], j) {
		return best
	}
	return max(best, streetNameEnd(s, t, 5, e))
}

// streetNameEnd reads up to most words after the space at s[t], each
// capitalised or streetGlue's, and returns the end of the last capitalised
// one; else none.
func streetNameEnd(s string, t, most, none int) int {
	end := none
	for k := 0; k < most && t+1 < len(s) && s[t] == ' '; k++ {
		if w := capWordEnd(s, t+1); w > 0 {
			end, t = w, w
		} else if g := streetWordEnd(s, t+1); streetGlueIndex.has(s[:g], t+1) {
			t = g
		} else {
			break
		}
	}
	return end
}

// streetBefore returns the start of a street's name and word that end
// with one space before the house number s[i:e], else -1.
//
//go:noinline
func streetBefore(s string, i, e int) int {
	// (a '*' after the mark is what masking wrote for a digit)
	if i < 3 || s[i-1] != ' ' || e < len(s) && (s[e] == '%' ||
		indexByte(".,:/", s[e]) < 4 && e+1 < len(s) && (isPIIDigit(s[e+1]) || s[e+1] == maskChar)) {
		return -1
	}
	// the words before, nearest first: [ws, we)
	we := i - 1
	if s[we-1] == '.' {
		we-- // "Hauptstr. 12"
	}
	ws := we
	for ws > 0 && (isASCIILetter(s[ws-1]) || s[ws-1] >= 0x80 || s[ws-1] == '\'' || s[ws-1] == '-') {
		ws--
	}
	// A digit before does not hide the words: masking makes it a '*'
	// ("4490Hauptstraße 1" must read as "****Hauptstraße 1" will).
	if ws == we {
		return -1
	}
	if capWordEnd(s, ws) != we {
		if we == i-1 && streetSmallWord(s, ws, we) {
			return streetLeadBefore(s, ws, e, false) // "calle mayor 5"
		}
		return -1
	}
	n := streetEndingAt(s, ws, we)
	if we < i-1 { // "Hauptstr. 12"
		if n = 0; we-ws >= 3 && hasFoldSuffix(s[we-3:we], "str") {
			n = 3
		}
		if n == 0 {
			return -1
		}
	}
	if n > 0 {
		if n < we-ws {
			return ws // "Hauptstraße"
		}
		if ws >= 2 && s[ws-1] == ' ' { // "Berliner Straße"
			p := ws - 1
			for p > 0 && s[p-1] != ' ' {
				p--
			}
			if capWordEnd(s, p) == ws-1 {
				return p
			}
		}
		return -1
	}
	// "Calle Mayor 5": a word of streetTypesFirst, capitalised, and 1 to 4
	// words after it, capitalised ones or glue ("Av. Paulista 1578": a
	// '.' may end it); in small letters ("calle mayor 5", "via roma 12")
	// a word of streetTypesSmall and 1 to 3 words, when the number ends
	// the text or a ',', ';' or a block or line mark follows it
	return streetLeadBefore(s, ws, e, true)
}

// streetTypesSmall are the words of streetTypesFirst that lead a street
// written in small letters ("calle mayor 5", "via roma 12").
const streetTypesSmall = "calle|avenida|paseo|via|viale|piazza|corso|rua|carrer|"

var streetTypesSmallIndex = indexWords(streetTypesSmall)

// streetLeadBefore returns the start of a street's leading word and name
// that end with the word at s[ws] (capitalised when capital is true)
// before the house number that ends at s[e], else -1.
//
//go:noinline
func streetLeadBefore(s string, ws, e int, capital bool) int {
	small := !capital
	for k, p := 0, ws; k < 5 && p >= 2 && s[p-1] == ' '; k++ {
		q := p - 1
		for q > 0 && s[q-1] != ' ' {
			q--
		}
		t := p - 1
		if t-q >= 3 && s[t-1] == '.' {
			t-- // "Av."
		}
		if streetTypesFirstIndex.has(s[:t], q) && (s[q] >= 'A' && s[q] <= 'Z' && !small ||
			k < 3 && streetTypesSmallIndex.has(s[:t], q) && streetNumberEnds(s, e)) {
			if q == 0 || !isPIIAlnum(s[q-1]) {
				return q
			}
			return -1
		}
		if streetSmallWord(s, q, p-1) && !streetGlueIndex.has(s[:p-1], q) {
			small = true
		} else if !streetGlueIndex.has(s[:p-1], q) && capWordEnd(s, q) != p-1 {
			return -1
		}
		p = q
	}
	return -1
}

// streetSmallWord reports whether s[q:w] is a word of 2 bytes or more, a
// small ASCII letter and then small ASCII letters and bytes of other
// scripts ("mayor", "zurbarán").
func streetSmallWord(s string, q, w int) bool {
	if w-q < 2 || s[q] < 'a' || s[q] > 'z' {
		return false
	}
	for k := q; k < w; k++ {
		if (s[k] < 'a' || s[k] > 'z') && s[k] < 0x80 {
			return false
		}
	}
	return true
}

// streetNumberEnds reports whether the house number that ends at s[e] ends
// its text, a clause or a cell: the end, ',', ';', a block or line mark.
func streetNumberEnds(s string, e int) bool {
	return e == len(s) || s[e] == ',' || s[e] == ';' || s[e] == piiBlockMark[0] || s[e] == piiLineMark[0]
}

// The lists by length, for a word's lookup in one compare per word of its
// length (they run at every number of the text).
var (
	streetTypesIndex      = indexWords(streetTypes)
	streetTypesFirstIndex = indexWords(streetTypesFirst)
	streetGlueIndex       = indexWords(streetGlue)
)

// streetWordEnd returns the end of the word at s[j]: ASCII letters and
// bytes of other scripts. A street's word must be all of it ("Streets",
// "Roadé" are none).
func streetWordEnd(s string, j int) int {
	for j < len(s) && (isASCIILetter(s[j]) || s[j] >= 0x80) {
		j++
	}
	return j
}

// streetEndingAt returns the length of the word of streetEndings that ends
// the word s[ws:we] (any ASCII case), else 0.
func streetEndingAt(s string, ws, we int) int {
	for l := 0; l < len(streetEndings); {
		e := l + indexByte(streetEndings[l:], '|')
		if n := e - l; n <= we-ws && hasFoldSuffix(s[we-n:we], streetEndings[l:e]) {
			return n
		}
		l = e + 1
	}
	return 0
}

// exactWordEnd matches a word of list at s[j], as written, that no ASCII
// letter or digit follows.
func exactWordEnd(s string, j int, list string) (int, bool) {
	for l := 0; l < len(list); {
		e := l + indexByte(list[l:], '|')
		if n := e - l; j+n <= len(s) && s[j:j+n] == list[l:e] && (j+n == len(s) || !isPIIAlnum(s[j+n])) {
			return j + n, true
		}
		l = e + 1
	}
	return j, false
}
