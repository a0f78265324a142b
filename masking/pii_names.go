package masking

import "unsafe"

// Personal names a label names: "Patient: Hannelore Quist", "<td>Account
// holder</td><td>Jane Doe</td>", "Dear Hannelore,", "Mr. Quist", "Signed
// in as jdoe". A name has no shape of its own; the label is what says it
// is one, and what follows it up to four words is masked.

// nameFlags say what stands between a name's label and its value.
type nameFlags struct {
	marked  bool // a ':' or a dash ("Name: jane doe")
	spoken  bool // "is" or "was" ("my name is Jane")
	crossed bool // a block or line boundary ("<td>Name</td><td>Jane Doe</td>")
}

// nameLabelEnd returns the end of the name at s[i] that a label of kind
// names ('n' a field's label, 'a' a greeting or an honorific, 'u' "signed
// in as"), else i. After a field's label and a ':' or a dash, words in any
// case ("Patient: hannelore quist"); after "is" or "was", capitalised
// words ("My name is Jane"; "my name is on the list" stays); in a cell of
// its own, capitalised words that fill the cell ("<th>Name</th><td>Jane
// Doe</td>"; a heading "Policy holder" before a table names nothing).
// Greetings and honorifics name capitalised words on their own line
// ("Dear Hannelore,", "Mr. Quist"; "Dear customer" stays), "signed in as"
// a word in any case ("Logged in as hquist").
func nameLabelEnd(s string, i int, kind byte, nf nameFlags) int {
	switch {
	case kind == 'm':
		// "Contact", "Sender": a page's title, a heading and a menu's item
		// too, so only a ':' or a dash names a name after them
		if !nf.marked {
			return i
		}
		return nameValueEnd(s, i, false)
	case kind == 'h':
		// "From:", "To:", "Cc:" name a mail's people, capitalised, on
		// their own line: "To: Hannelore Quist" ("To: do list" stays)
		if !nf.marked || nf.crossed {
			return i
		}
		return roleNameEnd(s, i)
	case kind == 'r' && !nf.marked && !nf.crossed && !nf.spoken:
		// a role's word names capitalised words right after it, on its
		// line: "Ordered by Hannelore Quist", "Payee Jane Doe"; not the
		// words a page writes there ("Ordered by Date", "Payee Details")
		if e := byHandleEnd(s, i); e > i {
			return e
		}
		return roleNameEnd(s, i)
	case kind == 'q':
		// thanks name capitalised words on their line, as a greeting's
		// do ("Thanks, Hannelore!"), but not a title-case heading's
		// ("Thank You For Your Order", "Thanks Everyone")
		if nf.crossed || thanksWord(s, i) {
			return i
		}
		return nameValueEnd(s, i, true)
	case kind == 's':
		// a person's attribute ("Diagnosis", "Blood group", "Age") is
		// written in any case and with numbers, also in a cell of its
		// own: "Medication: clozapine 300mg", "<td>Age</td><td>47</td>"
		if nf.marked {
			if i+1 < len(s) && s[i] == '$' && isPIIDigit(s[i+1]) {
				i++ // "Annual income: $1,250,000": '$' leads no word
			}
			return nameValueEnd(s, i, false)
		}
		if e := amountEnd(s, i); e > i && !nf.crossed {
			return e // a number with no ':': "Credit score 712", "Aged 47,"
		}
		if !cellStart(s, i) {
			return i
		}
		e, words := nameWordsEnd(s, i, false)
		if words == 0 || words == 1 && nameCellWord(s, i) || !cellEndsAt(s, e) {
			return i // a header row: "<th>Age</th><th>Sex</th>"
		}
		return e
	case kind != 'n' && kind != 'r':
		if nf.crossed {
			return i
		}
		e, words := nameWordsEnd(s, i, kind == 'a')
		// surname first after "Dear", alone on its line: "Dear Quist,
		// Hannelore" ("Prof. Achterberg, Cardiology" is a title's)
		if f := lastFirstEnd(s, e, words); kind == 'a' && f > e && cellEndsAt(s, f) && wordBeforeIs(s, i, "dear") {
			return f
		}
		return e
	case nf.marked:
		e, words := nameWordsEnd(s, i, false)
		return lastFirstEnd(s, e, words)
	case cellStart(s, i):
		e, words := nameWordsEnd(s, i, true)
		if words == 0 || words == 1 && nameCellWord(s, i) {
			return i // a header row: "<th>Name</th><th>Email</th>"
		}
		if e = lastFirstEnd(s, e, words); !cellEndsAt(s, e) {
			return i // more of the cell follows: a heading or a sentence
		}
		return e
	case nf.spoken:
		return nameValueEnd(s, i, true)
	}
	return i
}

