package masking

// licenceEnd returns the end of a driving licence's number at s[i], else i:
// up to 4 groups of ASCII capitals and digits joined by a single ' ' or '-',
// 5 to 20 of them in all (a group that would make more is left out), with a
// digit. A licence is printed in groups ("SMITH 901015 JJ9AA" on a UK card)
// that a code, which reads one group, would cut after "SMITH"; a group with
// a small letter ends it ("AB12345 expires …").
//
//go:noinline
func licenceEnd(s string, i int) int {
	end, n, digit := i, 0, false
	for j, groups := i, 0; groups < 4 && j < len(s); groups++ {
		k, small, d := j, false, false
		for k < len(s) && isPIIAlnum(s[k]) {
			small = small || s[k] >= 'a'
			d = d || isPIIDigit(s[k])
			k++
		}
		if k == j || small || n+k-j > 20 || k < len(s) && s[k] >= 0x80 {
			break
		}
		end, n, digit = k, n+k-j, digit || d
		if k+1 >= len(s) || s[k] != ' ' && s[k] != '-' {
			break
		}
		j = k + 1
	}
	if n < 5 || !digit {
		return i
	}
	return end
}
