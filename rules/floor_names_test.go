package rules

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestFloorName(t *testing.T) {
	for _, tc := range []struct {
		name  string
		floor bool
	}{
		{"password", true},
		{"cvc\u200b", true}, // invisible characters read as nothing
		{"pass\u200dword", true},
		{"c\u00advv", true},
		{"\ufeffotp", true},
		{"one\u2060time\u2060code", true},
		{"\u2022\u2022\u2022\u2022", true}, // placeholder="••••"
		{"**** **** **** ****", true},
		{"\u25cf\u25cf\u25cf\u25cf\u25cf\u25cf", true},
		{"**", false},
		{"*** required", false},
		{"\u2022 item", false},
		{"secret", true},
		{"api_key", true},
		{"apiKey", true},
		{"client_secret", true},
		{"access-token", true},
		{"recovery_code", true},
		{"seed phrase", true},
		{"keyboard", false},
		{"tokenizer", false},
		{"user_password", true},
		{"userPassword", true},
		{"PASSWORD2", true},
		{"login[pwd]", true},
		{"pw", true},
		{"card-cvc", true},
		{"cardCvv", true},
		{"cc_csc", true},
		{"cvv2", true},
		{"pin", true},
		{"pin_code", true},
		{"otp", true},
		{"mfa-otp-input", true},
		{"cardsecuritycode", true},
		{"cardnumber", true},
		{"ccnumber", true},
		{"ccExpMonth", true},
		{"one_time_code", true}, // the run, read across its separators
		{"onetimecode", true},
		{"verificationCode", true},
		{"Enter your card number", true},
		{"Your PIN", true},
		{"Password (8 characters or more)", true},
		{"Security code", true},
		{"Search products", false},
		{"Your opinion", false},
		{"newpassword1", true},
		{"email", false},
		{"username", false},
		{"spinner", false},
		{"shipping", false},
		{"opinion", false},
		{"pincode", true}, // a postcode in India, a PIN elsewhere (as pinCode, pin_code): masking more never leaks
		{"pass", true},
		{"user_pass", true},
		{"newPass", true},
		{"pwd1", true},
		{"ccv2", true},
		{"2fa_code", true},
		{"senha", true},
		{"Contraseña", true},
		{"Mot de passe", true},
		{"Пароль", true},
		{"пароль", true},
		{"Cryptogramme visuel", true},
		{"MM/YY", true},
		{"MM / AA", true},
		{"Kennwort", true},
		{"パスワード", true},
		{"passport", false},
		{"passenger", false},
		{"compass2", false},
		{"mmyyyy", true},
		{"Grüße", false},
		{"exp_month", true},
		{"exp-year", true},
		{"cardNo", true},
		{"export", false},
		{"expand", false},
		{"compass", false},
		{"cardholder", false},
		{"cvcs", false},
		{"Expiry date", true}, // a card's
		{"card_exp_date", true},
		{"expirationDate", true},
		{"security-answer-1", true},
		{"experience", false},
		{"cc_num", true},
		{"Einmalpasswort", true},
		{"Kartennummer", true},
		{"Numéro de carte", true},
		{"Número de tarjeta", true},
		{"Código de seguridad", true},
		{"Fecha de vencimiento", true},
		{"Número do cartão", true},
		{"Lösenord", true},
		{"Hasło", true},
		{"Şifre", true},
		{"Номер карты", true},
		{"Код подтверждения", true},
		{"비밀번호", true},
		{"인증번호", true},
		{"カード番号", true},
		{"セキュリティコード", true},
		{"验证码", true},
		{"卡号", true},
		{"كلمة المرور", true},
		{"סיסמה", true},
		{"รหัสผ่าน", true},
		{"Kata sandi", true},
		{"Mật khẩu", true},
		{"Postleitzahl", false},
		{"Código postal", false},
		{"Numéro de téléphone", false},
		{"Nombre", false},
		{"", false},
		// The whole value is read, across the windows the runs are looked
		// for in: padding before the word does not hide it.
		{strings.Repeat("x", 250) + " password", true},
		{strings.Repeat("Please enter it here. ", 5000) + "Your PIN", true},
		{strings.Repeat("x", 250) + "cardnumber", true},
		{strings.Repeat("a1", 127) + "securitycode", true}, // a run across a window's end
		{strings.Repeat("x ", 300) + "cardverificatio", false},
		{"Password " + strings.Repeat("x", 300), true},
		{strings.Repeat("word ", 1000), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := floorName(tc.name); got != tc.floor {
				t.Errorf("floorName(%q) = %v, want %v", tc.name, got, tc.floor)
			}
		})
	}
}

