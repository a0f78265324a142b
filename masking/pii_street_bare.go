package masking

// Streets with no street's word after the name: "ul. Łódzka 12",
// "Łódzka 12", "Unter den Linden 5", "Am Markt 3". Polish writes the word
// before the name, shortened ("ul." for ulica), or leaves it out, the name
// an adjective ("Łódzka", "Piotrkowska"); German names many streets with a
// preposition and a noun. Alone, a capitalised word and a number are a
// product or a chapter ("Windows 11", "Chapter 12"): these forms need the
// lead word, or the number at the end of a clause, or a flat after a '/'
// ("Marszałkowska 10/12").

// streetLeadsPolish are the shortened words before a Polish street's name,
// each with its '.', and the words written out; first letter in any case,
// or all in capitals ("UL.").
const streetLeadsPolish = "ul.|al.|os.|pl.|ulica|aleja|"

// streetEndingsPolish end a Polish street's name that has no lead word:
// the adjectives "Łódzka", "Piotrkowska", "Zielona" is none.
const streetEndingsPolish = "ska|cka|zka|owa|"

// streetLeadsGerman are the prepositions that lead a German street's name,
// as written ("Am Markt 3", "Unter den Linden 5", "Zur Mühle 2").
const streetLeadsGerman = "Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Unter den|Zum|Zur|Hinter der|Hinter dem|Vor dem|"

