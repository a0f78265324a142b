package jsonx

import (
	"math"
	"math/bits"
)

// Number limits. A JSON number Parse accepts has at most MaxNumberDigits
// digits before its exponent and, unless it is zero, a magnitude from 1e-307
// to the largest float64 (about 1.8e308); others are an error. Within them a
// number reads as the float64 nearest to it, ties to even: what
// strconv.ParseFloat returns. The engine reads numbers itself because
// strconv's float parser, linked for this one call, cost the WebAssembly build
// 6.7 KB brotli; browsers write at most 21 digits and never leave this range.
const (
	MaxNumberDigits = 100
	minNumberMag    = -307
	maxNumberMag    = 308
)

// exactPow10 holds the powers of ten a float64 represents exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber reads tok, which must follow JSON's number grammar. ok is false
// for anything else and for numbers outside the limits above.
func parseNumber(tok []byte) (f float64, ok bool) {
	i := 0
	neg := len(tok) > 0 && tok[0] == '-'
	if neg {
		i++
	}
	if i+1 < len(tok) && tok[i] == '0' && isDigit(tok[i+1]) {
		return 0, false // JSON has no leading zeros
	}
	// m holds the first 19 significant digits; the number is m×10^exp10,
	// exactly unless a digit past them is not zero (inexact).
	var m uint64
	start, point := i, false
	sig, frac, exp10, inexact := 0, 0, 0, false
	for ; i < len(tok); i++ {
		c := tok[i]
		if c == '.' && !point && i > start {
			point = true
			continue
		}
		if !isDigit(c) {
			break
		}
		if point {
			frac++
			exp10--
		}
		if sig == 0 && c == '0' {
			continue
		}
		if sig++; sig <= 19 {
			m = m*10 + uint64(c-'0')
		} else {
			exp10++
			inexact = inexact || c != '0'
		}
	}
	mant := tok[start:i]
	if digits := len(mant) - min(frac, 1); digits == 0 || mant[len(mant)-1] == '.' || digits > MaxNumberDigits {
		return 0, false
	}
	e := 0
	if i < len(tok) {
		if tok[i] != 'e' && tok[i] != 'E' {
			return 0, false
		}
		i++
		eneg := i < len(tok) && tok[i] == '-'
		if i < len(tok) && (tok[i] == '-' || tok[i] == '+') {
			i++
		}
		if i == len(tok) {
			return 0, false
		}
		for ; i < len(tok); i++ {
			if !isDigit(tok[i]) {
				return 0, false
			}
			if e < 100000 {
				e = e*10 + int(tok[i]-'0')
			}
		}
		if eneg {
			e = -e
		}
	}
	exp10 += e
	if m != 0 {
		if mag := exp10 + min(sig, 19) - 1; mag < minNumberMag || mag > maxNumberMag {
			return 0, false
		}
		switch {
		case !inexact && m <= 1<<53 && exp10 >= -22 && exp10 <= 22:
			// One IEEE operation on exact operands rounds once: the answer.
			if f, ok = float64(m), true; exp10 < 0 {
				f /= exactPow10[-exp10]
			} else {
				f *= exactPow10[exp10]
			}
		case !inexact && exp10 >= -19 && exp10 <= 19:
			f, ok = wideFloat(m, exp10)
		default:
			f, ok = bigFloat(mant, e-frac)
		}
		if !ok {
			return 0, false
		}
	}
	if neg {
		f = -f
	}
	return f, true
}

// pow10u holds the powers of ten a uint64 holds.
var pow10u = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// wideFloat rounds m×10^exp10 for |exp10| ≤ 19 in 128-bit arithmetic: the
// product is exact, and the quotient's remainder says what lies below it.
//
//go:noinline
func wideFloat(m uint64, exp10 int) (float64, bool) {
	if exp10 >= 0 {
		hi, lo := bits.Mul64(m, pow10u[exp10])
		if hi == 0 {
			return roundFloat(lo, 0, false)
		}
		s := 64 - bits.LeadingZeros64(hi)
		return roundFloat(hi<<(64-s)|lo>>s, s, lo<<(64-s) != 0)
	}
	den := pow10u[-exp10]
	// m×2^s/den lies in [2^62, 2^64), so the quotient fits and hi < den.
	s := 63 + bits.Len64(den) - bits.Len64(m)
	var hi, lo uint64
	if s >= 64 {
		hi = m << (s - 64)
	} else {
		hi, lo = m>>(64-s), m<<s
	}
	q, r := bits.Div64(hi, lo, den)
	return roundFloat(q, -s, r != 0)
}

