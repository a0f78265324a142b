package masking

import (
	"regexp"
	"strconv"
	"strings"
)

// A second reading of the labelled values and hex addresses documented in
// pii.go, for referenceScrubPII: regular expressions per kind, tried at
// every word start.

var (
	refLabelKinds = map[byte][]string{
		'c': {"cvv2", "cvc2", "cvv", "cvc", "csc", "cvn", "pin", "puk", "otp", "passcode", "security code", "card code",
			"one time code", "verification code", "confirmation code", "auth code", "authentication code", "access code",
			"activation code", "recovery code", "backup code", "pincode", "nip", "geheimzahl", "geheimnummer", "code secret",
			"codice fiscale", "passport", "reisepass", "ausweis", "personalausweis", "ausweisnummer", "id card", "id number",
			"national id", "ssn", "dni", "nie", "nif", "curp", "rfc", "nhs", "mrn", "tax id", "steuer id", "steuernummer",
			"account number", "acct", "member id", "membership number", "customer id", "customer number",
			"kundennummer", "patient id", "policy number", "your code", "booking ref", "booking reference", "voter id", "mbi", "medicare card", "medicare beneficiary identifier", "medicare", "beneficiary id", "iban", "kontonummer", "rekeningnummer", "ip address", "ip",
			"pan", "pan number", "serial number", "serial no", "serial", "s/n", "imei", "device id", "insurance id", "insurance number", "versichertennummer",
			"brp", "alien number", "alien registration number", "uscis number", "green card", "medicaid", "medicaid id", "group number", "prescription number", "rx number", "social security number", "social security",
			"policy no", "employee id", "staff id", "student id", "personalnummer", "matrikelnummer", "claim number", "claim no",
			"tracking number", "tracking no", "sendungsnummer", "medical record number", "medical record no", "medical record", "chart number", "chart no",
			"patient number", "patient no", "patient", "hospital number",
			"пин код", "пин", "暗証番号", "验证码",
			"קוד אימות",
			"case number", "case no", "case ref", "case reference", "docket", "court case"},
		'p': {"password", "passwort", "passwd", "pwd", "pw", "kennwort", "wachtwoord", "contraseña", "lösenord", "hasło",
			"mot de passe", "senha", "parola", "heslo", "salasana", "passord", "adgangskode", "lozinka", "jelszó",
			"passphrase", "api key", "apikey", "secret key", "secret access key", "client secret", "access token", "auth token", "refresh token",
			"token", "secret", "private key", "recovery key", "security answer", "secret answer", "memorable word", "maiden name",
			"parolă", "slaptažodis", "lykilorð", "fjalëkalimi", "geslo", "parool", "mật khẩu", "kata sandi", "kata laluan",
			"пароль", "κωδικοσ προσβασησ", "κωδικοσ", "كلمة المرور",
			"סיסמה", "पासवर्ड", "รหัสผ่าน", "密码", "密碼", "パスワード", "비밀번호", "şifre", "şİfre"},
		'b': {"born", "geboren", "geb", "né le", "née le", "nato il", "nata il", "nacido el", "nacida el", "nascido em", "nascida em",
			"expiry date", "expiry", "expiration date", "expiration", "exp date", "exp", "valid thru", "valid through", "good thru",
			"gültig bis", "ablaufdatum", "дата рождения", "تاريخ الميلاد", "תאריך לידה", "जन्म तिथि", "วันเกิด", "生年月日", "出生日期", "생년월일", "died", "died on"},
		'k': {"date of death", "death date", "sterbedatum", "birthday", "geburtstag", "生日", "생일", "date of birth", "birth date", "birthdate", "dob", "d.o.b", "geburtsdatum",
			"date de naissance", "fecha de nacimiento", "data de nascimento", "data di nascita", "geboortedatum", "data urodzenia",
			"födelsedatum", "fødselsdato", "fecha nac", "doğum tarihi", "ngày sinh", "tanggal lahir", "syntymäaika", "születési dátum",
			"datum narození", "data nașterii"},
		'y': {"b."},
		'i': {"ni number", "nino", "national insurance number", "national insurance no", "national insurance"},
		'j': {"ni"},
		't': {"sk live", "sk test", "pk live", "pk test", "rk live", "rk test", "whsec", "ghp", "gho", "ghu", "ghs", "ghr", "github pat",
			"xoxb", "xoxp", "xoxa", "xoxr", "xoxs", "glpat", "bearer"},
		'z': {"postcode", "post code", "postal code", "zip", "zip code", "zipcode", "plz", "postleitzahl", "code postal"},
		'f': {"phone", "telephone", "tel", "mobile", "fax", "telefon", "téléphone", "teléfono", "telefone", "handy", "mobil", "cell", "cell phone", "whatsapp", "call"},
		'n': {"name", "full name", "first name", "last name", "middle name", "surname", "given name", "family name", "patient", "patient name",
			"cardholder", "cardholder name", "card holder", "account holder", "name on card", "policyholder", "policy holder", "insured",
			"member name", "customer name", "next of kin", "guarantor", "contact name", "contact person", "addressee", "emergency contact", "patient record", "patient file", "nombre", "apellido", "apellidos", "nom", "prénom",
			"nom de famille", "vorname", "nachname", "familienname", "naam", "voornaam", "achternaam", "nome", "cognome", "sobrenome", "nazwisko",
			"username", "user name", "screen name", "nickname",
			"religion", "employer", "occupation", "nationality", "gender", "marital status", "spouse",
			"insured person", "primary insured", "holder", "joint holder", "primary holder", "secondary holder", "account owner", "kontoinhaber", "karteninhaber", "inhaber", "titular", "titulaire", "intestatario", "rekeninghouder",
			"customer", "client", "cliente", "klant", "kunde", "member", "applicant", "borrower", "co borrower", "tenant", "landlord", "guardian", "parent", "mother", "father", "husband", "wife", "dependant", "dependent",
			"authorised user", "authorized user", "payer", "debtor", "signatory", "witness", "executor", "passenger", "lead passenger", "traveller", "traveler", "guest name", "named driver", "gp", "doctor", "physician", "consultant", "versicherter", "versicherungsnehmer", "empfänger",
			"destinatario", "destinataire", "ansprechpartner", "förnamn", "efternamn", "fornavn", "etternavn", "imię", "imie", "paciente", "patiënt",
			"имя", "фамилия", "фио", "отчество"},
		// a person's attribute, of the special categories
		's': {
			"diagnosis", "diagnose", "diagnostic", "diagnóstico", "medical condition", "health condition", "allergies", "allergy", "blood type", "blood group", "blutgruppe", "disability", "medication", "medications",
			"sexual orientation", "ethnicity", "ethnic origin", "ethnic group", "place of birth", "birthplace", "country of birth", "geburtsort", "lieu de naissance", "lugar de nacimiento", "luogo di nascita",
			"citizenship", "staatsangehörigkeit", "nationalité", "nacionalidad", "immigration status", "visa status", "political affiliation", "party affiliation", "trade union", "konfession", "religión", "sex", "age", "aged",
			"hiv status", "blood pressure", "cause of death", "pregnancy status", "criminal record", "criminal convictions", "convictions", "vaccination status",
			"salary", "annual salary", "income", "annual income", "household income", "credit score", "net worth"},
		'm': {"contact", "sender", "attn", "handle", "skype", "telegram", "discord", "signed"},
		'w': {"swift", "swift code", "bic", "bic code"},
		'r': {"recipient", "ordered by", "prescribed by", "referred by", "attending physician", "attending doctor", "assigned to",
			"authorised by", "authorized by", "approved by", "beneficiary", "payee", "account name", "statement for", "in memory of", "in loving memory of",
			"prepared for", "account of", "photo of", "picture of", "portrait of",
			"invoice to", "payable to", "pay to the order of", "care of", "c/o", "fao", "signature", "signed by", "uploaded by", "reviewed by", "written by", "discharged to", "posted by", "created by", "edited by", "submitted by", "shared by", "beneficiary name"},
		'h': {"from", "to", "cc", "bcc"},
		'u': {"signed in as", "logged in as"},
		'd': {"address", "street address", "home address", "postal address", "mailing address", "billing address", "shipping address",
			"delivery address", "residential address", "adresse", "anschrift", "wohnanschrift", "dirección", "domicilio", "indirizzo",
			"endereço", "morada", "adres", "ship to", "bill to", "deliver to", "sold to", "shipping to", "delivering to"},
		'a': {"dear", "hi", "hello", "hey", "welcome back", "hallo", "liebe", "lieber", "bonjour", "hola", "ciao",
			"mr", "mrs", "ms", "miss", "mx", "dr", "herr", "frau", "mme", "mlle", "sr", "sra", "srta", "madame", "monsieur", "signora", "signor", "señor", "señora",
			"sincerely", "regards", "best regards", "kind regards",
			"prof", "professor", "sir", "dame", "lady", "lord", "rev", "reverend", "capt", "mister", "dr. med", "dr. rer. nat"},
		'q': {"thanks", "thank you", "thanks again", "many thanks", "cheers", "danke", "vielen dank", "merci", "gracias", "grazie", "obrigado", "obrigada",
			"welcome", "good morning", "good afternoon", "good evening", "greetings"},
		'o': {"licence", "license", "driving licence", "driving license", "driver's license", "driver's licence", "drivers license", "driver license", "dl", "licence number", "license number",
			"fuhrerschein", "führerschein", "führerscheinnummer", "permis de conduire", "carnet de conducir", "rijbewijs", "patente"},
		'v': {"licence plate", "license plate", "number plate", "plate number", "plate no", "registration number", "kennzeichen",
			"nummernschild", "immatriculation", "matrícula", "plate", "registration plate", "vehicle registration", "registration", "reg", "reg no", "vehicle reg", "car reg", "kenteken", "targa", "placa"},
		'x': {"extension", "ext", "durchwahl", "poste", "ramal", "interno"},
		'l': {"ending in", "ending with", "ending", "ends in", "last 4", "last four", "last 4 digits", "last four digits", "last digits"},
		'e': {"expires", "expire", "expiring", "valid until", "valid till", "valid to", "valid from", "vence", "vencimiento", "validade", "scadenza"},
		'g': {"latitude", "longitude", "lat", "lng", "lon", "coordinates", "coords", "gps", "location"},
	}
	refLabelSep    = `(?:[ \t\n\r:=#\-_.(>|\\]|–|—)`
	refLabelRound  = regexp.MustCompile(`^` + refLabelSep + `{0,8}(?i:is|was|code|number|no|nr|num|on|in|the|am|op|datum|date)`)
	refLabelSeps   = regexp.MustCompile(`^` + refLabelSep + `{0,8}`)
	refLabelValues = map[byte]*regexp.Regexp{
		'c': regexp.MustCompile(`^[A-Za-z0-9]+(?:(?:[ .:][0-9]|[-/][A-Za-z0-9])[A-Za-z0-9]*)*`),
		'b': regexp.MustCompile(`^(?:[0-9]|[A-Za-z\x{80}-\x{10FFFF}]+|[ /.,-])+`),
		'e': regexp.MustCompile(`^[0-9]{1,2} ?[/.-] ?(?:[0-9]{4}|[0-9]{2})`),
		'g': regexp.MustCompile(`^[-+]?[0-9][0-9]*(?:\.[0-9]*|,[0-9]+)?(?:, [-+]?[0-9][0-9]*(?:\.[0-9]*|,[0-9]+)?)?`),
	}
	refBIC      = regexp.MustCompile(`^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?`)
	refCiscoMAC = regexp.MustCompile(`^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}`)
	refMAC      = regexp.MustCompile(`^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){4}`)
	refIPv6     = regexp.MustCompile(`^[0-9A-Fa-f:]+`)
	refIPv4     = regexp.MustCompile(`^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})`)
)

