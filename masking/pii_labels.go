package masking

// Values named by a label, and network addresses in hex: the thresholds are
// documented at the top of pii.go. Short secrets ("PIN: 4821", "CVV 123",
// "Password: hunter2"), dates of birth written with a slash or a month name
// and coordinates are below every shape the other detectors read; their
// label is what says they are personal.

// piiLabels are the labels, each led by the kind of value it names and
// ended by '|'. A space in a label matches a run of spaces, '-' and '_'
// ("date_of_birth", "security-code").
const piiLabels = "ccvv2|ccvc2|ccvv|ccvc|ccsc|ccvn|cpin|cpuk|cotp|cpasscode|csecurity code|ccard code|" +
	"cone time code|cverification code|cconfirmation code|cauth code|cauthentication code|caccess code|" +
	"cactivation code|crecovery code|cbackup code|cpincode|cnip|cgeheimzahl|cgeheimnummer|ccode secret|" +
	"ccodice fiscale|cpassport|creisepass|causweis|cpersonalausweis|causweisnummer|cid card|cid number|cnational id|" +
	"cssn|cdni|cnie|cnif|ccurp|crfc|cnhs|cmrn|ctax id|csteuer id|csteuernummer|olicence|olicense|odriving licence|odriving license|odriver's license|odriver's licence|odrivers license|odriver license|odl|olicence number|olicense number|ofuhrerschein|oführerschein|oführerscheinnummer|opermis de conduire|ocarnet de conducir|orijbewijs|opatente|" +
	"caccount number|cacct|cmember id|cmembership number|ccustomer id|ccustomer number|ckundennummer|cpatient id|" +
	"cpolicy number|cyour code|cbooking ref|cbooking reference|cvoter id|cmbi|cmedicare card|cmedicare beneficiary identifier|cmedicare|cbeneficiary id|ciban|ckontonummer|crekeningnummer|cip address|cip|" +
	"cpan|cpan number|cserial number|cserial no|cserial|cs/n|cimei|cdevice id|cinsurance id|cinsurance number|cversichertennummer|" +
	"cbrp|calien number|calien registration number|cuscis number|cgreen card|cmedicaid|cmedicaid id|cgroup number|cprescription number|crx number|csocial security number|csocial security|" +
	"cpolicy no|cemployee id|cstaff id|cstudent id|cpersonalnummer|cmatrikelnummer|cclaim number|cclaim no|" +
	"ctracking number|ctracking no|csendungsnummer|cmedical record number|cmedical record no|cmedical record|cchart number|cchart no|" +
	"cpatient number|cpatient no|cpatient|chospital number|wswift|wswift code|wbic|wbic code|" +
	"nusername|nuser name|nscreen name|nnickname|nreligion|nemployer|noccupation|nnationality|ngender|nmarital status|nspouse|mhandle|mskype|mtelegram|mdiscord|" +
	"ini number|inino|inational insurance number|inational insurance no|inational insurance|jni|vlicence plate|vlicense plate|vnumber plate|" +
	"vplate number|vplate no|vregistration number|vkennzeichen|vnummernschild|vimmatriculation|vmatrícula|" +
	"vplate|vregistration plate|vregistration|vreg|vreg no|vvehicle reg|vcar reg|vvehicle registration|vkenteken|vtarga|vplaca|" +
	"ppassword|ppasswort|ppasswd|ppwd|ppw|pkennwort|pwachtwoord|pcontraseña|plösenord|phasło|pmot de passe|psenha|" +
	"pparola|pheslo|psalasana|ppassord|padgangskode|plozinka|pjelszó|pparolă|pslaptažodis|plykilorð|pfjalëkalimi|" +
	"pgeslo|pparool|pmật khẩu|pkata sandi|pkata laluan|" +
	"ppassphrase|papi key|papikey|psecret key|psecret access key|pclient secret|paccess token|pauth token|prefresh token|ptoken|psecret|" +
	"pprivate key|precovery key|psecurity answer|psecret answer|pmemorable word|pmaiden name|" +
	"yb.|kdate of birth|kbirth date|kbirthdate|kbirthday|bborn|kdob|kd.o.b|bgeboren|kgeburtsdatum|kgeburtstag|bgeb|" +
	"kdate de naissance|bné le|bnée le|kfecha de nacimiento|kdata de nascimento|kdata di nascita|kgeboortedatum|" +
	"kdata urodzenia|kfödelsedatum|kfødselsdato|bnato il|bnata il|bnacido el|bnacida el|bnascido em|bnascida em|kfecha nac|" +
	"bexpiry date|bexpiry|bexpiration date|bexpiration|bexp date|bexp|bvalid thru|bvalid through|bgood thru|" +
	"bgültig bis|bablaufdatum|kdoğum tarihi|kngày sinh|ktanggal lahir|ksyntymäaika|kszületési dátum|kdatum narození|kdata nașterii|" +
	"tsk live|tsk test|tpk live|tpk test|trk live|trk test|twhsec|tghp|tgho|tghu|tghs|tghr|tgithub pat|" +
	"txoxb|txoxp|txoxa|txoxr|txoxs|tglpat|tbearer|" +
	"zpostcode|zpost code|zpostal code|zzip|zzip code|zzipcode|zplz|zpostleitzahl|zcode postal|" +
	"fphone|ftelephone|ftel|fmobile|ffax|ftelefon|ftéléphone|fteléfono|ftelefone|fhandy|fmobil|fcell|fcell phone|fwhatsapp|fcall|" +
	"xextension|xext|xdurchwahl|xposte|xramal|xinterno|" +
	"nname|nfull name|nfirst name|nlast name|nmiddle name|nsurname|ngiven name|nfamily name|npatient|npatient name|" +
	"ncardholder|ncardholder name|ncard holder|naccount holder|nname on card|npolicyholder|npolicy holder|ninsured|" +
	"nmember name|ncustomer name|rrecipient|nnext of kin|nguarantor|mcontact|ncontact name|ncontact person|msender|naddressee|mattn|rordered by|rprepared for|nemergency contact|" +
	"rprescribed by|rreferred by|rattending physician|rattending doctor|rassigned to|rauthorised by|rauthorized by|rapproved by|rbeneficiary|rpayee|raccount name|" +
	"sdiagnosis|sdiagnose|sdiagnostic|sdiagnóstico|smedical condition|shealth condition|sallergies|sallergy|sblood type|sblood group|sblutgruppe|sdisability|smedication|smedications|" +
	"ssexual orientation|sethnicity|sethnic origin|sethnic group|splace of birth|sbirthplace|scountry of birth|sgeburtsort|slieu de naissance|slugar de nacimiento|sluogo di nascita|" +
	"scitizenship|sstaatsangehörigkeit|snationalité|snacionalidad|simmigration status|svisa status|spolitical affiliation|sparty affiliation|strade union|skonfession|sreligión|ssex|sage|saged|" +
	"nholder|njoint holder|nprimary holder|nsecondary holder|naccount owner|nkontoinhaber|nkarteninhaber|ninhaber|ntitular|ntitulaire|nintestatario|nrekeninghouder|" +
	"ncustomer|nclient|ncliente|nklant|nkunde|nmember|napplicant|nborrower|nco borrower|ntenant|nlandlord|nguardian|nparent|nmother|nfather|nhusband|nwife|ndependant|ndependent|" +
	"nauthorised user|nauthorized user|npayer|ndebtor|nsignatory|nwitness|nexecutor|npassenger|nlead passenger|ntraveller|ntraveler|nguest name|nnamed driver|ngp|ndoctor|nphysician|nconsultant|nversicherter|nversicherungsnehmer|nempfänger|" +
	"ndestinatario|ndestinataire|nansprechpartner|nförnamn|nefternamn|nfornavn|netternavn|nimię|nimie|npaciente|npatiënt|" +
	"hfrom|hto|hcc|hbcc|nnombre|napellido|napellidos|nnom|nprénom|" +
	"nnom de famille|nvorname|nnachname|nfamilienname|nnaam|nvoornaam|nachternaam|nnome|ncognome|nsobrenome|nnazwisko|" +
	"daddress|dstreet address|dhome address|dpostal address|dmailing address|dbilling address|dshipping address|" +
	"ddelivery address|dresidential address|dadresse|danschrift|dwohnanschrift|ddirección|ddomicilio|dindirizzo|" +
	"dendereço|dmorada|dadres|dship to|dbill to|ddeliver to|dsold to|dshipping to|ddelivering to|" +
	"usigned in as|ulogged in as|adear|ahi|ahello|ahey|awelcome back|ahallo|aliebe|alieber|abonjour|ahola|aciao|" +
	"amr|amrs|ams|amiss|amx|adr|aherr|afrau|amme|amlle|asr|asra|asrta|amadame|amonsieur|asignora|asignor|aseñor|aseñora|" +
	"asincerely|aregards|abest regards|akind regards|qwelcome|qgood morning|qgood afternoon|qgood evening|qgreetings|" +
	"aprof|aprofessor|asir|adame|alady|alord|arev|areverend|acapt|amister|adr. med|adr. rer. nat|" +
	"rstatement for|rin memory of|rin loving memory of|raccount of|rphoto of|rpicture of|rportrait of|npatient record|npatient file|" +
	// round 20: whom a bill, a letter or a post is for or by; a court's case; a
	// death; health and money a person's page prints
	"msigned|rinvoice to|rpayable to|rpay to the order of|rcare of|rc/o|rfao|rsignature|rsigned by|ruploaded by|rreviewed by|rwritten by|rdischarged to|rposted by|rcreated by|redited by|rsubmitted by|rshared by|rbeneficiary name|ccase number|ccase no|ccase ref|ccase reference|cdocket|ccourt case|bdied|bdied on|kdate of death|kdeath date|ksterbedatum|shiv status|sblood pressure|scause of death|spregnancy status|scriminal record|scriminal convictions|sconvictions|svaccination status|ssalary|sannual salary|sincome|sannual income|shousehold income|scredit score|snet worth|ninsured person|nprimary insured|" +
	"qthanks|qthank you|qthanks again|qmany thanks|qcheers|qdanke|qvielen dank|qmerci|qgracias|qgrazie|qobrigado|qobrigada|" +
	"lending in|lending with|lending|lends in|llast 4|llast four|llast 4 digits|llast four digits|llast digits|" +
	"eexpires|eexpire|eexpiring|evalid until|evalid till|evalid to|evalid from|evence|evencimiento|evalidade|escadenza|" +
	"glatitude|glongitude|glat|glng|glon|gcoordinates|gcoords|ggps|glocation|" +
	// led by a letter of another script, matched by byte (labelFold); Han
	// and Hangul ones inside longer words too ("出生年月日", "誕生日")
	"pпароль|pκωδικοσ προσβασησ|pκωδικοσ|pكلمة المرور|pסיסמה|pपासवर्ड|pรหัสผ่าน|p密码|p密碼|pパスワード|p비밀번호|" +
	"nимя|nфамилия|nфио|nотчество|pşifre|pşİfre|cпин код|cпин|c暗証番号|c验证码|bдата рождения|bتاريخ الميلاد|bתאריך לידה|bजन्म तिथि|bวันเกิด|b生年月日|" +
	"b出生日期|k生日|b생년월일|k생일|"

