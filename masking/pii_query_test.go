package masking

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestMaskQueryValues(t *testing.T) {
	for in, want := range map[string]string{
		"https://shop.example/track?name=Hannelore+Quist&email=hq%40mail.example&addr=12+Elm+St": "https://shop.example/track?name=***************&email=*****************&addr=*********",
		"See /orders?id=A7&ref=mail for details":                                                 "See /orders?id=**&ref=**** for details",
		"https://app.example/cb#access_token=abc&x=1":                                            "https://app.example/cb#access_token=***&x=*",
		"?q=straße":                        "?q=******",
		"https://shop.example/track?name=": "https://shop.example/track?name=",
		"Tom & Jerry=friends":              "Tom & Jerry=friends",
		"Why? a=b":                         "Why? a=b",
		"a?b=*c":                           "a?b=*c",
		"https://x.example/p?" + strings.Repeat("n", 65) + "=v": "https://x.example/p?" + strings.Repeat("n", 65) + "=v",
		"Issue #12 fixed": "Issue #12 fixed",
		"?a=1 &b=2":       "?a=* &b=2",
		// a value typed with spaces, in a query the next "&name=" proves
		"https://shop.example/track?name=Ann Lee&city=Oslo": "https://shop.example/track?name=*******&city=****",
		"?name=Ann Lee&city=New York":                       "?name=*******&city=********",
		"?name=Ann Lee&city=Oslo&zip=0150 Oslo":             "?name=*******&city=****&zip=*********",
		"?q=shoes size 9 &page=2":                           "?q=***** size 9 &page=2",
		"Search ?q=red shoes for more":                      "Search ?q=*** shoes for more",
		"?name=Ann Lee & friends":                           "?name=*** Lee & friends",
		"?name=Ann Lee&x":                                   "?name=*** Lee&x",
		// one word that ends the text goes with the value
		"?name=Ann Lee":               "?name=*******",
		"Track ?name=Ann Marie Lee":   "Track ?name=*** Marie Lee",
		"?name=Ann Lee and more text": "?name=*** Lee and more text",
	} {
		t.Run(in, func(t *testing.T) {
			got, _ := maskQueryValues(in)
			assert.Equal(t, want, got)
			again, n := maskQueryValues(got)
			assert.Equal(t, got, again, "idempotent")
			assert.Zero(t, n)
		})
	}
}

// refQueryParam is a query parameter's name and value, read after a '?',
// '#' or '&' (pii_query.go); refQueryWords the words a value goes on with
// after single spaces, and refQueryNext the next parameter's name.
var (
	refQueryParam = regexp.MustCompile(`^[^ \t\n\f\r=&#?]{1,64}=([^ \t\n\f\r&#]*)`)
	refQueryWords = regexp.MustCompile(`^(?: [^ \t\n\f\r&#=?]+)*`)
	refQueryNext  = regexp.MustCompile(`^&[^ \t\n\f\r=&#?]{1,64}=`)
)

// refMaskQueryValues is a second reading of maskQueryValues: every '?' or
// '#', and every '&' with one of those before it in the same run of
// non-whitespace or that ends a value read with its words, tried in turn.
func refMaskQueryValues(s string) string {
	masked := make([]bool, len(s))
	chainAt := -1 // the '&' that ends a value read with its words
	for i := 0; i < len(s); i++ {
		inChain := i == chainAt && s[i] == '&'
		if s[i] == '&' && !inChain && strings.LastIndexAny(s[:i], "?#") <= strings.LastIndexAny(s[:i], " \t\n\f\r") ||
			s[i] != '?' && s[i] != '#' && s[i] != '&' {
			continue
		}
		if m := refQueryParam.FindStringSubmatchIndex(s[i+1:]); m != nil && m[3] > m[2] && s[i+1+m[2]] != '*' {
			end := i + 1 + m[3]
			w := end + len(refQueryWords.FindString(s[end:]))
			if w > end && refQueryNext.MatchString(s[w:]) || inChain || w == len(s) && strings.Count(s[end:w], " ") == 1 {
				end = w
				chainAt = end
			}
			for k := i + 1 + m[2]; k < end; k++ {
				masked[k] = true
			}
			i = end - 1
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		if masked[i] {
			b.WriteByte('*')
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func TestMaskQueryValuesMatchesReference(t *testing.T) {
	pieces := []string{"?", "&", "#", "=", "a", "name", "Hannelore+Quist", " ", "Ann Lee", " x", "&city=", "\t", "*", "x=", "é", "/track", "?q=", "&b=", "#t=", "https://", "%40"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range referenceRounds(20000) {
		in := randomPieces(rng, pieces, 10)
		got, _ := maskQueryValues(in)
		if !assert.Equal(t, refMaskQueryValues(in), got, "maskQueryValues(%q)", in) {
			return
		}
	}
}
