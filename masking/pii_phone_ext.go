package masking

// Phone extensions: "415-555-2671 ext. 123", "555-0142 x4821", "020 7946
// 0958 extension 5512". The extension is below every rule on its own; after
// the number it is the rest of it, a desk in an office's directory.

// phoneExtEnd returns the end of an extension right after a phone number
// that ends at s[e], else e: an optional ',' or ';', up to two spaces
// (a line mark counts as one, here and below), an optional '(', then a
// word of phoneExtWords ("ext", "extension", "poste", "Durchwahl", …; any
// case; a '.', up to two spaces, and a ':' with up to two spaces after it
// may follow) and 1 to 6 digits, or 'x' or
// 'X' with 2 to 6 digits right after it; no ASCII letter or digit after
// the digits ("123456 x2", a quantity, stays).
//
//go:noinline
func phoneExtEnd(s string, e int) int {
	k := e
	if k < len(s) && (s[k] == ',' || s[k] == ';') {
		k++
	}
	if k = skipSpaces(s, k, 2); k < len(s) && s[k] == '(' {
		k++ // "415-555-2671 (ext. 123)"
	}
	least := 1
	switch {
	case k < len(s) && (s[k] == 'x' || s[k] == 'X'):
		k, least = k+1, 2
	default:
		n := phoneExtWordAt(s, k)
		if n == 0 {
			return e
		}
		if k += n; k < len(s) && s[k] == '.' {
			k++
		}
		if k = skipSpaces(s, k, 2); k < len(s) && s[k] == ':' {
			k = skipSpaces(s, k+1, 2)
		}
	}
	d := digitsEnd(s, k)
	if n := d - k; n < least || n > 6 || d < len(s) && isPIIAlnum(s[d]) {
		return e
	}
	return d
}

// phoneExtWords name an extension ("extension" before "ext", which starts it):
// English, French ("poste"), German ("Durchwahl"), Portuguese ("ramal"),
// Italian and Spanish ("interno"), Russian ("доб.", добавочный; its
// capitals written out, as the fold is ASCII's).
const phoneExtWords = "extension|ext|poste|durchwahl|ramal|interno|доб|Доб|ДОБ|"

// phoneExtWordAt returns the length of the word of phoneExtWords at s[k]
// (ASCII letters in any case), else 0.
//
//go:noinline
func phoneExtWordAt(s string, k int) int {
	for l := 0; l < len(phoneExtWords); {
		e := l + indexByte(phoneExtWords[l:], '|')
		if hasFoldPrefix(s[k:], phoneExtWords[l:e]) {
			return e - l
		}
		l = e + 1
	}
	return 0
}

// skipSpaces returns the offset after up to n spaces or line marks (a
// <br> in the text read around a node, piiLineMark) at s[k].
//
//go:noinline
func skipSpaces(s string, k, n int) int {
	for ; n > 0 && k < len(s) && (s[k] == ' ' || s[k] == piiLineMark[0]); n-- {
		k++
	}
	return k
}

// phoneValueEnd returns the end of a phone number a label names ("Tel:
// 0142 ext. 21", "Phone (mobile) +44 7700 900123"): an optional '+' or
// '(', a digit run of 3 digits or more, runs joined by a '/' before three
// digits ("Handy: 0171/23456"), and its extension; else i.
func phoneValueEnd(s string, i int) int {
	j := i
	if j < len(s) && (s[j] == '+' || s[j] == '(') {
		j++
	}
	if j == len(s) || !isPIIDigit(s[j]) {
		return i
	}
	e, n, _ := digitRunEnd(s, j)
	// a '/' before three digits joins an area code to its number, as
	// German and Austrian pages write it ("0171/23456"); "24/7" stays
	for e+3 < len(s) && s[e] == '/' && isPIIDigit(s[e+1]) && isPIIDigit(s[e+2]) && isPIIDigit(s[e+3]) {
		var m int
		e, m, _ = digitRunEnd(s, e+1)
		n += m
	}
	if n >= 3 {
		return phoneExtEnd(s, e)
	}
	return i
}
