package masking

import (
	"testing"
	"unicode/utf8"
)

func FuzzScrubPII(f *testing.F) {
	for _, s := range []string{
		"", "123456", "12 345", "+1 (555) 123-4567", "jane.doe@example.com", "a@b.c",
		"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "4111-1111-1111-1111",
		"josé@exämple.de", "写信给张三zhang@例子.中国", "\xff123456\xfe", "\xe2\x82a@b.co", "a@b.com@c.org",
		"415\u2028555\u20282671", "646\v555\v0142", "078\u008505\u00851120", "jane@example.\u200bcom",
		"bob\u200b@example\u200b.\u200bnet", "dave@example。jp", "frank﹫example.com", "heidi@example․com",
		"padraig.o'sullivan@example.ie", "\"jane doe\"@example.com", "{x}@ex.co", "415/867/5309", "06 • 48 • 27 • 91 • 35",
		"2024/2025/2026", "Пароль: секрет", "ПИН-код: 4821", "Дата рождения 14/03/1985",
		"生年月日：1983年7月29日", "كلمة المرور: x", "Şifre: x", "API key: abc", "?access_token=&state=", "Exp. 08/31",
		"Account number: 70215", "Recovery code QW7P-ZR9M-2HTW",
		"ΚΩΔΙΚΌΣ: 4821", "Password: correct horse battery staple", "Password: at least 8 chars", "PIN\\4821",
		"help@ fabrikam DOT net", "jane +AT+ example.com", "jane@[192.168.1.1]", "jane(work)@example.com",
		"your PIN is four eight two one", "MBI 1EG4-TE5-MK73",
		"Password - hunter2", "senha - segredo", "Expires: 12/2027", "Offer expires 12/05/2026.", "Card •••• 4242", "**** **** **** 4242", "SSN last 4: 1120", "PIN: **** 2024", "415-555-2671 ext. 123", "Tel: 0142 x21", "4821 is your verification code", "Use 771204 to sign in", "sk_test_abcdefghijklmnop", "Bearer abcdefghijklmnopqrstuv", "xoxb-abcdefghijkl-mnop", "1EG4-TE5-MK73 alone", "2 - 1EG4TE5MK73", "London SW1A 1AA", "Postcode: sw1a 1aa", "Sony PS5 1TB", "415-555-2671 (ext. 123)", "Card XXXX4242", "1EG4 TE5 MK73",
		"Follow @jfaraday", "github.com/jfaraday/x", "@abc١٢٣٤٥٦", "ul. Łódzka 12", "Marszałkowska 10/12", "Unter den Linden 5", "10.0.0.1:8080",
		"SWIFT: DEUTDEFF", "Username: ottilie_b", "Patient #4482", "Password: |correct horse battery staple and more and more and more and more",
		// round 18b's rules, and where they meet others
		"Thanks, Hannelore!", "Danke, Jürgen!", "Location: 53.47, -2.29", "Date of birth: January 7th", "DOB: 9 Nov", "Religion|Zoroastrian",
		"My name is Hannelore", "Handy: 0171/23456", "Policy no. PL/2024/5567", "AL. Jerozolimskie 44", "ul. Jana Łódzka 12", "001a.2b3c.4d5e",
		"Skype: live:jfaraday", "Please pay to BIC HELADEFF", "Deliver to|The Old Rectory", "Bearer+AbCdEfGhIjKlMnOpQr", "Visa ****…4242",
		"jane@example.com1EG4-TE5-MK73", "Hauptstraße 0DE89 3704 0044 0532 0130 00", "BNZPM2501F10-A00-AA00", "Handy: 0171t.me/jfaraday", "@00A\x0000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, n := scrubPII(s)
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
			t.Fatalf("scrubPII(%q) = %q: code point count changed", s, got)
		}
		checkOnlyStarsReplaced(t, s, got)
		if changed := got != s; changed != (n > 0) || hasPII(s) != changed {
			t.Fatalf("scrubPII(%q) = %q, %d; hasPII = %v", s, got, n, hasPII(s))
		}
		if again, n2 := scrubPII(got); again != got || n2 != 0 {
			t.Fatalf("scrubPII not idempotent: %q -> %q -> %q (%d new matches)", s, got, again, n2)
		}
		if utf8.ValidString(s) {
			if want, wantN := referenceScrubPII(s); want != got || wantN != n {
				t.Fatalf("scrubPII(%q) = %q, %d; the reference says %q, %d", s, got, n, want, wantN)
			}
		}
	})
}

// checkOnlyStarsReplaced walks in and out code point by code point (each
// invalid byte being one) and fails unless every code point of out is the
// one of in or '*'.
func checkOnlyStarsReplaced(t *testing.T, in, out string) {
	t.Helper()
	i, o := 0, 0
	for i < len(in) && o < len(out) {
		_, isz := utf8.DecodeRuneInString(in[i:])
		_, osz := utf8.DecodeRuneInString(out[o:])
		if out[o:o+osz] != in[i:i+isz] && out[o:o+osz] != "*" {
			t.Fatalf("%q -> %q: code point at byte %d became %q", in, out, i, out[o:o+osz])
		}
		i += isz
		o += osz
	}
	if i != len(in) || o != len(out) {
		t.Fatalf("%q -> %q: code points do not line up", in, out)
	}
}

// FuzzSecretTokens compares the token rule with its reference and checks
// that masking keeps the length and finds nothing new when run again.
func FuzzSecretTokens(f *testing.F) {
	for _, s := range []string{
		"", "/reset/Xk9fQ2mZ7pL4vT8w", "Qw3Er5Ty-7Ui9Op1A_s2Df4Gh5J", "9b1c4a7e-5d2f-4c3a-8e6b-0f1a2d3c4b5e",
		"12345678-1234-1234-abcd-123456789012", "/iphone-15-pro-max-256gb", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, n := maskSecretTokens(s, 0)
		if len(got) != len(s) || (got != s) != (n > 0) {
			t.Fatalf("maskSecretTokens(%q) = %q, %d", s, got, n)
		}
		checkOnlyStarsReplaced(t, s, got)
		if again, n2 := maskSecretTokens(got, 0); again != got || n2 != 0 {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
		if want, wantN := referenceMaskSecretTokens(s, 0); want != got || wantN != n {
			t.Fatalf("maskSecretTokens(%q) = %q, %d; the reference says %q, %d", s, got, n, want, wantN)
		}
	})
}
