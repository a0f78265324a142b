package capture

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// ShadowRootID is the id EncodeEvents gives the shadow root of host hostID:
// rrweb flattens shadow roots away, the mirror keeps them.
func ShadowRootID(hostID int) int { return 1<<50 + hostID }

// EncodeEvents turns rrweb events back into one raw batch with base time
// baseTime, so that recordings are masked again at playback through the same
// input path as live ones. Meta and the FullSnapshot after it become a
// snapshot; a Meta without one becomes Navigate; mutations become Remove, Node
// (in an order where each parent and next sibling already exist), Text, Attr
// and AttrRemove ops and a MutationEnd; the other sources map to their ops.
// Custom events are dropped (the session writes its own), except page errors
// (ErrorTag), which become PageError ops with their name, message and frames,
// to be masked again.
//
// rrweb's blocked placeholders (needBlock, or rr_width/rr_height) come back
// as elements carrying BlockAttr, measured from rr_width/rr_height; every
// other rr_* attribute is dropped. Shadow children (isShadow) go under a
// ShadowRoot with id ShadowRootID(host). The events are checked against a
// mirror as they are encoded, so an inconsistent recording is an error here.
func EncodeEvents(events []Event, baseTime int64) ([]byte, error) {
	batches, err := EncodeEventBatches(events, baseTime, math.MaxInt)
	if err != nil {
		return nil, err
	}
	return batches[0], nil
}

// EncodeEventBatches is EncodeEvents for recordings of any length: it starts
// a new batch, at an event boundary, once a batch holds splitAt bytes, so no
// batch exceeds MaxBatchBytes unless one event alone does (an error). The
// batches must be written to one Session in order.
func EncodeEventBatches(events []Event, baseTime int64, splitAt int) ([][]byte, error) {
	enc := encoder{w: NewWriter(baseTime), m: NewMirror()}
	var batches [][]byte
	for i := range events {
		if enc.w.Len() >= splitAt && enc.meta == nil {
			batches = append(batches, enc.w.Bytes())
			enc.w = NewWriter(baseTime)
		}
		if err := enc.event(events, i, baseTime); err != nil {
			return nil, encErr(i, err)
		}
	}
	batches = append(batches, enc.w.Bytes())
	for _, b := range batches {
		if err := checkBatchSize(b); err != nil {
			return nil, err
		}
	}
	return batches, nil
}

// EventEncoder encodes a recording that arrives in parts, as the collector
// receives it: each Encode continues the page that the earlier parts built,
// so a batch of mutations on nodes from an earlier batch encodes alone. It
// is not safe for concurrent use; after an error, start a new one.
type EventEncoder struct {
	enc encoder
}

// NewEventEncoder returns an encoder for one recording.
func NewEventEncoder() *EventEncoder { return &EventEncoder{enc: encoder{m: NewMirror()}} }

// Encode turns the next part of the recording into one raw batch with base
// time baseTime.
func (e *EventEncoder) Encode(events []Event, baseTime int64) ([]byte, error) {
	e.enc.w = NewWriter(baseTime)
	e.enc.meta = nil
	for i := range events {
		if err := e.enc.event(events, i, baseTime); err != nil {
			return nil, encErr(i, err)
		}
	}
	b := e.enc.w.Bytes()
	if err := checkBatchSize(b); err != nil {
		return nil, err
	}
	return b, nil
}

func checkBatchSize(b []byte) error {
	if n := len(b); n > MaxBatchBytes {
		return &capError{&LimitError{What: "batch of " + strconv.Itoa(n) + " bytes", Limit: "MaxBatchBytes", Max: MaxBatchBytes}}
	}
	return nil
}

