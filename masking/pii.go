package masking

// The PII detectors are the backstop run over every string Veil keeps in
// clear (identifiers, class and custom names, URL paths, block-list page text,
// error details), in every mode. What they find is masked in place: the match
// keeps its length in code points and every character of it, separators
// included, becomes '*'.
//
// Detectors and their exact thresholds:
//
//   - Digit runs (phone, account and ID numbers, dates, US SSNs): 6 or more
//     digits in a maximal run. Between two digits of a run there may be
//     nothing, or one separator: an optional ')', then any run of HTML
//     whitespace (space, tab, LF, FF, CR) holding at most two of '.', '-'
//     and '_', then an optional '(' — so "123456", "12-34-56", "555.123.4567",
//     "(555) 123-4567", "415 - 555 - 2671", a number broken over source
//     lines, "ddd-dd-dddd" and "ddd dd dddd" are single runs (a browser
//     collapses the whitespace, so the reader sees one number). 5 digits are
//     not a match ("12345", "12 345"). A '+' right before the first digit is
//     masked with the run; a '(' there is kept. Anything else ends a run:
//     three of '.', '-', '_' between two digits, a comma, a '/' (so dates written
//     12/05/2026 are kept: no group has 6 digits), a ':'. A phone
//     extension right after a run is masked with it (pii_phone_ext.go): an
//     optional ',' or ';', up to two spaces or line marks (piiLineMark,
//     also below), an optional '(', "ext" or "extension" in any
//     case, or its name in French, German, Portuguese, Italian or
//     Russian ("poste", "Durchwahl", "ramal", "interno", "доб"; the
//     Cyrillic one in small letters, with a capital or in capitals)
//     (then an optional '.', up to two spaces, an optional ':' and up
//     to two spaces) and 1 to 6 digits, or 'x' or 'X' and 2 to 6 digits
//     right after it, no ASCII letter or digit after them
//     ("415-555-2671 ext. 123", "555-0142 x4821"; "123456 x2" stays). A
//     run that ends a coordinate takes none.
//     Consequences, accepted because they fail closed: ISO dates
//     ("2026-12-05", 8 digits), IPv4 addresses (short ones below too),
//     decimals with 6 or more digits ("3.14159") and dotted versions
//     ("120.0.6099.109") are masked.
//     Digits count even next to letters: "acct123456" becomes "acct******",
//     and a hex colour such as "ff123456" would be hit too; callers never run
//     the detectors on values that passed a colour, number or geometry
//     grammar.
//   - Card numbers: a digit run of 13 to 19 digits whose only separators are
//     single spaces or dashes, Luhn-valid. Every card number is also a digit
//     run, so this detector only names the match (piiCard); it never masks
//     more than the run rule.
//   - Card numbers in groups joined by any other mark (pii_card_groups.go):
//     "4111/1111/1111/1111", "4111 • 1111 • 1111 • 1111": a first group of
//     4 digits, then groups of 3 to 6, the same separator throughout,
//     13 to 19 digits, Luhn-valid.
//   - Phone and ID numbers in groups joined by any other mark
//     (pii_card_groups.go): "415/555/2671", "078/05/1120", "06 • 12 • 34 •
//     56 • 78": 3 to 6 groups of 2 to 4 digits, 9 to 15 digits, one mark
//     throughout, never ',' or '|'; lists of years stay.
//   - Geographic coordinates (read by the digit-run scan, pii_digits.go,
//     coordEnd): 1 to 3 digits of degrees, '°' or 'º', minutes of 1 or 2
//     digits with a fraction or followed by seconds, marks ' ′ ’ and " ″ ”,
//     one space between parts ("48°51'29.6\"N", "N 43° 41.773'"); or decimal
//     degrees with 3 decimals or more, the sign, and a hemisphere letter
//     ("37.7749° N"). "35°30'" and "21.5°C" stay.
//   - Indian PANs (read by the digit-run scan, pii_digits.go): five capital
//     letters, the fourth one of A B C F G H J L P T (the holder's kind),
//     four digits and a capital letter, no ASCII letter on either side
//     ("BNZPM2501F"; its 4 digits are below the run rule); a digit next to
//     it does not hide it, as masking that digit would make it a '*'.
//   - The last digits of a card or an account after a run that stands for
//     the rest (read by the digit-run scan, pii_last4.go): 2 to 4 digits,
//     no separator among them and no ASCII letter after them, after a
//     space, a '-' or nothing, after two or more of one bullet ('•', '●',
//     '∙', '·'), a group of exactly four 'X' or 'x', or two groups of
//     exactly four '*' joined by a space or '-', or one such group with the
//     digits right after it, with no '*', ASCII letter or digit before them
//     ("•••• 4242", "**** **** **** 4242", "XXXX-XXXX-1881", "XXXX4242",
//     "****4242"; one group of '*' and a space is what masking writes, and
//     stays: "PIN: **** 2024", unless a card's word and one space come
//     before it, "Card **** 4246", "Visa **** 4246", not the "card" of
//     "ID card" or "Medicare card"); or exactly 4 digits after an ellipsis,
//     "..." or '…', and at most one space, with no digit, '.' or '*' before it
//     but one group of four '*' after a card's word ("Card …4242", "Visa
//     ... 4242", "Visa ****…4242"; "12...1499", "******...4242" stay).
//   - US Medicare numbers without a label (read by the digit-run scan at
//     a run's last digit, pii_mbi.go): 11 characters by place, a digit 1
//     to 9, a capital, a capital or digit, a digit, a capital, a capital
//     or digit, a digit, two capitals and two digits, the capitals never
//     S L O I B Z, with a '-' after the 4th and the 7th, a space after
//     both, or none, and then no ASCII letter or '*' on either side (a
//     digit does not hide it, as for PANs) ("1EG4-TE5-MK73",
//     "2FH5UF6NK84"; "X1EG4TE5MK73" stays); or in small letters
//     throughout with the dashes or the spaces ("1eg4-te5-mk73").
//   - UK postcodes without a label (read by the digit-run scan,
//     pii_postcode.go): one or two capitals that name a postcode area
//     (ukAreas), a digit, an optional capital or digit, an optional space,
//     a digit and two capitals other than C I K M O V, no ASCII letter on
//     either side (a digit does not hide it, as for PANs), and before it (after one space or none) the
//     start of the string, a ',', '(', a tab, a line feed, a block or line
//     mark, or after the space a word of three letters or more led by a
//     capital ("London SW1A 1AA", "Manchester M1 1AE"; "Sony PS5 1TB" and
//     "an M2 1TB SSD" stay).
//   - US SSN shapes: a digit run that is exactly ddd-dd-dddd or ddd dd dddd
//     (named piiSSN; masked by the run rule like any 9-digit run).
//   - E-mail addresses: local@domain. The local part is the maximal run of
//     ASCII letters, digits and . _ % + - ! $ ' ^ ` { } ~ / ? = & # (plus
//     any non-ASCII letter, digit or combining mark, and any invalid UTF-8 byte) right
//     before the '@', at least one code point, or a quoted one: 1 to 64
//     bytes between two '"', none of them '"', '|' or a control
//     ("o'brien@…", "{jane}@…", "\"jane doe\"@…"); a comment in it, '(' and
//     ')' around 1 to 64 bytes, none of them '(', ')', '@', '|' or a
//     control, is part of it ("jane(work)@…", "(home)jo@…"). After an '@' with
//     no space around it, a domain literal is the domain: '[' and ']'
//     around 1 to 64 ASCII letters, digits, '.' and ':' with a digit
//     ("jane@[192.168.1.1]", "jane@[IPv6:2001:db8::1]"). The domain starts with a letter or digit right
//     after the '@' and is made of letters and digits (with the same
//     non-ASCII rule), '-' and '.'; it ends after the last run of 2 or more
//     letters that follows a dot (the TLD), so a
//     dot-containing domain is required ("a@localhost" is kept) and
//     "a@b.com-x" masks "a@b.com"; a punycode TLD ("xn--p1ai") is taken
//     whole. One or two spaces on both sides of the '@' ("jane @
//     example.com", an address spelled against harvesters) still make one
//     address; a space on one side only does when the top-level domain is
//     one spelledTLDs names ("jane @example.com", "jane@ example.org"; "cc
//     @jane.doe" is a handle). The whole address is masked. Because
//     non-ASCII letters count, in text written without spaces (Chinese,
//     Japanese) the words right before an address are masked with it.
//   - E-mail addresses spelled with words (pii_spelled.go): a local part as
//     above, an "at" mark, and a domain of letter-and-digit labels. After
//     "at" in any case or '@' in brackets ("(at)", "[ at ]", "{AT}", "<at>",
//     "[@]", or between two '+', "+AT+", as a URL encodes spaces, with up
//     to two spaces on each side) one label is enough
//     ("jane [at] example [dot] com", "jane(@)example(.)com", "jane +AT+
//     example.com"). After "at"
//     between two of '-', '_' and '.' ("jane-doe-at-example-com", as ids,
//     class names and CSS names spell one), or "AT" or '@' between single
//     spaces ("jane AT example DOT com", "jane @ example . com"), the last
//     label must be one spelledTLDs names, or of two or more letters after
//     a "dot" mark ("-dot-", "(dot)", "[.]", " DOT ", " . "); after '@'
//     itself, with a space after it or none, a last label of two or more
//     letters after a "dot" mark ("jane@example dot com",
//     "jane@example[.]com", "help@ fabrikam DOT net"). Labels are
//     joined by '.', '-', '_' or a dot mark. After "at" as a lowercase word
//     between spaces, a word of prose as often as a mark, a "dot" mark and a
//     last label that spelledTLDs names are needed ("jane at example dot
//     com"), or labels joined by '.' with such a last label after a local
//     part holding '.', '_', '+' or a digit ("jane.doe at example.com",
//     "jd42 at mail.example.org"; "arrived at amazon.com" is prose), and
//     not "the" right after it: "look at it dot by dot", "at the
//     dot com peak", "LOOK AT THIS", "look-at-me-now" and
//     "look-at-this.html" stay. Words joined to the local part by a "dot"
//     mark (" dot ", " . ", "(dot)", "[.]") are part of it: "jane dot doe
//     at example dot com" is masked from "jane".
//   - Numbers spelled digit by digit in words (pii_number_words.go): 6 or
//     more digits in a run of the English digit words (zero, oh, one …
//     nine, and double and triple counted as one digit, any case) and digit
//     runs, at least one of them a word, each
//     standing alone (no ASCII letter or digit next to it) and joined by
//     spaces or by one of '-', ',', '.', '/' with spaces around it ("five
//     five five zero one four two", "four-one-five-five-five-five-two-six",
//     "555 zero one four two"). Prose seldom counts six digits aloud.
//   - IBANs (ISO 13616): 2 letters, 2 digits, then 11 to 30 letters or
//     digits (15 to 34 in all), letters in any case, optionally printed in
//     groups of 4 separated by single spaces, and valid mod 97. An IBAN starts
//     where the character before is not an ASCII letter and ends where a
//     letter meets a digit, a digit meets a letter, or anything else
//     follows; of several valid ends the longest is taken. The country code
//     is not checked against a list, to fail closed on codes added later.
//     These boundaries keep random tokens of that shape (hashed class names)
//     from matching at an arbitrary length; an IBAN glued to a letter before
//     it, or to more of its last class after it, is missed, but its digits
//     still fall to the run rule ("xDE89370400440532013000" keeps "xDE").

