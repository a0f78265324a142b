package masking

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Playback mask and block rules that lost their target at capture.
//
// A recording masked in allow-list shows, outside what its rules reveal,
// a class no sheet named as a placeholder, a custom element or data-*
// name as its placeholder, a data-* value or a title as '*'. A playback
// rule that tests such a thing (mask ".vip", block "vip-card",
// "[data-tier=gold]") then matches nothing, while what the capture
// revealed below its target ("<section class=vip><p class=pub>Hannelore")
// is in clear in the recording: the viewer would see what the playback
// rules mask. The server never learns a placeholder's token, so, at
// playback, an element that may hold such a target is masked as if the
// rule matched it, with everything below it (fail closed):
//
//   - a token or name the rules test that the recording has not shown in
//     clear yet is open; a placeholder first seen while some token is open
//     may stand for it, and stays suspect for the rest of the recording
//     (a token first met outside a revealed area was hashed there and
//     everywhere after, even if a revealed area later shows it in clear);
//     an element holding a suspect placeholder is masked;
//   - a rule that tests a value capture masks whole (a free-text or URL
//     attribute's, an identifier's substring, text with :contains()) can
//     never be resolved: an element holding a placeholder or any '*' in an
//     attribute value is masked;
//   - a rule whose tests reach siblings or descendants (+, ~, :has(),
//     :nth-child(of S)) can lose a target that is not the element or above
//     it: while it may have, every element is masked.
//
// hideInteractions rules are watched alike, and drop the interactions over
// such an element and below it (lostHide). A rule among those the session
// was recorded under had its effect at capture and is not watched.
//
// The price is hiding more than the rule meant; write playback rules with
// tokens the recording rules or the site's linked sheets name (kept in
// clear from the start), and they hide exactly what they name.
type lostTargets struct {
	open     map[string]bool // tokens (names: elementNameKey/attrNameKey + name) not seen in clear yet
	suspects map[string]bool // placeholders first seen while a token was open
	always   bool            // a rule tests what capture masks beyond recognition
	wide     bool            // a rule that may lose its target tests beyond the subject and its ancestors
	full     bool            // suspects hit its bound: every placeholder is suspect
}

// playbackWatch is what the session asks at playback: only Replay makes
// one (a *playbackLost), so the recorder's WebAssembly build carries none
// of this.
type playbackWatch interface {
	// lostMask is d, masked where element h may hold a lost target of a
	// mask or block rule.
	lostMask(h *html.Node, d rules.Decision) rules.Decision
	// lostHide reports whether interactions over h are dropped: h or an
	// element above it may hold a lost target of a hideInteractions rule.
	lostHide(h *html.Node) bool
	// sawToken notes a token or name (key as in identTable.names) as the
	// recording shows it.
	sawToken(key, name string)
}

// playbackLost watches the mask and block rules, and apart from them the
// hideInteractions rules (their tokens open and close alike, but hiding
// a click masks nothing); either may be nil.
type playbackLost struct{ mask, hide *lostTargets }

// watchLostTargets starts, at playback, the watch playbackWatch keeps.
// recorded, when not nil, are the rules the recording was made under: a
// selector among them had its effect before anything left the page, and
// needs no watch. The default playback rules are the recording rules, so
// a replay under them watches nothing.
func (s *Session) watchLostTargets(recorded *rules.Set) {
	r := s.set.Rules()
	w := &playbackLost{hide: watchRules(recorded, true, r.HideInteractions)}
	if r.Mode != rules.ModeMaskAll { // there nothing is revealed for a mask to take back
		w.mask = watchRules(recorded, false, r.Mask, r.Block)
	}
	if w.mask != nil || w.hide != nil {
		s.lost = w
	}
}

// recordedUnder returns whichever of sets the recording says (its Meta
// events' rules version, all alike) it was made under, or nil.
func recordedUnder(events []capture.Event, sets ...*rules.Set) *rules.Set {
	version := ""
	for _, e := range events {
		if m, ok := e.Data.(capture.MetaData); ok {
			if m.RulesVersion == "" || version != "" && m.RulesVersion != version {
				return nil
			}
			version = m.RulesVersion
		}
	}
	for _, set := range sets {
		if set != nil && version != "" && set.Version() == version {
			return set
		}
	}
	return nil
}

// watchRules returns the watch of the rules in lists, nil when none of
// them may lose its target.
func watchRules(recorded *rules.Set, hide bool, lists ...[]string) *lostTargets {
	l := &lostTargets{}
	watching := false
	for _, list := range lists {
		for _, sel := range list {
			if recorded != nil && recorded.Applied(sel, hide) {
				continue
			}
			lost := false
			scope, err := rules.SelectorTests(sel, func(t rules.Test) {
				lost = l.lostTest(t) || lost
			})
			if err != nil {
				lost, l.always = true, true // compiled before, so never: fail closed
			}
			if lost {
				watching = true
				l.wide = l.wide || scope != rules.ScopeSubtree
			}
		}
	}
	if !watching {
		return nil
	}
	return l
}

func (w *playbackLost) sawToken(key, name string) {
	for _, l := range [...]*lostTargets{w.mask, w.hide} {
		if l != nil {
			l.sawToken(key, name)
		}
	}
}

