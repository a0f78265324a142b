package masking

import "github.com/veil-replay/veil/capture"

// keepsBox reports whether an element blocked by the rules keeps its subtree,
// masked as blocked content, instead of becoming an empty placeholder.
//
// A placeholder holds its box only with the size the recorder measured, and
// the recorder measures what the *recording* rules block (and media). An
// element blocked only by stricter playback rules has no measurement: as a
// placeholder it would collapse, and the replay would show a page whose
// layout the visitor never saw. At playback (Replay) such an element keeps
// its subtree with the blocked decision — text as '*', input values fixed,
// media as same-size placeholders, free-text and URL attributes masked — so
// the layout holds, and the viewer draws the striped placeholder over it.
//
// Never while recording: there a blocked element's content must not leave
// the page in any form, measured or not. Nothing blocked at capture
// (WasBlocked) has content to keep either.
func (s *Session) keepsBox(n *capture.Node) bool {
	return s.playback && !n.WasBlocked && (n.Width == 0 || n.Height == 0)
}