//   - Values named by a label (pii_labels.go): a label word in any ASCII
//     or Latin-1 case (piiLabels: "PIN", "CVV", "security code", "password",
//     "date of birth", "DOB", "born", "lat", and their names in other
//     languages, "Geheimzahl", "NIP", "mot de passe", "senha", "Geb",
//     "geboren", "nata il", …; identity documents, "passport", "codice
//     fiscale", "MRN", "tax id", "PAN", …; account, member, customer and policy
//     numbers, "IBAN" and "Kontonummer" (an IBAN printed with dashes), a
//     device's "serial number", "S/N", "IMEI", "device id", an insurance,
//     employee, student or claim number, a parcel's "tracking number", a
//     health record's "medical record number", "chart no", "patient
//     number", "patient", "hospital number", "NI
//     number", "licence plate", "Kennzeichen", "registration number"; a
//     card's expiry, "exp", "expiry date", "expiration", "valid thru", read as a date of
//     birth is, and "expires", "expire", "expiring", "valid until", "valid
//     till", "valid to", "valid from", "vence", "vencimiento", "validade",
//     "scadenza", whose value is a month and a year alone (below); a
//     token its prefix or scheme names (pii_tokens.go), "sk live", "sk test",
//     "pk live", "pk test", "rk live", "rk test", "whsec", "ghp", "gho",
//     "ghu", "ghs", "ghr", "github pat", "xoxb", "xoxp", "xoxa", "xoxr",
//     "xoxs", "glpat", "bearer", whose value is 16 or more ASCII letters,
//     digits and '-' '_' '.' '~' '+' '/' '=' ("sk_test_abcdefghijklmnop",
//     "Bearer abcdefghijklmnopqrstuv"; the quick exit lets a string through
//     at a ' ', '-', '_', ':', '+', '/' or '~' after the last word of one of them); a
//     postcode, "postcode", "post code", "postal code", "zip", "zip code",
//     "zipcode", "plz", "postleitzahl", "code postal", whose value is a UK
//     postcode's shape (above) in any case and in any area, else a code
//     ("Postcode: sw1a 1aa", "ZIP: 94107"); a bank's BIC, "SWIFT",
//     "BIC", "SWIFT code", "BIC code", whose value is 6 capitals and 2 or 5
//     capitals or digits, no ASCII letter, digit or '*' after them ("SWIFT:
//     DEUTDEFF", "BIC: COBADEFFXXX", "BIC DEUTDEFF": the quick exit lets
//     a separator after a BIC's label through; "Swift concerts" stays); a phone number, "phone", "telephone", "tel", "mobile", "fax", "telefon",
//     "téléphone", "teléfono", "telefone", "Handy", "mobil", "cell",
//     "WhatsApp", "call", whose value is an optional '+'
//     or '(', a digit run of 3 digits or more, runs joined by a '/' before
//     three digits ("Handy: 0171/23456"; "Phone: 24/7" stays), and its
//     extension ("Tel: 0142 ext 21"); a driving licence's number,
//     "licence", "driving licence", "driver's license", "DL",
//     "Führerschein", "permis de conduire", "rijbewijs", …, whose value is
//     up to 4 groups of capitals and digits joined by single spaces or
//     dashes, 5 to 20 of them with a digit, else a code ("DL: SMITH 901015
//     JJ9AA"; pii_licence.go); a vehicle's plate, "plate", "licence plate",
//     "registration", "reg no", "registration number", "Kennzeichen", "immatriculation", "kenteken", "targa",
//     "placa", …, whose value is up to 3 groups of capitals and digits
//     joined by single spaces or dashes, 4 to 10 of them with a letter and
//     a digit ("Plate: QV71 XKR", "M QJ 4827"; a word in small letters
//     ends it: "Plate 3 shows the map" stays), else a code; an extension
//     with no number before it, "extension", "ext",
//     "Durchwahl", "poste", "ramal", "interno", whose value is 3 to 6
//     digits alone ("Call reception, extension 5512"; "extension 2"
//     stays); a card's, account's or SSN's last digits, "ending", "ending in",
//     "ending with", "ends in", "last 4", "last four", "last 4 digits",
//     "last four digits", "last digits", whose value is 4 digits alone, no
//     ASCII letter or digit after them ("card ending in 4242", "SSN last 4:
//     1120"); a space in it matches a run of spaces, '-' and '_'), starting a word (after no letter — a digit
//     before it does not count, as masking would make it a '*' — or a
//     capital after a small letter) and ending one; or a label led by a
//     letter of another script ("Пароль", "ПИН-код", "Дата рождения",
//     "كلمة المرور", "סיסמה", "पासवर्ड", "Şifre", "密码", "パスワード",
//     "비밀번호", "รหัสผ่าน"; "ПАРОЛЬ", "ΚΩΔΙΚΟΣ", "ŞİFRE"), its capitals
//     folded as labelFold folds them (Greek letters also lose their tonos
//     and a final sigma is a sigma: "ΚΩΔΙΚΌΣ", "κωδικός" and "ΚΩΔΙΚΟΣ" are
//     one label),
//     after no ASCII letter nor a letter of its own two-byte block
//     (anywhere in Han, kana, Hangul and Thai), then up to 8 bytes of
//     ' ' ':' '=' '#' '-' '_' '.' '(' '>' '|' '\\' '–' '—' (the '\\' a <br>
//     in the text read around a node, piiLineMark) and up to 4 filler
//     words ("is", "was", "code", "number", "no", "on", "the", "am", "op",
//     "datum", "date", …) between them, then the value; where no value follows a
//     '(', a hint in brackets is read over once, 1 to 24 bytes with an ASCII
//     letter and no '(', ')' or '|', and the separators and filler words
//     after it ("CVV (3 digits): 123", "Expiry (MM/YY): 09/27"; "PIN
//     (4821)" is a value),
//     which alone is masked. A code ("PIN: 4821", "CVV 123", "TAN A7X9K2")
//     is 3 to 32 ASCII letters and digits with a digit, single spaces
//     between digits and single dashes or slashes between letters or
//     digits ("ab12-cd34", "QW7P-ZR9M-2HTW", "PL/2024/5567"), or read aloud: digit words and
//     digits joined as six digit words are (below), 3 digits at least, in
//     64 bytes ("your PIN is four eight two one"; a lone "one" stays);
//     "your code" names a code too ("Your code is 4821"); a
//     US Medicare number is such a code ("MBI 1EG4-TE5-MK73"); a password (also a passphrase, an
//     API or secret key, a secret access key ("aws_secret_access_key"),
//     a client secret, an access, auth or refresh token,
//     a security answer, a memorable word, a maiden name) is any run of up
//     to 64 bytes that are no space or '|', and only after a ':', '=',
//     "is", "was" or a block boundary, or after a dash (an en or em dash,
//     or 1 to 3 '-' between spaces: "Password - hunter2", "Password --
//     hunter2"; never an emptied
//     URL parameter: "?access_token=&state=") ("Password: hunter2",
//     "<li>Password</li><li>hunter2</li>"; "password reset" stays), or,
//     right after a block boundary, the whole cell or item up to the next
//     one when it holds 64 bytes or fewer, spaces and filler words included
//     ("<td>Password</td><td>correct horse battery</td>"; a <br> in it
//     does not end it: "<td>correct<br>horse</td>"). After a ':', a dash, "is" or "was" a
//     password is a phrase: its first run, then the words after it, up to
//     64 bytes from its start, to the first word that ends with '.', ',',
//     ';', '!' or '?' (masked with it) or a block boundary ("Password:
//     correct horse battery staple"); unless it is help text, which is no
//     value: its first word is "at least", "must", "should", "min",
//     "minimum", "max", "maximum", "requires" or "required", or it is a
//     count, digits with an optional '+' or "-digits", then spaces and
//     "char", "word", "letter", "digit" or "symbol" ("Password: at least 8
//     characters", "Passphrase: 4-8 words"); a date
//     of birth is digits, month names (their first three letters in
//     English, French, German, Spanish, Italian, Dutch or Portuguese, the
//     first one and a half of a Russian one, up to 16 bytes) and
//     ordinal endings, with ' ' '/' '.' '-' ',' and the words "of", "de",
//     "di", "del" between them and two digits at least ("DOB 14/03/1985",
//     "born on March 14, 1985", "nacido el 14 de marzo de 1985"; Han and
//     Hangul year, month and day marks after digits: "1985年3月14日", after
//     the Han and Hangul labels too, "生年月日：1985/03/14"), after
//     "birthday" and a birth date's field label ("date of birth", "DOB",
//     "Geburtsdatum", "fecha de nacimiento", …; not "born") one digit and a
//     month too ("Date of birth: January 3rd"; "born on 3 May" stays); a
//     card's expiry after "expires" is a month of 1 or 2 digits, '/', '-'
//     or '.' with a space on either side or none, a year of 2 or 4 digits,
//     and then no '/', nor '-' or '.' before a digit, and " to " (any case)
//     and a second one may follow ("Expires: 12/2027", "Expires 12.27",
//     "Valid from 01/24 to 12/27"; "Offer expires 12/05/2026." stays); a
//     coordinate ("lat", "coordinates", "GPS", "location") is a signed
//     decimal (a point or a comma before its fraction) of three or more
//     digits, or two joined by ", " ("Location: 52.52, 13.40";
//     "Location 3 of 5" stays). Labels without a digit or non-ASCII
//     byte get through the quick exit by their 'w' (password, kennwort),
//     by the ':', '=' or block mark a password's value needs ("senha:"), by
//     " is " or " was " after a password label's last word ("security
//     answer is fluffy"), or by the digits of their value.
//   - Names a label names (pii_names.go): after a field's label ("name",
//     "full name", "surname", "patient", "cardholder", "account holder",
//     "next of kin", "contact name", "Vorname", "nombre", "prénom", …; and
//     "username", "nickname", "screen name"; a person's attributes
//     "religion", "employer", "occupation", "nationality", "gender",
//     "marital status", "spouse"; of the special categories in any case,
//     in the next cell too ("diagnosis", "medication", "allergies", "blood
//     group", "disability", "sexual orientation", "ethnicity", "place of
//     birth", "citizenship", "age", "sex": "<td>Age</td><td>47</td>",
//     "<td>Medication</td><td>clozapine 300mg</td>"; one word that heads a
//     column stays); whose an account or a file is and who
//     stands for them: "holder", "joint holder", "account owner",
//     "customer", "client", "tenant", "guardian", "GP", "mother",
//     "husband", "lead passenger", "Kontoinhaber", "titular", "ФИО", …;
//     and "contact", "sender",
//     "attn", "handle", "skype", "telegram", "discord", a page's title or a
//     menu's item too,
//     only before a ':' or a dash), up to four words
//     (letters, digits, other scripts, '\'', '-', '.', '_'; 64 bytes; a
//     Skype name's "live:" or "live:." with the first) in any case
//     after a ':' or a dash ("Patient: hannelore quist"), capitalised after
//     "is" or "was" ("My name is Jane"; "your name is on the list" stays),
//     or two to four capitalised words filling the next cell or item
//     ("<td>Next of kin</td><td>Jane Doe</td>"; a header row "<th>Name</th>
//     <th>Email</th>" and a heading before a table stay); after a greeting
//     or an honorific ("Dear", "Hi", "Hello", "Welcome back", "Mr", "Mrs",
//     "Ms", "Dr", "Herr", "Frau", "Mme", "Madame", "Sr", …) or a closing
//     ("Sincerely", "Kind regards") capitalised words on its
//     line, a ',' after the label masked with them ("Dear Hannelore,",
//     "Mr. Quist", "Hello***********" for "Hello, Hannelore"; "Dear
//     customer" stays); the same after thanks ("Thanks", "Thank you",
//     "Cheers", "Danke", "Merci", "Gracias", …: "Thanks, Hannelore!")
//     unless a title's word follows ("Thanks, everyone", "Thank You For
//     Your Order", "Merci Beaucoup" stay); after "signed in as", "logged in as" words in any
//     case ("Logged in as hquist"). A capital is A-Z, a Latin-1, Greek or
//     Cyrillic capital, or a letter of Latin Extended or of a script without
//     case (not U+2000-U+2FFF: punctuation, super- and subscripts,
//     symbols). The quick exit lets such text through at a separator or a ','
//     right after a greeting's, an honorific's or "as"'s word ("Mr.Quist"),
//     and a name in the next inline node is read on from such a label
//     ("Dear <b>Jane</b>"). A label cut mid-word by inline elements
//     ("<span>Nick</span><span>name: Hanni</span>") is read whole
//     (wordCutBefore), as its end alone has nothing the quick exit sees.
//   - Postal addresses a label names (pii_address.go): after "address",
//     "billing address", "shipping address", "home address", "ship to",
//     "bill to", "deliver to", "shipping to", "Anschrift",
//     "dirección", "indirizzo", "endereço", … and a ':' or a dash, or in
//     the next cell or item with a digit in it, or capitalised words and
//     places' small words joined by a comma or a line, or two to four of
//     them alone, none of addressUIWords ("<div>Deliver to</div><div>The
//     Old Rectory</div>"; "Saved Addresses" stays), the text up to the next
//     block boundary, 64 bytes at most, line breaks included, led by a
//     letter or a digit ("Billing address: Wrenfield Cottage, Little
//     Snoring"; "address book" and a heading after a title stay). A text
//     node right after such a label (or any other whose value may run on
//     into it) is read with the lines after it, over its <br>s, so that
//     its first line is masked with them ("<dd>Foxglove Barn<br>Nether
//     Wallop</dd>"). The text inside an HTML <address> (up to 8 levels
//     down) is contact information by definition and is masked whole, as
//     mask-all masks text (pii_context.go).
//   - Street addresses without a label (pii_street.go): a house number of
//     1 to 5 digits (and a letter: "221B"), after no letter, digit or '*',
//     with 1 to 4 capitalised words and a street's word after it ("Street",
//     "Rd", "Ave", … any case; a '.' and a direction may follow: "1600
//     Pennsylvania Ave NW"), or a leading street's word and the name's words
//     ("12 rue de la Paix"); or before it a capitalised word ending in
//     "straße", "str.", "weg", "gasse", "straat", "gatan", … ("Hauptstraße
//     12", "Berliner Straße 44a") or a capitalised leading street's word and
//     the name's words ("Calle Mayor 5", "Via Roma 12"), no decimal, time,
//     fraction or '%' after the number. "Top 10 Road Trips", "via USB 3"
//     and "Baker Street station" stay. With no street's word
//     (pii_street_bare.go): 1 to 3 capitalised words after "ul.", "al.",
//     "os.", "pl.", "ulica" or "aleja", in capitals too ("ul. Łódzka 12",
//     "UL. Długa 3"); or, when the
//     number has 1 to 3 digits (and a letter) and ends the text, a clause
//     or a cell, or a flat follows ('/' and 1 to 4 digits:
//     "Marszałkowska 10/12"), 1 or 2 capitalised words after "Am", "An
//     der", "Unter den", "Zur", … ("Unter den Linden 5"), or one ending in
//     "ska", "cka", "zka" or "owa" ("Łódzka 12"; "Alaska 2026" and "Im
//     Jahr 2020" stay). A capital may be one of Latin Extended-A ("Ł",
//     "Ś").
//   - Codes named by the words after them (pii_code_first.go): a code as
//     a label's (above; a digit word starts none) that starts a run of
//     ASCII letters and digits, then " is your " or " is the " (any case),
//     up to three words of letters, digits and '-' each followed by one
//     space, and "code", "pin", "otp", "passcode", "password" or "token"
//     ending a word ("4821 is your verification code", "G-482193 is your
//     Fabrikam code"); or after "use ", "enter ", "use code " or "enter
//     code " starting a word, then
//     " to " and "sign in", "log in", "login", "verify", "confirm" or
//     "continue" ("Use 771204 to sign in"; "Use 2 eggs" stays).
//   - IPv4 addresses (pii_hexaddr.go), after no letter, digit, '.', '*'
//     or byte of another script: four numbers of 1 to 3 digits, none over
//     255, joined by '.', with no letter, digit, '*' or byte of another
//     script after them, nor a '.' and a digit ("10.0.0.1",
//     "10.0.0.1:8080"; "v1.2.3.4" and "1.2.3.4.5" stay).
//   - IPv6 and MAC addresses (pii_hexaddr.go), after no letter, digit or
//     ':': six groups of two hex digits joined by one ':' or '-'
//     throughout, or three of four joined by '.' ("001A.2B3C.4D5E", as
//     Cisco writes a MAC); or groups of one to four hex digits joined by ':', eight
//     of them, or one to seven with one "::" and four hex digits at least.
//     Either needs a decimal digit and must end where no letter, digit or
//     ':' follows ("a::before" and "12:30:45" stay).
//   - Handles and profile links (pii_handles.go): an '@' after the
//     start or a byte that is no ASCII letter or digit, no byte of another
//     script and none of '.' '_' '-' '+' '%' '*', then 3 to 30 ASCII
//     letters, digits, '_', '.', '-' and controls the ASCII reading
//     leaves out led by a letter, digit or '_',
//     with a letter, no '.' or '-' at the end, no ':', '*' or byte of
//     another script after it, not a CSS at-rule's name (handleNotPeople:
//     "@media", "@container") nor a domain (a last label after a '.' that
//     spelledTLDs names: "@example.net"), nor in quotes or a comment
//     before an at mark (a '"' or ')' after it with an '@', '#', '%', '*' or
//     a byte of another script in the 3 bytes after that, and a '"' or '('
//     before the '@' that may open it: encloserBefore), masked with its '@' ("Follow @jfaraday",
//     "Signal: @jane.01"; "@lg:flex" and "meet @ 5pm" stay), in the
//     string as written only (its ASCII reading makes each '#' an '@', and
//     "#main" is no one); and the first path segment, 2 or more
//     ASCII letters, digits and '_' '.' '-' '%', after a profile site's
//     host and prefix (profileHosts: "linkedin.com/in/", "github.com/",
//     "x.com/", "t.me/", …, any case, after no letter or '-'),
//     masked alone ("github.com/********/dotfiles").
//
// Every detector runs on the string as written and on its ASCII reading
// (pii_view.go), where each decimal digit of any script, and each Han
// numeral (一二三…, 〇, 零, and the financial forms 壹贰叁…), is a digit, each
// Unicode space separator, line or paragraph separator, NEL and vertical tab
// a space, each Unicode dash and the minus sign a '-', full stops of other
// forms (ideographic '。', '｡', '﹒', '․', Arabic '۔'), middle dots (also
// runic, Hangul and word-separator ones) and 点/點 (Chinese "dot") a '.';
// '﹫', '#', '★', '☆' and 艾特 (Chinese "at") an '@' (addresses spelled
// against harvesters: "jane#example.com", "info★example.jp",
// "jane艾特example点com"),
// each full-width form its ASCII character ('＠' is '@') and each
// percent-escape of a printable ASCII byte that byte ("jane%40example.com",
// "4111%201111…"; an escaped UTF-8 sequence reads as its rune). What shows
// nothing is left out of the reading — controls (C0 and C1), format
// characters, combining and enclosing marks ("415\u00ad555\u00ad2671",
// keycaps "4️⃣1️⃣…"). Hidden text — zero-width characters (U+200B–U+200D,
// U+2060, U+FEFF) and tag characters (U+E0020–U+E007E) — is read twice:
// as '0', so that six or more in a row, a watermark or smuggled text, are
// masked as a digit run; and left out, so that it cannot split what a reader
// sees as one address or number ("jane@example.\u200bcom"); strings without
// it have one ASCII reading. A match in any reading is masked, in whole code
// points (an escape is masked whole), so the ASCII readings only ever add
// masking: "4111&nbsp;1111&nbsp;1111&nbsp;1111" and "٤١١١١١١١١١١١١١١١" are
// card numbers.
//
// A string holding an '@' is also read with its code points reversed, as
// text under a right-to-left override shows it ("gro.elpmaxe@enaj"), and a
// match there is masked too (counted as regions of its own).
//
// Matches of different detectors that overlap or touch form one masked
// region and are counted once. Invalid UTF-8 never panics; each invalid byte
// counts as one code point, as in maskText. The scan is O(n) with a small
// constant: one pass per detector family and reading, no regular
// expressions, and no allocation unless something matched or the string has
// a character the ASCII reading changes. Masking is idempotent: scrubbing the
// output again finds nothing, because masking only turns characters into '*',
// which no detector reads as part of a match and which never creates a
// boundary a detector did not already see.

