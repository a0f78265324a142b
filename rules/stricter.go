package rules

// Stricter reports whether s is known to be at least as strict as than:
// everything s records, reveals or keeps, than does too. It is a best-effort
// syntactic check, for "a page may tighten the served rules, never loosen
// them": a true answer is reliable, but a false one may be wrong for rule
// sets that are equivalent in different words (selectors compare by
// their canonical text (complexSel.canon), one selector of a group at a time).
//
// It requires: a mode at least as strict (mask-all > allow-list >
// block-list); every block selector of than in s's block; every mask
// selector of than in s's mask or block (unless s is mask-all, where masks
// change nothing); every allow selector of s in than's allow; every
// hideInteractions selector of than in s's; every attribute mask of than
// covered by one of s; every attribute allow of s covered by one of than;
// every allowed URL parameter of s allowed by than; and error messages
// revealed by s only if than reveals them too.
func (s *Set) Stricter(than *Set) bool {
	if s.rules.Mode.strictness() < than.rules.Mode.strictness() {
		return false
	}
	if s.RevealErrorMessages() && !than.RevealErrorMessages() {
		return false // "reveal" is looser than "mask"
	}
	if !subset(than.sels[kindBlock], s.sels[kindBlock]) || !subset(than.sels[kindHide], s.sels[kindHide]) {
		return false
	}
	if s.rules.Mode != ModeMaskAll {
		for sel := range than.sels[kindMask] {
			_, masked := s.sels[kindMask][sel]
			_, blocked := s.sels[kindBlock][sel]
			if !masked && !blocked {
				return false
			}
		}
		if !subset(s.sels[kindAllow], than.sels[kindAllow]) {
			return false
		}
	}
	if !covered(than.attrs.masks, s.attrs.masks) || !covered(s.attrs.allow, than.attrs.allow) {
		return false
	}
	for p := range s.params {
		if _, ok := than.params[p]; !ok {
			return false
		}
	}
	return true
}

func subset(a, b map[string]struct{}) bool {
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

// covered reports whether every name in a is covered by some name in b.
func covered(a, b []attrName) bool {
outer:
	for _, x := range a {
		for _, y := range b {
			if y.covers(x) {
				continue outer
			}
		}
		return false
	}
	return true
}
