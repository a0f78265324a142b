package rules

import (
	"strings"

	"golang.org/x/net/html"
)

// A control's name, id, aria-label, placeholder, title or class can say it
// holds a credential, a card's data or a one-time code where its type and
// autocomplete do not: a password field shown as text (a "show password"
// toggle flipped before recording began), a CVC field, a code field without
// autocomplete="one-time-code", placeholder="Your PIN", title="PIN",
// class="password-input". Such a control is on the floor too: masking more
// never leaks.
//
// A name is read as words: split at anything that is not an ASCII letter or
// digit and where a lower-case letter is followed by an upper-case one
// (cardCvc, card_cvc, card-cvc). One floor word anywhere makes the name a
// floor name; so does a floor run inside its letters and digits read
// without the separators (cardsecuritycode, userpassword1, one_time_code).

// floorWords are whole words that name a credential, a card's data or a
// one-time code, each followed by a space (one string: a list of strings
// would cost the engine a header each). A word is compared without the
// digits it ends in (pwd1, cvv2, pass2).
const floorWords = "password passwd passwort pass pwd pw passcode passphrase pin pincode " +
	"cvv cvc csc cvn cid ccv otp totp hotp 2fa mfa senha clave exp secret "

// floorRuns are spellings that name the same inside a longer word, in
// English and in the languages a bank's or a government's form is often
// written in. Letters outside ASCII are compared as their UTF-8 bytes, as
// written: "ароль" is Пароль and пароль; a run that starts with an ASCII
// letter matches whatever the case.
const floorRuns = "password passwd passcode passphrase " +
	"securitycode cardnumber cardnum ccnum creditcard cardverification " +
	"cardcvc cardcvv cardexp cardno ccexp cccvc cccvv cccsc " +
	"onetimecode otpcode verificationcode smscode authcode mfacode twofactor " +
	"expiry expdate expirationdate securityanswer secretanswer mmyy mmaa " +
	// keys and tokens a form asks for: as much a credential as a password
	"apikey apisecret accesstoken authtoken refreshtoken clientsecret privatekey secretkey " +
	"recoverycode backupcode seedphrase " +
	"kennwort passwort wachtwoord motdepasse contrasena contraseña senha cryptogramme " +
	"ароль пинкод パスワード 暗証番号 密码 密碼 " +
	// passwords, card numbers, security codes, expiry and one-time codes
	// in more languages (a run of another script starting in upper case
	// leaves its first letter out: омеркарты is Номер карты and номер карты)
	"kartennummer kreditkarte sicherheitscode prüfnummer pruefnummer ablaufdatum " +
	"numérodecarte numerodecarte codedesécurité codedesecurite datedexpiration " +
	"númerodetarjeta numerodetarjeta códigodeseguridad codigodeseguridad fechadevencimiento " +
	"númerodocartão numerodocartao códigodesegurança codigodeseguranca " +
	"numerodicarta numerodellacarta codicedisicurezza " +
	"kaartnummer beveiligingscode vervaldatum kortnummer kortinnumero säkerhetskod sakerhetskod " +
	"sikkerhedskode sikkerhetskode turvakoodi lösenord losenord passord adgangskode salasana " +
	"hasło haslo numerkarty heslo číslokarty Číslokarty cislokarty jelszó jelszo kártyaszám kartyaszam " +
	"şifre Şifre sifre kartnumarası kartnumarasi parolă katasandi katalaluan nomorkartu mậtkhẩu matkhau " +
	"омеркарты одподтверждения ωδικόςπρόσβασης " +
	"비밀번호 인증번호 카드번호 보안코드 認証コード 確認コード カード番号 セキュリティコード ワンタイム 有効期限 " +
	"验证码 驗證碼 卡号 卡號 安全码 安全碼 有效期 口令 " +
	"كلمةالمرور كلمةالسر رقمالبطاقة رمزالتحقق סיסמה סיסמא מספרכרטיס รหัสผ่าน पासवर्ड "

// floorWindow is how many letters and digits are gathered before the runs
// are looked for in them; the last floorOverlap of them are read again with
// the next ones, since no run is longer. The whole value is read: a
// placeholder padded with text before the word still names the field.
const (
	floorWindow  = 256
	floorOverlap = 24
)