// piiFillers are the words skipped between a label and its value ("PIN
// code is 4821", "born on 14 March 1985", "geboren am 14. März 1985",
// "Geb.-Datum 14/3/85", "Exp. date 09/27").
const piiFillers = "is|was|code|number|no|nr|num|on|in|the|am|op|datum|date|"

// nextLabelledValue returns the first value named by a label whose label
// starts at or after from, and where to resume (the label's end); kind 0
// when there is none.
func nextLabelledValue(s string, from int) (piiMatch, int) {
	for i := from; i < len(s); i++ {
		// Only the labels that start with the word's letter are tried:
		// trying each of them at every word was half of a block-list
		// snapshot's time. A label led by a letter of another script
		// ("Пароль", "密码") is tried by its first byte, unless the letter
		// before is one of the same two-byte block ("Запароль").
		c := s[i] | 0x20
		if s[i] >= 0xC0 {
			if i >= 2 && s[i] < 0xE0 && s[i-2] == s[i] || i > 0 && isPIILetter(s[i-1]) {
				continue
			}
			c = 'a' + 26 + labelFold(s, i) - 0xC0 // "ΠΙΝ" is tried as "πιν" is
		} else if c < 'a' || c > 'z' {
			continue
		} else if p := s[i-min(i, 1)] | 0x20; i > 0 && p >= 'a' && p <= 'z' && !(s[i] <= 'Z' && s[i-1] >= 'a') {
			continue // inside a word, and no capital after a small letter
		} else if !labelStart(s, i) {
			continue
		}
		second := lowerByte(s[min(i+1, len(s)-1)])
		for _, at := range labelsByLetter[c-'a'] {
			l, e := int(at&0xFFFF), int(at>>16)
			// its second letter differs: most labels stop here, before a call
			if n := piiLabels[l+2]; n-'a' < 26 && second != n {
				continue
			}
			// A short greeting or honorific in small letters is a unit or a
			// word ("150 ms Average", "hi-fi"): only "Ms", "Dr", "Hi" name.
			if piiLabels[l] == 'a' && e-l <= 4 && s[i] >= 'a' && s[i] <= 'z' {
				continue
			}
			// "b." is "born" in small letters only: "Plan B. 3 March" is none.
			if piiLabels[l] == 'y' && s[i] == 'B' {
				continue
			}
			if end, ok := matchLabel(s, i, piiLabels[l+1:e]); ok {
				// Resume after the label, not the value: a value may hold
				// a label of its own ("Password: PIN 4821").
				if start, stop := labelValue(s, end, piiLabels[l]); stop > start {
					return piiMatch{start, stop, piiLabelled}, end
				}
				if piiLabels[l] == 'n' {
					if stop := titledNameEnd(s, i, end); stop > end { // pii_name_titled.go
						return piiMatch{end + 1, stop, piiLabelled}, end
					}
				}
			}
		}
	}
	return piiMatch{}, len(s)
}