func TestDecideFloorsControlsByName(t *testing.T) {
	s := mustSet(t, `{"mode":"allow-list","allow":["body","body *"]}`)
	for _, tc := range []struct {
		el    *html.Node
		floor bool
	}{
		{element("input", "type", "text", "name", "password"), true},
		{element("input", "id", "card-cvc"), true},
		{element("textarea", "NAME", "otp"), true},
		{element("select", "id", "ccExpMonth"), true},
		{element("output", "name", "pin"), true},
		{element("input", "placeholder", "Card number"), true},
		{element("input", "aria-label", "One-time code"), true},
		{element("input", "placeholder", "Your name"), false},
		{element("input", "name", "email"), false},
		{element("div", "id", "password-help"), false}, // not a control: its text is the page's
		{element("button", "name", "pin"), false},
		{element("input", "title", "PIN"), true},
		{element("input", "class", "form-control password-input"), true},
		{element("input", "class", "form-control"), false},
		{element("div", "title", "PIN", "class", "pin"), false},
		// Drawn as discs: a password field to the person typing.
		{element("input", "style", "-webkit-text-security: disc"), true},
		{element("textarea", "STYLE", "-WEBKIT-TEXT-SECURITY:circle"), true},
		{element("input", "style", "te\\78t-security: square"), true},              // an escape may spell it
		{element("input", "style", "font-family: Password Dots, monospace"), true}, // a font of discs
		{element("input", "style", "color: red"), false},
		{element("div", "style", "-webkit-text-security: disc"), false}, // not a control
		// One box of a code split over several: one character, digits.
		{element("input", "maxlength", "1", "inputmode", "numeric"), true},
		{element("input", "type", "tel", "maxlength", " 1 "), true},
		{element("input", "MAXLENGTH", "1", "pattern", "[0-9]"), true},
		{element("input", "pattern", `\d*`, "maxlength", "1"), true},
		{element("input", "inputmode", "Decimal", "maxlength", "1"), true},
		{element("input", "name", "middle_initial", "maxlength", "1"), false}, // one character, no digits
		{element("input", "inputmode", "numeric", "maxlength", "5"), false},   // a postcode
		{element("div", "maxlength", "1", "inputmode", "numeric"), false},     // not a control
	} {
		t.Run(tc.el.Data+" "+tc.el.Attr[len(tc.el.Attr)-1].Val, func(t *testing.T) {
			if got := s.Decide(tc.el, Decision{}).Floor; got != tc.floor {
				t.Errorf("Floor = %v, want %v", got, tc.floor)
			}
		})
	}
}

// TestDecideFloorsControlsByLabel: the text of the label around a control
// names it, read as a browser shows it (across inline elements), but not
// the control's own content, and not a label beyond labelDepth levels.
func TestDecideFloorsControlsByLabel(t *testing.T) {
	s := mustSet(t, `{"mode":"allow-list","allow":["body","body *"]}`)
	doc := parsePage(t, `<form>
		<label>Security code <input id="a"></label>
		<label><span>Card <b>number</b></span><div><div><input id="b"></div></div></label>
		<label><input id="c"> One-time code</label>
		<label>Your name <input id="d"></label>
		<label>Country <select id="e"><option>PIN</option><option>Pinland</option></select></label>
		<label>Note <textarea id="f">my password is</textarea></label>
		<label>Password</label><input id="g">
		<label>PIN`+strings.Repeat("<span>", labelDepth)+`<input id="h">`+strings.Repeat("</span>", labelDepth)+`</label>
		<label>PIN`+strings.Repeat("<span>", labelDepth-1)+`<input id="i">`+strings.Repeat("</span>", labelDepth-1)+`</label>
		<label>`+strings.Repeat("Please enter it here. ", 30)+`PIN <input id="j"></label>
		<label>`+strings.Repeat("<i></i>", labelNodes-2)+`PIN <input id="k"></label>
		<label>`+strings.Repeat("<i></i>", labelNodes)+`PIN <input id="l"></label>
	</form>`)
	for id, floor := range map[string]bool{
		"a": true, "b": true, "c": true, "d": false, "e": false, "f": false,
		"g": false, // a label elsewhere, by for= or none, is not read
		"h": false, // beyond labelDepth
		"i": true,
		"j": false, // beyond labelBytes
		"k": true,
		"l": false, // beyond labelNodes
	} {
		t.Run(id, func(t *testing.T) { checkFloor(t, s, byID(t, doc, id), floor) })
	}
}

