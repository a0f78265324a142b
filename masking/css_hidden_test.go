package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A content string read before any page is known (a session with no
// snapshot yet, as a playback of stored events may start) is masked: no
// element is known to show it unmasked. It used to dereference the
// mirror's missing root.
func TestContentBeforeAnyPageIsMasked(t *testing.T) {
	s := NewSession(nil)
	out := s.css(`.badge::after{content:"Hannelore Quist"}`, false, false)
	assert.NotContains(t, out, "Hannelore")
	assert.Contains(t, out, "::after", "the rule is kept")
}
