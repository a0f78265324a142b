package masking

import "testing"

// The reference vectors of the SipHash paper (Appendix A): key 00 01 … 0f,
// messages 00 01 … (n-1).
func TestSipHash24Vectors(t *testing.T) {
	want := map[int]uint64{
		0:  0x726fdb47dd0e0e31,
		1:  0x74f839c593dc67fd,
		8:  0x93f5f5799a932462,
		15: 0xa129ca6149be45e5,
	}
	var key [16]byte
	for i := range key {
		key[i] = byte(i)
	}
	k0, k1 := le64(string(key[:8])), le64(string(key[8:]))
	msg := make([]byte, 64)
	for i := range msg {
		msg[i] = byte(i)
	}
	for n, w := range want {
		if got := sipHash24(k0, k1, string(msg[:n])); got != w {
			t.Errorf("len %d: %#x, want %#x", n, got, w)
		}
	}
}
