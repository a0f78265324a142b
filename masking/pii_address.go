package masking

// Postal addresses: "Address: Flat 4, Acacia House, Leeds", "<td>Shipping
// address</td><td>22 Acacia Road</td>". An address has no one shape; its
// label says it is one, and what follows it on its line is masked.

// addressLabelEnd returns the end of the address an address label names
// at s[i], else i: after a ':' or a dash, or filling a cell or item of its
// own, the text up to the next block boundary, 64 bytes at most (and the
// rest of the code point at the 64th; in a cell, with a digit in it: a
// house number or a postcode, or words written as an address is:
// addressWords), line breaks in it included (an
// address is written over lines: "22 Acacia Road<br>Leeds"), trailing
// spaces and line marks left out; it starts with an ASCII letter or digit
// or a byte of another script (not '*', which masking wrote). "Address
// book" and "address line 2" name nothing.
//
//go:noinline
func addressLabelEnd(s string, i int, nf nameFlags) int {
	if i == len(s) || !nf.marked && !cellStart(s, i) || !isPIIAlnum(s[i]) && s[i] < 0x80 {
		return i
	}
	e := i
	for e < len(s) && (e-i < 64 || s[e]&0xC0 == 0x80) && s[e] != piiBlockMark[0] {
		e++
	}
	for e > i && (labelSpace(s[e-1]) || s[e-1] == piiLineMark[0]) {
		e--
	}
	if !nf.marked && indexAnyDigit(s[i:e]) == e-i && !addressWords(s[i:e]) && !addressLine(s[i:e]) {
		return i // a cell without a digit: a heading after a title ("Delivery address", "Deliver to")
	}
	if !nf.marked && !hasLetter(s[i:e]) {
		return i // a cell without a letter is no place: "<th>Address</th>" over "10.7.3.9:9100"
	}
	return e
}

// addressWords reports whether v is written as an address without a
// number is: two words or more, each capitalised (nameCapitalAt) or one of
// addressGlue, joined by spaces, commas and line marks, one of them a comma
// or a line mark at least ("Acacia House, Little Snoring", "Rose
// Cottage<br>Newcastle upon Tyne"; "Choose where we deliver" and "Saved
// Addresses" are none).
//
//go:noinline
func addressWords(v string) bool {
	joined, words := false, 0
	for k := 0; k < len(v); {
		if v[k] == ',' || v[k] == piiLineMark[0] {
			joined = true
			k++
			continue
		}
		if labelSpace(v[k]) {
			k++
			continue
		}
		w := addressWordEnd(v, k)
		if w == k || !nameCapitalAt(v, k) && !addressGlueIndex.has(v[:w], k) {
			return false
		}
		words, k = words+1, w
	}
	return joined && words >= 2
}

// addressLine reports whether v is a one-line address without a number
// or a comma ("<div>Deliver to</div><div>The Old Rectory</div>"): 2 to 4
// words as addressWords reads them, none of addressUIWords, the words a
// page writes there ("Saved Addresses", "Same As Billing", "Add New
// Address" stay).
//
//go:noinline
func addressLine(v string) bool {
	words := 0
	for k := 0; k < len(v); {
		if labelSpace(v[k]) {
			k++
			continue
		}
		w := addressWordEnd(v, k)
		if _, ui := listWordEnd(v, k, addressUIWords); w == k || ui || !nameCapitalAt(v, k) && !addressGlueIndex.has(v[:w], k) {
			return false
		}
		words, k = words+1, w
	}
	return words >= 2 && words <= 4
}

// addressUIWords are the words of a page's headings and buttons where an
// address goes.
const addressUIWords = "address|addresses|saved|add|new|edit|change|select|choose|use|same|as|default|billing|shipping|" +
	"delivery|details|options|option|method|home|work|my|your|our|this|other|another|standard|express|free|store|" +
	"pickup|collection|collect|click|please|enter|manage|book|not|set|update|remove|delete|view|show|more|"

// addressGlue are the small words of places' names ("Newcastle upon Tyne",
// "Stow-on-the-Wold" is one word, "Clacton on Sea").
const addressGlue = "upon|on|the|of|in|by|under|le|la|de|du|des|del|di|da|do|dos|das|den|der|am|an|im|"

var addressGlueIndex = indexWords(addressGlue)

// indexAnyDigit returns the offset of the first ASCII digit in s, else len(s).
func indexAnyDigit(s string) int {
	for k := 0; k < len(s); k++ {
		if isPIIDigit(s[k]) {
			return k
		}
	}
	return len(s)
}

// plateEnd returns the end of a vehicle's plate at s[i], else i: up to 3
// groups of 1 to 8 ASCII capitals and digits joined by a single ' ' or '-',
// 4 to 10 of them in all (a group that would make more is left out), with
// a letter and a digit among them ("AB12 CDE", "M AB 1234", "AB-123-CD",
// "7KXR492"; a word in small letters ends it: "Plate 3 shows the map"
// stays). A code reads "AB12" alone of "AB12 CDE".
//
//go:noinline
func plateEnd(s string, i int) int {
	end, n, letter, digit := i, 0, false, false
	for j, groups := i, 0; groups < 3 && j < len(s); groups++ {
		k, small := j, false
		for k < len(s) && isPIIAlnum(s[k]) {
			small = small || s[k] >= 'a'
			k++
		}
		if k == j || k-j > 8 || n+k-j > 10 || small || k < len(s) && s[k] >= 0x80 {
			break
		}
		end, n = k, n+k-j
		for ; j < k; j++ {
			letter, digit = letter || isPIILetter(s[j]), digit || isPIIDigit(s[j])
		}
		if k+1 >= len(s) || s[k] != ' ' && s[k] != '-' {
			break
		}
		j = k + 1
	}
	if n < 4 || !letter || !digit {
		return i
	}
	return end
}

// addressWordEnd is the end of the word of an address line that starts at
// v[k]: letters, non-ASCII bytes, apostrophes, hyphens and dots
// ("O'Neill", "Saint-Denis", "St.").
func addressWordEnd(v string, k int) int {
	for k < len(v) && (isASCIILetter(v[k]) || v[k] >= 0x80 || v[k] == '\'' || v[k] == '-' || v[k] == '.') {
		k++
	}
	return k
}

// hasLetter reports whether v has an ASCII letter or a byte of another
// script.
func hasLetter(v string) bool {
	for k := 0; k < len(v); k++ {
		if isASCIILetter(v[k]) || v[k] >= 0x80 {
			return true
		}
	}
	return false
}
