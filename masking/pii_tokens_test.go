package masking

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMaskSecretTokens: at and one below each threshold, tokens whole or in
// joined parts, UUIDs, and the slugs and words that must stay.
func TestMaskSecretTokens(t *testing.T) {
	tok16 := "Xk9fQ2mZ7pL4vT8w"
	uuid := "9b1c4a7e-5d2f-4c3a-8e6b-0f1a2d3c4b5e"
	cases := []struct {
		in, want string
		hits     int
	}{
		{tok16, masked(tok16), 1},
		{tok16[:15], tok16[:15], 0}, // one below
		{"/reset/" + tok16 + "/x", "/reset/" + masked(tok16) + "/x", 1},
		// parts that each mix letters and digits, joined by '-' or '_'
		{"/invite/Qw3Er5Ty-7Ui9Op1A_s2Df4Gh5J", "/invite/" + masked("Qw3Er5Ty-7Ui9Op1A_s2Df4Gh5J"), 1},
		{"Ab12Cd34-Ef56Gh78", masked("Ab12Cd34-Ef56Gh78"), 1},
		{"Ab12Cd34-Ef56Gh7", "Ab12Cd34-Ef56Gh7", 0},               // 15 letters and digits
		{"Ab12Cd34--Ef56Gh78", "Ab12Cd34--Ef56Gh78", 0},           // one joiner only
		{"Ab12Cd34.Ef56Gh78", "Ab12Cd34.Ef56Gh78", 0},             // '.' is no joiner
		{"Ab12Cd34-offer-Ef56Gh78", "Ab12Cd34-offer-Ef56Gh78", 0}, // a word ends the chain
		{"sk_live_Qw3Er5Ty7Ui9Op1A", "sk_live_" + masked("Qw3Er5Ty7Ui9Op1A"), 1},
		{"sale-Ab12Cd34-Ef56Gh78-2024", "sale-" + masked("Ab12Cd34-Ef56Gh78") + "-2024", 1},
		// UUIDs, any case, whatever their groups hold
		{"/reset-password/" + uuid, "/reset-password/" + masked(uuid), 1},
		{strings.ToUpper(uuid), masked(uuid), 1},
		{"12345678-1234-1234-abcd-123456789012", masked(uuid), 1},
		{"link: " + uuid + ".", "link: " + masked(uuid) + ".", 1},
		{"Ab12-12345678-1234-1234-abcd-123456789012", masked("Ab12-") + masked(uuid), 1}, // a chain with a UUID in it
		{"id-12345678-1234-1234-abcd-123456789012_x", "id-" + masked(uuid) + "_x", 1},
		// near misses, with groups that do not mix (else the parts are a chain)
		{"12345678-1234-1234-abcd-12345678901", "12345678-1234-1234-abcd-12345678901", 0},       // 11 in the last group
		{"12345678-1234-1234-abcd-123456789012ex", "12345678-1234-1234-abcd-123456789012ex", 0}, // the last group runs on
		{"1234567g-1234-1234-abcd-123456789012", "1234567g-1234-1234-abcd-123456789012", 0},     // 'g' is no hex digit
		{"123456789-1234-1234-abcd-123456789012", "123456789-1234-1234-abcd-123456789012", 0},   // 9 in the first group
		{"x12345678-1234-1234-abcd-123456789012", "x12345678-1234-1234-abcd-123456789012", 0},   // the first runs on
		// slugs, words, numbers and short mixes stay
		{"/iphone-15-pro-max-256gb", "/iphone-15-pro-max-256gb", 0},
		{"/order-2024-summer-sale", "/order-2024-summer-sale", 0},
		{"/how-to-cook-pasta-in-10-minutes", "/how-to-cook-pasta-in-10-minutes", 0},
		{"/articles/internationalization-guide", "/articles/internationalization-guide", 0},
		{"col-md-6 mt-3 px-4 css-1x2y3z4", "col-md-6 mt-3 px-4 css-1x2y3z4", 0},
		{"/magic/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.x", "/magic/********************.*******************.x", 2},
		// AWS key ids, letters only too; other 20-capital words stay
		{"AKIAQWERTYUIOPASDFGH", masked("AKIAQWERTYUIOPASDFGH"), 1},
		{"key ASIAZXCVBNMLKJHGFDSA.", "key " + masked("ASIAZXCVBNMLKJHGFDSA") + ".", 1},
		{"AKIAQWERTYUIOPASDFG", "AKIAQWERTYUIOPASDFG", 0},     // 19
		{"AKIAQWERTYUIOPASDFGHJ", "AKIAQWERTYUIOPASDFGHJ", 0}, // 21
		{"AkiaQWERTYUIOPASDFGH", "AkiaQWERTYUIOPASDFGH", 0},
		{"ABCDQWERTYUIOPASDFGH", "ABCDQWERTYUIOPASDFGH", 0},
		{"", "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, hits := maskSecretTokens(tc.in, 0)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.hits, hits)
			again, n := maskSecretTokens(got, 0)
			assert.Equal(t, got, again, "masking again changed it")
			assert.Zero(t, n)
			want, wantN := referenceMaskSecretTokens(tc.in, 0)
			assert.Equal(t, want, got, "the reference")
			assert.Equal(t, wantN, hits, "the reference's count")
		})
	}
	in := "https://Ab12Cd34Ef56Gh78.example/" + tok16
	got, _ := maskSecretTokens(in, len("https://Ab12Cd34Ef56Gh78.example"))
	assert.Equal(t, "https://Ab12Cd34Ef56Gh78.example/"+masked(tok16), got, "before from, the host is kept")
}

