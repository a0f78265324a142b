package capture

import (
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"

	"golang.org/x/net/html"
)

const (
	magic   = "VEIL"
	version = 1
)

// Reader decodes one raw batch op by op. It is not safe for concurrent use.
// After an error every later Next returns the same error: a batch is
// rejected whole from the offending op on.
type Reader struct {
	buf      []byte
	pos      int
	base     int64
	index    int // of the next op
	err      error
	maxAttrs int // MaxAttrs, lowered by tests
}

// NewReader checks the header of batch and returns a Reader positioned at its
// first op. batch is not copied and must not change while it is read.
func NewReader(batch []byte) (*Reader, error) {
	if len(batch) > MaxBatchBytes {
		return nil, &capError{&LimitError{
			What: "batch of " + strconv.Itoa(len(batch)) + " bytes", Limit: "MaxBatchBytes", Max: MaxBatchBytes}}
	}
	if len(batch) < len(magic)+1 || string(batch[:len(magic)]) != magic {
		return nil, errors.New("capture: not a raw batch (no VEIL header)")
	}
	if v := batch[len(magic)]; v != version {
		return nil, errors.New("capture: unsupported batch version " + strconv.Itoa(int(v)))
	}
	r := &Reader{buf: batch, pos: len(magic) + 1, maxAttrs: MaxAttrs}
	base, n := binary.Uvarint(batch[r.pos:])
	if n <= 0 || base > maxNumber {
		return nil, errors.New("capture: bad base time in batch header")
	}
	r.pos += n
	r.base = int64(base)
	return r, nil
}

// BaseTime returns the batch's base time in ms since the Unix epoch.
func (r *Reader) BaseTime() int64 { return r.base }

// Next decodes the next op into op, reusing op's slices (Node.Attrs,
// Positions and Frames are overwritten by the following call: copy what you
// keep). It returns io.EOF at the clean end of the batch, or an *OpError.
func (r *Reader) Next(op *Op) error {
	if r.err != nil {
		return r.err
	}
	if r.pos == len(r.buf) {
		return io.EOF
	}
	kind := OpKind(r.buf[r.pos])
	r.pos++
	attrs, positions, frames := op.Node.Attrs[:0], op.Positions[:0], op.Frames[:0]
	*op = Op{Kind: kind}
	op.Node.Attrs, op.Positions, op.Frames = attrs, positions, frames
	if err := r.op(op); err != nil {
		r.err = &OpError{Index: r.index, Kind: kind, Err: err}
		return r.err
	}
	r.index++
	return nil
}

var errTruncated = errors.New("batch ends inside the op")

func (r *Reader) op(op *Op) error {
	var err error
	switch op.Kind {
	case OpSnapshotStart:
		r.time(op, &err)
		op.Href = r.str(&err)
		op.Width, op.Height = r.uint(&err), r.uint(&err)
		op.X, op.Y = r.int(&err), r.int(&err)
	case OpSnapshotEnd, OpMutationEnd:
		r.time(op, &err)
	case OpNode:
		op.ID, op.Parent, op.Next = r.uint(&err), r.uint(&err), r.uint(&err)
		if err == nil {
			err = r.node(&op.Node)
		}
	case OpMove:
		op.ID, op.Parent, op.Next = r.uint(&err), r.uint(&err), r.uint(&err)
	case OpRemove:
		op.ID = r.uint(&err)
	case OpText:
		op.ID = r.uint(&err)
		op.Value = r.str(&err)
	case OpAttr:
		op.ID = r.uint(&err)
		op.Name, op.Value = r.str(&err), r.str(&err)
	case OpAttrRemove:
		op.ID = r.uint(&err)
		op.Name = r.str(&err)
	case OpInput:
		r.time(op, &err)
		op.ID = r.uint(&err)
		op.Value = r.str(&err)
		switch b := r.byte(&err); b {
		case 0, 1:
			op.Checked = b == 1
		default:
			return errors.New("checked byte " + strconv.Itoa(int(b)) + " is not 0 or 1")
		}
	case OpMouse:
		r.time(op, &err)
		op.MouseKind, op.ID = r.uint(&err), r.uint(&err)
		op.X, op.Y = r.int(&err), r.int(&err)
		op.Pointer = r.uint(&err)
	case OpMouseMove:
		r.time(op, &err)
		n := r.uint(&err)
		// Each position takes at least 4 bytes: a count beyond that is a
		// lie, and believing it would allocate without bound.
		if err == nil && n > (len(r.buf)-r.pos)/4 {
			return errTruncated
		}
		for i := 0; i < n && err == nil; i++ {
			op.Positions = append(op.Positions, MousePosition{X: r.int(&err), Y: r.int(&err), ID: r.uint(&err), TimeOffset: r.int(&err)})
		}
	case OpScroll:
		r.time(op, &err)
		op.ID = r.uint(&err)
		op.X, op.Y = r.int(&err), r.int(&err)
	case OpViewport:
		r.time(op, &err)
		op.Width, op.Height = r.uint(&err), r.uint(&err)
	case OpNavigate:
		r.time(op, &err)
		op.Href = r.str(&err)
		op.Width, op.Height = r.uint(&err), r.uint(&err)
	case OpStyleRule:
		r.time(op, &err)
		op.ID = r.uint(&err)
		op.StyleOp = int(r.byte(&err))
		op.Index = r.uint(&err)
		if err == nil && op.StyleOp != StyleInsert && op.StyleOp != StyleDelete {
			return errors.New("style rule op " + strconv.Itoa(op.StyleOp) + " is not 0 or 1")
		}
		if op.StyleOp == StyleInsert {
			op.Rule = r.str(&err)
		}
	case OpPageError:
		return r.pageError(op)
	case opLegacyError:
		return r.legacyError(op)
	default:
		return errors.New("unknown op kind 0x" + strconv.FormatUint(uint64(op.Kind), 16))
	}
	return err
}

