package capture

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"
)

// The Reader's inline paths for one- and two-byte numbers read exactly what
// binary.Uvarint reads, at any position: canonical and padded encodings,
// numbers at the batch's end, truncated ones, and a 65-bit overflow.
func TestReaderUvarintAgreesWithBinary(t *testing.T) {
	var inputs [][]byte
	for _, v := range []uint64{0, 1, 127, 128, 129, 300, 16383, 16384, 16385, 1 << 21, 1<<53 - 1, 1<<64 - 1} {
		inputs = append(inputs, binary.AppendUvarint(nil, v))
	}
	for v := uint64(0); v < 20000; v += 37 {
		inputs = append(inputs, binary.AppendUvarint(nil, v))
	}
	inputs = append(inputs, []byte{0x80, 0x00}, []byte{0xff, 0x7f}, []byte{0x80}, []byte{0xff, 0xff}, []byte{},
		[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	for _, in := range inputs {
		for _, tail := range [][]byte{nil, {0x05}, {0x90, 0x01}} {
			buf := append(append([]byte{}, in...), tail...)
			r := &Reader{buf: buf}
			var err error
			got := r.uvarint(&err)
			want, n := binary.Uvarint(buf)
			switch {
			case n > 0:
				require.NoError(t, err, "% x", buf)
				require.Equal(t, want, got, "% x", buf)
				require.Equal(t, n, r.pos, "% x", buf)
			default:
				require.Error(t, err, "% x", buf)
			}
		}
	}
}