import (
	"strings"
	"unicode/utf8"
)

// scrubPII runs the PII detectors over a string that is about to leave in
// clear and masks every match in place (same length in code points, each
// character of the match becomes '*'). It returns the masked copy and the
// number of masked regions; when nothing matched it returns s itself, without
// allocating, and 0. It is a pure function, safe for concurrent use.
func scrubPII(s string) (string, int) {
	out, n := scrubPIIForward(s)
	// Reversed, invalid bytes could pair into other code points; browsers
	// never send invalid UTF-8 (a lone surrogate arrives as U+FFFD).
	if !piiMirrorable(out) || !utf8.ValidString(out) {
		return out, n
	}
	rev, m := scrubPIIForward(reverseRunes(out))
	if m == 0 {
		return out, n
	}
	return reverseRunes(rev), n + m
}

// piiMirrorable reports whether s may hold an e-mail address written
// backwards: text under a right-to-left override (U+202E, <bdo dir=rtl>,
// CSS unicode-bidi: bidi-override) shows "gro.elpmaxe@enaj" as
// jane@example.org. Digit runs read the same both ways; a reversed address
// has an '@' (or '＠', '﹫') with, somewhere in the run of domain characters on
// its left, a dot and then two letters (the TLD, reversed). Only such
// strings are read reversed too; the check reads bytes and never allocates,
// counting every non-ASCII byte as a letter or a dot (the view may read it
// as one), so it only ever lets more strings through.
func piiMirrorable(s string) bool {
	if strings.IndexByte(s, '@') < 0 && strings.IndexByte(s, 0xEF) < 0 { // '＠' is EF BC A0, '﹫' EF B9 AB
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '@' && (s[i] != 0xEF || !strings.HasPrefix(s[i:], "\uff20") && !strings.HasPrefix(s[i:], "\ufe6b")) {
			continue
		}
		dot, letters := false, 0 // a dot seen, and letters since, right to left
		for j := i - 1; j >= 0; j-- {
			switch c := s[j]; {
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
				if dot {
					if letters++; letters >= 2 {
						return true
					}
				}
				if c >= 0x80 {
					dot = true
				}
			case c == '.':
				dot, letters = true, 0
			case c >= '0' && c <= '9' || c == '-':
				letters = 0
			case piiDropped(c), c == ' ' && i-j <= 2: // the view leaves it out; "moc.elpmaxe @ enaj"
			default:
				j = 0 // the run of domain characters ends
			}
		}
	}
	return false
}

