package rules

import (
	"strings"
)

// keyKind names the simple selector an element must carry for a selector to
// match it, so that Decide only runs selectors that can match.
type keyKind uint8

const (
	keyNone keyKind = iota // no cheap requirement: always tested
	keyTag
	keyID
	keyClass
	keyAttr
)

// selInfo is what the index and the masking session need to know about one
// complex selector of a group: the index key of its rightmost compound (ASCII
// lowercase, see index) and its Scope.
type selInfo struct {
	kind  keyKind
	key   string
	scope Scope
}

var (
	// liveState pseudo-classes read browser state the mirror does not have
	// (pointer, focus, history, form validity, playback, top layer, …).
	liveState = []string{"hover", "focus", "focus-within", "focus-visible", "active", "visited", "target",
		"target-within", "checked", "link", "indeterminate", "default", "valid", "invalid", "user-valid",
		"user-invalid", "in-range", "out-of-range", "required", "optional", "read-only", "read-write",
		"placeholder-shown", "autofill", "-webkit-autofill", "defined", "playing", "paused", "seeking",
		"buffering", "stalled", "muted", "volume-locked", "fullscreen", "modal", "popover-open", "open",
		"closed", "picture-in-picture", "dir", "state", "current", "past", "future", "local-link", "blank",
		"xr-overlay", "active-view-transition", "active-view-transition-type", "has-slotted", "user-select-none"}
	// legacyElements may be written with one colon but are pseudo-elements.
	legacyElements = []string{"before", "after", "first-line", "first-letter"}
	// treeRelative pseudo-classes mean something only relative to a
	// stylesheet's shadow tree or a query's scoping element.
	treeRelative = []string{"scope", "host", "host-context"}
	// cascadiaOnly are cascadia extensions browsers do not have (or, for
	// :matches, have with another meaning), with what to write instead.
	cascadiaOnly = map[string]string{
		"matches":     ":matches() is cascadia's regular-expression text match, but in browsers an old alias of :is(); write :is() for the browser meaning, or :contains() for text",
		"matchesown":  ":matchesown() is a cascadia extension that browsers do not have; write :contains() for text",
		"containsown": ":containsown() is a cascadia extension that browsers do not have; write :contains()",
		"haschild":    ":haschild() is a cascadia extension that browsers do not have; write :has(> …)",
		"input":       ":input is a cascadia extension that browsers do not have; write :is(input, select, textarea, button)",
	}
)

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// rejectedPseudo says why pseudo-class (or pseudo-element) name, written
// after colons colons, is rejected; "" if it is not one of the known
// rejected kinds.
func rejectedPseudo(name string, colons int) string {
	switch {
	case colons > 1 || contains(legacyElements, name):
		return strings.Repeat(":", colons) + name + " is a pseudo-element; the mirror has none, so the rule would never match"
	case contains(liveState, name):
		return ":" + name + " depends on live browser state the engine cannot see"
	case contains(treeRelative, name):
		return ":" + name + " means something only relative to a stylesheet or a query's scoping element; rules match each document and shadow root as a whole"
	}
	if why, ok := cascadiaOnly[name]; ok {
		return why
	}
	return ""
}

func unknownPseudo(name string, fn bool) error {
	if fn {
		return selError("unknown pseudoclass or pseudoelement :" + name + "()")
	}
	return selError("unknown pseudoclass or pseudoelement :" + name)
}

// info returns the index key and Scope of c, a top-level selector.
func (c *complexSel) info() selInfo {
	in := selInfo{scope: c.scope()}
	last := c.parts[len(c.parts)-1]
	for _, s := range last.simple {
		switch {
		case s.kind == skID:
			return selInfo{keyID, lowerASCII(s.name), in.scope}
		case s.kind == skClass && in.kind != keyClass:
			in.kind, in.key = keyClass, lowerASCII(s.name)
		case s.kind == skAttr && in.kind == keyNone:
			in.kind, in.key = keyAttr, s.name
		}
	}
	if in.kind == keyNone && last.tag != "" {
		in.kind, in.key = keyTag, last.tag
	}
	return in
}

// scope is how far a change can alter whether c matches: siblings for sibling
// combinators and positional pseudo-classes, the whole document for :has(),
// :empty, :contains() and :lang() (a content-language pragma added, changed
// or removed anywhere in the head gives every element without a lang
// attribute its language).
func (c *complexSel) scope() Scope {
	s := ScopeSubtree
	if c.lead == '+' || c.lead == '~' {
		s = ScopeSiblings
	}
	for _, comb := range c.combs {
		if comb == '+' || comb == '~' {
			s = ScopeSiblings
		}
	}
	for _, part := range c.parts {
		for i := range part.simple {
			s = max(s, part.simple[i].scope())
		}
	}
	return s
}

func (s *simpleSel) scope() Scope {
	own := ScopeSubtree
	switch s.kind {
	case skNth, skOnly, skEnabled, skDisabled:
		// :enabled and :disabled depend on whether a legend is a
		// fieldset's first legend child, a sibling relation.
		own = ScopeSiblings
	case skHas, skEmpty, skContains, skLang:
		own = ScopeDocument
	}
	for _, c := range s.list {
		own = max(own, c.scope())
	}
	return own
}
