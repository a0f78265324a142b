package masking

// cardInHexColours reports whether the colours of v spell a card number:
// hex colours of decimal digits only, one after the other, whose digits
// read together make 13 to 19 that pass the Luhn check, starting with a
// colour's first digit ("#41111111;#11111111", "#411111 #111111 #1111").
// cardInNumbers does not see these: a colour's digits follow a '#', and 8
// of them are no card's first group. At most maxCardGap bytes stand
// between two colours, whatever they are (a gradient stop's "0%, "); a
// colour with a hex letter ends the chain, as its digits are no card's.
// It never allocates.
func cardInHexColours(v string) bool {
	for i := 0; i < len(v); i++ {
		if hexCardAt(v, i) {
			return true
		}
	}
	return false
}

// hexCardAt reports whether the colours from v[i] on spell a card. The
// Luhn sum is kept both ways (a digit doubled at even places from the
// first, or at odd ones): which is right depends on where the card ends.
func hexCardAt(v string, i int) bool {
	if n := hexDigitColourLen(v, i); n == 0 || v[i+1] == '0' {
		return false
	}
	nd, sums := 0, [2]int{}
	for j := i; ; {
		n := hexDigitColourLen(v, j)
		if n == 0 || nd+n > 19 {
			return false
		}
		for _, c := range []byte(v[j+1 : j+1+n]) {
			x := int(c - '0')
			sums[nd&1] += x
			sums[1-nd&1] += x*2 - x/5*9
			nd++
		}
		// the last digit, at nd-1, is not doubled
		if nd >= 13 && sums[(nd-1)&1]%10 == 0 {
			return true
		}
		k := j + 1 + n
		for k < len(v) && v[k] != '#' && k-(j+1+n) < maxCardGap {
			k++
		}
		if k == len(v) || v[k] != '#' {
			return false
		}
		j = k
	}
}

// hexDigitColourLen returns how many digits the hex colour at v[i] has
// when it is written in decimal digits only (3, 4, 6 or 8), or 0.
func hexDigitColourLen(v string, i int) int {
	if v[i] != '#' {
		return 0
	}
	j := i + 1
	for j < len(v) && isASCIIDigit(v[j]) {
		j++
	}
	if j < len(v) && grHex(v[j]) {
		return 0
	}
	switch n := j - i - 1; n {
	case 3, 4, 6, 8:
		return n
	}
	return 0
}
