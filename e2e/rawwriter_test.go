//go:build !js

package e2e

import (
	"encoding/base64"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// The JS writer (js-shim/src/rawwriter.js), run under node, must produce the
// bytes capture.Writer does for the same ops: varints past 2^32, zig-zag
// negatives, multi-byte and astral UTF-8, and strings long enough for a
// two-byte length prefix.
func TestJSRawWriterMatchesGo(t *testing.T) {
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is needed to run the shim's writer")
	long := strings.Repeat("é", 100) // 200 bytes, worst case reserved 300
	script := `
import { RawWriter, OP, KIND } from '../js-shim/src/rawwriter.js';
const w = new RawWriter(8);
const base = 1700000000123;
w.begin(base);
w.op(OP.SnapshotStart, base + 5); w.str('https://x.test/ä?q=1'); w.uvarint(1280); w.uvarint(800); w.int(-3); w.int(70000);
w.op(OP.Node); w.uvarint(1); w.uvarint(0); w.uvarint(0); w.byte(KIND.Document);
w.op(OP.Node); w.uvarint(2); w.uvarint(1); w.uvarint(0); w.byte(KIND.Element); w.byte(1); w.str('svg');
w.uvarint(1); w.str('viewBox'); w.str('0 0 1 1'); w.uvarint(300); w.uvarint(0);
w.op(OP.Node); w.uvarint(3); w.uvarint(2); w.uvarint(0); w.byte(KIND.Text); w.str('` + long + `');
w.op(OP.Text); w.uvarint(3); w.str('snow ☃ and 😀');
w.op(OP.Mouse, base + 200); w.uvarint(2); w.uvarint(3); w.int(-1); w.int(-129); w.uvarint(0);
w.op(OP.SnapshotEnd, base + 4000000000);
process.stdout.write(Buffer.from(w.take()).toString('base64'));
`
	cmd := exec.Command(node, "--input-type=module", "-e", script)
	out, err := cmd.Output()
	require.NoError(t, err, "node: %s", exitStderr(err))
	got, err := base64.StdEncoding.DecodeString(string(out))
	require.NoError(t, err)

	const base = 1700000000123
	w := capture.NewWriter(base)
	w.SnapshotStart(base+5, "https://x.test/ä?q=1", 1280, 800, -3, 70000)
	w.Node(1, 0, 0, &capture.NodeData{Kind: capture.KindDocument})
	w.Node(2, 1, 0, &capture.NodeData{Kind: capture.KindElement, Namespace: "svg", Tag: "svg",
		Attrs: []html.Attribute{{Key: "viewBox", Val: "0 0 1 1"}}, Width: 300})
	w.Node(3, 2, 0, &capture.NodeData{Kind: capture.KindText, Data: long})
	w.Text(3, "snow ☃ and 😀")
	w.Mouse(base+200, capture.Click, 3, -1, -129, 0)
	w.SnapshotEnd(base + 4000000000)
	require.NoError(t, w.Err())
	require.Equal(t, w.Bytes(), got)
}

func exitStderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// Strings over capture.MaxStringBytes are cut, never split inside a code
// point, and counted; the batch then decodes within the engine's limits.
func TestJSRawWriterTruncatesAtCodePoint(t *testing.T) {
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is needed to run the shim's writer")
	for _, tc := range []struct {
		name, expr string
		wantLen    int
		truncated  int
	}{
		{"ascii under the limit", `'a'.repeat(1024 * 1024)`, 1 << 20, 0},
		{"ascii over the limit", `'a'.repeat(1024 * 1024 + 1)`, 1 << 20, 1},
		{"astral across the limit", `'a'.repeat(1024 * 1024 - 2) + '😀'`, 1<<20 - 2, 1},
		{"two-byte across the limit", `'a'.repeat(1024 * 1024 - 1) + 'é'`, 1<<20 - 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			script := `
import { RawWriter, OP } from '../js-shim/src/rawwriter.js';
const w = new RawWriter();
w.begin(1000);
w.op(OP.SnapshotStart, 1000); w.str('https://x.test/'); w.uvarint(1); w.uvarint(1); w.int(0); w.int(0);
w.op(OP.Node); w.uvarint(1); w.uvarint(0); w.uvarint(0); w.byte(0);
w.op(OP.Node); w.uvarint(2); w.uvarint(1); w.uvarint(0); w.byte(3); w.str(` + tc.expr + `);
process.stdout.write(JSON.stringify({ truncated: w.truncated, b64: Buffer.from(w.take()).toString('base64') }));
`
			out, err := exec.Command(node, "--input-type=module", "-e", script).Output()
			require.NoError(t, err, "node: %s", exitStderr(err))
			var res struct {
				Truncated int    `json:"truncated"`
				B64       string `json:"b64"`
			}
			require.NoError(t, json.Unmarshal(out, &res))
			assert.Equal(t, tc.truncated, res.Truncated)
			raw, err := base64.StdEncoding.DecodeString(res.B64)
			require.NoError(t, err)
			r, err := capture.NewReader(raw)
			require.NoError(t, err)
			var op capture.Op
			for i := 0; i < 3; i++ {
				require.NoError(t, r.Next(&op))
			}
			assert.Len(t, op.Node.Data, tc.wantLen)
			assert.True(t, utf8.ValidString(op.Node.Data))
		})
	}
}
