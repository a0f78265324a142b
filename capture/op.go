package capture

import (
	"strconv"

	"golang.org/x/net/html"
)

// OpKind is the first byte of every op of a raw batch.
type OpKind uint8

// The ops of the raw batch format, numbered as in the package doc.
const (
	OpSnapshotStart OpKind = 0x01
	OpSnapshotEnd   OpKind = 0x02
	OpNode          OpKind = 0x03
	OpMove          OpKind = 0x04
	OpRemove        OpKind = 0x05
	OpText          OpKind = 0x06
	OpAttr          OpKind = 0x07
	OpAttrRemove    OpKind = 0x08
	OpMutationEnd   OpKind = 0x09
	OpInput         OpKind = 0x0A
	OpMouse         OpKind = 0x0B
	OpMouseMove     OpKind = 0x0C
	OpScroll        OpKind = 0x0D
	OpViewport      OpKind = 0x0E
	OpNavigate      OpKind = 0x0F
	OpStyleRule     OpKind = 0x10
	OpPageError     OpKind = 0x12
)

// opLegacyError is the message-only Error op of earlier observers. The Reader
// decodes it as an OpPageError; no Op ever has this kind.
const opLegacyError OpKind = 0x11

var opNames = [...]string{"", "SnapshotStart", "SnapshotEnd", "Node", "Move", "Remove", "Text", "Attr",
	"AttrRemove", "MutationEnd", "Input", "Mouse", "MouseMove", "Scroll", "Viewport", "Navigate", "StyleRule",
	"Error(legacy)", "PageError"}

func (k OpKind) String() string {
	if k >= OpSnapshotStart && k <= OpPageError {
		return opNames[k]
	}
	return "OpKind(" + strconv.Itoa(int(k)) + ")"
}

// Style rule operations of OpStyleRule.
const (
	StyleInsert = 0 // CSSStyleSheet.insertRule
	StyleDelete = 1 // CSSStyleSheet.deleteRule
)

// Op is one decoded op. Only the fields of its Kind are set; the others are
// zero. Time is absolute (ms since the Unix epoch) for the ops that carry a
// dt, zero for the others.
type Op struct {
	Kind OpKind
	Time int64

	ID, Parent, Next int
	Node             NodeData // OpNode

	Href                string // SnapshotStart, Navigate
	Width, Height, X, Y int    // SnapshotStart (viewport, scroll), Navigate, Viewport, Scroll, Mouse

	Name, Value string // Attr/AttrRemove, PageError (Name); Attr, Text, Input, PageError message (Value)
	Checked     bool   // Input

	MouseKind, Pointer int             // Mouse
	Positions          []MousePosition // MouseMove

	StyleOp, Index int // StyleRule: StyleInsert or StyleDelete, rule index
	Rule           string

	ErrorSource int          // PageError: ErrorUncaught, ErrorRejection or ErrorRejectionValue
	Frames      []ErrorFrame // PageError: stack locations, innermost first
}

// NodeKind is the node type byte of a Node op: rrweb's NodeType, plus 6 for a
// shadow root.
type NodeKind uint8

// The node kinds of the raw format.
const (
	KindDocument   NodeKind = 0
	KindDoctype    NodeKind = 1
	KindElement    NodeKind = 2
	KindText       NodeKind = 3
	KindCDATA      NodeKind = 4
	KindComment    NodeKind = 5
	KindShadowRoot NodeKind = 6
)

var kindNames = [...]string{"Document", "Doctype", "Element", "Text", "CDATA", "Comment", "ShadowRoot"}

func (k NodeKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "NodeKind(" + strconv.Itoa(int(k)) + ")"
}

// NodeData is the payload of a Node op. Namespace is "" (HTML), "svg" or
// "math", spelled as golang.org/x/net/html spells them.
type NodeData struct {
	Kind      NodeKind
	Namespace string
	Tag       string
	Attrs     []html.Attribute // only Key and Val are used
	// Width and Height are measured CSS px, 0 when not measured.
	Width, Height int
	Data          string // Text, CDATA, Comment
	Name          string // Doctype
	PublicID      string
	SystemID      string
}

var namespaces = [...]string{"", "svg", "math"}

func namespaceByte(ns string) (byte, bool) {
	for i, s := range namespaces {
		if s == ns {
			return byte(i), true
		}
	}
	return 0, false
}