// lastFirstEnd returns the end of a name written surname first, whose
// surname of 1 or 2 words ends at s[e]: ", " and capitalised words after
// it, the first not one of nameCellWords ("Name: Quist, Hannelore",
// "<td>Patient</td><td>Quist, Hannelore</td>"; "Name: Quist, Age: 47"
// ends at "Quist"); else e.
func lastFirstEnd(s string, e, words int) int {
	if words < 1 || words > 2 || e+2 >= len(s) || s[e] != ',' || s[e+1] != ' ' || !nameCapitalAt(s, e+2) || nameCellWord(s, e+2) {
		return e
	}
	return nameValueEnd(s, e+2, true)
}

// cellEndsAt reports whether only spaces stand between s[e] and the end of
// s or a block or line mark: a value fills its cell.
//
//go:noinline
func cellEndsAt(s string, e int) bool {
	for e < len(s) && labelSpace(s[e]) {
		e++
	}
	return e == len(s) || s[e] == piiBlockMark[0] || s[e] == piiLineMark[0]
}

// roleNameEnd returns the end of the capitalised words at s[i] a role's
// label names, else i: none when the first of them is one of
// nameCellWords ("Ordered by Date", "Assigned to Me").
func roleNameEnd(s string, i int) int {
	if nameCellWord(s, i) {
		return i
	}
	return nameValueEnd(s, i, true)
}

// nameCellWords are the words a page writes after a name's label that are
// no name: a table's column headings ("<th>Name</th><th>Email</th>"), what
// a list is ordered by, the words of a heading ("Payee Details"), months
// and days ("From: Monday").
const nameCellWords = "email|e-mail|phone|mobile|address|date|time|status|type|role|ward|room|bed|age|sex|gender|id|dob|" +
	"action|actions|amount|balance|total|details|detail|notes|note|description|title|department|team|location|city|" +
	"country|state|relationship|relation|doctor|physician|consultant|nurse|provider|clinic|plan|account|accounts|" +
	"reference|ref|value|price|qty|quantity|yes|no|none|unknown|pending|active|edit|view|delete|remove|select|options|" +
	"more|company|organisation|organization|position|group|category|level|priority|result|results|score|grade|code|" +
	"number|owner|user|username|signature|other|name|names|information|info|list|management|form|bank|settings|" +
	"history|summary|services|service|portal|designation|update|change|add|new|search|records|record|overview|" +
	"identifier|me|you|us|all|everyone|anyone|nobody|self|default|relevance|newest|oldest|latest|" +
	"january|february|march|april|may|june|july|august|september|october|november|december|" +
	"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday|" +
	"diagnosis|medication|medications|allergies|allergy|ethnicity|citizenship|birthplace|disability|religion|" +
	"nationality|occupation|employer|password|holder|admin|administrator|staff|moderator|system|anonymous|guest|"

// thanksWords follow thanks and greetings in a page's own words,
// capitalised in a title ("Thanks For Shopping", "Merci Beaucoup",
// "Thanks, Everyone", "Welcome Home", "Welcome To Our Store").
const thanksWords = "you|for|again|so|very|much|in|to|from|a lot|all|everyone|everybody|folks|guys|team|" +
	"beaucoup|bien|de|sehr|vielmals|por|muchas|mille|tante|home|aboard|back|new|pack|kit|guide|offer|bonus|message|page|screen|email|center|centre|"

