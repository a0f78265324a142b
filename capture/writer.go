package capture

import (
	"encoding/binary"
	"errors"
	"strconv"
)

// Writer encodes a raw batch, one method per op. It writes what it is given,
// limits included (tests need over-limit batches); only values the format
// cannot represent — a time before the base time, a negative id or size, an
// unknown namespace — are refused: they are written as 0 and Err reports the
// first. A Writer is not safe for concurrent use.
type Writer struct {
	buf  []byte
	base int64
	err  error
}

// NewWriter starts a batch whose op times are offsets from baseTime (ms since
// the Unix epoch).
func NewWriter(baseTime int64) *Writer {
	w := &Writer{base: baseTime, buf: make([]byte, 0, 512)}
	w.buf = append(w.buf, magic...)
	w.buf = append(w.buf, version)
	if baseTime < 0 {
		w.fail("negative base time")
		baseTime = 0
	}
	w.buf = binary.AppendUvarint(w.buf, uint64(baseTime))
	return w
}

// Bytes returns the batch so far. It aliases the Writer's buffer.
func (w *Writer) Bytes() []byte { return w.buf }

// Len returns the size of the batch so far in bytes.
func (w *Writer) Len() int { return len(w.buf) }

// Err returns the first value the format could not represent, or nil.
func (w *Writer) Err() error { return w.err }

func (w *Writer) fail(msg string) {
	if w.err == nil {
		w.err = errors.New("capture: writer: " + msg)
	}
}

func (w *Writer) kind(k OpKind) { w.buf = append(w.buf, byte(k)) }

func (w *Writer) time(t int64) {
	if t < w.base {
		w.fail("time " + strconv.FormatInt(t, 10) + " is before the base time")
		t = w.base
	}
	w.buf = binary.AppendUvarint(w.buf, uint64(t-w.base))
}

func (w *Writer) uint(v int) {
	if v < 0 {
		w.fail("negative value " + strconv.Itoa(v))
		v = 0
	}
	w.buf = binary.AppendUvarint(w.buf, uint64(v))
}

func (w *Writer) int(v int) { w.buf = binary.AppendVarint(w.buf, int64(v)) }

func (w *Writer) str(s string) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *Writer) bool(b bool) {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}

// SnapshotStart writes the start of a full snapshot: the page URL, the
// viewport size and the scroll position.
func (w *Writer) SnapshotStart(t int64, href string, width, height, scrollX, scrollY int) {
	w.kind(OpSnapshotStart)
	w.time(t)
	w.str(href)
	w.uint(width)
	w.uint(height)
	w.int(scrollX)
	w.int(scrollY)
}

// SnapshotEnd writes the end of a full snapshot.
func (w *Writer) SnapshotEnd(t int64) {
	w.kind(OpSnapshotEnd)
	w.time(t)
}

// Node writes the insertion of a new node under parent before next (0:
// append).
func (w *Writer) Node(id, parent, next int, n *NodeData) {
	w.kind(OpNode)
	w.uint(id)
	w.uint(parent)
	w.uint(next)
	w.buf = append(w.buf, byte(n.Kind))
	switch n.Kind {
	case KindDoctype:
		w.str(n.Name)
		w.str(n.PublicID)
		w.str(n.SystemID)
	case KindElement:
		ns, ok := namespaceByte(n.Namespace)
		if !ok {
			w.fail("unknown namespace " + strconv.Quote(n.Namespace))
		}
		w.buf = append(w.buf, ns)
		w.str(n.Tag)
		w.uint(len(n.Attrs))
		for _, a := range n.Attrs {
			w.str(a.Key)
			w.str(a.Val)
		}
		w.uint(n.Width)
		w.uint(n.Height)
	case KindText, KindCDATA, KindComment:
		w.str(n.Data)
	}
}

// Move writes the move of node id, with its subtree, under parent before next.
func (w *Writer) Move(id, parent, next int) {
	w.kind(OpMove)
	w.uint(id)
	w.uint(parent)
	w.uint(next)
}

// Remove writes the removal of node id and its subtree.
func (w *Writer) Remove(id int) {
	w.kind(OpRemove)
	w.uint(id)
}

// Text writes new data for a text node.
func (w *Writer) Text(id int, data string) {
	w.kind(OpText)
	w.uint(id)
	w.str(data)
}

// Attr writes an attribute set.
func (w *Writer) Attr(id int, name, value string) {
	w.kind(OpAttr)
	w.uint(id)
	w.str(name)
	w.str(value)
}