// labelsByLetter lists, for each ASCII letter, where the labels of
// piiLabels that start with it are (the offset of their kind, and of their
// '|' shifted left by 16), in the order of piiLabels. Every label starts
// with an ASCII letter.
var labelsByLetter = func() (idx [26 + 64][]uint32) {
	for l := 0; l < len(piiLabels); {
		e := l + indexByte(piiLabels[l:], '|')
		c := piiLabels[l+1] - 'a'
		if piiLabels[l+1] >= 0xC0 {
			c = 26 + piiLabels[l+1] - 0xC0
		}
		idx[c] = append(idx[c], uint32(l)|uint32(e)<<16)
		l = e + 1
	}
	return idx
}()

// labelStart reports whether a label may start at s[i]: a letter after no
// letter (a digit is no letter: "4821PIN"), or a capital after a small
// letter ("userPin").
func labelStart(s string, i int) bool {
	c := s[i]
	if !isASCIILetter(c) {
		return false
	}
	if i == 0 {
		return true
	}
	p := s[i-1]
	// A digit before does not hide a label: masking turns digits into '*',
	// which starts a word, so "000000senha=x" must read as
	// "******senha=x" will.
	return !isPIILetter(p) && p < 0x80 || c >= 'A' && c <= 'Z' && p >= 'a' && p <= 'z'
}

// matchLabel matches label at s[i] in any ASCII case, a space in it
// matching a run of spaces, '-' and '_', and returns where it ends; the
// label must end a word.
//
//go:noinline
func matchLabel(s string, i int, label string) (int, bool) {
	if n := label[1]; n-'a' < 26 && lowerByte(s[min(i+1, len(s)-1)]) != n {
		return 0, false // its second letter differs: most labels stop here
	}
	for k := 0; k < len(label); k++ {
		if label[k] == ' ' {
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '-' || s[j] == '_') {
				j++
			}
			if j == i {
				return 0, false
			}
			i = j
			continue
		}
		if i >= len(s) || labelFold(s, i) != label[k] {
			return 0, false
		}
		i++
	}
	if i < len(s) && (isASCIILetter(s[i]) || s[i] >= 0x80 && label[len(label)-1] < 0x80) {
		return 0, false
	}
	return i, true
}