// event writes events[i]; a Meta right before a FullSnapshot is held for it.
func (enc *encoder) event(events []Event, i int, baseTime int64) error {
	e := &events[i]
	if e.Timestamp < baseTime {
		return errors.New("timestamp before the base time")
	}
	var err error
	switch d := e.Data.(type) {
	case MetaData:
		if i+1 < len(events) && events[i+1].Type == FullSnapshot {
			enc.meta = &d
			return nil
		}
		enc.w.Navigate(e.Timestamp, d.Href, d.Width, d.Height)
	case FullSnapshotData:
		err = enc.snapshot(e.Timestamp, &d)
	case MutationData:
		err = enc.mutation(e.Timestamp, &d)
	case InputData:
		enc.w.Input(e.Timestamp, d.ID, d.Text, d.IsChecked)
	case MouseInteractionData:
		enc.w.Mouse(e.Timestamp, d.Kind, d.ID, d.X, d.Y, d.PointerType)
	case MouseMoveData:
		enc.w.MouseMove(e.Timestamp, d.Positions)
	case ScrollData:
		enc.w.Scroll(e.Timestamp, d.ID, d.X, d.Y)
	case ViewportResizeData:
		enc.w.Viewport(e.Timestamp, d.Width, d.Height)
	case StyleSheetRuleData:
		for _, a := range d.Adds {
			enc.w.StyleRule(e.Timestamp, d.ID, StyleInsert, a.Index, a.Rule)
		}
		for _, idx := range d.Removes {
			enc.w.StyleRule(e.Timestamp, d.ID, StyleDelete, idx, "")
		}
	case CustomData:
		if d.Tag == ErrorTag {
			encodePageError(enc.w, e.Timestamp, &d)
		}
	default:
		err = errors.New("no raw form for this event")
	}
	if err == nil {
		err = enc.w.Err()
	}
	return err
}

func encErr(i int, err error) error {
	return errors.New("capture: EncodeEvents: event " + strconv.Itoa(i) + ": " + strings.TrimPrefix(err.Error(), "capture: "))
}

type encoder struct {
	w    *Writer
	m    *Mirror
	meta *MetaData // the Meta just before a FullSnapshot
	op   Op
}

// emit writes a tree op and applies it to the encoder's mirror.
func (enc *encoder) emit(op *Op) error {
	if _, err := enc.m.Apply(op); err != nil {
		return err
	}
	enc.w.Op(op)
	return nil
}

func (enc *encoder) snapshot(t int64, d *FullSnapshotData) error {
	if d.Node == nil || d.Node.Type != DocumentNode {
		return errors.New("a full snapshot must hold a document")
	}
	meta := MetaData{}
	if enc.meta != nil {
		meta = *enc.meta
		enc.meta = nil
	}
	enc.w.SnapshotStart(t, meta.Href, meta.Width, meta.Height, d.InitialLeft, d.InitialTop)
	enc.m.Reset()
	if err := enc.node(d.Node, 0, 0); err != nil {
		return err
	}
	enc.w.SnapshotEnd(t)
	return nil
}

// node writes n and its subtree under parent before next.
func (enc *encoder) node(n *SNode, parent, next int) error {
	if n == nil {
		return errors.New("null node")
	}
	if n.ID <= 0 || n.ID >= 1<<50 {
		return errors.New("node id " + strconv.Itoa(n.ID) + " out of range")
	}
	op := &enc.op
	*op = Op{Kind: OpNode, ID: n.ID, Parent: parent, Next: next, Node: NodeData{Attrs: op.Node.Attrs[:0]}}
	nd := &op.Node
	switch n.Type {
	case DocumentNode:
		nd.Kind = KindDocument
	case DocumentTypeNode:
		dt := doctypeOf(n)
		nd.Kind, nd.Name, nd.PublicID, nd.SystemID = KindDoctype, dt.Name, dt.PublicID, dt.SystemID
	case ElementNode:
		nd.Kind, nd.Tag = KindElement, n.TagName
		if n.IsSVG {
			nd.Namespace = "svg"
		}
		blocked := n.NeedBlock
		for _, a := range n.Attributes {
			switch {
			case a.Name == "rr_width":
				nd.Width, blocked = pixels(a.Value), true
			case a.Name == "rr_height":
				nd.Height, blocked = pixels(a.Value), true
			case strings.HasPrefix(a.Name, "rr_"), a.Name == BlockAttr:
			default:
				nd.Attrs = append(nd.Attrs, html.Attribute{Key: a.Name, Val: a.Value})
			}
		}
		if blocked || hasAttr(n.Attributes, BlockAttr) {
			nd.Attrs = append(nd.Attrs, html.Attribute{Key: BlockAttr})
		}
	case TextNode:
		nd.Kind, nd.Data = KindText, n.TextContent
	case CDATANode:
		nd.Kind, nd.Data = KindCDATA, n.TextContent
	case CommentNode:
		nd.Kind, nd.Data = KindComment, n.TextContent
	default:
		return errors.New("bad node type " + strconv.Itoa(int(n.Type)))
	}
	if err := enc.emit(op); err != nil {
		return err
	}
	for _, c := range n.ChildNodes {
		p := n.ID
		if c.IsShadow && n.Type == ElementNode {
			var err error
			if p, err = enc.shadowRoot(n.ID); err != nil {
				return err
			}
		}
		if err := enc.node(c, p, 0); err != nil {
			return err
		}
	}
	return nil
}