// floorName reports whether v, a control's name, id, aria-label,
// placeholder, title, class or label text, names a floor field. It reads v
// once, in time linear in its length, and never allocates.
func floorName(v string) bool {
	var buf [floorWindow]byte
	joined := buf[:0] // v's letters and digits, lower case, since the last window
	start := 0        // start of the current word in joined
	prevLower := false
	for i := 0; i <= len(v); i++ {
		c := byte(0) // the end of v ends a word too
		if i < len(v) {
			c = v[i]
		}
		if c >= 0x80 {
			if w := invisibleAt(v, i); w > 0 {
				i += w - 1 // neither a letter nor a separator: cvc\u200b is cvc
				continue
			}
		}
		upper := 'A' <= c && c <= 'Z'
		lower := 'a' <= c && c <= 'z'
		alnum := upper || lower || '0' <= c && c <= '9' || c >= 0x80 // UTF-8: letters of other scripts
		if !alnum || upper && prevLower {                            // a word ends here
			if isFloorWord(joined[start:]) {
				return true
			}
			start = len(joined)
		}
		prevLower = lower
		if upper {
			c += 'a' - 'A'
		}
		if !alnum {
			continue
		}
		if len(joined) == floorWindow {
			if hasFloorRun(joined) {
				return true
			}
			// Keep the tail a run may continue in. A word longer than it is no
			// floor word; cut, it might read as one, which only masks more.
			n := copy(buf[:], joined[floorWindow-floorOverlap:])
			start = max(0, start-(floorWindow-n))
			joined = buf[:n]
		}
		joined = append(joined, c)
	}
	return hasFloorRun(joined) || onlyMaskChars(v)
}

// invisibleAt returns the length of the character at v[i] when it draws
// nothing and joins nothing (zero-width spaces and joiners, the word
// joiner and invisible operators, the byte-order mark, the soft hyphen),
// else 0. A name spelled with them reads as its letters, as it shows.
func invisibleAt(v string, i int) int {
	if i+1 < len(v) && v[i] == 0xc2 && v[i+1] == 0xad { // U+00AD
		return 2
	}
	if i+2 >= len(v) {
		return 0
	}
	a, b := v[i+1], v[i+2]
	switch v[i] {
	case 0xe2:
		if a == 0x80 && 0x8b <= b && b <= 0x8f || a == 0x81 && 0xa0 <= b && b <= 0xa4 { // U+200B–200F, U+2060–2064
			return 3
		}
	case 0xef:
		if a == 0xbb && b == 0xbf { // U+FEFF
			return 3
		}
	}
	return 0
}

// onlyMaskChars reports whether v is three or more of the characters a
// form shows in place of a secret (* • ● ∙ · ⋅), spaces between: a field
// whose placeholder is "••••" or "**** ****" asks for one.
//
//go:noinline
func onlyMaskChars(v string) bool {
	n := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '*':
			n++
		case c == ' ':
		case c == 0xc2 && i+1 < len(v) && v[i+1] == 0xb7: // ·
			n++
			i++
		case c == 0xe2 && i+2 < len(v) && (v[i+1] == 0x80 && v[i+2] == 0xa2 || // •
			v[i+1] == 0x97 && v[i+2] == 0x8f || v[i+1] == 0x88 && v[i+2] == 0x99 || v[i+1] == 0x8b && v[i+2] == 0x85): // ● ∙ ⋅
			n++
			i += 2
		default:
			return false
		}
	}
	return n >= 3
}

// hasFloorRun reports whether letters, lower case and without separators,
// hold a floor run. Most names are read here (class lists, ids, labels), so
// runs whose first letter letters lacks are passed over without a search.
func hasFloorRun(letters []byte) bool {
	if len(letters) < minFloorRun {
		return false
	}
	var have uint32 // which first letters letters holds
	for _, c := range letters {
		have |= letterBit(c)
	}
	for list := floorRuns; list != ""; {
		k := strings.IndexByte(list, ' ')
		run := list[:k]
		list = list[k+1:]
		if have&letterBit(run[0]) != 0 && len(run) <= len(letters) && containsRun(letters, run) {
			return true
		}
	}
	return false
}

// minFloorRun is the length of the shortest floor run.
const minFloorRun = len("mmyy")

// letterBit is c's bit in a set of first letters: one per ASCII letter,
// one for digits and one for every byte of another script.
func letterBit(c byte) uint32 {
	switch {
	case 'a' <= c && c <= 'z':
		return 1 << (c - 'a')
	case '0' <= c && c <= '9':
		return 1 << 26
	case c >= 0x80:
		return 1 << 27
	}
	return 0
}

// containsRun is strings.Contains for a byte slice, without converting it.
func containsRun(letters []byte, run string) bool {
	for i := 0; i+len(run) <= len(letters); i++ {
		if letters[i] == run[0] && string(letters[i:i+len(run)]) == run {
			return true
		}
	}
	return false
}

func isFloorWord(w []byte) bool {
	for len(w) > 1 && '0' <= w[len(w)-1] && w[len(w)-1] <= '9' {
		w = w[:len(w)-1] // pwd1, cvv2
	}
	// The first letters of floorWords.
	const starts = 1<<('p'-'a') | 1<<('c'-'a') | 1<<('o'-'a') | 1<<('t'-'a') | 1<<('h'-'a') |
		1<<('m'-'a') | 1<<('s'-'a') | 1<<('e'-'a') | 1<<26
	if len(w) < 2 || starts&letterBit(w[0]) == 0 {
		return false
	}
	for list := floorWords; list != ""; {
		k := strings.IndexByte(list, ' ')
		if string(w) == list[:k] {
			return true
		}
		list = list[k+1:]
	}
	return false
}