// labelValue reads the value of a label of kind that ends at s[i]: after
// the separators and filler words, as labelKindEnd reads it. stop ≤ start
// when there is none.
//
//go:noinline
func labelValue(s string, i int, kind byte) (start, stop int) {
	named := false // a ":", "=", "is" or a block boundary names a password
	colon := false // and a ':', a dash, "is" or "was" names a phrase of words (labelPhraseEnd)
	var nf nameFlags
	aside := true
again:
	for n := 0; n < 4 && i < len(s); n++ {
		j := i
		// 8 separators, an en or em dash counted once as the reference
		// counts them: where the value starts decides a cell's value.
		for seps := 0; j < len(s) && seps < 8; seps++ {
			if labelSeparator(s[j]) {
				// 1 to 3 hyphens between spaces read as a dash: "Password -
				// hunter2", "Password -- hunter2"; the space after them among
				// the 8 separators.
				h := 0
				if j > i {
					h = spacedHyphens(s, j)
				}
				spaced := h > 0 && seps+h < 8
				named = named || spaced || s[j] == ':' || s[j] == '=' || s[j] == piiBlockMark[0] || s[j] == piiLineMark[0]
				colon = colon || spaced || s[j] == ':'
				nf.marked = nf.marked || spaced || s[j] == ':'
				nf.crossed = nf.crossed || s[j] == piiBlockMark[0] || s[j] == piiLineMark[0]
				j++
			} else if n := labelDash(s, j); n > 0 {
				// "Password — hunter2", "PIN – 4821" read as "Password: hunter2".
				named, colon, nf.marked = true, true, true
				j += n
			} else {
				break
			}
		}
		w, ok := fillerEnd(s, j)
		isWas := w-j == 2 && lowerByte(s[j]) == 'i' && lowerByte(s[j+1]) == 's' || w-j == 3 && lowerByte(s[j]) == 'w'
		if !ok || (kind == 'p' || kind == 'n' || kind == 's' || kind == 'r' || kind == 'd') && cellStart(s, j) || // "<dt>Security answer</dt><dd>the blue lagoon</dd>", "<dd>The Old Rectory</dd>"
			(kind == 'r' || kind == 'h') && !isWas { // "Ordered by Date. Assigned to Me" names nobody
			i = j
			break
		}
		if isWas {
			named, colon, nf.spoken = true, true, true // "your password is correct horse battery staple"
		}
		i = w
	}
	end := i
	if kind == 'n' || kind == 's' || kind == 'm' || kind == 'a' || kind == 'q' || kind == 'u' || kind == 'r' || kind == 'h' {
		end = nameLabelEnd(s, i, kind, nf)
	} else if kind == 'd' {
		end = addressLabelEnd(s, i, nf)
	} else if kind != 'p' || named {
		end = labelKindEnd(s, i, kind)
	}
	if kind == 'p' && colon && end > i && (!cellStart(s, i) || !cellFits(s, i)) {
		end = labelPhraseEnd(s, i, end)
	}
	// A hint in brackets between a label and its value ("CVV (3 digits):
	// 123", "Expiry (MM/YY): 09/27") is read over once, when no value
	// starts inside it: "PIN (4821)" is a value.
	if e := labelAsideEnd(s, i); end == i && aside && e > 0 {
		i, aside = e, false
		goto again
	}
	return i, end
}

// labelAsideEnd returns the end of a hint in brackets whose '(' is right
// before s[i]: 1 to 24 bytes with an ASCII letter, none of them '(', ')'
// or '|', then ')'; else -1.
func labelAsideEnd(s string, i int) int {
	if i == 0 || s[i-1] != '(' {
		return -1
	}
	letter := false
	for j := i; j < len(s) && j-i <= 24; j++ {
		switch c := s[j]; {
		case c == ')':
			if letter {
				return j + 1
			}
			return -1
		case c == '(' || c == '|':
			return -1
		case isPIILetter(c):
			letter = true
		}
	}
	return -1
}

// labelPhraseEnd returns where a password's value that follows a ':', a
// dash, "is" or "was" ends, its first word being s[i:end]: a passphrase is
// several words ("Password: correct horse battery staple"), so the words after the
// first one are taken too, up to 64 bytes from i, to the first word that
// ends a clause ('.', ',', ';', '!' or '?' at its end, taken with it) or to
// a block boundary. Help text instead of a value ("Password: at least 8
// characters", "Password: must hold a digit", "4-8 words") is no
// value at all (labelHelp): its first word was masked before this rule, and
// keeping it is the point of the help rule.
//
//go:noinline
func labelPhraseEnd(s string, i, end int) int {
	if labelHelp(s, i) {
		return i
	}
	for end-i < 64 && indexByte(".,;!?", s[end-1]) == 5 {
		j := end
		for j < len(s) && labelSpace(s[j]) {
			j++
		}
		k := j
		for k < len(s) && s[k] > ' ' && s[k] != piiBlockMark[0] {
			k++
		}
		if j == end || k == j || k-i > 64 {
			break
		}
		end = k
	}
	return end
}

// piiHelpWords start the help text a form writes after "Password:" where a
// value would be; a value is masked, help is kept. piiHelpUnits follow a
// count ("8 characters").
const (
	piiHelpWords = "at least|must|should|min|minimum|max|maximum|requires|required|"
	piiHelpUnits = "char|chars|character|characters|word|words|letter|letters|digit|digits|symbol|symbols|"
)