// reverseRunes returns s with its code points in reverse order (each invalid
// byte one code point). A rune boundary at byte x of the result is the
// boundary at len(s)-x of s, so a region found in it maps back whole.
func reverseRunes(s string) string {
	b := make([]byte, len(s))
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		copy(b[len(s)-i-size:], s[i:i+size])
		i += size
	}
	return string(b)
}

// scrubPIIForward is scrubPII reading s in its written order only.
func scrubPIIForward(s string) (string, int) {
	if !piiPossible(s) {
		return s, 0
	}
	var rg piiRegions
	rg.init(s)
	start, end, ok := rg.next()
	if !ok {
		return s, 0
	}
	var b strings.Builder
	// Masked code points never grow, so len(s) always suffices.
	b.Grow(len(s))
	n, last := 0, 0
	for ok {
		writeStr(&b, s[last:start])
		for k := utf8.RuneCountInString(s[start:end]); k > 0; k -= len(piiStars) {
			writeStr(&b, piiStars[:min(k, len(piiStars))])
		}
		n++
		last = end
		start, end, ok = rg.next()
	}
	writeStr(&b, s[last:])
	return b.String(), n
}

// piiPossible is the detectors' quick exit: every detector needs a digit
// (runs, cards, SSNs, IBANs, labelled codes and dates, IPv6 and MAC
// addresses), an '@' (e-mail), an "at" mark (an address spelled with words,
// "jane(at)example(dot)com"), a password label or three digit words, and only
// non-ASCII text or a '%' escape can hide one, so an ASCII string with none
// of '0'–'9', '@', '%' and such a mark or label, and fewer than two spaces
// and dashes or no three digit words in a row, cannot match. Most kept
// identifiers and class names are such. Three digit words in a row are
// read for a label that names them ("PIN is four eight two"), six for a
// number.
// A password label without a 'w' ("senha", "mot de passe") is looked for
// once, at the first ':', '=' or block mark, which a password's value needs.
// A '?' before "name=", or before a name the end of s cuts, lets a string
// through too, and so does a token's label at its end: a query value in text
// (pii_query.go, masked by Session.piiTokens and piiText, not by
// scrubPII) or a token may run on into the next node, which piiText reads
// with it.
// So is "is" or "was" after the last word of a password label ("Your
// security answer is fluffy", "maiden name was Quist", "the secret is
// tulip"): a ' ' before it, and the word before the ' ' one of
// passwordLastIndex.
// A BIC's label cut by the start of s ("FT: DEUT" after "<span>SWI</span>")
// lets it through at its ':' too: a BIC has no digit to be seen by.
// A control character other than HTML whitespace (DEL included) is
// something the ASCII reading leaves out, so it can hide what that look misses
// ("Senha=\x01segredo" reads "Senha=segredo"): such strings are scanned.
func piiPossible(s string) bool {
	gaps, named := 0, false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' || c == '@' || c == '#' || c == '%' || c >= 0x80 || c < ' ' && !isHTMLSpace(c) || c == 0x7f ||
			c|0x20 == 't' && spelledHint(s, i) ||
			c|0x20 == 'w' && passwordHint(s, i) ||
			c == '/' && profileHint(s, i) || // "github.com/jfaraday" (pii_handles.go)
			c == '.' && ensStart(s, i, 0) >= 0 || // "hannelore.eth" (pii_ens.go)
			c == '.' && subdomainHint(s, i) || // "hquist.github.io" (pii_subdomain.go)
			c == ' ' && i+1 < len(s) && nameCapitalAt(s, i+1) && nameFieldWordBefore(s, i) || // "Patient Hannelore Quist" (pii_name_titled.go)
			c == '?' && queryHint(s, i+1) { // a query value in text (pii_query.go) that runs on into the next node
			return true
		} else {
			if c == ' ' || c == '-' {
				gaps++
			}
			// "ghp_…", "Bearer …", and after every other mark a label's
			// value may follow ("Bearer(…", "Bearer.…": labelSeparator);
			// a token may start with '+', '/' or '~' right after its
			// label ("Bearer+AbC…", base64 with no space)
			if (c == ' ' || c == '-' || c == '_' || c == ':' || c == '(' || c == '.' || c == '>' || c == '\t' || c == '\n' || c == '\r' ||
				c == '+' || c == '/' || c == '~') && tokenHint(s, i) {
				return true
			}
			// What names a password: a ':', '=', block or line mark, or 1
			// to 3 '-' between spaces ("senha - segredo", "senha -- x").
			if !named && (c == ':' || c == '=' || c == piiBlockMark[0] || c == piiLineMark[0] || c == '-' && spacedHyphens(s, i) > 0 ||
				labelSeparator(c) && isWasAfter(s, i) && wasLabelBefore(s, i) || nameWordBefore(s, i)) {
				if named = true; passwordHint(s, i) || c == ':' && bicLabelCut(s, i) {
					return true
				}
			}
		}
	}
	// A token's label that ends s may name what the next node holds
	// ("<span>Bearer</span><span> abcdefghijklmnopqrst</span>").
	return tokenHint(s, len(s)) || gaps >= 2 && hasNumberWords(s)
}

