package jsonx

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2/json"
)

// agreesWithStrconv fails unless parseNumber reads s as strconv.ParseFloat
// does, bit for bit, or refuses it when it lies outside the stated limits.
func agreesWithStrconv(t *testing.T, s string) {
	t.Helper()
	got, ok := parseNumber([]byte(s))
	want, err := strconv.ParseFloat(s, 64)
	if !ok {
		if err == nil && inNumberLimits(s, want) {
			t.Errorf("parseNumber(%q) refused; strconv reads %v", s, want)
		}
		return
	}
	if err != nil {
		t.Errorf("parseNumber(%q) = %v; strconv refuses it: %v", s, got, err)
		return
	}
	if math.Float64bits(got) != math.Float64bits(want) {
		t.Errorf("parseNumber(%q) = %v (%#x), want %v (%#x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
	}
}

// inNumberLimits reports whether parseNumber must accept s.
func inNumberLimits(s string, f float64) bool {
	if mantissaDigits(s) > MaxNumberDigits {
		return false
	}
	if f == 0 {
		return strings.Trim(strings.Split(strings.ToLower(s), "e")[0], "-0.") == ""
	}
	return math.Abs(f) >= 1e-307 && !math.IsInf(f, 0)
}

// mantissaDigits counts the digits before the exponent.
func mantissaDigits(s string) int {
	mant := strings.Split(strings.ToLower(s), "e")[0]
	return len(strings.ReplaceAll(strings.TrimPrefix(mant, "-"), ".", ""))
}

func TestParseNumber(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "0.0", "0e5", "0e-99999", "1", "-1", "12", "123.456", "0.1", "0.3",
		"1e22", "1e23", "9007199254740993", "9007199254740992", "18446744073709551615",
		"123456789012345678901", "1.7976931348623157e308", "1.7976931348623158e308",
		"1.7976931348623159e308", "2.2250738585072014e-308", "1e-307", "9.9e-308", "1e308", "1e309",
		"123.45600000000002", "0.30000000000000004", "4.9e-324", "1E10", "1e+10", "2.5e-3",
		"100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
		"1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
		"0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
		// halfway cases: ties to even, and just above a tie
		"9007199254740993", "9007199254740995", "9007199254740993.0000000000000001",
		"1.00000000000000011102230246251565404236316680908203125",
		"1.00000000000000011102230246251565404236316680908203124",
		"1.00000000000000011102230246251565404236316680908203126",
		"5e-324", "1.5e300", "8.988465674311579e307", "3.0540578963124653e-151",
	} {
		t.Run(s, func(t *testing.T) { agreesWithStrconv(t, s) })
	}
}

func TestParseNumberRefuses(t *testing.T) {
	for _, s := range []string{
		"", "-", ".", "1.", ".5", "1e", "1e+", "1e-", "--1", "1.2.3", "1x", "e5", "1e5.5", "0x10",
		"1e309", "1e-308", "-1e400", strings.Repeat("7", MaxNumberDigits+1), "00", "-01", "01.5",
	} {
		t.Run(s, func(t *testing.T) {
			if f, ok := parseNumber([]byte(s)); ok {
				t.Errorf("parseNumber(%q) = %v, want refused", s, f)
			}
		})
	}
	// The limits, both sides.
	if _, ok := parseNumber([]byte(strings.Repeat("7", MaxNumberDigits) + "e-90")); !ok {
		t.Error("100 digits refused")
	}
	if _, ok := parseNumber([]byte("0." + strings.Repeat("0", MaxNumberDigits-2) + "1")); !ok {
		t.Error("100 digits with a point refused")
	}
	if _, ok := parseNumber([]byte("0." + strings.Repeat("0", MaxNumberDigits-1) + "1")); ok {
		t.Error("101 digits with a point accepted")
	}
}

func TestParseNumberRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var s string
		switch r.IntN(5) {
		case 4: // just below and above the midpoint of two doubles, in 19 digits
			d := math.Float64frombits(r.Uint64() >> 2)
			if d == 0 || math.IsInf(d, 0) || math.IsNaN(d) {
				continue
			}
			mid := new(big.Float).SetPrec(2000).SetFloat64(d)
			mid.Add(mid, new(big.Float).SetPrec(2000).SetFloat64(math.Nextafter(d, math.Inf(1))))
			mid.Quo(mid, big.NewFloat(2))
			for _, mode := range []big.RoundingMode{big.ToZero, big.AwayFromZero} {
				agreesWithStrconv(t, mid.SetMode(mode).Text('e', 18))
			}
			continue
		case 0: // what JavaScript writes: the shortest form of a double
			f := math.Float64frombits(r.Uint64())
			if math.IsNaN(f) || math.IsInf(f, 0) {
				continue
			}
			s = strconv.FormatFloat(f, 'g', -1, 64)
		case 1: // coordinates and times
			s = strconv.FormatFloat(r.Float64()*1e6, 'f', r.IntN(20), 64)
		default: // long digit strings at any exponent
			var b strings.Builder
			b.WriteByte(byte('1' + r.IntN(9)))
			for range r.IntN(40) {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
			s = b.String() + "e" + strconv.Itoa(r.IntN(700)-350)
		}
		agreesWithStrconv(t, s)
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"0", "1.5", "-2e-300", "9007199254740993", "1e308", "123456789012345678901234567890e-50"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 300 {
			return
		}
		l := newLexer([]byte(s))
		if gt, tok := l.Next(); gt != json.NumberGrammar || len(tok) != len(s) {
			if f, ok := parseNumber([]byte(s)); ok {
				t.Errorf("parseNumber(%q) = %v; it is no JSON number", s, f)
			}
			return
		}
		agreesWithStrconv(t, s)
	})
}
