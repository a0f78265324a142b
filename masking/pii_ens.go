package masking

// Ethereum Name Service names ("hannelore.eth", "pay.quist.eth", "🦊.eth")
// are a wallet's owner's chosen name, shown on exchanges' and wallets'
// pages where an address would be: one resolves to the person's wallet and
// its whole history. ".eth" is no DNS top-level domain, so a word before it
// is such a name.

// ensStart returns where the ENS name whose ".eth" starts at the '.' s[i]
// begins (not before from), else -1: a run of ASCII letters, digits, '_',
// '-', '.' and bytes of other scripts before it, its leading '.' and '-'
// left out, of 64 bytes at most, whose last label has 3 bytes or more
// (ENS's shortest), not after an '@' (an address's or a handle's, which
// their rules read), and ".eth" ends a word ("vitalik.eth.limo", "quist.eth." too; "x.ethereum",
// "eth0" stay).
func ensStart(s string, i, from int) int {
	e := i + 4
	if e > len(s) || s[i+1]|0x20 != 'e' || s[i+2]|0x20 != 't' || s[i+3]|0x20 != 'h' ||
		e < len(s) && (isPIIAlnum(s[e]) || s[e] == '_' || s[e] == '-' || s[e] >= 0x80) {
		return -1
	}
	// the run's start, 64 bytes back at most: a name is short, and a
	// longer run read back from every ".eth" would cost its square
	run := i
	for run > from && ensByte(s[run-1]) {
		if run--; i-run > 64 {
			return -1
		}
	}
	j := i // the last label's start
	for j > run && s[j-1] != '.' {
		j--
	}
	k := run
	for k < i && (s[k] == '.' || s[k] == '-') {
		k++
	}
	if i-max(j, k) < 3 || run > 0 && s[run-1] == '@' {
		return -1
	}
	return k
}

func ensByte(c byte) bool {
	return isPIIAlnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80
}