func (r *Reader) node(n *NodeData) error {
	var err error
	n.Kind = NodeKind(r.byte(&err))
	switch n.Kind {
	case KindDocument, KindShadowRoot:
	case KindDoctype:
		n.Name, n.PublicID, n.SystemID = r.str(&err), r.str(&err), r.str(&err)
	case KindElement:
		ns := r.byte(&err)
		if err == nil && int(ns) >= len(namespaces) {
			return errors.New("bad namespace " + strconv.Itoa(int(ns)))
		}
		n.Namespace = namespaces[ns]
		n.Tag = r.str(&err)
		if err == nil && n.Tag == "" {
			return errors.New("element with an empty tag name")
		}
		count := r.uint(&err)
		if err == nil && count > r.maxAttrs {
			return &LimitError{What: strconv.Itoa(count) + " attributes", Limit: "MaxAttrs", Max: r.maxAttrs}
		}
		for i := 0; i < count && err == nil; i++ {
			n.Attrs = append(n.Attrs, html.Attribute{Key: r.str(&err), Val: r.str(&err)})
		}
		n.Width, n.Height = r.uint(&err), r.uint(&err)
	case KindText, KindCDATA, KindComment:
		n.Data = r.str(&err)
	default:
		if err == nil {
			return errors.New("bad node kind " + strconv.Itoa(int(n.Kind)))
		}
	}
	return err
}

// The readers below do nothing once *err is set, so that an op decodes as a
// straight sequence of fields and reports its first problem.

func (r *Reader) byte(err *error) byte {
	if *err != nil {
		return 0
	}
	if r.pos >= len(r.buf) {
		*err = errTruncated
		return 0
	}
	b := r.buf[r.pos]
	r.pos++
	return b
}

func (r *Reader) uvarint(err *error) uint64 {
	if *err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.buf[r.pos:])
	switch {
	case n == 0:
		*err = errTruncated
	case n < 0:
		*err = errors.New("varint overflows 64 bits")
	default:
		r.pos += n
	}
	return v
}

func (r *Reader) uint(err *error) int {
	v := r.uvarint(err)
	if *err == nil && v > maxNumber {
		*err = errors.New("number " + strconv.FormatUint(v, 10) + " is larger than 2^53-1")
		return 0
	}
	return int(v)
}

func (r *Reader) int(err *error) int {
	u := r.uvarint(err)
	v := int64(u>>1) ^ -int64(u&1)
	if *err == nil && (v > maxNumber || v < -maxNumber) {
		*err = errors.New("number " + strconv.FormatInt(v, 10) + " is beyond ±(2^53-1)")
		return 0
	}
	return int(v)
}

func (r *Reader) time(op *Op, err *error) {
	dt := r.uvarint(err)
	if *err == nil && dt > uint64(maxNumber-r.base) {
		*err = errors.New("time offset " + strconv.FormatUint(dt, 10) + " overflows")
		return
	}
	op.Time = r.base + int64(dt)
}

func (r *Reader) str(err *error) string {
	n := r.uvarint(err)
	if *err != nil {
		return ""
	}
	if n > MaxStringBytes {
		*err = &LimitError{What: "string of " + strconv.FormatUint(n, 10) + " bytes", Limit: "MaxStringBytes", Max: MaxStringBytes}
		return ""
	}
	if n > uint64(len(r.buf)-r.pos) {
		*err = errTruncated
		return ""
	}
	b := r.buf[r.pos : r.pos+int(n)]
	if !utf8.Valid(b) {
		*err = errors.New("string is not valid UTF-8")
		return ""
	}
	r.pos += int(n)
	return string(b)
}