// thanksWord reports whether the word at s[i], after an optional ',' and
// spaces as nameWordsEnd reads them, is one of thanksWords.
func thanksWord(s string, i int) bool {
	if i < len(s) && s[i] == ',' {
		i = skipSpaces(s, i+1, 2)
	}
	_, ok := listWordEnd(s, i, thanksWords)
	return ok
}

// nameCellWord reports whether the word at s[i] is one of nameCellWords,
// and ends a word there.
//
//go:noinline
func nameCellWord(s string, i int) bool {
	_, ok := listWordEnd(s, i, nameCellWords)
	return ok
}

// nameValueEnd returns the end of a name at s[i], else i: after an
// optional ',' and up to two spaces (masked with it: "Hello, Hannelore"),
// 1 to 4 words joined by single spaces, in 64 bytes (and the rest of the
// code point at the 64th), each of ASCII letters
// and digits, bytes of other scripts, apostrophes, '-', '.' and '_' (a
// user name: "Username: ottilie_b"), led by a letter,
// a digit or a byte of another script; when capital is true, each led by
// a capital (nameCapitalAt: "Dear Hannelore Quist"; "Dear customer"
// stays).
func nameValueEnd(s string, i int, capital bool) int {
	e, _ := nameWordsEnd(s, i, capital)
	return e
}

// nameWordsEnd is nameValueEnd, and how many words it read.
//
//go:noinline
func nameWordsEnd(s string, i int, capital bool) (int, int) {
	j := i
	if j < len(s) && s[j] == ',' {
		j = skipSpaces(s, j+1, 2)
	}
	end, words := i, 0
	for words < 4 && j < len(s) && j-i < 64 {
		if c := s[j]; capital && !nameCapitalAt(s, j) || !capital && !isPIIAlnum(c) && c < 0x80 {
			break
		}
		k := j
		if words == 0 && !capital {
			k = skypePrefixEnd(s, j)
		}
		// a ',' or '/' between digits goes on with a word: an amount, a
		// reading ("Salary: £42,000" would show ",000", "Blood pressure:
		// 140/90" "/90")
		for k < len(s) && (k-i < 64 || s[k]&0xC0 == 0x80) && (nameByte(s[k]) || (s[k] == ',' || s[k] == '/') && k > j && isPIIDigit(s[k-1]) && k+1 < len(s) && isPIIDigit(s[k+1])) {
			k++
		}
		end, words = k, words+1
		if k+1 >= len(s) || s[k] != ' ' {
			break
		}
		j = k + 1
	}
	return end, words
}

// skypePrefixEnd returns the end of "live:" or "live:." at s[j] when an
// ASCII letter or digit or a byte of another script follows, else j: a
// Skype name is written so ("Skype: live:jfaraday", "live:.cid.8a1f…"),
// and its ':' would end the name before the person's part.
func skypePrefixEnd(s string, j int) int {
	k := j + 5
	if k < len(s) && s[k] == '.' {
		k++
	}
	if k >= len(s) || !isPIIAlnum(s[k]) && s[k] < 0x80 || s[j+4] != ':' || !asciiEqualFold(s[j:j+4], "live") {
		return j
	}
	return k
}

// nameByte reports whether c goes on with a name's word: '*' too, the mask
// character, so that a word a mask already cut ("Skype: abc*de") is read
// whole, not up to the '*' (its end "*de" would then read as a card's
// last digits the second time, and "de" stayed in clear).
func nameByte(c byte) bool {
	return isPIIAlnum(c) || c >= 0x80 || c == '\'' || c == '-' || c == '.' || c == '_' || c == '*'
}

// nameWordBefore reports whether the word that ends right before s[i], a
// separator, ends a greeting or an honorific label, or "as" ("signed in
// as"): piiPossible's quick exit lets such text through, as it has no digit
// nor ':' to be seen by ("Dear Jane", "Mr.Quist", "Hello, Jane").
//
//go:noinline
func nameWordBefore(s string, i int) bool {
	return i > 0 && isASCIILetter(s[i-1]) && (s[i] == ',' || labelSeparator(s[i])) && listWordBefore(s, i, nameLastIndex)
}

