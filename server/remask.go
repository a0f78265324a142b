package server

import (
	"errors"
	"io"
	"math"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
)

// remasker masks one recording session again at ingest, batch after batch,
// with the application's recording rules. Not safe for concurrent use.
//
// capture.EncodeEventBatches checks events against a mirror of its own that
// starts empty on every call, so a batch of mutations on nodes an earlier
// batch created does not encode alone. The remasker therefore keeps a
// skeleton of the page (ids, kinds and tags only, no text or attributes),
// encodes it as a full snapshot in front of each new batch, and cuts those
// ops off again: the masking session, which keeps the real mirror, sees only
// the new batch's ops.
type remasker struct {
	mask   *masking.Session
	skel   *capture.Mirror
	synced bool
}

func newRemasker(set *rules.Set) *remasker {
	return &remasker{mask: masking.NewSession(set), skel: capture.NewMirror(), synced: true}
}

// errOutOfStep: the session lost step (a gap, an eviction, an inconsistent
// batch) and this batch holds no full snapshot to resynchronise on.
var errOutOfStep = errors.New("waiting for a full snapshot after losing step")

// write masks events and returns the masked events and how many strings the
// masking changed. On error the batch is to be dropped whole (fail closed)
// and the remasker waits for the next full snapshot.
func (r *remasker) write(set *rules.Set, events []capture.Event, consent, source string) ([]capture.Event, int, error) {
	if !r.synced {
		i := firstSnapshot(events)
		if i < 0 {
			return nil, 0, errOutOfStep
		}
		if i > 0 && events[i-1].Type == capture.Meta {
			i--
		}
		events = events[i:]
		*r = *newRemasker(set)
	}
	if consent != "" {
		r.mask.SetConsent(consent, source)
	}
	raw, err := r.encode(events)
	if err != nil {
		r.synced = false
		return nil, 0, err
	}
	before := r.mask.Stats().Masked
	out, err := r.mask.Write(raw)
	if err == nil {
		err = r.track(raw)
	}
	if err != nil {
		r.synced = false
		return nil, 0, err
	}
	return out, r.mask.Stats().Masked - before, nil
}

func firstSnapshot(events []capture.Event) int {
	for i := range events {
		if events[i].Type == capture.FullSnapshot {
			return i
		}
	}
	return -1
}

// encode turns events into one raw batch that continues the skeleton's page.
func (r *remasker) encode(events []capture.Event) ([]byte, error) {
	base := int64(math.MaxInt64)
	for i := range events {
		base = min(base, events[i].Timestamp)
	}
	base = max(base, 0)
	root := r.skel.Root()
	if root == nil || firstSnapshot(events) == 0 || (len(events) > 1 && events[0].Type == capture.Meta && events[1].Type == capture.FullSnapshot) {
		return capture.EncodeEvents(events, base)
	}
	prefix := []capture.Event{
		{Type: capture.Meta, Timestamp: base, Data: capture.MetaData{}},
		{Type: capture.FullSnapshot, Timestamp: base, Data: capture.FullSnapshotData{Node: skeleton(root)}},
	}
	head, err := capture.EncodeEvents(nil, base)
	if err != nil {
		return nil, err
	}
	alone, err := capture.EncodeEvents(prefix, base)
	if err != nil {
		return nil, err
	}
	both, err := capture.EncodeEvents(append(prefix, events...), base)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(head)+len(both)-len(alone))
	out = append(out, head...)
	return append(out, both[len(alone):]...), nil
}

// skeleton builds an rrweb node tree with n's structure and none of its
// content: enough for the encoder's consistency checks.
func skeleton(n *capture.Node) *capture.SNode {
	s := &capture.SNode{ID: n.ID}
	switch n.Kind() {
	case capture.KindDocument:
		s.Type = capture.DocumentNode
	case capture.KindDoctype:
		s.Type, s.Name = capture.DocumentTypeNode, n.Data
	case capture.KindElement:
		s.Type, s.TagName, s.IsSVG = capture.ElementNode, n.Data, n.Namespace == "svg"
	case capture.KindText:
		s.Type = capture.TextNode
	case capture.KindCDATA:
		s.Type = capture.CDATANode
	case capture.KindComment:
		s.Type = capture.CommentNode
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cn := capture.NodeOf(c)
		if cn.Kind() == capture.KindShadowRoot {
			for sc := c.FirstChild; sc != nil; sc = sc.NextSibling {
				child := skeleton(capture.NodeOf(sc))
				child.IsShadow = true
				s.ChildNodes = append(s.ChildNodes, child)
			}
			continue
		}
		s.ChildNodes = append(s.ChildNodes, skeleton(cn))
	}
	return s
}

// track applies the tree ops of raw to the skeleton, without their content.
func (r *remasker) track(raw []byte) error {
	rd, err := capture.NewReader(raw)
	if err != nil {
		return err
	}
	var op capture.Op
	for {
		err := rd.Next(&op)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch op.Kind {
		case capture.OpSnapshotStart, capture.OpMove, capture.OpRemove:
		case capture.OpNode:
			op.Node.Attrs, op.Node.Data, op.Node.Width, op.Node.Height = nil, "", 0, 0
			op.Node.PublicID, op.Node.SystemID = "", ""
		default:
			continue
		}
		if _, err := r.skel.Apply(&op); err != nil {
			return err
		}
	}
}
