package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Text typed into an editing host is an input value, shown as one fixed
// mask: a keystroke that changes the text changes nothing the replayer
// shows, so it is not sent, and the count and timing of keystrokes never
// leave the page (as for a masked control's input events). A change the
// replay must show (the text emptied, or written again as page text when
// revealed) is still sent.
func TestTypingIntoEditingHostSendsOneMask(t *testing.T) {
	for _, r := range []rules.Rules{
		{Mode: rules.ModeMaskAll},
		{Mode: rules.ModeBlockList},
		{Mode: rules.ModeAllowList, Allow: []string{"body"}},
	} {
		t.Run(r.Mode.String(), func(t *testing.T) {
			s, m := startSession(t, r, `<!DOCTYPE html><html><head></head><body><div id=ed contenteditable>Dear</div></body></html>`)
			text := textNodeID(t, m, "Dear")
			sent := func(data string) []capture.TextMutation { return sentText(t, s, text, data) }
			for _, typed := range []string{"Dear J", "Dear Jo", "Dear Joh", "Dear John"} {
				assert.Empty(t, sent(typed), "typed %q", typed)
			}
			if got := sent(""); assert.Len(t, got, 1, "emptied") {
				assert.Equal(t, "", got[0].Value)
			}
			if got := sent("H"); assert.Len(t, got, 1, "typed again after the text was emptied") {
				assert.Equal(t, inputMask, got[0].Value)
			}
			assert.Empty(t, sent("Hi"), "the same mask again")
		})
	}
}
