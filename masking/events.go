package masking

import (
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// event emits the masked form of a non-DOM op, or drops it.
func (s *Session) event(op *capture.Op) error {
	switch op.Kind {
	case capture.OpInput:
		s.input(op)
	case capture.OpMouse:
		n := s.mirror.Node(op.ID)
		target := s.visible(n)
		if target == nil || s.hides(n) {
			s.stats.Dropped++
			return nil
		}
		s.emit(op.Time, capture.IncrementalSnapshot, capture.MouseInteractionData{
			Kind: op.MouseKind, ID: target.ID, X: layoutPx(op.X), Y: layoutPx(op.Y), PointerType: op.Pointer})
	case capture.OpMouseMove:
		var kept []capture.MousePosition
		for _, p := range op.Positions {
			n := s.mirror.Node(p.ID)
			target := s.visible(n)
			if target == nil || s.hides(n) {
				continue
			}
			p.ID, p.X, p.Y, p.TimeOffset = target.ID, layoutPx(p.X), layoutPx(p.Y), layoutPx(p.TimeOffset)
			kept = append(kept, p)
		}
		if len(kept) == 0 {
			s.stats.Dropped++
			return nil
		}
		s.emit(op.Time, capture.IncrementalSnapshot, capture.MouseMoveData{Positions: kept})
	case capture.OpScroll:
		// A scroll position inside a hideInteractions area (a PIN wheel, a
		// date picker's column) says what was chosen, as a click there does.
		n := s.mirror.Node(op.ID)
		if n == nil || !has(n, bitEmitted) || s.hides(n) {
			s.stats.Dropped++
			return nil
		}
		s.emit(op.Time, capture.IncrementalSnapshot, capture.ScrollData{ID: n.ID, X: layoutPx(op.X), Y: layoutPx(op.Y)})
	case capture.OpViewport:
		s.emit(op.Time, capture.IncrementalSnapshot, capture.ViewportResizeData{Width: layoutPx(op.Width), Height: layoutPx(op.Height)})
	case capture.OpNavigate:
		href, _ := s.out(fieldURL, rules.Decision{}, s.mirror.Root(), "", op.Href)
		s.emit(op.Time, capture.Meta, capture.MetaData{Href: href, Width: layoutPx(op.Width), Height: layoutPx(op.Height)})
	case capture.OpStyleRule:
		s.styleRule(op)
	case capture.OpPageError:
		s.pageError(op)
	}
	return nil
}

// input emits the value of a control as its decision allows. Masked values
// are all the same, so only the first is sent: the count and timing of
// keystrokes in a masked field never leave the page.
func (s *Session) input(op *capture.Op) {
	n := s.mirror.Node(op.ID)
	if n == nil || !has(n, bitEmitted) || n.Type != html.ElementNode {
		s.stats.Dropped++
		return
	}
	d := decisionOf(n)
	if d.Block || d.HideInteractions || s.lost != nil && s.lost.lostHide(&n.Node) {
		s.stats.Dropped++
		return
	}
	revealed := d.RevealInput && !d.Floor
	s.typed.note(n.ID, op.Value)
	text, _ := s.out(fieldInput, d, n, "", op.Value)
	if !revealed {
		if has(n, bitMaskedInput) {
			s.stats.Dropped++
			return
		}
		setBit(n, bitMaskedInput)
		text = inputMask
	}
	s.emit(op.Time, capture.IncrementalSnapshot, capture.InputData{ID: n.ID, Text: text, IsChecked: op.Checked && revealed})
}

func (s *Session) styleRule(op *capture.Op) {
	n := s.mirror.Node(op.ID)
	if n == nil || !has(n, bitEmitted) || decisionOf(n).Block {
		s.stats.Dropped++
		return
	}
	data := capture.StyleSheetRuleData{ID: n.ID}
	if op.StyleOp == 0 {
		rule, _ := s.out(fieldCSSRule, decisionOf(n), n, "", op.Rule)
		data.Adds = []capture.StyleRuleAdd{{Rule: rule, Index: layoutPx(op.Index)}}
	} else {
		data.Removes = []int{layoutPx(op.Index)}
	}
	s.emit(op.Time, capture.IncrementalSnapshot, data)
}

// pageDecision is the decision of the page's root element: an error message
// is masked like text of the page as a whole.
func (s *Session) pageDecision() rules.Decision {
	if root := s.mirror.Root(); root != nil {
		for c := root.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				return decisionOf(capture.NodeOf(c))
			}
		}
	}
	return rules.Decision{}
}

// visible returns n or its nearest ancestor the replayer knows (a blocked
// placeholder for what is inside it); nil when there is none.
func (s *Session) visible(n *capture.Node) *capture.Node {
	for h := (*html.Node)(nil); n != nil; {
		if has(n, bitEmitted) && !isShadowRoot(&n.Node) {
			return n
		}
		h = n.Parent
		if h == nil {
			return nil
		}
		n = capture.NodeOf(h)
	}
	return nil
}

// hides reports whether interactions over n are dropped: by its decision,
// at playback by a rule that may have lost its target (playback_lost.go), or
// over a keypad's key (keypad.go).
func (s *Session) hides(n *capture.Node) bool {
	return s.effective(n).HideInteractions || s.lost != nil && n != nil && s.lost.lostHide(&n.Node) || (n != nil && onKeypad(n))
}

// effective is n's decision, computed on the fly for nodes that were never
// serialized (inside a blocked area) without storing anything.
func (s *Session) effective(n *capture.Node) rules.Decision {
	if n == nil {
		return rules.Decision{HideInteractions: true}
	}
	if has(n, bitDecided) {
		return decisionOf(n)
	}
	var parent rules.Decision
	if n.Parent != nil {
		parent = s.effective(capture.NodeOf(n.Parent))
	}
	d := s.set.Decide(&n.Node, s.slotted(n, parent))
	if s.lost != nil {
		d = s.lost.lostMask(&n.Node, d)
	}
	return d
}

// Replay masks stored rrweb events again with set, as the server does at
// playback: the events are turned back into one raw batch and run through a
// fresh Session, so playback and capture share every masking path. A
// snapshot sent in parts (capture.SplitTrees) is joined first and masked
// whole (joinSnapshotParts).
func Replay(set *rules.Set, events []capture.Event) ([]capture.Event, error) {
	return ReplayRecorded(set, nil, events)
}

// ReplayRecorded is Replay for a recording that may have been made under
// the rules recording (nil: unknown; the recording's Meta says whether it
// was): playback rules among them had their effect at capture, and no
// watch for a target they may have lost is needed (playback_lost.go).
func ReplayRecorded(set, recording *rules.Set, events []capture.Event) ([]capture.Event, error) {
	if len(events) == 0 {
		return nil, nil
	}
	events = joinSnapshotParts(events)
	base := events[0].Timestamp
	for _, e := range events {
		base = min(base, e.Timestamp)
	}
	batches, err := capture.EncodeEventBatches(events, base, capture.MaxBatchBytes/2)
	if err != nil {
		return nil, err
	}
	s := NewSession(set)
	s.playback = true
	s.watchLostTargets(recordedUnder(events, set, recording))
	var out []capture.Event
	for _, b := range batches {
		evs, err := s.Write(b)
		out = append(out, evs...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}