// referenceMaskSecretTokens is a slow second reading of the token rule
// (pii_tokens.go): regular expressions find the UUIDs and the runs of
// joined parts, whose token parts are grouped into chains, and a mask per
// byte is merged into regions.
func referenceMaskSecretTokens(s string, from int) (string, int) {
	t := s[from:]
	masked := make([]bool, len(t))
	inUUID := make([]bool, len(t))
	for i := range t {
		if m := refUUID.FindString(t[i:]); m != "" && (i == 0 || !isRefAlnum(t[i-1])) &&
			(i+len(m) == len(t) || !isRefAlnum(t[i+len(m)])) {
			for k := i; k < i+len(m); k++ {
				inUUID[k] = true
			}
		}
	}
	tokenPart := func(start, end int) bool {
		p := t[start:end]
		return inUUID[start] || refAWSKeyID.MatchString(p) || strings.ContainsAny(p, "0123456789") && strings.IndexFunc(p, func(r rune) bool {
			return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		}) >= 0
	}
	for _, run := range refJoinedParts.FindAllStringIndex(t, -1) {
		parts := refPart.FindAllStringIndex(t[run[0]:run[1]], -1)
		for a := 0; a < len(parts); {
			b, n := a, 0
			for b < len(parts) && tokenPart(run[0]+parts[b][0], run[0]+parts[b][1]) {
				n += parts[b][1] - parts[b][0]
				b++
			}
			if n >= 16 {
				for k := run[0] + parts[a][0]; k < run[0]+parts[b-1][1]; k++ {
					masked[k] = true
				}
			}
			a = max(b, a+1)
		}
	}
	out, n := []byte(t), 0
	for k := range t {
		if masked[k] {
			out[k] = '*'
			if k == 0 || !masked[k-1] {
				n++
			}
		}
	}
	return s[:from] + string(out), n
}

var (
	refJoinedParts = regexp.MustCompile(`[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*`)
	refPart        = regexp.MustCompile(`[A-Za-z0-9]+`)
	refUUID        = regexp.MustCompile(`^(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	refAWSKeyID    = regexp.MustCompile(`^(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA|APKA)[A-Z0-9]{16}$`)
)

func isRefAlnum(c byte) bool { return isRefLetter(c) || isRefDigit(c) }

// TestMaskSecretTokensMatchesReference compares the two on random strings
// made of parts near the thresholds, joiners and UUID groups.
func TestMaskSecretTokensMatchesReference(t *testing.T) {
	pieces := []string{
		"Ab12", "Cd34Ef56", "x9", "AKIAQWERTYUIOPASDFGH", "ASIA", "QWERTYUIOPASDFGH", "-12345678-1234-1234-abcd-123456789012", "word", "2024", "Qw3Er5Ty7U", "9b1c4a7e", "5d2f", "0f1a2d3c4b5e", "1234", "abcd",
		"-", "_", "--", "/", ".", " ", "*", "é", "8", "a", "F", "12345678", "-1234-abcd-1234-", "123456789012",
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range referenceRounds(20000) {
		in := randomPieces(rng, pieces, 14)
		got, n := maskSecretTokens(in, 0)
		want, wantN := referenceMaskSecretTokens(in, 0)
		if !assert.Equal(t, want, got, "maskSecretTokens(%q)", in) || !assert.Equal(t, wantN, n, "count for %q", in) {
			return
		}
	}
}

// TestMaskSecretTokensNoMatchDoesNotAllocate: text without a token costs no
// allocation (it runs over every text node a person reads).
func TestMaskSecretTokensNoMatchDoesNotAllocate(t *testing.T) {
	in := cleanKiB() + " /iphone-15-pro-max-256gb order-2024-summer-sale Ab12Cd34-Ef56Gh7"
	assert.Zero(t, testing.AllocsPerRun(100, func() { maskSecretTokens(in, 0) }))
}

// tokenHint's quick filters (3 letters at least, piiTokenInitials) must let
// every label word of piiTokenWords through, and codeTailIn every phrase
// nextCodeFirst reads.
func TestTokenHintFiltersKeepEveryLabel(t *testing.T) {
	for _, w := range piiTokenWords {
		t.Run(w, func(t *testing.T) {
			assert.GreaterOrEqual(t, len(w), 3)
			assert.Contains(t, piiTokenInitials, w[:1])
			assert.True(t, tokenHint("x "+w, len(w)+2), "after a space")
			assert.True(t, tokenHint(strings.ToUpper(w), len(w)), "at the start, in capitals")
			// a capital after a small letter starts a word (fuzzing: "aBeArer AAAA…")
			camel := "a" + strings.ToUpper(w[:1]) + w[1:]
			assert.True(t, tokenHint(camel, len(camel)), "after a small letter")
			assert.False(t, tokenHint("a"+w, len(w)+1), "inside a word")
		})
	}
	for s, want := range map[string]bool{
		"4821 is your code": true, "Use 4821 to sign in": true, "4821 IS the code": true,
		"Order 4821 ships today": false, "is": false, "tois": false,
	} {
		t.Run(s, func(t *testing.T) { assert.Equal(t, want, codeTailIn(s)) })
	}
}
