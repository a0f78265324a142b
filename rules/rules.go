package rules

import "slices"

// Rules is one rule set as configured: the JSON form of recording or
// playback rules. It is plain data; Compile validates and compiles it. Lists
// read from JSON are nil when empty, so decoded values compare with ==-style
// deep equality.
type Rules struct {
	Mode             Mode
	Allow            []string // CSS selectors that loosen (never in ModeMaskAll)
	Mask             []string // CSS selectors that mask, outranking allow
	Block            []string // CSS selectors replaced by a placeholder
	HideInteractions []string // CSS selectors whose pointer and key events are dropped
	Attributes       Attributes
	AllowParams      []string // URL query parameter names kept (values included)
}

// Attributes adjusts which attribute values are kept, by lowercase name. An
// entry ending in "*" is a prefix ("data-*").
type Attributes struct {
	Allow []string // kept everywhere (AttrKeep)
	Mask  []string // masked everywhere (AttrMask), even if structural
}

// MaskAll returns the default preset: everything masked, layout and
// interaction only.
func MaskAll() Rules { return Rules{Mode: ModeMaskAll} }

// MaskUserInput returns the "mask-user-input" preset: page text recorded,
// input values masked (block-list with no selectors).
func MaskUserInput() Rules { return Rules{Mode: ModeBlockList} }

// clone copies r's lists, so a compiled Set cannot change under its caller.
func (r Rules) clone() Rules {
	r.Allow, r.Mask, r.Block = slices.Clone(r.Allow), slices.Clone(r.Mask), slices.Clone(r.Block)
	r.HideInteractions, r.AllowParams = slices.Clone(r.HideInteractions), slices.Clone(r.AllowParams)
	r.Attributes.Allow, r.Attributes.Mask = slices.Clone(r.Attributes.Allow), slices.Clone(r.Attributes.Mask)
	return r
}