// listWordBefore reports whether a word of list, most bytes long, ends at
// s[k], starting where a label may (labelStart): after no letter, or at a
// capital after a small letter ("thDear").
func listWordBefore(s string, k int, list *wordsByLen) bool {
	w := k
	for w > 0 && isASCIILetter(s[w-1]) {
		w--
	}
	for p := max(w, k-len(list)+1); p < k; p++ {
		if p == w || s[p] <= 'Z' && s[p-1] >= 'a' {
			if list.has(s[:k], p) {
				return true
			}
		}
	}
	return false
}

// wordsByLen are the labels of a '|'-ended list by the length in bytes of
// their last word, up to 16: listWordBefore runs at every word's end of the
// text, and compares a word only with the last words of its length.
type wordsByLen [17][]string

func indexWords(list string) *wordsByLen {
	var ws wordsByLen
	for l := 0; l < len(list); {
		e := l + indexByte(list[l:], '|')
		w := l
		for k := l; k < e; k++ {
			if list[k] == ' ' {
				w = k + 1
			}
		}
		if e-w < len(ws) {
			ws[e-w] = append(ws[e-w], list[l:e])
		}
		l = e + 1
	}
	return &ws
}

// has reports whether s[p:] is the last word of one of the labels, and
// its words before it end there, each after a run of ' ', '-' and '_' as
// matchLabel reads them ("signed in as"; "such as" is none), folded as
// labels are (labelFold).
func (ws *wordsByLen) has(s string, p int) bool {
	if len(s)-p >= len(ws) {
		return false
	}
	for _, label := range ws[len(s)-p] {
		if foldEndsWith(s, len(s), label) {
			return true
		}
	}
	return false
}

// foldEndsWith reports whether s[:k] ends with label, a space in it
// standing for a run of ' ', '-' and '_'.
func foldEndsWith(s string, k int, label string) bool {
	for m := len(label); m > 0; {
		if label[m-1] == ' ' {
			q := k
			for q > 0 && (s[q-1] == ' ' || s[q-1] == '-' || s[q-1] == '_') {
				q--
			}
			if q == k {
				return false
			}
			k, m = q, m-1
			continue
		}
		if k == 0 || labelFold(s, k-1) != label[m-1] {
			return false
		}
		k, m = k-1, m-1
	}
	return true
}

// nameLastIndex are the labels of greetings, honorifics, thanks, roles and
// "signed in as" (kinds 'a', 'q', 'u' and 'r' in piiLabels), and a BIC's
// ('w'), whose value has no digit either ("BIC DEUTDEFF").
var nameLastIndex = indexWords(labelsOf("aqurw"))

// nameFieldIndex are the labels of a field's name (kind 'n': "name",
// "nickname", "marital status", …), whose value "is" or "was" names with
// no ':' to be seen by ("My name is Hannelore", "Gender is Female").
var nameFieldIndex = indexWords(labelsOf("n"))

// nameFieldWordBefore reports whether the word that ends right before the
// space s[i] ends one of nameFieldIndex (piiPossible's quick exit, before
// " is " or " was ").
//
//go:noinline
func nameFieldWordBefore(s string, i int) bool {
	return listWordBefore(s, i, nameFieldIndex)
}

// labelsOf returns the labels of piiLabels whose kind is in kinds, and
// that start with an ASCII letter, '|'-ended.
func labelsOf(kinds string) string {
	var b []byte
	for l := 0; l < len(piiLabels); {
		e := l + indexByte(piiLabels[l:], '|')
		if indexByte(kinds, piiLabels[l]) < len(kinds) && piiLabels[l+1] < 0x80 {
			b = append(append(b, piiLabels[l+1:e]...), '|')
		}
		l = e + 1
	}
	return string(b)
}

