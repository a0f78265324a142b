package masking

// IPv6 and MAC addresses: the thresholds are documented at the top of
// pii.go. An IPv4 address is often a digit run, but "10.0.0.1" has 4
// digits; IPv6 and MAC addresses are hex groups joined by ':' (or '-' or
// '.' in a MAC), which no other detector reads.

// nextHexAddress returns the first IPv4, IPv6 or MAC address that starts at or
// after from, and where to resume (its end); kind 0 when there is none. An
// address starts where the byte before is no letter, digit, ':' or '*' (what
// masking wrote there was part of a longer run: "000000::0000" masked again
// must not find "::0000").
func nextHexAddress(s string, from int) (piiMatch, int) {
	for i := from; i+2 < len(s); i++ {
		p := byte(' ')
		if i > 0 {
			p = s[i-1]
		}
		if !isHexByte(s[i]) && s[i] != ':' || isPIIAlnum(p) || p == maskChar || p >= 0x80 {
			continue
		}
		if p != ':' {
			if end := macEnd(s, i); end > 0 {
				return piiMatch{i, end, piiAddress}, end
			}
			if end := ipv6End(s, i); end > 0 {
				return piiMatch{i, end, piiAddress}, end
			}
		}
		if p != '.' {
			if end := ipv4End(s, i); end > 0 {
				return piiMatch{i, end, piiAddress}, end
			}
		}
	}
	return piiMatch{}, len(s)
}

// ipv4End returns the end of an IPv4 address at s[i], or -1: four numbers
// of 1 to 3 digits, none over 255, joined by '.', with no letter, digit,
// '*' or byte of another script after them, nor a '.' and a digit ("10.0.0.1",
// "10.0.0.1:8080"; "1.2.3.4.5" and "v1.2.3.4" stay). Its 4 to 12 digits
// are often below the digit-run rule.
func ipv4End(s string, i int) int {
	j := i
	for g := 0; g < 4; g++ {
		if g > 0 {
			if j >= len(s) || s[j] != '.' {
				return -1
			}
			j++
		}
		k := digitsEnd(s, j)
		if k == j || k-j > 3 || k-j == 3 && s[j:k] > "255" {
			return -1
		}
		j = k
	}
	if j < len(s) && (isPIIAlnum(s[j]) || s[j] == maskChar || s[j] >= 0x80 || s[j] == '.' && j+1 < len(s) && isPIIDigit(s[j+1])) {
		return -1
	}
	return j
}

// macEnd returns the end of six groups of two hex digits joined by one
// ':' or '-' throughout, or of three groups of four joined by '.' (as
// Cisco writes it: "001A.2B3C.4D5E"), with a decimal digit among them, or
// -1.
func macEnd(s string, i int) int {
	if i+14 <= len(s) && s[i+4] == '.' && s[i+9] == '.' {
		digit := false
		for j := i; j < i+14; j++ {
			if j-i != 4 && j-i != 9 && !isHexByte(s[j]) {
				return -1
			}
			digit = digit || isPIIDigit(s[j])
		}
		if digit && hexAddressBoundary(s, i+14) {
			return i + 14
		}
		return -1
	}
	if i+17 > len(s) || s[i+2] != ':' && s[i+2] != '-' {
		return -1
	}
	sep, digit := s[i+2], false
	for j := i; j < i+17; j++ {
		if (j-i)%3 == 2 {
			if s[j] != sep {
				return -1
			}
		} else if !isHexByte(s[j]) {
			return -1
		}
		digit = digit || isPIIDigit(s[j])
	}
	if end := i + 17; digit && hexAddressBoundary(s, end) {
		return end
	}
	return -1
}

// ipv6End returns the end of an IPv6 address at s[i], or -1: groups of one
// to four hex digits joined by ':', eight of them, or up to seven with one
// "::" and four hex digits at least, with a decimal digit among them.
func ipv6End(s string, i int) int {
	groups, hexes, end, double, digit := 0, 0, -1, false, false
	for j := i; ; {
		k := j
		for k < len(s) && k-j < 5 && isHexByte(s[k]) {
			digit = digit || isPIIDigit(s[k])
			k++
		}
		if k-j > 4 {
			return -1
		}
		read := k > j
		if read {
			groups, hexes, end = groups+1, hexes+k-j, k
		}
		j = k
		if j+1 < len(s) && s[j] == ':' && s[j+1] == ':' {
			if double {
				break
			}
			double, end = true, j+2
			j += 2
			continue
		}
		if read && j+1 < len(s) && s[j] == ':' && isHexByte(s[j+1]) && groups < 8 {
			j++
			continue
		}
		break
	}
	ok := !double && groups == 8 || double && groups >= 1 && groups <= 7 && hexes >= 4
	if !ok || !digit || !hexAddressBoundary(s, end) {
		return -1
	}
	return end
}

// hexAddressBoundary reports whether an address may end at s[end]: not in
// the middle of a word or of more groups.
func hexAddressBoundary(s string, end int) bool {
	return end == len(s) || !isPIIAlnum(s[end]) && s[end] != ':' && s[end] != maskChar && s[end] < 0x80
}

func isHexByte(c byte) bool { return isPIIDigit(c) || (c|0x20)-'a' < 6 }
