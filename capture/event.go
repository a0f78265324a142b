package capture

// The wire model: rrweb's event format, which the rrweb replayer plays. Only
// the parts Veil emits are modelled. Numbers follow rrweb's enums
// (@rrweb/types EventType, IncrementalSource, MouseInteractions, NodeType).

// EventType is rrweb's EventType.
type EventType int

// rrweb event types.
const (
	DomContentLoaded    EventType = 0
	Load                EventType = 1
	FullSnapshot        EventType = 2
	IncrementalSnapshot EventType = 3
	Meta                EventType = 4
	Custom              EventType = 5
)

// Source is rrweb's IncrementalSource: the kind of an IncrementalSnapshot.
type Source int

// rrweb incremental sources that Veil emits.
const (
	SourceMutation         Source = 0
	SourceMouseMove        Source = 1
	SourceMouseInteraction Source = 2
	SourceScroll           Source = 3
	SourceViewportResize   Source = 4
	SourceInput            Source = 5
	SourceStyleSheetRule   Source = 8
)

// NodeType is rrweb-snapshot's NodeType.
type NodeType int

// rrweb serialized node types.
const (
	DocumentNode     NodeType = 0
	DocumentTypeNode NodeType = 1
	ElementNode      NodeType = 2
	TextNode         NodeType = 3
	CDATANode        NodeType = 4
	CommentNode      NodeType = 5
)

// Event is one rrweb event. Data holds exactly one of the *Data types below,
// matching Type (and Source for incremental snapshots).
type Event struct {
	Type      EventType
	Timestamp int64 // milliseconds since the Unix epoch
	Data      EventData
}

// EventData is implemented by the payload types of Event.
type EventData interface{ eventData() }

// MetaData is the payload of a Meta event. Href is already URL-scrubbed.
// The Veil fields record under which rules and consent a session was
// recorded; they are written as a "veil" object the rrweb replayer ignores,
// and only when RulesVersion is set.
type MetaData struct {
	Href          string
	Width, Height int

	RulesVersion  string
	Consent       string // e.g. "granted", "not-required"
	ConsentSource string // e.g. "optIn", "tcf", "google-consent-mode", "config"
}

// FullSnapshotData is the payload of a FullSnapshot event.
type FullSnapshotData struct {
	Node                    *SNode // the Document
	InitialTop, InitialLeft int
}

// MutationData is an IncrementalSnapshot of source Mutation. rrweb's replayer
// applies Removes, then Adds, then Texts, then Attributes.
type MutationData struct {
	Texts          []TextMutation
	Attributes     []AttributeMutation
	Removes        []RemovedNode
	Adds           []AddedNode
	IsAttachIframe bool
}

// TextMutation sets the text of node ID.
type TextMutation struct {
	ID    int
	Value string
}

// AttributeMutation sets (or, where Removed, deletes) attributes of node ID.
type AttributeMutation struct {
	ID         int
	Attributes []AttrChange
}

// AttrChange is one attribute of an AttributeMutation; Removed encodes null.
type AttrChange struct {
	Name, Value string
	Removed     bool
}

// RemovedNode removes node ID from parent ParentID.
type RemovedNode struct {
	ParentID, ID int
	IsShadow     bool
}

// AddedNode inserts Node under ParentID before NextID (0: append). rrweb
// writes nextId null for 0.
type AddedNode struct {
	ParentID, NextID int
	Node             *SNode
}

// InputData is an IncrementalSnapshot of source Input.
type InputData struct {
	ID        int
	Text      string
	IsChecked bool
}

// MouseInteraction types (rrweb MouseInteractions).
const (
	MouseUp     = 0
	MouseDown   = 1
	Click       = 2
	ContextMenu = 3
	DblClick    = 4
	Focus       = 5
	Blur        = 6
	TouchStart  = 7
	TouchEnd    = 9
	TouchCancel = 10
)

// MouseInteractionData is an IncrementalSnapshot of source MouseInteraction.
type MouseInteractionData struct {
	Kind        int // one of the MouseInteraction types
	ID          int
	X, Y        int
	PointerType int // 0 mouse, 1 pen, 2 touch
}

// MousePosition is one sample of a MouseMove event; TimeOffset is negative,
// relative to the event's timestamp.
type MousePosition struct {
	X, Y, ID   int
	TimeOffset int
}

// MouseMoveData is an IncrementalSnapshot of source MouseMove.
type MouseMoveData struct {
	Positions []MousePosition
}

// ScrollData is an IncrementalSnapshot of source Scroll.
type ScrollData struct {
	ID   int
	X, Y int
}

// ViewportResizeData is an IncrementalSnapshot of source ViewportResize.
type ViewportResizeData struct {
	Width, Height int
}

// StyleSheetRuleData is an IncrementalSnapshot of source StyleSheetRule: CSSOM
// insertRule/deleteRule on the sheet of <style> element ID.
type StyleSheetRuleData struct {
	ID      int
	Adds    []StyleRuleAdd
	Removes []int // indexes
}

// StyleRuleAdd is one inserted rule.
type StyleRuleAdd struct {
	Rule  string
	Index int
}

// CustomData is a Custom event: Veil's own annotations (rules version,
// consent, errors). Payload members are strings so they pass the choke point;
// Frames, the stack of a page error (tag ErrorTag), is the one structured
// member, written as the payload's "frames" array.
type CustomData struct {
	Tag     string
	Payload []Attr
	Frames  []ErrorFrame
}

// ErrorTag is the tag of the Custom event that records a page error. Its
// payload has "name" (an identifier such as "TypeError"), "message" (masked
// unless the rules reveal it) and, unless empty, "frames": an array of
// {"url", "line", "column"}, innermost first. A rejection whose reason was
// not an Error has only "name": RejectionName.
const ErrorTag = "veil-error"

// Doctype is what a DocumentType SNode holds.
type Doctype struct {
	Name, PublicID, SystemID string
	_                        [0]func() // not comparable: no equality code in the engine for it
}

// doctypeOf returns n's doctype strings, empty when it has none.
func doctypeOf(n *SNode) Doctype {
	if n.Doctype == nil {
		return Doctype{}
	}
	return *n.Doctype
}

// Attr is one attribute of a serialized element, in document order.
type Attr struct {
	Name, Value string
}

// SNode is rrweb-snapshot's serializedNodeWithId. A snapshot makes one
// per node, so its size is most of what serializing allocates: the flags
// are kept together after the other fields (one word for all five, where
// spread out they took three), and a doctype's three strings sit behind a
// pointer (120 bytes a node, where inline they made it 160).
type SNode struct {
	Type NodeType
	ID   int

	// DocumentType; nil reads as three empty strings.
	Doctype *Doctype

	// Element
	TagName    string
	Attributes []Attr
	ChildNodes []*SNode // also for Document

	// Text, CDATA, Comment
	TextContent string

	// RootID is the id of the iframe document a node belongs to, 0 for the
	// top document.
	RootID int

	// Element
	IsSVG        bool
	NeedBlock    bool
	IsShadowHost bool

	// Text of a <style> element: CSS.
	IsStyle bool

	// IsShadow marks a child of a shadow root (rrweb flattens shadow roots
	// into the host's childNodes).
	IsShadow bool
}

func (MetaData) eventData()             {}
func (FullSnapshotData) eventData()     {}
func (MutationData) eventData()         {}
func (InputData) eventData()            {}
func (MouseInteractionData) eventData() {}
func (MouseMoveData) eventData()        {}
func (ScrollData) eventData()           {}
func (ViewportResizeData) eventData()   {}
func (StyleSheetRuleData) eventData()   {}
func (CustomData) eventData()           {}