// streetBare returns the start and end of a street with no street's word
// around the house number s[i:e], else start -1. One space is before the
// number; after it no '%' nor a '.', ',' or ':' and a digit; a flat may
// follow, '/' and 1 to 4 digits, then the end, a space, ',', ';', a block
// or line mark (masked with it). Before the number, 1 to 3 capitalised
// words (capWordEnd) joined by single spaces:
//   - led by one of streetLeadsPolish and a space, after no ASCII letter or
//     digit, '*' (a '*' masking wrote may stand for a letter) nor a byte of
//     another script ("ul. Łódzka 12");
//   - or 1 or 2 words led by one of streetLeadsGerman and a space, after no
//     ASCII letter or digit, '*' nor a byte of another script, when the house
//     number has 1 to 3 digits and (with its flat) ends the text, a clause
//     or a cell, or a flat follows ("Unter den Linden 5"; "Im Jahr 2020"
//     stays);
//   - or, when the number is as short and ends as the German form's, one
//     word ending in one of streetEndingsPolish (any case), after no ASCII
//     letter or digit nor '*' ("Łódzka 12", "Piotrkowska 104,"; "Alaska 2026"
//     stays).
//
// A lead is looked for before each word, nearest first.
//
//go:noinline
func streetBare(s string, i, e int) (int, int) {
	if i < 3 || s[i-1] != ' ' || e < len(s) && (s[e] == '%' ||
		indexByte(".,:", s[e]) < 3 && e+1 < len(s) && isPIIDigit(s[e+1])) {
		return -1, e
	}
	end, flat := e, false
	if e+1 < len(s) && s[e] == '/' && isPIIDigit(s[e+1]) {
		f := digitsEnd(s, e+1)
		if f-e-1 > 4 || !(streetNumberEnds(s, f) || s[f] == ' ') {
			return -1, e
		}
		end, flat = f, true
	} else if e < len(s) && s[e] == '/' {
		return -1, e
	}
	// the forms without a lead word need a short number that ends a clause
	short := (flat || streetNumberEnds(s, end)) && e-i <= 3+boolInt(isASCIILetter(s[e-1]))
	// A German lead or a Polish adjective found, a lead may still come
	// before it ("ul. Im Jahr 1", "ul. Jana Łódzka 12", "Unter den Im
	// Jahr 4"): the street starts at the farthest.
	best := -1
	p := i - 1 // the space after the nearest word not yet read
	for k := 0; k < 3; k++ {
		q := p
		for q > 0 && (isASCIILetter(s[q-1]) || s[q-1] >= 0x80 || s[q-1] == '\'' || s[q-1] == '-') {
			q--
		}
		if q == p || capWordEnd(s, q) != p || q > 0 && (isPIIAlnum(s[q-1]) || s[q-1] == maskChar) {
			break
		}
		if q >= 2 && s[q-1] == ' ' {
			if l := streetLeadBeforeIn(s, q-1, streetLeadsPolishList, true); l >= 0 {
				return l, end
			}
			if l := streetLeadBeforeIn(s, q-1, streetLeadsGermanList, false); l >= 0 && k < 2 && short {
				best = l // "Unter den Im Jahr 4": the farther
			}
		}
		if k == 0 && short && best < 0 && streetEndingIn(s, q, p, streetEndingsPolishList) {
			best = q
		}
		if q < 2 || s[q-1] != ' ' {
			break
		}
		p = q - 1
	}
	if best >= 0 {
		return best, end
	}
	return -1, e
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// streetEndingIn reports whether the word s[ws:we] ends with one of
// endings, in any ASCII case, and is longer.
func streetEndingIn(s string, ws, we int, endings []string) bool {
	for _, end := range endings {
		if n := len(end); n < we-ws && hasFoldSuffix(s[we-n:we], end) {
			return true
		}
	}
	return false
}

// The leads split once: streetBare runs at every short number of the text.
var (
	streetLeadsPolishList   = splitBars(streetLeadsPolish)
	streetLeadsGermanList   = splitBars(streetLeadsGerman)
	streetEndingsPolishList = splitBars(streetEndingsPolish)
)

func splitBars(list string) (t []string) {
	for l := 0; l < len(list); {
		e := l + indexByte(list[l:], '|')
		t = append(t, list[l:e])
		l = e + 1
	}
	return t
}

// streetLeadBeforeIn returns the start of a lead of leads that ends right
// before the space s[sp], after the start or no ASCII letter, digit, '*' or
// byte of another script, else -1; anyFirst lets its first letter be of
// either case.
func streetLeadBeforeIn(s string, sp int, leads []string, anyFirst bool) int {
	for _, lead := range leads {
		st := sp - len(lead)
		if st < 0 || s[sp-1] != lead[len(lead)-1] || st > 0 && (isPIIAlnum(s[st-1]) || s[st-1] >= 0x80 || s[st-1] == maskChar) || s[st+1:sp] != lead[1:] {
			continue
		}
		if s[st] == lead[0] || anyFirst && s[st] == lead[0]-0x20 {
			return st
		}
	}
	if anyFirst {
		// in capitals throughout: "UL. Długa 3", as an envelope writes it
		for _, lead := range leads {
			if st := sp - len(lead); st >= 0 && (st == 0 || !isPIIAlnum(s[st-1]) && s[st-1] < 0x80 && s[st-1] != maskChar) && upperOf(s[st:sp], lead) {
				return st
			}
		}
	}
	return -1
}

// upperOf reports whether w is lead, a word of small ASCII letters and
// '.', in capitals.
func upperOf(w, lead string) bool {
	for k := 0; k < len(lead); k++ {
		if c := lead[k]; w[k] != c && (c < 'a' || c > 'z' || w[k] != c-0x20) {
			return false
		}
	}
	return true
}

// latinExtACapital reports whether s[j:] starts with a capital of Latin
// Extended-A (U+0100–U+017F: "Ł", "Ś", "Ž"), where capitals and small
// letters alternate, the capital first, but for the runs U+0139–U+0148 and
// U+0179–U+017E, which start with a small letter, and for 'Ÿ' (U+0178).
func latinExtACapital(s string, j int) bool {
	if j+1 >= len(s) || s[j] != 0xC4 && s[j] != 0xC5 || s[j+1] < 0x80 || s[j+1] > 0xBF {
		return false
	}
	r := int(s[j]&0x1F)<<6 | int(s[j+1]&0x3F)
	switch {
	case r == 0x138 || r == 0x149 || r == 0x17F: // ĸ, ŉ, ſ: small letters without a capital
		return false
	case r >= 0x139 && r <= 0x148 || r >= 0x179:
		return r%2 == 1
	case r == 0x178:
		return true
	}
	return r%2 == 0
}