// labelHelp reports whether the text at s[i] is a password's help text: one
// of piiHelpWords, or a count of piiHelpUnits ("8 characters", "8+ chars",
// "8-64 characters", "4-8 words").
func labelHelp(s string, i int) bool {
	list, j := piiHelpWords, i
	for j < len(s) && isPIIDigit(s[j]) {
		j++
	}
	if j > i {
		if j < len(s) && s[j] == '+' {
			j++
		} else if j+1 < len(s) && s[j] == '-' && isPIIDigit(s[j+1]) {
			for j++; j < len(s) && isPIIDigit(s[j]); j++ {
			}
		}
		for j < len(s) && s[j] == ' ' {
			j++
		}
		list = piiHelpUnits
	}
	_, ok := listWordEnd(s, j, list)
	return ok
}

// labelDash returns the length of an en or em dash at s[j], else 0.
//
//go:noinline
func labelDash(s string, j int) int {
	if j+2 < len(s) && s[j] == 0xE2 && s[j+1] == 0x80 && (s[j+2] == 0x93 || s[j+2] == 0x94) {
		return 3
	}
	return 0
}

//go:noinline
func labelSeparator(c byte) bool {
	// '|' is a block boundary in the text read around a node: a label in
	// one cell names the value in the next ("<td>PIN</td><td>4821</td>");
	// '\\' a <br>, after which a label's value goes on ("PIN<br>4821").
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == '=' || c == '#' || c == '-' || c == '_' ||
		c == '.' || c == '(' || c == '>' || c == piiBlockMark[0] || c == piiLineMark[0]
}

// fillerEnd matches a filler word followed by a separator at s[j].
func fillerEnd(s string, j int) (int, bool) {
	if end, ok := listWordEnd(s, j, piiFillers); ok && end < len(s) && labelSeparator(s[end]) {
		return end, true
	}
	return j, false
}

// listWordEnd matches a word of list (words ended by '|') at s[j] as
// matchLabel does, and returns where it ends. Two words of a list never
// match at one place: each must end a word.
//
//go:noinline
func listWordEnd(s string, j int, list string) (int, bool) {
	for l := 0; l < len(list); {
		e := l + indexByte(list[l:], '|')
		if end, ok := matchLabel(s, j, list[l:e]); ok {
			return end, true
		}
		l = e + 1
	}
	return j, false
}

// labelKindEnd returns where the value of kind that starts at s[i] ends (i
// when there is none): a code is 3 to 32 letters and digits with a digit
// (single spaces or dots between digits, single dashes between letters or
// digits); a password any run of
// non-space bytes up to 64; a date digits, months, and ' ' '/' '.' '-' ','
// between them with two digits at least; a coordinate a signed decimal of
// three digits or more, or two joined by ", ".
//
//go:noinline
func labelKindEnd(s string, i int, kind byte) int {
	end, digits := i, 0
	switch kind {
	case 'p':
		// A block boundary in the text read around a node (piiBlockMark)
		// ends it too.
		if end > 0 && s[end-1] == '=' && end < len(s) && (s[end] == '&' || s[end] == ';') {
			return i // "?access_token=&state=": an emptied URL parameter, the next one's name follows
		}
		if end < len(s) && s[end] == maskChar {
			// A value already masked is not found again, nor one a masked
			// run now joins to what followed it ("Password:0 00000A" is
			// "Password:*******A" once masked); a password the page writes
			// with a leading '*' is missed.
			return i
		}
		if cellStart(s, i) {
			// The cell or item after the label's is its value whole,
			// spaces and all, when it fits in 64 bytes: "<td>Password</td>
			// <td>correct horse battery</td>". After a ':' a value ends at
			// its first space ("Password: at least 8 characters" is help).
			for end < len(s) && end-i < 64 && s[end] != piiBlockMark[0] {
				end++
			}
			if end == len(s) || s[end] == piiBlockMark[0] {
				for end > i && labelSpace(s[end-1]) {
					end--
				}
				return end
			}
			end = i
		}
		for end < len(s) && (end-i < 64 || s[end]&0xC0 == 0x80) && s[end] > ' ' && s[end] != piiBlockMark[0] {
			end++
		}
		return end
	case 'w':
		// a bank's BIC, in capitals: 6 letters, then 2 or 5 capitals or
		// digits ("DEUTDEFF", "COBADEFFXXX"; "Swift concerts" stays); no
		// '*' after it, which masking wrote for more capitals or digits
		j := i
		for j < len(s) && j-i < 12 && (s[j] >= 'A' && s[j] <= 'Z' || j-i >= 6 && isPIIDigit(s[j])) {
			j++
		}
		if (j-i == 8 || j-i == 11) && (j == len(s) || !isPIIAlnum(s[j]) && s[j] != maskChar) {
			return j
		}
		return i
	case 'c':
		if _, word := digitToken(s, i); word {
			return spelledCodeEnd(s, i)
		}
		for j := i; j < len(s) && j-i < 32; j++ {
			c := s[j]
			if (c == ' ' || c == '.' || c == ':') && j > i && isPIIDigit(s[j-1]) && j+1 < len(s) && isPIIDigit(s[j+1]) ||
				(c == '-' || c == '/') && j > i && isPIIAlnum(s[j-1]) && j+1 < len(s) && isPIIAlnum(s[j+1]) {
				continue // "4821 7730", a US docket's "1:24-cv-00421"; "ab12-cd34", "XK7P-Q9RM-2HTW" (recovery codes), "PL/2024/5567"
			}
			if !isPIIAlnum(c) {
				break
			}
			if isPIIDigit(c) {
				digits++
			}
			end = j + 1
		}
		if end-i < 3 || digits == 0 {
			return i
		}
		return end
	case 'y':
		// "b. 3 March 1984", "b. 3/3/1984": a date with a month's name or
		// 5 digits at least ("Plan b. 2024" stays)
		e, month, n := labelDateEnd(s, i)
		if !month && n < 5 {
			return i
		}
		return e
	case 'b', 'k':
		// 2 digits at least; after "Birthday" and a birth date's field
		// label one and a month's name ("Birthday: March 3", "Date of
		// birth: January 3rd"; "born on 3 May" stays)
		e, month, n := labelDateEnd(s, i)
		if n < 2 && !(kind == 'k' && month && n == 1) {
			return i
		}
		return e
	case 'i', 'j':
		// a UK National Insurance number, its groups spaced or not ("QQ 12
		// 34 56 C"); after "NI number", "NINO", … a code too, after "NI"
		// alone only that shape ("ni 300" is Spanish)
		if e := ninoEnd(s, i); e > i || kind == 'j' {
			return e
		}
		return labelKindEnd(s, i, 'c')
	case 'e':
		return cardExpiryEnd(s, i)
	case 'f':
		return phoneValueEnd(s, i)
	case 'z':
		// a UK postcode in any case, or a code ("ZIP: 94107")
		if e := ukPostcodeEnd(s, i, true); e > 0 {
			return e
		}
		if e := caPostcodeEnd(s, i, true); e > 0 {
			return e
		}
		return labelKindEnd(s, i, 'c')
	case 't':
		return tokenValueEnd(s, i)
	case 'o':
		// a driving licence's number in groups ("SMITH 901015 JJ9AA"),
		// else a code ("Licence: D1234567")
		if e := licenceEnd(s, i); e > i {
			return e
		}
		return labelKindEnd(s, i, 'c')
	case 'v':
		// a vehicle's plate, its groups joined by spaces too ("AB12 CDE"),
		// else a code ("Registration number: 12345678")
		if e := plateEnd(s, i); e > i {
			return e
		}
		return labelKindEnd(s, i, 'c')
	case 'x':
		// a desk's extension without the number before it ("Call
		// reception, extension 5512", "Durchwahl 4711"): 3 to 6 digits
		if e := digitsEnd(s, i); e-i >= 3 && e-i <= 6 && (e == len(s) || !isPIIAlnum(s[e])) {
			return e
		}
		return i
	case 'l':
		// the last four digits of a card, an account or an SSN
		if e := digitsEnd(s, i); e-i == 4 && (e == len(s) || !isPIILetter(s[e])) {
			return e
		}
		return i
	default: // 'g'
		for pair := 0; pair < 2; pair++ {
			j := end
			if pair > 0 {
				if j+1 >= len(s) || s[j] != ',' || s[j+1] != ' ' {
					break
				}
				j += 2
			}
			if j < len(s) && (s[j] == '-' || s[j] == '+') {
				j++
			}
			n, dot := 0, false
			// a decimal comma too, right before a digit ("lat 51,5074")
			for ; j < len(s) && (isPIIDigit(s[j]) || !dot && n > 0 && (s[j] == '.' || s[j] == ',' && j+1 < len(s) && isPIIDigit(s[j+1]))); j++ {
				if !isPIIDigit(s[j]) {
					dot = true
				} else {
					n++
				}
			}
			if n < 3 {
				break
			}
			end = j
		}
	}
	return end
}