func (w *playbackLost) lostMask(h *html.Node, d rules.Decision) rules.Decision {
	if h.Type != html.ElementNode {
		return d
	}
	if w.hide != nil {
		w.hide.holds(h) // notes the placeholders first seen here, in document order
	}
	if w.mask == nil || d.Block || !w.mask.reaches(h) {
		return d
	}
	d.Masked, d.Record, d.RevealInput, d.EditableRevealed = true, false, false, false
	return d
}

func (w *playbackLost) lostHide(h *html.Node) bool {
	if w.hide == nil {
		return false
	}
	for p := h; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && w.hide.reaches(p) {
			return true
		}
	}
	return false
}

// lostTest reports whether the recording may show what t tests only as a
// placeholder or masked, noting the tokens it names.
func (l *lostTargets) lostTest(t rules.Test) bool {
	switch t.Kind {
	case rules.TestType:
		if knownElementName(t.Name) {
			return false
		}
		if classifyElement("", t.Name) == elemCustom {
			return l.openToken(elementNameKey + t.Name)
		}
		l.always = true // unknown names are always placeholders
		return true
	case rules.TestID, rules.TestClass:
		return l.openToken(t.Name)
	case rules.TestAttr:
		lost := false
		if (hasFoldPrefix(t.Name, "data-") || !knownAttrName(t.Name)) && !veilMarkName(t.Name) {
			lost = l.openToken(attrNameKey + t.Name)
		}
		if t.Op == 0 {
			return lost
		}
		return l.lostValue(t) || lost
	}
	l.always = true // :contains(): text outside revealed areas is masked
	return true
}

// lostValue is lostTest for an attribute selector's value.
func (l *lostTargets) lostValue(t rules.Test) bool {
	for _, ns := range [...]string{"", "svg", "math"} {
		c := classifyAttr(ns, t.Tag, t.Name)
		if c.class == classUnknown && t.Tag == "" && ns == "" {
			c = classifyAttr(ns, "input", t.Name) // type, autocomplete, inputmode
		}
		switch {
		case c.class == classIdent && !notIdentToken(t.Name) && (t.Op == '=' || t.Op == '~'):
			lost := false
			for _, w := range strings.Fields(t.Value) {
				lost = l.openToken(w) || lost
			}
			return lost
		case c.class == classIdent || c.class == classFragment:
		case c.structural() && t.Op != '^' && t.Op != '$' && t.Op != '*' && c.valid(t.Value):
			return false // kept wherever it is valid
		}
	}
	l.always = true
	return true
}

// openToken notes tok as open unless capture never hashes it; it reports
// whether it did.
func (l *lostTargets) openToken(tok string) bool {
	if isIdentPlaceholder(tok) || maskedName(tok) || grInWords(keptIdentWords, tok, false) {
		return false
	}
	if l.open == nil {
		l.open = map[string]bool{}
	}
	l.open[tok] = true
	return true
}

// sawToken: a token in clear closes, a placeholder may be suspect.
func (l *lostTargets) sawToken(key, name string) {
	if isIdentPlaceholder(name) || isNamePlaceholder(name) {
		l.suspect(name)
		return
	}
	delete(l.open, key+name)
}

// suspect reports whether placeholder p may stand for a lost token,
// noting it as suspect when a token is open.
func (l *lostTargets) suspect(p string) bool {
	if l.suspects[p] || l.full {
		return true
	}
	if len(l.open) == 0 {
		return false
	}
	if len(l.suspects) >= maxIdentTable {
		l.full = true
		return true
	}
	if l.suspects == nil {
		l.suspects = map[string]bool{}
	}
	l.suspects[p] = true
	return true
}

// holds reports whether element h may hold a lost target: a placeholder
// (suspect, or any while a rule can never be resolved) in its name, an
// attribute's name or value, or, while one can never be, a '*' in a value.
func (l *lostTargets) holds(h *html.Node) bool {
	found := isNamePlaceholder(h.Data) && l.holdsPlaceholder(h.Data)
	for _, a := range h.Attr {
		if isNamePlaceholder(a.Key) && l.holdsPlaceholder(a.Key) || l.always && strings.IndexByte(a.Val, '*') >= 0 {
			found = true
		}
		v := a.Val
		for i := 0; i+identPlaceholderLen <= len(v); i++ {
			if v[i] == 'h' && (i == 0 || v[i-1] == '#' || isHTMLSpace(v[i-1])) {
				if p := v[i : i+identPlaceholderLen]; isIdentPlaceholder(p) && l.holdsPlaceholder(p) {
					found = true
				}
			}
		}
	}
	return found
}

// holdsPlaceholder reports whether placeholder p may stand for a lost
// target.
func (l *lostTargets) holdsPlaceholder(p string) bool {
	return l.suspect(p) || l.always
}

// reaches reports whether a lost target may be element h.
func (l *lostTargets) reaches(h *html.Node) bool {
	holds := l.holds(h) // first: notes the placeholders it holds
	return holds || l.wide && (l.always || len(l.open) > 0 || len(l.suspects) > 0 || l.full)
}
