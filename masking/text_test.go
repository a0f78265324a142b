package masking

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWhitespaceSetIsUnicodeIsSpace(t *testing.T) {
	require.True(t, utf8.ValidString(whitespace))
	seen := map[rune]bool{}
	for _, r := range whitespace {
		require.False(t, seen[r], "duplicate %U in whitespace", r)
		seen[r] = true
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.IsSpace(r)
		require.Equal(t, want, seen[r], "whitespace constant disagrees with unicode.IsSpace at %U", r)
		require.Equal(t, want, isWhitespace(r), "isWhitespace disagrees with unicode.IsSpace at %U", r)
	}
}

func TestMaskText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Jane Doe", "**** ***"},
		{"  leading and trailing  ", "  ******* *** ********  "},
		{"line1\nline2\r\nline3", "*****\n*****\r\n*****"},
		{"tab\there", "***\t****"},
		{"\v\f\u0085\u00a0", "\v\f\u0085\u00a0"},
		{"a\u2003b\u3000c", "*\u2003*\u3000*"},
		{"zero\u200bwidth", "**********"}, // U+200B is not whitespace
		{"Müller", "******"},
		{"東京都", "***"},
		{"emoji 😀!", "***** **"},
		{"family 👨‍👩‍👧", "****** *****"}, // ZWJ sequence: 5 code points
		{"e\u0301", "**"},                // combining acute accent is its own code point
		{"***", "***"},
		{"** **\n*", "** **\n*"},
		{"\t \n", "\t \n"},
		{"bad\xffbyte", "********"},
		{"\xe2\x82", "**"}, // truncated sequence: one mask per byte
		{"ends with NBSP\u00a0", "**** **** ****\u00a0"},
		{"\u2028\u2029", "\u2028\u2029"},
		{"\ufffd", "*"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			got := maskText(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, utf8.RuneCountInString(tc.in), utf8.RuneCountInString(got))
			assert.True(t, isMasked(got))
		})
	}
}

func TestMaskTextAlreadyMaskedDoesNotAllocate(t *testing.T) {
	in := strings.Repeat("*** **\n\u00a0", 100)
	allocs := testing.AllocsPerRun(100, func() {
		if maskText(in) != in {
			t.Fatal("masked text changed")
		}
	})
	assert.Zero(t, allocs)
}

func TestIsMasked(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"*****", true},
		{"** *\r\n\u3000", true},
		{"**a*", false},
		{"\xff", false},
		{"\ufffd", false},
		{"+", false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			assert.Equal(t, tc.want, isMasked(tc.in))
		})
	}
}

func TestInputMaskIsMaskedAndFixed(t *testing.T) {
	assert.True(t, isMasked(inputMask))
	assert.Equal(t, 5, len(inputMask))
}

func Example_maskText() {
	fmt.Printf("%q\n", maskText("Jane Doe\n12 Rue d’Été"))
	// Output: "**** ***\n** *** *****"
}

func BenchmarkMaskText(b *testing.B) {
	in := strings.Repeat("Grüße, Jane Doe! 😀 Order #12345\n", 100<<10/36)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		maskText(in)
	}
}

func BenchmarkMaskTextAlreadyMasked(b *testing.B) {
	in := maskText(strings.Repeat("Grüße, Jane Doe! 😀 Order #12345\n", 100<<10/36))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		maskText(in)
	}
}