// bigFloat rounds the decimal digits mant (a '.' among them is skipped)
// ×10^exp10 by dividing big integers.
//
//go:noinline
func bigFloat(mant []byte, exp10 int) (float64, bool) {
	var num, den nat
	for _, c := range mant {
		if c != '.' {
			num.mulAdd(10, uint32(c-'0'))
		}
	}
	den.mulAdd(1, 1)
	for ; exp10 > 0; exp10-- {
		num.mulAdd(10, 0)
	}
	for ; exp10 < 0; exp10++ {
		den.mulAdd(10, 0)
	}
	// Scale so the quotient has 63 or 64 bits: num/den lies in
	// (2^(a-b-1), 2^(a-b+1)).
	shift := 63 - (num.bitLen() - den.bitLen())
	if shift > 0 {
		num.shl(shift)
	} else {
		den.shl(-shift)
	}
	den.shl(63)
	var q uint64
	for b := 63; b >= 0; b-- {
		if num.cmp(&den) >= 0 {
			num.sub(&den)
			q |= 1 << b
		}
		den.shr1()
	}
	return roundFloat(q, -shift, num.bitLen() != 0)
}

// roundFloat returns q×2^e2, q > 0, rounded to 53 bits, ties to even; sticky
// says the exact value lies above q×2^e2. ok is false out of float64's normal
// range.
func roundFloat(q uint64, e2 int, sticky bool) (float64, bool) {
	lz := bits.LeadingZeros64(q)
	q, e2 = q<<lz, e2-lz // a zero shifted in stands for bits sticky covers
	mant, low := q>>11, q&(1<<11-1)
	if low > 1<<10 || low == 1<<10 && (sticky || mant&1 == 1) {
		if mant++; mant == 1<<53 {
			mant >>= 1
			e2++
		}
	}
	biased := e2 + 11 + 52 + 1023
	if biased <= 0 || biased >= 2047 {
		return 0, false
	}
	return math.Float64frombits(uint64(biased)<<52 | mant&(1<<52-1)), true
}

// nat is an unsigned integer of up to 1,600 bits, least significant limb
// first: enough for MaxNumberDigits digits at the magnitudes parseNumber
// accepts, scaled by 2^127. The zero value is 0.
type nat struct {
	limb [50]uint32
	n    int
}

//go:noinline
func (x *nat) mulAdd(m, a uint32) {
	carry := uint64(a)
	for i := 0; i < x.n; i++ {
		p := uint64(x.limb[i])*uint64(m) + carry
		x.limb[i], carry = uint32(p), p>>32
	}
	if carry != 0 {
		x.limb[x.n] = uint32(carry)
		x.n++
	}
}

//go:noinline
func (x *nat) bitLen() int {
	for x.n > 0 && x.limb[x.n-1] == 0 {
		x.n--
	}
	if x.n == 0 {
		return 0
	}
	return (x.n-1)*32 + bits.Len32(x.limb[x.n-1])
}

//go:noinline
func (x *nat) shl(s int) {
	words, s32 := s/32, uint(s%32)
	n := x.n + words + 1
	for i := n - 1; i >= 0; i-- {
		var v uint64
		if j := i - words; j >= 0 && j < x.n {
			v = uint64(x.limb[j]) << s32
		}
		if j := i - words - 1; s32 != 0 && j >= 0 && j < x.n {
			v |= uint64(x.limb[j]) >> (32 - s32)
		}
		x.limb[i] = uint32(v)
	}
	x.n = n
	x.bitLen()
}

//go:noinline
func (x *nat) shr1() {
	for i := 0; i < x.n; i++ {
		x.limb[i] >>= 1
		if i+1 < x.n {
			x.limb[i] |= x.limb[i+1] << 31
		}
	}
	x.bitLen()
}

func (x *nat) cmp(y *nat) int {
	if x.n != y.n {
		return x.n - y.n
	}
	for i := x.n - 1; i >= 0; i-- {
		if x.limb[i] != y.limb[i] {
			if x.limb[i] > y.limb[i] {
				return 1
			}
			return -1
		}
	}
	return 0
}

// sub sets x to x-y; x must not be less than y.
//
//go:noinline
func (x *nat) sub(y *nat) {
	var borrow uint32
	for i := 0; i < x.n; i++ {
		var yi uint32
		if i < y.n {
			yi = y.limb[i]
		}
		x.limb[i], borrow = bits.Sub32(x.limb[i], yi, borrow)
	}
	x.bitLen()
}