// labelDateEnd returns the end of a date at s[i] as a birth date's label
// reads it (digits, months, and ' ' '/' '.' '-' ',' between them, in 32
// bytes), whether a month's name is in it, and how many digits.
//
//go:noinline
func labelDateEnd(s string, i int) (end int, month bool, digits int) {
	end = i
	for j := i; j < len(s) && j-i < 32; {
		c := s[j]
		switch {
		case isPIIDigit(c):
			digits++
			j++
			end = j
		case isASCIILetter(c) || c >= 0x80:
			w := j
			for w < len(s) && w-i < 32 && (isASCIILetter(s[w]) || s[w] >= 0x80) {
				w++
			}
			if dateGlue(s[j:w]) && w < len(s) && s[w] == ' ' {
				// "14 de marzo de 1985", "14th of March": the word
				// joins, and is masked only if more date follows.
				j = w
				continue
			}
			if !monthOrOrdinal(s, j, w, j > i && isPIIDigit(s[j-1])) {
				j = len(s)
				continue
			}
			month = month || w-j >= 3
			j, end = w, w
		case c == ' ' || c == '/' || c == '.' || c == '-' || c == ',':
			j++
		default:
			j = len(s)
		}
	}
	return end, month, digits
}

// ninoEnd returns the end of a UK National Insurance number at s[i], else
// i: two ASCII letters, three pairs of digits, a single space before each
// pair or none, and a letter from A to D after a single space or none, or
// no letter; no letter or digit after it.
func ninoEnd(s string, i int) int {
	j := i + 2
	if j > len(s) || !isASCIILetter(s[i]) || !isASCIILetter(s[i+1]) {
		return i
	}
	for p := 0; p < 3; p++ {
		if j+1 < len(s) && s[j] == ' ' {
			j++
		}
		if j+2 > len(s) || !isPIIDigit(s[j]) || !isPIIDigit(s[j+1]) {
			return i
		}
		j += 2
	}
	e := j
	if j < len(s) && s[j] == ' ' {
		j++
	}
	if j < len(s) && lowerByte(s[j]) >= 'a' && lowerByte(s[j]) <= 'd' && (j+1 == len(s) || !isPIIAlnum(s[j+1])) {
		e = j + 1
	}
	if e < len(s) && isPIIAlnum(s[e]) {
		return i
	}
	return e
}

