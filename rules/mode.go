package rules

import "strconv"

// Mode is how much a rule set records before any selector applies. The
// constants carry a Mode prefix because MaskAll is the preset function.
type Mode uint8

const (
	// ModeMaskAll masks all text, attribute values and input values; only block
	// can change it, and only to be stricter. It is the zero value, so a
	// missing configuration is the strictest one.
	ModeMaskAll Mode = iota
	// ModeAllowList masks everything except what allow selectors name.
	ModeAllowList
	// ModeBlockList records page text and masks input values, except where mask
	// or block selectors say otherwise.
	ModeBlockList
)

var modeWords = [...]string{ModeMaskAll: "mask-all", ModeAllowList: "allow-list", ModeBlockList: "block-list"}

// String returns the JSON word for m ("mask-all", "allow-list",
// "block-list").
func (m Mode) String() string {
	if int(m) < len(modeWords) {
		return modeWords[m]
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

func (m Mode) valid() bool { return int(m) < len(modeWords) }

// strictness orders modes: a higher value records less.
func (m Mode) strictness() int {
	switch m {
	case ModeMaskAll:
		return 2
	case ModeAllowList:
		return 1
	}
	return 0
}

func parseMode(word string) (Mode, bool) {
	for m, w := range modeWords {
		if w == word {
			return Mode(m), true
		}
	}
	return 0, false
}
