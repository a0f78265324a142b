package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScrubPIILabelledValues(t *testing.T) {
	for in, want := range map[string]string{
		// short secrets a label names
		"PIN: 4821":                 "PIN: ****",
		"Your PIN is 4821.":         "Your PIN is ****.",
		"pin code 48 21":            "pin code *****",
		"CVV 123":                   "CVV ***",
		"cvc2=987":                  "cvc2=***",
		"Security code: 0042":       "Security code: ****",
		"security-code-1234":        "security-code-****",
		"TAN A7X9K2 is not a label": "TAN A7X9K2 is not a label",
		"one-time code: A7X9K2":     "one-time code: ******",
		"Recovery code 7731-8842":   "Recovery code *********",
		"PIN|4821":                  "PIN|****",
		"userPin4821":               "userPin****",
		"Password: hunter2":         "Password: *******",
		"生年月日：1985/03/14":           "生年月日：**********",
		"出生日期: 1985年3月14日":          "出生日期: **********",
		"생년월일 1985년 3월 14일":         "생년월일 ************",
		"Date of birth: 1985年3月14日": "Date of birth: **********",
		"2026年12月5日発売":              "2026年12月5日発売",
		"Пароль: hunterru":          "Пароль: ********",
		"пароль=hunterru":           "пароль=********",
		"ПИН-код: 4821":             "ПИН-код: ****",
		"Дата рождения: 14/03/1985": "Дата рождения: **********",
		"Запароль: x":               "Запароль: x",
		"كلمة المرور: hunterar":     "كلمة المرور: ********",
		"סיסמה: hunterhe":           "סיסמה: ********",
		"पासवर्ड: hunterhi":         "पासवर्ड: ********",
		"กรอกรหัสผ่าน: hunterth":    "กรอกรหัสผ่าน: ********",
		"请输入密码：hunterzh":            "请输入密码：********",
		"Şifre: huntertr":           "Şifre: ********",
		"Doğum tarihi: 14/03/1985":  "Doğum tarihi: **********",
		"Κωδικός: huntergr":         "Κωδικός: ********",
		// all-caps labels whose small letters have another lead byte
		"ПАРОЛЬ: hunterru":                  "ПАРОЛЬ: ********",
		"ВАШ ПАРОЛЬ — hunterru":             "ВАШ ПАРОЛЬ — ********",
		"ДАТА РОЖДЕНИЯ: 14.03.1985":         "ДАТА РОЖДЕНИЯ: **********",
		"Дата рождения: 14 марта 1985 г.":   "Дата рождения: ************* г.",
		"ДАТА РОЖДЕНИЯ: 3 СЕНТЯБРЯ 1990":    "ДАТА РОЖДЕНИЯ: ***************",
		"Born: 1 September 1990":            "Born: ****************",
		"ΚΩΔΙΚΟΣ: huntergr":                 "ΚΩΔΙΚΟΣ: ********",
		"ΚΩΔΙΚΟΣ ΠΡΟΣΒΑΣΗΣ: huntergr":       "ΚΩΔΙΚΟΣ ΠΡΟΣΒΑΣΗΣ: ********",
		"Κωδικοσ=huntergr":                  "Κωδικοσ=********",
		"ŞİFRE: huntertr":                   "ŞİFRE: ********",
		"РАЗПАРОЛЬ: x":                      "РАЗПАРОЛЬ: x",
		"API key: zqvmwkrtplxbgnhd":         "API key: ****************",
		"?access_token=&state=":             "?access_token=&state=",
		"Visa ending 1111, exp. 04/29":      "Visa ending 1111, exp. *****",
		"EXP 04/2029":                       "EXP *******",
		"Valid thru 04/29":                  "Valid thru *****",
		"Account number: 12345":             "Account number: *****",
		"Member ID: AB12":                   "Member ID: ****",
		"Offer expires 12/05/2026.":         "Offer expires 12/05/2026.",
		"IBAN: GB82-WEST-1234-5698-7654-32": "IBAN: ***************************",
		"Kontonummer 0532013":               "Kontonummer *******",
		"Last login from IP 82.1.2.3.":      "Last login from IP ********.",
		"IP address: 10.0.0.1":              "IP address: ********",
		"Backup code ab12-cd34":             "Backup code *********",
		"your password is correcthorse":     "your password is ************",
		"Kennwort: geheim!":                 "Kennwort: *******",
		"contraseña: secreto":               "contraseña: *******",
		"password=s3cr3t&user=x":            "password=*************",
		"Password|hunter2x":                 "Password|********",
		// a cell or item of its own after the label is the value whole
		"Password|correct horse battery":              "Password|*********************",
		"Passphrase | correct horse |Save":            "Passphrase | ************* |Save",
		"Пароль|верный конь батарея":                  "Пароль|*******************",
		"Security answer|the blue lagoon":             "Security answer|***************",
		"Password: correct horse":                     "Password: ******* horse",
		"Password|" + strings.Repeat("help text ", 7): "Password|****" + strings.Repeat(" text help", 6) + " text ",
		"Password: ********":                          "Password: ********",
		"DOB: 14/03/1985":                             "DOB: **********",
		"Born on March 14th, 1985.":                   "Born on ****************.",
		"date_of_birth 1985-03-14":                    "date_of_birth **********",
		"Birthday: 14 Mar":                            "Birthday: ******",
		"lat 51.5074, lon -0.1278":                    "lat *******, lon -******",
		"coordinates: 51.5074, -0.1278":               "coordinates: ****************",
		"GPS 48.85837":                                "GPS ********",
		"lat 51,5074, lon -0,1278":                    "lat *******, lon -******",
		"Koordinaten: GPS 48,85837":                   "Koordinaten: GPS ********",
		// coordinates without a label: degrees, minutes and seconds, or
		// decimal minutes; decimal degrees with a hemisphere
		"51°30'26.5\"N 0°07'39.0\"W":   "***********N **********W",
		"51° 30′ 26″ N, 0° 7′ 39″ W":   "*********** N, ********* W",
		"N 51° 30.441' W 000° 07.646'": "N *********** W ************",
		"37.7749° N, 122.419° W":       "**********, **********",
		"rotate 45°30' and 90°":        "rotate 45°30' and 90°",
		"It was 21.5°C, 98.6°F":        "It was 21.5°C, 98.6°F",
		"12.345° angle":                "12.345° angle",
		// labels in other languages, capitals folded past ASCII
		"Geheimzahl: 4711":               "Geheimzahl: ****",
		"NIP : 4821":                     "NIP : ****",
		"Pincode 4821":                   "Pincode ****",
		"CONTRASEÑA: secreto":            "CONTRASEÑA: *******",
		"Mot de passe : hunter2":         "Mot de passe : *******",
		"Senha: segredo":                 "Senha: *******",
		"senha|segredo":                  "senha|*******",
		"Heslo=tajne":                    "Heslo=*****",
		"Password — hunter2":             "Password — *******",
		"password => hunter2":            "password => *******",
		"PIN – 4821":                     "PIN – ****",
		"Geboren am 14. März 1985":       "Geboren am *************",
		"GEBOREN AM 14. MÄRZ 1985":       "GEBOREN AM *************",
		"Geb.-Datum: 14/3/85":            "Geb.-Datum: *******",
		"Geboortedatum: 14/03/1985":      "Geboortedatum: **********",
		"Data urodzenia: 14/03/1985":     "Data urodzenia: **********",
		"Födelsedatum: 14/03/1985":       "Födelsedatum: **********",
		"nata il 14/03/1985":             "nata il **********",
		"nacido el 14 de marzo de 1985":  "nacido el *******************",
		"née le 3 août 1985":             "née le ***********",
		"born on the 14th of March 1985": "born on the ******************",
		"fecha nac.: 14/03/1985":         "fecha nac.: **********",
		// identity documents named by their label, letters and digits mixed
		"Codice fiscale: RSSMRA85T10A562S":        "Codice fiscale: ****************",
		"Passport C01X00T47":                      "Passport *********",
		"Reisepass-Nr. L01X00T47":                 "Reisepass-Nr. *********",
		"MRN 00A12B34":                            "MRN ********",
		"Tax ID: ABCDE1234F":                      "Tax ID: **********",
		"Driving licence number MORGA753116SM9IJ": "Driving licence number ****************",
		"License: MIT":                            "License: MIT",
		"NI number: QQ123456C":                    "NI number: *********",
		"License plate 7ABC123":                   "License plate *******",
		"Kennzeichen: HH-AB-1234":                 "Kennzeichen: **********",
		"License: Apache 2.0":                     "License: Apache 2.0",
		"Registration number: ZK-5521":            "Registration number: *******",
		"Plate 3 shows the 1920 map":              "Plate 3 shows the 1920 map",
		// what stays: no value, or not the label's
		"PIN is required":   "PIN is required",
		"Enter your PIN":    "Enter your PIN",
		"pinned 4821 times": "pinned 4821 times",
		"spinner-12":        "spinner-12",
		"password reset":    "password reset",
		"Forgot password?":  "Forgot password?",
		"born in London":    "born in London",
		"born on 3 May":     "born on 3 May",
		"translate 123":     "translate 123",
		"CVV":               "CVV",
		"pin-12":            "pin-12",
		"long 12.5 cm":      "long 12.5 cm",
		"Card ending 4242":  "Card ending 4242",
		"code 404":          "code 404",
		"NATO 2024 summit":  "NATO 2024 summit",
		"born 14 de":        "born ** de",
		"Parola d'ordine":   "Parola d'ordine",
		"senha segura":      "senha segura",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
			again, n := scrubPII(got)
			assert.Equal(t, got, again, "idempotent")
			assert.Zero(t, n, "nothing found in the output")
		})
	}
}

func TestScrubPIIHexAddresses(t *testing.T) {
	for in, want := range map[string]string{
		"2001:db8::1":                                   "***********",
		"fe80::1ff:fe23:4567:890a%eth0":                 "************************%eth0",
		"[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:443": "[***************************************]:443",
		"::ffff:c000:0280":                              "****************",
		"MAC 00:1A:2B:3C:4D:5E":                         "MAC *****************",
		"00-1a-2b-3c-4d-5e":                             "*****************",
		// what stays
		"12:30:45":             "12:30:45",
		"a::before":            "a::before",
		"li::marker":           "li::marker",
		"dead::beef":           "dead::beef",
		"1::2":                 "1::2",
		"2001:db8:1":           "2001:db8:1",
		"00:1A:2B:3C:4D":       "00:1A:2B:3C:4D",
		"00:1A:2B:3C:4D:5E:6F": "00:1A:2B:3C:4D:5E:6F",
		"x2001:db8::1":         "x2001:db8::1",
		"2001:db8::1g":         "2001:db8::1g",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := scrubPII(in)
			assert.Equal(t, want, got)
		})
	}
}