// spacedHyphens returns the length of the run of 1 to 3 '-' at s[i] with
// a space on each side of it, else 0: such a run names a password as a ':'
// does ("senha - segredo", "Password -- hunter2", a dash typed as two).
func spacedHyphens(s string, i int) int {
	if s[i] != '-' || i == 0 || s[i-1] != ' ' {
		return 0
	}
	b := i + 1
	for b < len(s) && b-i < 4 && s[b] == '-' {
		b++
	}
	if b-i > 3 || b == len(s) || s[b] != ' ' {
		return 0
	}
	return b - i
}

// hasNumberWords reports whether s holds six digits in words, or three
// that a label may name ("your PIN is four eight two one"): only strings
// with a run of three digit words are read for labels.
//
//go:noinline
func hasNumberWords(s string) bool {
	if m, _ := numberWordsAtLeast(s, 0, 3); m.kind == 0 {
		return false
	}
	m, _ := nextNumberWords(s, 0)
	l, _ := nextLabelledValue(s, 0)
	return m.kind != 0 || l.kind != 0
}

// piiStars is a supply of maskChar for writing masked regions in chunks.
const piiStars = "********************************"

// hasPII reports whether scrubPII would change s. It does not allocate and is
// safe for concurrent use.
func hasPII(s string) bool {
	if !piiPossible(s) {
		return false
	}
	_, n := scrubPII(s) // allocates only on a match, which is rare here
	return n > 0
}

