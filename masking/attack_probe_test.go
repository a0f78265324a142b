package masking_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAttackProbe runs the golden harness over the case directories in
// $VEIL_ATTACK_DIR (a staging area outside testdata/), printing each output.
func TestAttackProbe(t *testing.T) {
	root := os.Getenv("VEIL_ATTACK_DIR")
	if root == "" {
		t.Skip("VEIL_ATTACK_DIR not set")
	}
	for _, name := range caseDirs(t, root) {
		t.Run(name, func(t *testing.T) {
			c := loadCase(t, filepath.Join(root, name))
			events, out := c.run(t)
			for _, leak := range leaks(out, c.secrets) {
				t.Error(leak)
			}
			if isMaskAll(t, c.rules) {
				for _, v := range maskAllViolations(events) {
					t.Error(v)
				}
			}
			if os.Getenv("VEIL_ATTACK_SHOW") != "" {
				t.Log("\n" + string(out))
			}
		})
	}
}
