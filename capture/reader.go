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
	names    *internCache
	// shared is the batch as one string from its first SnapshotStart on:
	// see str.
	shared string
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
		return nil, idError("unsupported batch version ", int(v), "")
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
		if r.shared == "" {
			r.shared = string(r.buf)
		}
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
		op.Name, op.Value = r.name(&err), r.name(&err)
	case OpAttrRemove:
		op.ID = r.uint(&err)
		op.Name = r.name(&err)
	case OpInput:
		r.time(op, &err)
		op.ID = r.uint(&err)
		op.Value = r.str(&err)
		switch b := r.byte(&err); b {
		case 0, 1:
			op.Checked = b == 1
		default:
			return numError("checked byte ", int(b), " is not 0 or 1")
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
			return numError("style rule op ", op.StyleOp, " is not 0 or 1")
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
			return numError("bad namespace ", int(ns), "")
		}
		n.Namespace = namespaces[ns]
		n.Tag = r.name(&err)
		if err == nil && n.Tag == "" {
			return errors.New("element with an empty tag name")
		}
		count := r.uint(&err)
		if err == nil && count > r.maxAttrs {
			return &LimitError{What: numText("", uint64(count), " attributes"), Limit: "MaxAttrs", Max: r.maxAttrs}
		}
		for i := 0; i < count && err == nil; i++ {
			n.Attrs = append(n.Attrs, html.Attribute{Key: r.name(&err), Val: r.name(&err)})
		}
		n.Width, n.Height = r.uint(&err), r.uint(&err)
	case KindText, KindCDATA, KindComment:
		n.Data = r.str(&err)
	default:
		if err == nil {
			return numError("bad node kind ", int(n.Kind), "")
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
	// Most numbers in a batch (lengths, kinds, ids below 16384) take one or
	// two bytes: no call for them.
	if *err == nil && r.pos+1 < len(r.buf) {
		b0, b1 := r.buf[r.pos], r.buf[r.pos+1]
		if b0 < 0x80 {
			r.pos++
			return uint64(b0)
		}
		if b1 < 0x80 {
			r.pos += 2
			return uint64(b0&0x7f) | uint64(b1)<<7
		}
	}
	return r.uvarintLong(err)
}

// uvarintLong is uvarint for numbers of three bytes or more, a number at
// the batch's last byte, and errors.
//
//go:noinline
func (r *Reader) uvarintLong(err *error) uint64 {
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
		*err = errors.New(numText("number ", v, " is larger than 2^53-1"))
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
		*err = errors.New(numText("time offset ", dt, " overflows"))
		return
	}
	op.Time = r.base + int64(dt)
}

// str reads a string.
//
// A snapshot's strings are cut from one copy of the batch (Reader.shared)
// instead of a copy each: a page's snapshot is thousands of strings, an
// allocation each is much of the engine's time per node in WebAssembly.
// The copy lives while any of its strings does; the mirror's nodes hold most
// of them anyway, so what it keeps alive is at most the memory the snapshot's
// batch took. Strings of other batches (small, and some of them outliving
// the rest by long) get their own.
//
//go:noinline
func (r *Reader) str(err *error) string {
	b := r.strBytes(err)
	if b == nil {
		return ""
	}
	if r.shared != "" {
		return r.shared[r.pos-len(b) : r.pos]
	}
	return string(b)
}

// name is str for names and attribute values, which repeat: see
// internCache. A string the cache holds was checked for UTF-8 when it was
// read first, so bytes equal to it are not checked again.
func (r *Reader) name(err *error) string {
	b := r.rawBytes(err)
	if b == nil {
		return ""
	}
	if r.names == nil {
		r.names = new(internCache)
	}
	slot := r.names.slot(b)
	if slot != nil && *slot == string(b) {
		return *slot
	}
	if !utf8.Valid(b) {
		*err = errInvalidUTF8
		return ""
	}
	keep := ""
	if r.shared != "" {
		keep = r.shared[r.pos-len(b) : r.pos]
	}
	return r.names.add(slot, b, keep)
}

var errInvalidUTF8 = errors.New("string is not valid UTF-8")

// strBytes reads a string's bytes, checked for length and UTF-8; nil on
// error (and for the empty string).
func (r *Reader) strBytes(err *error) []byte {
	b := r.rawBytes(err)
	if b != nil && !utf8.Valid(b) {
		*err = errInvalidUTF8
		return nil
	}
	return b
}

// rawBytes reads a string's bytes, checked for length only; nil on error
// (and for the empty string).
func (r *Reader) rawBytes(err *error) []byte {
	n := r.uvarint(err)
	if *err != nil {
		return nil
	}
	if n > MaxStringBytes {
		*err = &LimitError{What: numText("string of ", n, " bytes"), Limit: "MaxStringBytes", Max: MaxStringBytes}
		return nil
	}
	if n > uint64(len(r.buf)-r.pos) {
		*err = errTruncated
		return nil
	}
	b := r.buf[r.pos : r.pos+int(n)]
	r.pos += int(n)
	if n == 0 {
		return nil
	}
	return b
}