// cardExpiryEnd returns the end of a card's expiry at s[i], else i: a month
// of 1 or 2 digits, '/', '-' or '.' (a space on either side or not), a year
// of 2 or 4 digits, and no more of a date after it; " to " (any case) and a
// second one may follow ("Valid from 01/24 to 12/27"). "Expires: 12/2027"
// and "Expires 12.27" are a card's; "Offer expires 12/05/2026" is a day's,
// and stays.
func cardExpiryEnd(s string, i int) int {
	e := monthYearEnd(s, i)
	if e > i && hasFoldPrefix(s[e:], " to ") {
		if e2 := monthYearEnd(s, e+4); e2 > e+4 {
			return e2
		}
	}
	return e
}

// monthYearEnd returns the end of one month and year at s[i], as
// cardExpiryEnd reads them, else i.
func monthYearEnd(s string, i int) int {
	j := digitsEnd(s, i)
	if n := j - i; n < 1 || n > 2 {
		return i
	}
	if j < len(s) && s[j] == ' ' {
		j++
	}
	if j == len(s) || s[j] != '/' && s[j] != '-' && s[j] != '.' {
		return i
	}
	if j++; j < len(s) && s[j] == ' ' {
		j++
	}
	e := digitsEnd(s, j)
	if n := e - j; n != 2 && n != 4 || e < len(s) && (s[e] == '/' ||
		(s[e] == '-' || s[e] == '.') && e+1 < len(s) && isPIIDigit(s[e+1])) {
		return i
	}
	return e
}

// digitsEnd returns the end of the digits at s[i].
//
//go:noinline
func digitsEnd(s string, i int) int {
	for i < len(s) && isPIIDigit(s[i]) {
		i++
	}
	return i
}

// spelledCodeEnd returns the end of a code read aloud at s[i], "your PIN
// is four eight two one": digit words and digits as nextNumberWords joins
// them, 3 digits at least (a code's fewest), in the 64 bytes from i; else
// i. A lone word stays ("the PIN is one of four digits").
func spelledCodeEnd(s string, i int) int {
	if m, _ := numberWordsAtLeast(s[:min(len(s), i+64)], i, 3); m.kind != 0 && m.start == i {
		return m.end
	}
	return i
}

// cellStart reports whether the value at s[i] follows a block boundary
// (piiBlockMark) or a line break in a cell (piiLineMark) and spaces only:
// it fills a cell or item of its own, or its lines after the label's.
//
//go:noinline
func cellStart(s string, i int) bool {
	for i > 0 && labelSpace(s[i-1]) {
		i--
	}
	return i > 0 && (s[i-1] == piiBlockMark[0] || s[i-1] == piiLineMark[0])
}

// cellFits reports whether the cell that starts at s[i] ends within 64
// bytes, at a block mark or the end: a password's cell taken whole. One
// that does not is read as after a ':' ("Password: |correct horse …").
func cellFits(s string, i int) bool {
	k := i
	for k < len(s) && k-i < 64 && s[k] != piiBlockMark[0] {
		k++
	}
	return k == len(s) || s[k] == piiBlockMark[0]
}

func labelSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// monthOrOrdinal reports whether the word s[j:w] is a month ("Mar",
// "March", "marzo", "März", "août", "déc.": the first three letters of a
// month in English, French, German, Spanish, Italian, Dutch, Portuguese or
// Russian ("14 марта 1985"),
// or a word led by a Han or Hangul year, month or day mark: "1985年3月14日")
// or an ordinal's suffix right after digits ("14th").
//
//go:noinline
func monthOrOrdinal(s string, j, w int, afterDigit bool) bool {
	if afterDigit && w-j == 2 {
		a, b := lowerByte(s[j]), lowerByte(s[j+1])
		if a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h' {
			return true
		}
	}
	if w-j < 3 || w-j > 16 { // "сентября" is 16 bytes
		return false
	}
	const months = "janfebmaraprmayjunjulaugsepoctnovdeceneabragodicavrmaioktdezgenmaggiulugsetottmaameifevout" +
		"f\xc3\xa9m\xc3\xa4ao\xc3d\xc3\xa9" + // "fé(vrier)", "mä(rz)", "ao(ût)", "dé(cembre)"
		"年月日년월일" + // "1985年3月14日", "1985년 3월 14일": a Han or Hangul year, month or day
		// Russian months by their first letter and a half: я(нв) ф(ев) м(ар, ай),
		// а(пр, вг), и(юн, юл), с(ен), о(кт), н(оя), д(ек)
		"\xd1\x8f\xd0\xd1\x84\xd0\xd0\xbc\xd0\xd0\xb0\xd0\xd0\xb8\xd1\xd1\x81\xd0\xd0\xbe\xd0\xd0\xbd\xd0\xd0\xb4\xd0"
	for m := 0; m < len(months); m += 3 {
		if labelFold(s, j) == months[m] && labelFold(s, j+1) == months[m+1] && labelFold(s, j+2) == months[m+2] {
			return true
		}
	}
	return false
}

// dateGlue reports whether word joins the parts of a written date ("of",
// "de", "del", "di").
//
//go:noinline
func dateGlue(word string) bool {
	switch len(word) {
	case 2:
		a, b := lowerByte(word[0]), lowerByte(word[1])
		return a == 'o' && b == 'f' || a == 'd' && (b == 'e' || b == 'i')
	case 3:
		return lowerByte(word[0]) == 'd' && lowerByte(word[1]) == 'e' && lowerByte(word[2]) == 'l'
	}
	return false
}