// checkFloor decides n under its ancestors' decisions and checks its floor.
func checkFloor(t *testing.T, s *Set, n *html.Node, floor bool) {
	var d Decision
	for _, a := range ancestors(n) {
		d = s.Decide(a, d)
	}
	if got := s.Decide(n, d).Floor; got != floor {
		t.Errorf("#%s: Floor = %v, want %v", attr(n, "id"), got, floor)
	}
}

// ancestors lists n's element ancestors, outermost first.
func ancestors(n *html.Node) []*html.Node {
	var out []*html.Node
	for p := n.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		out = append([]*html.Node{p}, out...)
	}
	return out
}

// TestFloorListsFound: every floor word and run is found on its own, so
// the quick exits of isFloorWord and hasFloorRun (first letters, shortest
// run) agree with the lists.
func TestFloorListsFound(t *testing.T) {
	for _, w := range strings.Fields(floorWords) {
		if !isFloorWord([]byte(w)) || !floorName(w) {
			t.Errorf("floor word %q not found", w)
		}
	}
	for _, r := range strings.Fields(floorRuns) {
		if len(r) < minFloorRun || !hasFloorRun([]byte(r)) || !floorName("x"+r+"x") {
			t.Errorf("floor run %q not found", r)
		}
	}
}

// TestDecideFloorsEditingHostsByName: an editing host named like a floor
// field (its attributes or its label) is on the floor as a control is.
func TestDecideFloorsEditingHostsByName(t *testing.T) {
	s := mustSet(t, `{"mode":"allow-list","allow":["body","body *"]}`)
	doc := parsePage(t, `<div id="a" contenteditable aria-label="Card security code">x</div>
		<div id="b" contenteditable data-veil-label="PIN">x</div>
		<div id="pin-entry" contenteditable>x</div>
		<label>Password <span id="c" contenteditable>x</span></label>
		<div id="d" contenteditable aria-label="Comment">x</div>
		<div id="e" aria-label="PIN">x</div>`)
	for id, floor := range map[string]bool{"a": true, "b": true, "pin-entry": true, "c": true, "d": false, "e": false} {
		t.Run(id, func(t *testing.T) { checkFloor(t, s, byID(t, doc, id), floor) })
	}
}

// TestDecideFloorsControlsInFieldComponents: a control that is a custom
// element's own child (drawn in a slot of its shadow tree) is named by the
// component as one inside its shadow tree is; other wrappers do not name it.
func TestDecideFloorsControlsInFieldComponents(t *testing.T) {
	s := mustSet(t, `{"mode":"allow-list","allow":["body","body *"]}`)
	for _, tc := range []struct {
		wrapper *html.Node
		floor   bool
	}{
		{element("pay-field", "name", "cvc"), true},
		{element("ui-input", "aria-label", "Card number"), true},
		{element("x-field", "class", "otp-box"), true},
		{element("ui-input", "name", "email"), false},
		{element("sl-input", "label", "Card number"), true},
		{element("vaadin-text-field", "label", "PIN"), true},
		{element("sl-input", "label", "Your name"), false},
		{element("div", "class", "password-reset"), false}, // a plain wrapper: a page section, not a field
	} {
		t.Run(tc.wrapper.Data+" "+tc.wrapper.Attr[0].Val, func(t *testing.T) {
			in := element("input", "type", "text")
			span := element("span")
			tc.wrapper.AppendChild(span)
			span.AppendChild(in)
			if got := s.Decide(in, Decision{}).Floor; got != tc.floor {
				t.Errorf("Floor = %v, want %v", got, tc.floor)
			}
		})
	}
}

// TestDecideFloorsSlottedControlsByShadowLabel: a control drawn in a slot of
// a field component is named by a <label> of the component's shadow tree.
func TestDecideFloorsSlottedControlsByShadowLabel(t *testing.T) {
	s := mustSet(t, `{"mode":"allow-list","allow":["body","body *"]}`)
	for _, tc := range []struct {
		label string
		floor bool
	}{
		{"Security code", true},
		{"Mot de passe", true},
		{"Nickname", false},
	} {
		t.Run(tc.label, func(t *testing.T) {
			host := element("ui-field")
			sr := &html.Node{Type: html.DocumentNode, Data: shadowRootData}
			label, wrap := element("label"), element("span")
			label.AppendChild(&html.Node{Type: html.TextNode, Data: tc.label})
			label.AppendChild(element("slot"))
			wrap.AppendChild(label)
			sr.AppendChild(wrap)
			host.AppendChild(sr)
			in := element("input")
			host.AppendChild(in)
			if got := s.Decide(in, Decision{}).Floor; got != tc.floor {
				t.Errorf("Floor = %v, want %v", got, tc.floor)
			}
		})
	}
}
