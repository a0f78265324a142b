package masking

import "golang.org/x/net/html"

// noEditorAbove remembers the last node from which noteTyped walked up to
// the document without meeting an editing host. A batch that adds a
// subtree (a list's new rows) calls noteTyped for every node, each walk
// going through the same ancestors; with this the walk for a node ends at
// its parent, or at the first ancestor it shares with the last node walked.
//
// Only adding nodes and changing text keep the answer true: they change no
// attribute and no existing node's ancestors. Any other op forgets it (see
// Session.track), and so does a snapshot (Session.apply), so a
// contenteditable set between two adds of one batch is seen by the second.
// Not safe for concurrent use (one per Session).
type noEditorAbove struct{ from *html.Node }

// holds reports whether the walk from p upwards is known to meet no
// editing host.
func (m *noEditorAbove) holds(p *html.Node) bool { return p != nil && p == m.from }

// found records that the walk from p upwards met no editing host.
func (m *noEditorAbove) found(p *html.Node) { m.from = p }

// forget drops what was known.
func (m *noEditorAbove) forget() { m.from = nil }