// piiRegions yields the masked regions of s, in bytes of s: the detectors'
// matches on s as written and on its ASCII readings (pii_view.go), merged
// where they overlap or touch. Strings that are ASCII and hold no '%' have
// no reading but s, and only strings with hidden text have two ASCII
// readings; the others cost nothing more.
type piiRegions struct {
	sc    [numPIIReadings]piiScanner
	view  [numPIIReadings]piiView // the text sc[k] scans (s itself, with no shifts, for readAsWritten)
	ahead [numPIIReadings][2]int  // the next region of each reading; start -1 when none is left
}

// The readings of s: as written, and its ASCII views (pii_view.go), hidden
// text read as digits or left out.
const (
	readAsWritten = iota
	readHiddenAsDigits
	readHiddenAsNothing
	numPIIReadings
)

func (rg *piiRegions) init(s string) {
	var ok, hidden bool
	rg.view[readAsWritten] = piiView{view: s}
	rg.view[readHiddenAsDigits], ok, hidden = newPIIView(s, true)
	if hidden {
		rg.view[readHiddenAsNothing], _, _ = newPIIView(s, false)
	}
	for k := range rg.sc {
		rg.ahead[k] = [2]int{-1, -1}
		if k == readAsWritten || k == readHiddenAsDigits && ok || hidden {
			rg.sc[k].init(rg.view[k].view, k == readAsWritten)
			rg.pull(k)
		}
	}
}