var refLabelREs = func() map[byte][]*regexp.Regexp {
	res := map[byte][]*regexp.Regexp{}
	for kind, labels := range refLabelKinds {
		for _, label := range labels {
			if label[0] >= 0x80 {
				res[kind] = append(res[kind], regexp.MustCompile(`^`+refFoldClasses(label)))
				continue
			}
			res[kind] = append(res[kind], regexp.MustCompile(`^(?i:`+strings.ReplaceAll(regexp.QuoteMeta(label), " ", `)[ _-]+(?i:`)+`)`))
		}
	}
	return res
}()

// greekVariants are the spellings of a toneless small Greek letter that
// fold to it: its capital, and with a tonos, small and capital; σ also as ς.
var greekVariants = map[rune]string{
	'α': "αΑάΆ", 'ε': "εΕέΈ", 'η': "ηΗήΉ", 'ι': "ιΙίΊ", 'ο': "οΟόΌ", 'υ': "υΥύΎ", 'ω': "ωΩώΏ", 'σ': "σΣς",
}

// refFoldClasses writes a label of another script as a regular expression
// that takes the capitals labelFold folds: Cyrillic А-Я, Greek Α-Ω, Latin-1
// and Ş.
func refFoldClasses(label string) string {
	var b strings.Builder
	for _, r := range label {
		switch {
		case r == ' ':
			b.WriteString(`[ _-]+`)
		case r >= 'a' && r <= 'z':
			b.WriteString("[" + string(r) + string(r-0x20) + "]")
		case greekVariants[r] != "":
			b.WriteString("[" + greekVariants[r] + "]")
		case r >= 'а' && r <= 'я', r >= 'α' && r <= 'ω' && r != 'ς', r >= 'à' && r <= 'þ' && r != '÷', r == 'ş':
			up := r - 0x20
			if r == 'ş' {
				up = 'Ş'
			}
			b.WriteString("[" + string(r) + string(up) + "]")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

var refWords = regexp.MustCompile(`[A-Za-z\x{80}-\x{10FFFF}]+`)

func refMarkLabelled(s string, mark func(start, end int)) {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xC0 {
			// a label of another script: not right after a letter or digit,
			// nor after a character of its own two-byte block
			if i > 0 && isRefLetter(s[i-1]) || i >= 2 && s[i] < 0xE0 && s[i-2] == s[i] {
				continue
			}
		} else if !isRefLetter(s[i]) || i > 0 && (isRefLetter(s[i-1]) || s[i-1] >= 0x80) &&
			!(s[i] >= 'A' && s[i] <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z') {
			continue
		}
		for _, kind := range []byte{'w', 'c', 'i', 'j', 'v', 'p', 'y', 'b', 'k', 'e', 'l', 'x', 'n', 's', 'o', 'r', 'h', 'm', 'u', 'a', 'q', 'd', 'f', 't', 'z', 'g'} {
			for k, label := range refLabelKinds[kind] {
				if s[i]|0x20 != label[0] && (s[i] < 0xC0 || s[i] != label[0]) {
					continue
				}
				if kind == 'a' && len(label) < 4 && s[i] >= 'a' && s[i] <= 'z' {
					continue // "ms", "dr", "hi" in small letters name nobody
				}
				if kind == 'y' && s[i] == 'B' {
					continue // "b." for "born" in small letters only
				}
				m := refLabelREs[kind][k].FindStringIndex(s[i:])
				if m == nil {
					continue
				}
				end := i + m[1]
				if end < len(s) && (isRefLetter(s[end]) || s[end] >= 0x80 && label[len(label)-1] < 0x80) {
					continue
				}
				if start, stop := refLabelValue(s, end, kind); stop > start {
					mark(start, stop)
					goto nextStart
				}
				// a field's name label alone in its cell and a name after it
				// with no ':' ("Patient Hannelore Quist", an aria-label's)
				if stop := refTitledName(s, i, end); kind == 'n' && stop > end {
					mark(end+1, stop)
					goto nextStart
				}
			}
		}
	nextStart:
	}
}

func refLabelValue(s string, at int, kind byte) (int, int) {
	named, colon := false, false
	var nf refNameFlags
	for aside := true; ; aside = false {
		from := at
		at, named, colon = refValueStart(s, at, kind, named, colon)
		nf.read(s[from:at])
		if kind == 'd' {
			if start, stop := refAddressValueAt(s, at, nf); stop > start {
				return start, stop
			}
		} else if kind == 'n' || kind == 's' || kind == 'm' || kind == 'u' || kind == 'a' || kind == 'q' || kind == 'r' || kind == 'h' {
			if start, stop := refNameValueAt(s, at, kind, nf); stop > start {
				return start, stop
			}
		} else if start, stop := refKindValue(s, at, kind, named, colon); stop > start {
			return start, stop
		}
		// once, a hint in brackets before the value: "CVV (3 digits): 123"
		m := refAside.FindStringIndex(s[at:])
		if !aside || at == 0 || s[at-1] != '(' || m == nil || m[1]-1 > 24 {
			return 0, 0
		}
		at += m[1]
	}
}

var (
	refUKPostcodeAny = regexp.MustCompile(`^([A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})(?:[^A-Za-z]|$)`)
	refCAPostcodeAny = regexp.MustCompile(`^([ABCEGHJ-NPRSTVXYabceghj-nprstvxy][0-9][ABCEGHJ-NPRSTV-Zabceghj-nprstv-z] ?[0-9][ABCEGHJ-NPRSTV-Zabceghj-nprstv-z][0-9])(?:[^A-Za-z*]|$)`)
	refTokenValue    = regexp.MustCompile(`^[A-Za-z0-9._~+/=-]+`)
	refNameValue     = regexp.MustCompile(`^(?:,[ \\]{0,2})?(?:(?i:live):\.?)?(?:[A-Za-z\x{80}-\x{10FFFF}]|` + refNameDigits + `)` + refNameBody + `(?: (?:[A-Za-z\x{80}-\x{10FFFF}]|` + refNameDigits + `)` + refNameBody + `){0,3}`)
	refNameCapital   = regexp.MustCompile(`^(?:,[ \\]{0,2})?` + refCapital + refNameBody + `(?: ` + refCapital + refNameBody + `){0,3}`)
	refExtDigits     = regexp.MustCompile(`^[0-9]{3,6}`)
	refPhoneValue    = regexp.MustCompile(`^[+(]?[0-9](?:\)?[ \t\n\f\r]*(?:[.\-_][ \t\n\f\r]*){0,2}\(?[0-9]|/[0-9]{3})*`)
	refExt           = regexp.MustCompile(`^[,;]?[ \\]{0,2}\(?(?:(?:[Ee][Xx][Tt](?:[Ee][Nn][Ss][Ii][Oo][Nn])?|[Pp][Oo][Ss][Tt][Ee]|[Dd][Uu][Rr][Cc][Hh][Ww][Aa][Hh][Ll]|[Rr][Aa][Mm][Aa][Ll]|[Ii][Nn][Tt][Ee][Rr][Nn][Oo]|доб|Доб|ДОБ)\.?[ \\]{0,2}(?::[ \\]{0,2})?[0-9]{1,6}|[xX][0-9]{2,6})`)
)

// refExtEnd returns the end of a phone extension after a number that ends
// at s[e], else e.
func refExtEnd(s string, e int) int {
	m := refExt.FindString(s[e:])
	if m == "" || e+len(m) < len(s) && (isRefLetter(s[e+len(m)]) || isRefDigit(s[e+len(m)])) {
		return e
	}
	return e + len(m)
}

// refMonthYear returns the length of a card's month and year at the start
// of v with no more of a date after them, else 0.
func refMonthYear(v string) int {
	m := refLabelValues['e'].FindString(v)
	rest := v[len(m):]
	if m == "" || strings.HasPrefix(rest, "/") || rest != "" && isRefDigit(rest[0]) ||
		len(rest) > 1 && (rest[0] == '-' || rest[0] == '.') && isRefDigit(rest[1]) {
		return 0
	}
	return len(m)
}

// refSpacedDash is 1 to 3 hyphens between spaces, a dash: "Password -- hunter2".
// A name's word after its first byte: letters, digits, bytes of other
// scripts, apostrophes, '.', '_', '-', and a ',' or '/' between digits (an
// amount, a reading: "£42,000", "140/90").
const (
	refNameDigits = `[0-9]+(?:[,/][0-9]+)*`
	refNameBody   = `(?:` + refNameDigits + `|[A-Za-z\x{80}-\x{10FFFF}'._*-])*`
)

var refSpacedDash = regexp.MustCompile(` -{1,3} `)

var refAside = regexp.MustCompile(`^[^()|]*[A-Za-z][^()|]*\)`)

func refValueStart(s string, at int, kind byte, named, colon bool) (int, bool, bool) {
	for round := 0; round < 4; round++ {
		m := refLabelRound.FindStringIndex(s[at:])
		// a password's cell of its own starts its value, filler words and all
		cell := (kind == 'p' || kind == 'n' || kind == 's' || kind == 'r' || kind == 'd') && refAfterMark(s[:at+len(refLabelSeps.FindString(s[at:]))])
		// a role's or a mail's name follows its label with no filler
		// word but "is" or "was" ("Ordered by Date. Assigned" is none)
		if m != nil && (kind == 'r' || kind == 'h') {
			w := strings.ToLower(strings.TrimLeft(s[at:at+m[1]], " \t\n\r:=#-_.(>|\\–—"))
			cell = cell || w != "is" && w != "was"
		}
		if cell || m == nil || at+m[1] >= len(s) || !strings.ContainsRune(":= \t\n\r#-_.(>|\\", rune(s[at+m[1]])) ||
			at+m[1] < len(s) && isRefLetter(s[at+m[1]]) {
			seps := refLabelSeps.FindString(s[at:])
			// a hyphen between spaces is a dash: "Password - hunter2"
			named = named || strings.ContainsAny(seps, ":=|\\–—") || refSpacedDash.MatchString(seps)
			colon = colon || strings.ContainsAny(seps, ":–—") || refSpacedDash.MatchString(seps)
			at += len(seps)
			break
		}
		part := s[at : at+m[1]]
		word := strings.TrimLeftFunc(part, func(r rune) bool { return strings.ContainsRune(" \t\n\r:=#-_.(>|\\–—", r) })
		gap := part[:len(part)-len(word)]
		named = named || strings.ContainsAny(part, ":=|\\–—") || refSpacedDash.MatchString(gap) || strings.EqualFold(word, "is") || strings.EqualFold(word, "was")
		colon = colon || strings.ContainsAny(gap, ":–—") || refSpacedDash.MatchString(gap) || strings.EqualFold(word, "is") || strings.EqualFold(word, "was")
		at += m[1]
	}
	return at, named, colon
}

// refNameFlags is what stands between a name's label and its value: a ':'
// or a dash, "is" or "was", a block or line mark.
type refNameFlags struct{ marked, spoken, crossed bool }

// refCapital is what nameCapitalAt takes for a capital, by code point.
const refCapital = `[A-Z\x{C0}-\x{D6}\x{D8}-\x{DE}\x{100}-\x{37F}\x{386}-\x{3AB}\x{400}-\x{42F}\x{480}-\x{1FFF}\x{3000}-\x{10FFFF}]`

var refIsWas = regexp.MustCompile(`(?i)(?:^|[^A-Za-z])(?:is|was)(?:[^A-Za-z]|$)`)

func (nf *refNameFlags) read(gap string) {
	nf.marked = nf.marked || strings.ContainsAny(gap, ":–—") || refSpacedDash.MatchString(gap)
	nf.spoken = nf.spoken || refIsWas.MatchString(gap)
	nf.crossed = nf.crossed || strings.ContainsAny(gap, "|\\")
}

// refNameValueAt reads a name after its label (pii_names.go): words in any
// case after a ':' or a dash, capitalised ones after "is"/"was" or filling
// a cell; after a greeting or an honorific capitalised, after "signed in
// as" any, on the label's own line.
func refNameValueAt(s string, at int, kind byte, nf refNameFlags) (int, int) {
	v := s[at:]
	re := refNameValue
	switch {
	case kind == 'm':
		if !nf.marked {
			return 0, 0
		}
	case kind == 'h' || kind == 'r' && !nf.marked && !nf.crossed && !nf.spoken:
		// a role's word, or a mail's "From:", names capitalised words on
		// its line, but not the words of a heading or a header row
		if kind == 'h' && !nf.marked || nf.crossed || refNameCellWord(v) {
			return 0, 0
		}
		if m := refByHandle.FindString(v); kind == 'r' && refByBefore.MatchString(s[:at]) && len(m) >= 3 && len(m) <= 32 && !refByWords.MatchString(v) {
			return at, at + len(m)
		}
		re = refNameCapital
	case kind == 'q':
		// thanks: capitalised words on the label's line, not a title's
		if nf.crossed || refThanksRE.MatchString(v) {
			return 0, 0
		}
		re = refNameCapital
	case kind == 's':
		// a person's attribute: any case after a ':' or a dash, or
		// filling the cell after its label's; a number right after it
		if nf.marked && len(v) > 1 && v[0] == '$' && v[1] >= '0' && v[1] <= '9' {
			return at, at + 1 + refNameEnd(v[1:], re)
		}
		if m := refAmount.FindString(v); !nf.marked && !nf.crossed && m != "" && (len(m) == len(v) || !isRefAlnum(v[len(m)])) {
			return at, at + len(m)
		}
		if !nf.marked {
			if !refAfterMark(s[:at]) {
				return 0, 0
			}
			m := v[:refNameEnd(v, re)]
			if m == "" || !strings.Contains(strings.TrimLeft(m, ", \\"), " ") && refNameCellWord(v) {
				return 0, 0
			}
			if rest := strings.TrimLeft(v[len(m):], " \t\n\r"); rest != "" && rest[0] != '|' && rest[0] != '\\' {
				return 0, 0
			}
		}
	case kind != 'n' && kind != 'r':
		if nf.crossed {
			return 0, 0
		}
		if kind == 'a' {
			re = refNameCapital
			// surname first, alone on its line: "Dear Quist, Hannelore"
			n := refNameEnd(v, re)
			f := refLastFirst(v, n)
			if rest := strings.TrimLeft(v[f:], " \t\n\r"); f > n && refDearBefore.MatchString(s[:at]) && (rest == "" || rest[0] == '|' || rest[0] == '\\') {
				return at, at + f
			}
		}
	case nf.marked:
		return at, at + refLastFirst(v, refNameEnd(v, re))
	case refAfterMark(s[:at]):
		re = refNameCapital
		m := v[:refLastFirst(v, refNameEnd(v, re))]
		if m == "" || !strings.Contains(strings.TrimLeft(m, ", \\"), " ") && refNameCellWord(v) {
			return 0, 0 // a header row
		}
		if rest := strings.TrimLeft(v[len(m):], " \t\n\r"); rest != "" && rest[0] != '|' && rest[0] != '\\' {
			return 0, 0
		}
		return at, at + len(m)
	case nf.spoken:
		re = refNameCapital
	default:
		return 0, 0
	}
	return at, at + refNameEnd(v, re)
}

// refNameCellWords are the words after a name's label that are none.
var refNameCellWords = strings.Fields("email e-mail phone mobile address date time status type role ward room bed age sex gender id dob " +
	"action actions amount balance total details detail notes note description title department team location city " +
	"country state relationship relation doctor physician consultant nurse provider clinic plan account accounts " +
	"reference ref value price qty quantity yes no none unknown pending active edit view delete remove select options " +
	"more company organisation organization position group category level priority result results score grade code " +
	"number owner user username signature other name names information info list management form bank settings " +
	"history summary services service portal designation update change add new search records record overview " +
	"identifier me you us all everyone anyone nobody self default relevance newest oldest latest " +
	"january february march april may june july august september october november december " +
	"monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday " +
	"diagnosis medication medications allergies allergy ethnicity citizenship birthplace disability religion " +
	"nationality occupation employer password holder admin administrator staff moderator system anonymous guest")

// refThanksRE matches the words after thanks that name nobody.
var refThanksRE = regexp.MustCompile(`^(?:,[ \\]{0,2})?(?i:you|for|again|so|very|much|in|to|from|a[ _-]+lot|all|everyone|everybody|folks|guys|team|` +
	`beaucoup|bien|de|sehr|vielmals|por|muchas|mille|tante|home|aboard|back|new|pack|kit|guide|offer|bonus|message|page|screen|email|center|centre)(?:[^A-Za-z\x{80}-\x{10FFFF}]|$)`)

// refNameCellWord reports whether v starts with one of refNameCellWords, a
// whole word (any ASCII case, '-', '_' and spaces alike).
func refNameCellWord(v string) bool {
	return refNameCellRE.MatchString(v)
}

var refNameCellRE = regexp.MustCompile(`^(?i:` + strings.Join(refNameCellWords, "|") + `)(?:[^A-Za-z\x{80}-\x{10FFFF}]|$)`)

// refAddressValueAt reads an address after its label (pii_address.go):
// after a ':' or a dash, or in a cell of its own, up to the next block mark
// in 64 bytes, trailing spaces and line marks left out.
func refAddressValueAt(s string, at int, nf refNameFlags) (int, int) {
	v := s[at:]
	if v == "" || !nf.marked && !refAfterMark(s[:at]) || !isRefAlnum(v[0]) && v[0] < 0x80 {
		return 0, 0
	}
	v, _, _ = strings.Cut(v, "|")
	if len(v) > 64 {
		n := 64
		for n < len(v) && v[n]&0xC0 == 0x80 {
			n++
		}
		v = v[:n]
	}
	v = strings.TrimRight(v, " \t\n\r\\")
	if !nf.marked && !strings.ContainsAny(v, "0123456789") && !refAddressWords(v) && !refAddressLine(v) {
		return 0, 0 // a cell needs a digit, or capitalised words joined by a comma or a line
	}
	if !nf.marked && !regexp.MustCompile(`[A-Za-z\x{80}-\x{10FFFF}]`).MatchString(v) {
		return 0, 0 // and a letter
	}
	return at, at + len(v)
}

var (
	refAddressWord = regexp.MustCompile(`^(?:` + refCapital + `[A-Za-z\x{80}-\x{10FFFF}'.-]*|(?i:upon|on|the|of|in|by|under|le|la|de|du|des|del|di|da|do|dos|das|den|der|am|an|im))$`)
	refAddressSep  = regexp.MustCompile(`[ \t\n\r,\\]+`)
)

// refAddressWords reports whether v is two capitalised words or more (or
// places' small words), joined by spaces, commas and line marks, a comma
// or a line mark among them.
func refAddressWords(v string) bool {
	if !strings.ContainsAny(v, ",\\") {
		return false
	}
	words := 0
	for _, w := range refAddressSep.Split(v, -1) {
		if w == "" {
			continue
		}
		if !refAddressWord.MatchString(w) {
			return false
		}
		words++
	}
	return words >= 2
}

// refAddressLine reports whether v is 2 to 4 address words joined by
// whitespace alone, none of them a word of a page's headings or buttons.
func refAddressLine(v string) bool {
	if strings.ContainsAny(v, ",\\") {
		return false
	}
	words := strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	for _, w := range words {
		if !refAddressWord.MatchString(w) || refAddressUI.MatchString(w) {
			return false
		}
	}
	return len(words) >= 2 && len(words) <= 4
}

var refAddressUI = regexp.MustCompile(`^(?i:address|addresses|saved|add|new|edit|change|select|choose|use|same|as|default|billing|shipping|` +
	`delivery|details|options|option|method|home|work|my|your|our|this|other|another|standard|express|free|store|` +
	`pickup|collection|collect|click|please|enter|manage|book|not|set|update|remove|delete|view|show|more)(?:[^A-Za-z\x{80}-\x{10FFFF}]|$)`)

// refCapsGroups reads up to groups groups of capitals and digits (each at
// most maxGroup bytes, maxTotal in all) joined by one ' ' or '-' at the
// start of v: the length they span and the bytes of the groups.
func refCapsGroups(v string, groups, maxGroup, maxTotal int) (best, n int) {
	for g, rest := 0, v; g < groups; g++ {
		m := refPlateGroup.FindString(rest)
		if m == "" || len(m) > maxGroup || n+len(m) > maxTotal || strings.ToUpper(m) != m || len(m) < len(rest) && rest[len(m)] >= 0x80 {
			break
		}
		n += len(m)
		best = len(v) - len(rest) + len(m)
		rest = rest[len(m):]
		if len(rest) < 2 || rest[0] != ' ' && rest[0] != '-' {
			break
		}
		rest = rest[1:]
	}
	return best, n
}

// refPlate returns the length of a vehicle's plate at the start of v, else 0.
func refPlate(v string) int {
	best, n := refCapsGroups(v, 3, 8, 10)
	p := v[:best]
	if n < 4 || !strings.ContainsAny(p, "0123456789") || strings.Trim(p, "0123456789 -") == "" {
		return 0
	}
	return best
}

// refLicence returns the length of a driving licence's number at the
// start of v, else 0.
func refLicence(v string) int {
	best, n := refCapsGroups(v, 4, 20, 20)
	if n < 5 || !strings.ContainsAny(v[:best], "0123456789") {
		return 0
	}
	return best
}

var refNINO = regexp.MustCompile(`^([A-Za-z]{2}(?: ?[0-9]{2}){3}(?: ?[A-Da-d])?)(?:[^A-Za-z0-9]|$)`)

var refPlateGroup = regexp.MustCompile(`^[A-Za-z0-9]+`)

// refNameEnd is the length of the name re matches at the start of v, cut
// at 64 bytes (and the rest of a code point) and then at the last word's
// end.
func refNameEnd(v string, re *regexp.Regexp) int {
	n := len(re.FindString(v))
	if n > 64 {
		for n = 64; n < len(v) && v[n]&0xC0 == 0x80; n++ {
		}
		n = len(strings.TrimRight(v[:n], " "))
	}
	return n
}

func refKindValue(s string, at int, kind byte, named, colon bool) (int, int) {
	v := s[at:]
	switch kind {
	case 'p':
		if !named {
			return 0, 0
		}
		if at > 0 && s[at-1] == '=' && v != "" && (v[0] == '&' || v[0] == ';') {
			return 0, 0 // an emptied URL parameter
		}
		if v == "" || v[0] == '*' {
			return 0, 0 // nothing, or what masking wrote
		}
		// a cell or item of its own, up to 64 bytes, is the value whole
		if refAfterMark(s[:at]) {
			if cell, _, _ := strings.Cut(v, "|"); len(cell) <= 64 {
				return at, at + len(strings.TrimRight(cell, " \t\n\r"))
			}
		}
		n := 0
		for n < len(v) && v[n] > ' ' && v[n] != '|' && (n < 64 || v[n]&0xC0 == 0x80) {
			n++
		}
		if colon && n > 0 {
			// after a ':', the words of a phrase up to 64 bytes or a
			// clause's end; help text is no value
			if refHelp.MatchString(v) {
				return 0, 0
			}
			for n < 64 && !strings.ContainsRune(".,;!?", rune(v[n-1])) {
				w := refNextWord.FindString(v[n:])
				if w == "" || n+len(w) > 64 {
					break
				}
				n += len(w)
			}
		}
		return at, at + n
	case 'w':
		if m := refBIC.FindString(v); m != "" && (len(m) == len(v) || !isRefAlnum(v[len(m)]) && v[len(m)] != '*') {
			return at, at + len(m)
		}
		return 0, 0
	case 'c':
		if w := refWordAt.FindString(v); w != "" && refDigitWord[strings.ToLower(w)] {
			// a code read aloud: digit words and digits, 3 digits or more,
			// in 64 bytes
			digits, n, k := 0, 0, 0
			for {
				t := refWordAt.FindString(v[k:min(len(v), 64)])
				if t == "" {
					break
				}
				if refDigitWord[strings.ToLower(t)] {
					digits++
				} else if strings.Trim(t, "0123456789") == "" {
					digits += len(t)
				} else {
					break
				}
				n = k + len(t)
				sep := refWordSep.FindString(v[n:min(len(v), 64)])
				if sep == "" || n+len(sep) == min(len(v), 64) {
					break
				}
				k = n + len(sep)
			}
			if digits < 3 {
				return 0, 0
			}
			return at, at + n
		}
		m := refLabelValues['c'].FindString(v[:min(len(v), 32)])
		// a space, dot or ':' only between two digits, a dash between letters or digits
		for k := 1; k < len(m); k++ {
			if (m[k] == ' ' || m[k] == '.' || m[k] == ':') && !isRefDigit(m[k-1]) {
				m = m[:k]
				break
			}
		}
		if len(m) < 3 || refCountDigits(m) == 0 {
			return 0, 0
		}
		return at, at + len(m)
	case 'y', 'b', 'k':
		hasMonth := false
		m := refLabelValues['b'].FindString(v[:min(len(v), 32)])
		// every word a month (its first three bytes in one of seven
		// languages), an ordinal's ending after a digit, or a word joining
		// them ("of", "de") before a space
		for _, w := range refWords.FindAllStringIndex(m, -1) {
			word := strings.ToLower(m[w[0]:w[1]])
			ordinal := w[0] > 0 && isRefDigit(m[w[0]-1]) && (word == "st" || word == "nd" || word == "rd" || word == "th")
			month := len(word) >= 3 && len(word) <= 16 && strings.Contains("jan feb mar apr may jun jul aug sep oct nov dec "+
				"ene abr ago dic avr mai okt dez gen mag giu lug set ott maa mei fev out fé mä ao\xc3 dé 年 月 日 년 월 일 "+
				"янв фев мар май апр авг июн сен окт ноя дек", word[:3])
			glue := (word == "of" || word == "de" || word == "di" || word == "del") && w[1] < len(m) && m[w[1]] == ' '
			if !ordinal && !month && !glue {
				m = m[:w[0]]
				break
			}
			hasMonth = hasMonth || month && !ordinal
		}
		// a joining word is masked only when more of the date follows it
		for {
			t := strings.TrimRight(m, " /.,-")
			if w := refWords.FindAllStringIndex(t, -1); len(w) > 0 && w[len(w)-1][1] == len(t) {
				word := strings.ToLower(t[w[len(w)-1][0]:])
				if word == "of" || word == "de" || word == "di" || word == "del" {
					m = t[:w[len(w)-1][0]]
					continue
				}
			}
			m = t
			break
		}
		// a birth date needs 2 digits, or one and a month ("March 3");
		// after "b." a month or 5 digits ("Plan b. 2024" is none)
		if n := refCountDigits(m); kind == 'b' && n < 2 || kind == 'k' && n < 2 && !(n == 1 && hasMonth) || kind == 'y' && n < 5 && !hasMonth {
			return 0, 0
		}
		return at, at + len(m)
	case 'i', 'j':
		// a National Insurance number, spaced or not; else a code after
		// its longer labels
		if m := refNINO.FindStringSubmatch(v); m != nil {
			return at, at + len(m[1])
		}
		if kind == 'j' {
			return 0, 0
		}
		return refKindValue(s, at, 'c', named, colon)
	case 'z':
		// a UK postcode in any case, else a code
		if m := refUKPostcodeAny.FindStringSubmatch(v); m != nil && (at == 0 || !isRefLetter(s[at-1])) {
			return at, at + len(m[1])
		}
		if m := refCAPostcodeAny.FindStringSubmatch(v); m != nil && (at == 0 || !isRefLetter(s[at-1]) && s[at-1] != '*') {
			return at, at + len(m[1])
		}
		return refKindValue(s, at, 'c', named, colon)
	case 't':
		// a token its prefix or scheme names: 16 base64 bytes or more
		m := refTokenValue.FindString(v)
		if len(m) < 16 {
			return 0, 0
		}
		return at, at + len(m)
	case 'f':
		// a phone number: a digit run of 3 digits or more, and its extension
		m := refPhoneValue.FindString(v)
		if refCountDigits(m) < 3 {
			return 0, 0
		}
		return at, refExtEnd(s, at+len(m))
	case 'l':
		// four digits alone: the last of a card, an account or an SSN
		if len(v) >= 4 && strings.Trim(v[:4], "0123456789") == "" && (len(v) == 4 || !isRefLetter(v[4]) && !isRefDigit(v[4])) {
			return at, at + 4
		}
		return 0, 0
	case 'o':
		// a driving licence: up to 4 groups joined by ' ' or '-', 5 to
		// 20 capitals and digits, a digit among them; else a code
		if n := refLicence(v); n > 0 {
			return at, at + n
		}
		return refKindValue(s, at, 'c', named, colon)
	case 'v':
		// a plate: up to 3 groups joined by ' ' or '-', 4 to 10 letters
		// and digits, both; else a code
		if n := refPlate(v); n > 0 {
			return at, at + n
		}
		return refKindValue(s, at, 'c', named, colon)
	case 'x':
		// an extension alone: 3 to 6 digits, no letter or digit after
		m := refExtDigits.FindString(v)
		if m == "" || len(m) < len(v) && (isRefLetter(v[len(m)]) || isRefDigit(v[len(m)])) {
			return 0, 0
		}
		return at, at + len(m)
	case 'e':
		// a card's expiry, month and year, and no more of a date after it;
		// " to " and a second one may follow
		n := refMonthYear(v)
		if n == 0 {
			return 0, 0
		}
		if rest := v[n:]; len(rest) > 4 && strings.EqualFold(rest[:4], " to ") {
			if n2 := refMonthYear(rest[4:]); n2 > 0 {
				n += 4 + n2
			}
		}
		return at, at + n
	default:
		m := refLabelValues['g'].FindString(v)
		// each number needs three digits; the second goes only with the first
		first, rest, two := strings.Cut(m, ", ")
		if refCountDigits(first) < 3 {
			return 0, 0
		}
		if !two || refCountDigits(rest) < 3 {
			return at, at + len(first)
		}
		return at, at + len(m)
	}
}

var (
	refHelp     = regexp.MustCompile(`^(?:(?i:at[ _-]+least|must|should|min|minimum|max|maximum|requires|required)(?:[^A-Za-z\x{80}-\x{10FFFF}]|$)|[0-9]+(?:\+|-[0-9]+)? *(?i:chars?|characters?|words?|letters?|digits?|symbols?)(?:[^A-Za-z\x{80}-\x{10FFFF}]|$))`)
	refNextWord = regexp.MustCompile(`^[ \t\n\r]+[^\x00-\x20|]+`)
)

// refAfterMark reports whether s ends with a block or line mark and HTML
// whitespace after it: what follows fills a cell, or its lines.
func refAfterMark(s string) bool {
	t := strings.TrimRight(s, " \t\n\r")
	return strings.HasSuffix(t, "|") || strings.HasSuffix(t, "\\")
}

var (
	refWordAt    = regexp.MustCompile(`^[A-Za-z0-9]+`)
	refWordSep   = regexp.MustCompile(`^(?: *[-,./] *| +)`)
	refDigitWord = map[string]bool{}
)

func init() {
	for _, w := range strings.Fields("zero oh one two three four five six seven eight nine double triple") {
		refDigitWord[w] = true
	}
}

func refMarkHexAddresses(s string, mark func(start, end int)) {
	for i := 0; i < len(s); i++ {
		if i > 0 && (isRefLetter(s[i-1]) || isRefDigit(s[i-1]) || s[i-1] == '*' || s[i-1] >= 0x80) {
			continue
		}
		// an IPv4 address, after no '.' (a ':' may come before: "IP:10.0.0.1")
		v4 := func() {
			if i > 0 && s[i-1] == '.' {
				return
			}
			if m := refIPv4.FindStringSubmatch(s[i:]); m != nil {
				e := i + len(m[0])
				for _, g := range m[1:] {
					if n, _ := strconv.Atoi(g); n > 255 {
						return
					}
				}
				if e == len(s) || !isRefAlnum(s[e]) && s[e] != '*' && s[e] < 0x80 && !(s[e] == '.' && e+1 < len(s) && isRefDigit(s[e+1])) {
					mark(i, e)
					i = e - 1
				}
			}
		}
		if i > 0 && s[i-1] == ':' {
			v4()
			continue
		}
		ends := func(e int) bool {
			return e == len(s) || !isRefLetter(s[e]) && !isRefDigit(s[e]) && s[e] != ':' && s[e] != '*' && s[e] < 0x80
		}
		if m := refCiscoMAC.FindString(s[i:]); m != "" && refCountDigits(m) > 0 && ends(i+14) {
			mark(i, i+14)
			i += 13
			continue
		}
		if m := refMAC.FindStringSubmatch(s[i:]); m != nil && strings.Count(m[0], m[1]) == 5 && refCountDigits(m[0]) > 0 && ends(i+17) {
			mark(i, i+17)
			i += 16
			continue
		}
		run := refIPv6.FindString(s[i:])
		// the longest prefix of the run that is an address
		found := false
		for n := len(run); n > 0; n-- {
			if refIsIPv6(run[:n]) && ends(i+n) {
				mark(i, i+n)
				i += n - 1
				found = true
				break
			}
		}
		if !found {
			v4()
		}
	}
}

func refIsIPv6(a string) bool {
	if refCountDigits(a) == 0 || strings.HasSuffix(a, ":") && !strings.HasSuffix(a, "::") || strings.HasPrefix(a, ":") && !strings.HasPrefix(a, "::") {
		return false
	}
	halves := strings.Split(a, "::")
	if len(halves) > 2 {
		return false
	}
	groups, hexes := 0, 0
	for _, h := range halves {
		if h == "" {
			continue
		}
		for _, g := range strings.Split(h, ":") {
			if len(g) < 1 || len(g) > 4 {
				return false
			}
			groups++
			hexes += len(g)
		}
	}
	if len(halves) == 1 {
		return groups == 8
	}
	return groups >= 1 && groups <= 7 && hexes >= 4
}

var (
	refCodeNamed = regexp.MustCompile(`^ (?i:is) (?i:your|the) (?:[A-Za-z0-9-]+ ){0,3}(?i:code|pin|otp|passcode|password|token)(?:[^A-Za-z\x{80}-\x{10FFFF}]|$)`)
	refSignIn    = regexp.MustCompile(`^ (?i:to) (?:(?i:sign)[ _-]+(?i:in)|(?i:log)[ _-]+(?i:in)|(?i:login|verify|confirm|continue))(?:[^A-Za-z\x{80}-\x{10FFFF}]|$)`)
	refUseBefore = regexp.MustCompile(`(?:^|[^A-Za-z0-9])(?i:use|enter)(?: (?i:code))? $`)
)

// refMarkCodeFirst marks a code the words after it name: "4821 is your
// verification code", "Use 4821 to sign in".
func refMarkCodeFirst(s string, mark func(start, end int)) {
	for i := 0; i < len(s); i++ {
		w := refWordAt.FindString(s[i:])
		if w == "" || i > 0 && (isRefLetter(s[i-1]) || isRefDigit(s[i-1])) || refDigitWord[strings.ToLower(w)] {
			continue
		}
		start, stop := refKindValue(s, i, 'c', false, false)
		if stop <= start {
			continue
		}
		if refCodeNamed.MatchString(s[stop:]) || refUseBefore.MatchString(s[:i]) && refSignIn.MatchString(s[stop:]) {
			mark(start, stop)
		}
	}
}

var refCapitalStart = regexp.MustCompile(`^` + refCapital)

// refTitledName returns the end of two to four capitalised words, none of
// them a column's word, that fill the cell after a label alone at its start
// (s[i:end]) and one space, else end.
func refTitledName(s string, i, end int) int {
	if !strings.HasPrefix(s[end:], " ") || !refCapitalStart.MatchString(s[end+1:]) {
		return end
	}
	v := s[end+1:]
	n := refNameEnd(v, refNameCapital)
	words := strings.Split(v[:n], " ")
	rest := strings.TrimLeft(v[n:], " \t\n\r")
	fills := rest == "" || rest[0] == '|' || rest[0] == '\\'
	if len(words) < 2 {
		return end
	}
	if i > 0 && !refAfterMark(s[:i]) || !fills {
		// prose: a role's word capitalised, 2 or 3 words
		if !refProseRole.MatchString(s[i:end]) || len(words) > 3 || !fills && !refProseEnd.MatchString(v[n:]) {
			return end
		}
	}
	for k, w := 0, 0; w < len(words); w++ {
		if refNameCellWord(v[k:]) {
			return end
		}
		k += len(words[w]) + 1
	}
	return end + 1 + n
}

// refLastFirst returns the end of a name written surname first whose
// surname of 1 or 2 words is v[:n]: ", " and capitalised words, the first
// no column's word; else n.
func refLastFirst(v string, n int) int {
	words := len(strings.Fields(strings.TrimLeft(v[:n], ", \\")))
	rest, ok := strings.CutPrefix(v[n:], ", ")
	if n == 0 || words < 1 || words > 2 || !ok || !refCapitalStart.MatchString(rest) || refNameCellWord(rest) {
		return n
	}
	return n + 2 + refNameEnd(rest, refNameCapital)
}

// refAmount is a number after an attribute's label with no ':'.
var refAmount = regexp.MustCompile(`^(?:\$|£|€)?[0-9]+(?:[,./][0-9]+)*`)

// refByBefore, refByHandle and refByWords read a user name after a role's
// label that ends in "by": "Posted by hquist".
var (
	refDearBefore = regexp.MustCompile(`(?:^|[^A-Za-z])(?i:dear)[ \t\n\r:=#\-_.(>|\\]*$`)
	refByBefore   = regexp.MustCompile(`(?:^|[^A-Za-z])[Bb][Yy][ \t\n\r:=#\-_.(>|\\]*$`)
	refByHandle   = regexp.MustCompile(`^[a-z][A-Za-z0-9\x{80}-\x{10FFFF}'._-]+`)
	refByWords    = regexp.MustCompile(`^(?i:the|our|your|their|his|her|its|them|him|one|hand|mail|post|courier|phone|date|default|popularity|rating|distance|size)(?:[^A-Za-z\x{80}-\x{10FFFF}]|$)`)
)

// refProseRole and refProseEnd read a name after a role's word inside
// prose: "Our Patient Hannelore Quist was seen".
var (
	refProseRole = regexp.MustCompile(`^(?:P(?i:atient|assenger)|C(?i:lient|ustomer)|T(?i:enant)|G(?i:uardian)|A(?i:pplicant)|B(?i:orrower))$`)
	refProseEnd  = regexp.MustCompile(`^(?:[.,;:!?)]| [a-z])`)
)
