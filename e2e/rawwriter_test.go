//go:build !js

package e2e

import (
	"encoding/base64"
	"os/exec"
	"strings"
	"testing"

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