// passwordHint reports whether the 'w' at s[i] may be part of a password
// label with no digit or non-ASCII byte, or, at the first ':', '=' or '|'
// (what names a password), whether s holds a labelled value at all
// (piiPossible's quick exit: "senha: segredo").
//
//go:noinline
func passwordHint(s string, i int) bool {
	if s[i] != 'w' && s[i] != 'W' {
		m, _ := nextLabelledValue(s, 0)
		return m.kind != 0
	}
	for _, l := range [...]string{"password", "passwort", "passwd", "pwd", "kennwort", "wachtwoord"} {
		k := indexByte(l, 'w')
		if i >= k && i-k+len(l) <= len(s) {
			if _, ok := matchLabel(s[:i-k+len(l)], i-k, l); ok {
				return true
			}
		}
	}
	return false
}

// isWasAfter reports whether " is " or " was " (any case) starts at the
// space s[i]: what names a password's value as a ':' does.
func isWasAfter(s string, i int) bool {
	if i+4 >= len(s) || s[i+1]|0x20 != 'i' && s[i+1]|0x20 != 'w' {
		return false
	}
	e, ok := listWordEnd(s, i+1, "is|was|")
	return ok && e < len(s) && s[e] == ' '
}

// wasLabelBefore reports whether a password's or a name field's label ends
// right before the run of up to 8 label separators that ends at s[i], the
// byte before "is" or "was": "Nationality (is Austrian" names as
// "Nationality is Austrian" does (found by FuzzScrubPII).
func wasLabelBefore(s string, i int) bool {
	k := i
	for k > 0 && i-k < 8 && labelSeparator(s[k-1]) {
		k--
	}
	return passwordWordBefore(s, k) || nameFieldWordBefore(s, k)
}

// passwordLastIndex are the password labels led by an ASCII letter.
var passwordLastIndex = indexWords(labelsOf("p"))

// passwordWordBefore reports whether the word that ends right before the
// space s[i] is one of passwordLastIndex.
//
//go:noinline
func passwordWordBefore(s string, i int) bool {
	return listWordBefore(s, i, passwordLastIndex)
}

// labelFold is lowerByte that also folds the Latin-1, Cyrillic and Greek
// capitals and Ş, byte by byte, so that "CONTRASEÑA", "MÄRZ", "ПАРОЛЬ",
// "ΚΩΔΙΚΟΣ" and "Şifre" read as their labels and months do; Greek letters
// lose their tonos too ("ΚΩΔΙΚΌΣ", "κωδικός": greekTones). Р-Я and Π-Ω
// have small letters under the next lead byte (Р is D0 A0, р D1 80): their
// lead byte folds to that one and their second byte drops by 0x20. A few
// byte tests, not unicode's case tables (about 4 KB of WASM): the labels
// are few.
//
//go:noinline
func labelFold(s string, i int) byte {
	c := s[i]
	if c >= 0xC0 {
		if i+1 < len(s) {
			if k := greekToneless(c, s[i+1]); k >= 0 {
				return greekTones[k+2]
			}
			if crossCaseFold(c, s[i+1]) {
				return c + 1
			}
		}
		return c
	}
	if i == 0 || c < 0x80 {
		return lowerByte(c)
	}
	if k := greekToneless(s[i-1], c); k >= 0 {
		return greekTones[k+3]
	}
	switch p := s[i-1]; {
	case p == 0xC3 && c <= 0x9E && c != 0x97, p == 0xD0 && c >= 0x90 && c <= 0x9F, p == 0xCE && c >= 0x91 && c <= 0x9F:
		return c + 0x20 // Latin-1, Cyrillic А-П, Greek Α-Ο capitals
	case crossCaseFold(p, c):
		return c - 0x20 // Cyrillic Р-Я, Greek Π-Ω capitals
	case p == 0xC5 && c == 0x9E:
		return c + 1 // Ş
	}
	return c
}

// greekTones maps each Greek vowel with a tonos, capital or small, and the
// final sigma to the small letter without it, two bytes to two bytes:
// Greek is written in capitals with or without accents ("ΚΩΔΙΚΌΣ",
// "ΚΩΔΙΚΟΣ") and in small letters with them ("κωδικός"), so the labels are
// kept toneless ("κωδικοσ") and every spelling folds to them.
const greekTones = "\xce\x86\xce\xb1\xce\x88\xce\xb5\xce\x89\xce\xb7\xce\x8a\xce\xb9\xce\x8c\xce\xbf\xce\x8e\xcf\x85\xce\x8f\xcf\x89" + // Ά Έ Ή Ί Ό Ύ Ώ
	"\xce\xac\xce\xb1\xce\xad\xce\xb5\xce\xae\xce\xb7\xce\xaf\xce\xb9\xcf\x8c\xce\xbf\xcf\x8d\xcf\x85\xcf\x8e\xcf\x89\xcf\x82\xcf\x83" // ά έ ή ί ό ύ ώ ς

// greekToneless returns the offset in greekTones of the letter lead, c, or
// -1 when it is none of them.
//
//go:noinline
func greekToneless(lead, c byte) int {
	if lead != 0xCE && lead != 0xCF {
		return -1
	}
	for k := 0; k < len(greekTones); k += 4 {
		if greekTones[k] == lead && greekTones[k+1] == c {
			return k
		}
	}
	return -1
}

// crossCaseFold reports whether the two bytes lead, c are a Cyrillic capital
// from Р to Я or a Greek one from Π to Ω, whose small letter has the next
// lead byte.
func crossCaseFold(lead, c byte) bool {
	return lead == 0xD0 && c >= 0xA0 && c <= 0xAF || lead == 0xCE && c >= 0xA0 && c <= 0xA9
}

//go:noinline
func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c | 0x20
	}
	return c
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return len(s)
}