// AttrRemove writes an attribute removal.
func (w *Writer) AttrRemove(id int, name string) {
	w.kind(OpAttrRemove)
	w.uint(id)
	w.str(name)
}

// MutationEnd closes the mutations written since the last SnapshotEnd or
// MutationEnd into one Mutation event.
func (w *Writer) MutationEnd(t int64) {
	w.kind(OpMutationEnd)
	w.time(t)
}

// Input writes the live value and checked state of a control.
func (w *Writer) Input(t int64, id int, value string, checked bool) {
	w.kind(OpInput)
	w.time(t)
	w.uint(id)
	w.str(value)
	w.bool(checked)
}

// Mouse writes a mouse interaction (kind is one of the MouseInteraction
// types; pointer 0 mouse, 1 pen, 2 touch).
func (w *Writer) Mouse(t int64, kind, id, x, y, pointer int) {
	w.kind(OpMouse)
	w.time(t)
	w.uint(kind)
	w.uint(id)
	w.int(x)
	w.int(y)
	w.uint(pointer)
}

// MouseMove writes a batch of pointer positions.
func (w *Writer) MouseMove(t int64, positions []MousePosition) {
	w.kind(OpMouseMove)
	w.time(t)
	w.uint(len(positions))
	for _, p := range positions {
		w.int(p.X)
		w.int(p.Y)
		w.uint(p.ID)
		w.int(p.TimeOffset)
	}
}

// Scroll writes the scroll position of node id (the document for the page).
func (w *Writer) Scroll(t int64, id, x, y int) {
	w.kind(OpScroll)
	w.time(t)
	w.uint(id)
	w.int(x)
	w.int(y)
}

// Viewport writes a viewport resize.
func (w *Writer) Viewport(t int64, width, height int) {
	w.kind(OpViewport)
	w.time(t)
	w.uint(width)
	w.uint(height)
}

// Navigate writes a URL change without a reload.
func (w *Writer) Navigate(t int64, href string, width, height int) {
	w.kind(OpNavigate)
	w.time(t)
	w.str(href)
	w.uint(width)
	w.uint(height)
}

// StyleRule writes a CSSOM change on the sheet of <style> element id: op is
// StyleInsert (rule is written) or StyleDelete (rule is ignored).
func (w *Writer) StyleRule(t int64, id, op, index int, rule string) {
	w.kind(OpStyleRule)
	w.time(t)
	w.uint(id)
	if op != StyleInsert && op != StyleDelete {
		w.fail("style rule op " + strconv.Itoa(op))
		op = StyleDelete
	}
	w.buf = append(w.buf, byte(op))
	w.uint(index)
	if op == StyleInsert {
		w.str(rule)
	}
}

// Op writes any decoded op, so that reading a batch and writing every op
// into a Writer with the same base time gives the same bytes (a legacy
// message-only Error op comes back as the PageError it was read as).
func (w *Writer) Op(op *Op) {
	switch op.Kind {
	case OpSnapshotStart:
		w.SnapshotStart(op.Time, op.Href, op.Width, op.Height, op.X, op.Y)
	case OpSnapshotEnd:
		w.SnapshotEnd(op.Time)
	case OpNode:
		w.Node(op.ID, op.Parent, op.Next, &op.Node)
	case OpMove:
		w.Move(op.ID, op.Parent, op.Next)
	case OpRemove:
		w.Remove(op.ID)
	case OpText:
		w.Text(op.ID, op.Value)
	case OpAttr:
		w.Attr(op.ID, op.Name, op.Value)
	case OpAttrRemove:
		w.AttrRemove(op.ID, op.Name)
	case OpMutationEnd:
		w.MutationEnd(op.Time)
	case OpInput:
		w.Input(op.Time, op.ID, op.Value, op.Checked)
	case OpMouse:
		w.Mouse(op.Time, op.MouseKind, op.ID, op.X, op.Y, op.Pointer)
	case OpMouseMove:
		w.MouseMove(op.Time, op.Positions)
	case OpScroll:
		w.Scroll(op.Time, op.ID, op.X, op.Y)
	case OpViewport:
		w.Viewport(op.Time, op.Width, op.Height)
	case OpNavigate:
		w.Navigate(op.Time, op.Href, op.Width, op.Height)
	case OpStyleRule:
		w.StyleRule(op.Time, op.ID, op.StyleOp, op.Index, op.Rule)
	case OpPageError:
		w.PageError(op.Time, op.ErrorSource, op.Name, op.Value, op.Frames)
	default:
		w.fail("unknown op kind " + op.Kind.String())
	}
}