// pull reads reading k's next region, mapped to offsets in s.
func (rg *piiRegions) pull(k int) {
	start, end, ok := rg.sc[k].next()
	if !ok {
		rg.ahead[k] = [2]int{-1, -1}
		return
	}
	rg.ahead[k] = [2]int{rg.view[k].src(start), rg.view[k].src(end)}
}

// next returns the next region of the union, leftmost first.
func (rg *piiRegions) next() (start, end int, ok bool) {
	first := -1
	for k, a := range rg.ahead {
		if a[0] >= 0 && (first < 0 || a[0] < rg.ahead[first][0]) {
			first = k
		}
	}
	if first < 0 {
		return 0, 0, false
	}
	start, end = rg.ahead[first][0], rg.ahead[first][1]
	rg.pull(first)
	for grown := true; grown; {
		grown = false
		for k, a := range rg.ahead {
			if a[0] >= 0 && a[0] <= end {
				end = max(end, a[1])
				rg.pull(k)
				grown = true
			}
		}
	}
	return start, end, true
}

// piiKind names the detector behind a match; 0 means no match.
type piiKind uint8

const (
	piiDigits piiKind = iota + 1
	piiSSN
	piiCard
	piiEmail
	piiIBAN
	piiLabelled
	piiAddress
	piiHandle
)

