package rules

// Decision is what the rules say about one node of the mirror. It is computed
// top-down: a node's Decision is derived from its parent's (see Set.Decide),
// so inheritance across shadow roots and into iframe documents falls out of
// the tree. The zero Decision is the strict default: text masked, input
// values masked.
type Decision struct {
	// Block: the node is replaced by a same-size placeholder and nothing
	// inside it is recorded. Set by a block selector or data-veil-block on
	// the node or any ancestor.
	Block bool
	// Masked: an explicit mask (selector or data-veil-mask) on the node or an
	// ancestor. It outranks any allow, nearer or not.
	Masked bool
	// Allowed: an explicit allow (selector or data-veil-allow) on the node or
	// an ancestor; never set in mask-all mode.
	Allowed bool
	// Record: page text and attribute values of this node are recorded as
	// they are. False means masked. Derived from the mode and the three flags.
	Record bool
	// RevealInput: this node is a form control (or contenteditable host)
	// whose value may be recorded: an allow matched the control itself, no
	// block or mask is above it, and it is not on the hard floor.
	RevealInput bool
	// InEditable: the node is inside a contenteditable element, a select, a
	// datalist or a textarea (or is one), so its text and free-text attributes
	// are input values; EditableRevealed says whether that control or host
	// revealed them. The session keeps "was editable" sticky.
	InEditable       bool
	EditableRevealed bool
	// Floor: the hard floor applies (password, card, one-time-code, hidden or
	// file input, a control whose name or id names one of these, or any of
	// these on an ancestor control); never revealed.
	Floor bool
	// HideInteractions: pointer and keyboard events over this node are
	// dropped (the node or an ancestor matches hideInteractions).
	HideInteractions bool
}

// Scope says how far a mutation can change decisions, given the selectors in
// a Set. The masking session re-decides that much after each batch.
type Scope uint8

const (
	// ScopeSubtree: decisions depend only on a node and its ancestors, so a
	// change re-decides the changed node's subtree.
	ScopeSubtree Scope = iota
	// ScopeSiblings: sibling combinators or structural pseudo-classes
	// (:nth-*, :first-child, ...) are in use, so a change re-decides the
	// subtree of the changed node's parent.
	ScopeSiblings
	// ScopeDocument: :has(), :empty, :lang() or text-matching pseudo-classes are in
	// use, so any change, text changes included, re-decides the document.
	ScopeDocument
)

// AttrPolicy says how an attribute name is treated, before the node's
// Decision is applied.
type AttrPolicy uint8

const (
	// AttrFollow: recorded where the node's text is recorded, masked elsewhere.
	AttrFollow AttrPolicy = iota
	// AttrKeep: allowed by attributes.allow: kept wherever no block, mask of
	// input content or hard floor forbids it (URL values still scrubbed, PII
	// detectors still run).
	AttrKeep
	// AttrMask: named in attributes.mask: masked everywhere.
	AttrMask
)