// A control wrapped in its label, <label>Security code <input></label>, is
// named by the label's text as much as by its own attributes. The nearest
// label element among the control's ancestors (up to labelDepth levels) is
// read: its text but the control's own (a select's options, a textarea's
// text), joined as a browser shows it ("Card <b>number</b>"), up to
// labelBytes, visiting at most labelNodes of its nodes (a label of a
// thousand empty elements around each of a thousand controls costs no
// more than a short one). A label that points elsewhere with for= is read
// too: masking more never leaks. The labels that name a control through for= from
// elsewhere in the document are reported by the recorder, which has the
// browser's own answer (control.labels), as the control's data-veil-label
// attribute (capture.LabelAttr), read here like its other names.
const (
	labelDepth = 16
	labelBytes = 512
	labelNodes = 256 // nodes of the label visited at most: a label of empty elements costs no more
)

// hostNamesFloor reports whether an editing host's name, id, aria-label,
// placeholder, title, class or data-veil-label names a floor field, as
// index.match reads a control's.
func hostNamesFloor(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && isFloorNameAttr(a.Key) && floorName(a.Val) {
			return true
		}
	}
	return false
}

// hostOfFieldNamesFloor reports whether control n sits in the shadow tree
// of an element whose names say it is a floor field: a component standing
// for one field (<pay-field name="cvc">) is named on its host, and what
// is typed goes into an input of its own shadow tree.
// The control may also be the component's own child, drawn in a slot of
// its shadow tree (<pay-field name="cvc"><input></pay-field>): a custom
// element around the control names it so too.
func hostOfFieldNamesFloor(n *html.Node) bool {
	p := n.Parent
	for depth := 0; p != nil && depth < labelDepth; depth++ {
		if isShadowRoot(p) {
			return p.Parent != nil && hostNamesFloor(p.Parent)
		}
		if p.Type == html.ElementNode && p.Namespace == "" && strings.IndexByte(p.Data, '-') > 0 &&
			(hostNamesFloor(p) || shadowLabelNamesFloor(p)) {
			return true
		}
		p = p.Parent
	}
	return false
}

// shadowLabelNamesFloor reports whether a <label> in host's shadow tree
// (among its first labelNodes nodes) names a floor field: the component's
// own children are drawn in its slots, next to or inside that label.
func shadowLabelNamesFloor(host *html.Node) bool {
	for sr := host.FirstChild; sr != nil; sr = sr.NextSibling {
		if !isShadowRoot(sr) {
			continue
		}
		for c, seen := sr.FirstChild, 0; c != nil && c != sr && seen < labelNodes; seen++ {
			if c.Type == html.ElementNode && c.Namespace == "" && equalFold(c.Data, "label") && labelTextNamesFloor(c, nil) {
				return true
			}
			if c.FirstChild != nil && c.Type == html.ElementNode {
				c = c.FirstChild
				continue
			}
			for c.NextSibling == nil && c != sr {
				c = c.Parent
			}
			if c != sr {
				c = c.NextSibling
			}
		}
	}
	return false
}

func isShadowRoot(p *html.Node) bool {
	return p.Type == html.DocumentNode && p.Data == shadowRootData && p.Parent != nil
}

// isFloorNameAttr: the attributes a field's floor name is read from, on an
// editing host or a field component's host (whose label attribute is the
// field's label: <sl-input label="Card number">, <vaadin-text-field
// label="PIN">).
func isFloorNameAttr(key string) bool {
	for _, k := range [...]string{"name", "id", "aria-label", "placeholder", "title", "class", "data-veil-label", "label"} {
		if equalFold(key, k) {
			return true
		}
	}
	return false
}

// labelNamesFloor reports whether the label around control n names a floor
// field.
func labelNamesFloor(n *html.Node) bool {
	p := n.Parent
	for depth := 0; p != nil; depth++ {
		if depth == labelDepth {
			return false
		}
		if isShadowRoot(p) {
			p = p.Parent // a component's field is named by a label around its host
			continue
		}
		if p.Type != html.ElementNode {
			return false
		}
		if p.Namespace == "" && equalFold(p.Data, "label") {
			break
		}
		p = p.Parent
	}
	return p != nil && labelTextNamesFloor(p, n)
}

// labelTextNamesFloor reports whether the text of label p, but control n's
// own content, names a floor field.
func labelTextNamesFloor(p, n *html.Node) bool {
	var text []byte
	for c, seen := p.FirstChild, 0; c != nil && c != p && len(text) < labelBytes && seen < labelNodes; seen++ {
		switch {
		case c == n: // the control's own content says nothing of its name
		case c.Type == html.TextNode:
			text = append(text, c.Data[:min(len(c.Data), labelBytes-len(text))]...)
		case c.FirstChild != nil:
			c = c.FirstChild
			continue
		}
		for c.NextSibling == nil && c != p {
			c = c.Parent
		}
		if c != p {
			c = c.NextSibling
		}
	}
	return len(text) > 0 && floorName(string(text))
}