// nameCapitalAt reports whether a capital starts at s[j], by bytes, not
// Unicode's tables: A-Z, a Latin-1 capital, a Greek or Cyrillic capital;
// Latin Extended-A and B, where capitals and small letters alternate, and
// the scripts without case count as capitals (fail closed), general
// punctuation ("—", "…") does not.
//
//go:noinline
func nameCapitalAt(s string, j int) bool {
	c := s[j]
	if c < 0x80 {
		return c >= 'A' && c <= 'Z'
	}
	var b byte
	if j+1 < len(s) {
		b = s[j+1]
	}
	switch {
	case c < 0xC3:
		return false // a continuation byte, C0 and C1, or Latin-1's symbols
	case c == 0xC3:
		return b >= 0x80 && b <= 0x9E && b != 0x97 // À-Þ but ×
	case c == 0xCE:
		return b >= 0x86 && b <= 0xAB // Ά-Ϋ
	case c == 0xCF || c == 0xD1:
		return false // small Greek and Cyrillic letters
	case c == 0xD0:
		return b >= 0x80 && b <= 0xAF // Ѐ-Я
	case c == 0xE2:
		return false // U+2000-U+2FFF: punctuation, super- and subscripts, symbols
	}
	return true
}

// nameLabelEnds reports whether b ends with a name's or an address's label
// and separators ("Patient: ", "Dear ", "Signed in
// as "), which may name the next node's text.
func nameLabelEnds(b []byte) bool {
	k := len(b)
	for k > 0 && (labelSeparator(b[k-1]) || b[k-1] == ',') {
		k--
	}
	return k < len(b) && listWordBefore(unsafe.String(unsafe.SliceData(b), k), k, nameProbeIndex)
}

// nameProbeIndex are the labels of names, a person's attributes and
// addresses (kinds 'n', 's', 'm', 'a', 'q', 'u', 'd', 'r' and 'h' in
// piiLabels).
var nameProbeIndex = indexWords(labelsOf("nsmaqudrh"))

// amountEnd returns the end of the number at s[i] after an attribute's
// label with no ':' ("Salary 58,750", "Blood pressure 140/90", "Salary
// £58,750"), else i: an optional '$', '£' or '€', digits with single ',',
// '.' or '/' between them, and no letter or digit after ("Age 3a" stays).
func amountEnd(s string, i int) int {
	j := i
	for _, c := range [...]string{"$", "£", "€"} {
		if hasFoldPrefix(s[i:], c) {
			j += len(c)
		}
	}
	k := j
	for k < len(s) && (isPIIDigit(s[k]) || k > j && (s[k] == ',' || s[k] == '.' || s[k] == '/') && isPIIDigit(s[k-1]) && k+1 < len(s) && isPIIDigit(s[k+1])) {
		k++
	}
	if k == j || k < len(s) && isPIIAlnum(s[k]) {
		return i
	}
	return k
}

// byHandleEnd returns the end of the user name at s[i] after a role's
// label that ends in "by" ("Posted by hquist", "Reviewed by jfaraday"),
// else i: one word of 3 to 32 name bytes led by a small ASCII letter, not
// one of nameCellWords nor byWords ("Posted by admin", "Written by hand"
// stay; "Reviewed by experts" is masked: accepted).
func byHandleEnd(s string, i int) int {
	if !wordBeforeIs(s, i, "by") || i >= len(s) || s[i] < 'a' || s[i] > 'z' || nameCellWord(s, i) {
		return i
	}
	if _, ok := listWordEnd(s, i, byWords); ok {
		return i
	}
	k := i
	for k < len(s) && nameByte(s[k]) {
		k++
	}
	if k-i < 3 || k-i > 32 {
		return i
	}
	return k
}

// byWords are the small words that follow "by" in a page's own text.
const byWords = "the|our|your|their|his|her|its|them|him|one|hand|mail|post|courier|phone|date|default|popularity|rating|distance|size|"

// wordBeforeIs reports whether the word before the separators that end
// right before s[i] is w, in any ASCII case.
//
//go:noinline
func wordBeforeIs(s string, i int, w string) bool {
	j := i
	for j > 0 && labelSeparator(s[j-1]) {
		j--
	}
	return j >= len(w) && foldEndsWith(s, j, w) && (j == len(w) || !isPIILetter(s[j-len(w)-1]))
}