// piiMatch is one detector's match: the bytes s[start:end].
type piiMatch struct {
	start, end int
	kind       piiKind
}

// The detector families. Each yields its matches in order of start, so the
// scanner can merge them in one sweep.
const (
	streamDigits = iota
	streamEmail
	streamIBAN
	streamGroupedCard
	streamSpelledEmail
	streamLabelled
	streamHexAddress
	streamNumberWords
	streamCodeFirst
	streamStreet
	streamHandle
	streamNameAge
	numPIIStreams
)

// piiScanner merges the match streams of the detector families into
// disjoint masked regions, left to right. The zero value is not ready: call
// init. It lives on the caller's stack; nothing in it allocates.
type piiScanner struct {
	s    string
	head [numPIIStreams]piiMatch // each family's next match, kind 0 when none is left
	pos  [numPIIStreams]int      // where each family resumes its search
}

// A handle is read as written only (written): the ASCII reading makes
// each '#' an '@', and "#main" would be a handle ("href=\"#icon\"").
func (sc *piiScanner) init(s string, written bool) {
	sc.s = s
	if !written {
		sc.pos[streamHandle] = len(s)
	}
	for k := range sc.head {
		sc.fetch(k)
	}
}

// fetch replaces family k's head by its next match.
func (sc *piiScanner) fetch(k int) {
	sc.head[k], sc.pos[k] = piiStreamNext[k](sc.s, sc.pos[k])
}

// piiStreamNext are the families' scanners, by stream: one indirect call
// in fetch instead of a switch of eight call sites (1.8 KB of WASM).
var piiStreamNext = [numPIIStreams]func(string, int) (piiMatch, int){
	streamDigits:       nextDigitRun,
	streamEmail:        nextEmail,
	streamIBAN:         nextIBAN,
	streamGroupedCard:  nextGroupedCard,
	streamSpelledEmail: nextSpelledEmail,
	streamLabelled:     nextLabelledValue,
	streamHexAddress:   nextHexAddress,
	streamNumberWords:  nextNumberWords,
	streamCodeFirst:    nextCodeFirst,
	streamStreet:       nextStreetAddress,
	streamHandle:       nextHandle,
	streamNameAge:      nextNameAge,
}

// next returns the next masked region: the leftmost match, grown by every
// match that overlaps or touches it.
func (sc *piiScanner) next() (start, end int, ok bool) {
	first := -1
	for k, h := range sc.head {
		if h.kind != 0 && (first < 0 || h.start < sc.head[first].start) {
			first = k
		}
	}
	if first < 0 {
		return 0, 0, false
	}
	start, end = sc.head[first].start, sc.head[first].end
	sc.fetch(first)
	for grown := true; grown; {
		grown = false
		for k, h := range sc.head {
			if h.kind != 0 && h.start <= end {
				end = max(end, h.end)
				sc.fetch(k)
				grown = true
			}
		}
	}
	return start, end, true
}