func hasAttr(as []Attr, name string) bool {
	for _, a := range as {
		if a.Name == name {
			return true
		}
	}
	return false
}

// shadowRoot returns the id of host's shadow root, creating it if needed.
func (enc *encoder) shadowRoot(host int) (int, error) {
	id := ShadowRootID(host)
	if enc.m.Node(id) != nil {
		return id, nil
	}
	op := &enc.op
	*op = Op{Kind: OpNode, ID: id, Parent: host, Node: NodeData{Kind: KindShadowRoot, Attrs: op.Node.Attrs[:0]}}
	return id, enc.emit(op)
}

// pixels reads rrweb's "123px" (or "123.5px") as whole CSS px.
func pixels(s string) int {
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "px"), 64)
	if err != nil || !(f >= 0) || f > maxNumber {
		return 0
	}
	return int(math.Round(f))
}

func (enc *encoder) mutation(t int64, d *MutationData) error {
	for _, r := range d.Removes {
		if err := enc.emit(&Op{Kind: OpRemove, ID: r.ID}); err != nil {
			return err
		}
	}
	if d.IsAttachIframe {
		// A frame that navigated gets its new document without a removal
		// of the old one (rrweb never sends one): the Replayer replaces it.
		for _, a := range d.Adds {
			if p := enc.m.Node(a.ParentID); p != nil {
				if old := child(p, KindDocument); old != nil {
					if err := enc.emit(&Op{Kind: OpRemove, ID: old.ID}); err != nil {
						return err
					}
				}
			}
		}
	}
	pending := make([]*AddedNode, 0, len(d.Adds))
	for i := range d.Adds {
		pending = append(pending, &d.Adds[i])
	}
	// rrweb lists adds in no particular order: write each once its parent
	// and its next sibling exist, until a pass makes no progress.
	for len(pending) > 0 {
		left := pending[:0]
		for _, a := range pending {
			if !enc.ready(a) {
				left = append(left, a)
				continue
			}
			parent := a.ParentID
			if a.Node != nil && a.Node.IsShadow {
				var err error
				if parent, err = enc.shadowRoot(a.ParentID); err != nil {
					return err
				}
			}
			if err := enc.node(a.Node, parent, a.NextID); err != nil {
				return err
			}
		}
		if len(left) == len(pending) {
			return errors.New("added node " + strconv.Itoa(left[0].Node.ID) + " has no parent " +
				strconv.Itoa(left[0].ParentID) + " or next sibling " + strconv.Itoa(left[0].NextID))
		}
		pending = left
	}
	for _, tm := range d.Texts {
		if err := enc.emit(&Op{Kind: OpText, ID: tm.ID, Value: tm.Value}); err != nil {
			return err
		}
	}
	for _, am := range d.Attributes {
		for _, c := range am.Attributes {
			if strings.HasPrefix(c.Name, "rr_") {
				continue
			}
			op := Op{Kind: OpAttr, ID: am.ID, Name: c.Name, Value: c.Value}
			if c.Removed {
				op.Kind, op.Value = OpAttrRemove, ""
			}
			if err := enc.emit(&op); err != nil {
				return err
			}
		}
	}
	enc.w.MutationEnd(t)
	return nil
}

func (enc *encoder) ready(a *AddedNode) bool {
	if a.Node == nil {
		return true // let node report it
	}
	return enc.m.Node(a.ParentID) != nil && (a.NextID == 0 || enc.m.Node(a.NextID) != nil)
}
