package masking

// keptNames remembers names that keptName accepted, for one Session: every
// element repeats its attribute names ("class", "title"), and keptName runs
// the PII detectors over each. keptName depends on nothing but the name, and
// a slot answers only for the very spelling it holds (compared byte for
// byte), so the answer is keptName's; names it refused are not remembered
// and are asked again. Not safe for concurrent use (one per Session).
type keptNames struct {
	slots [keptNameSlots]keptNameSlot
}

type keptNameSlot struct {
	s string
	_ [0]func() // not comparable: no equality code in the engine for it
}

const keptNameSlots = 64

// kept is keptName(name), remembered when true.
func (k *keptNames) kept(name string) bool {
	if name == "" {
		return keptName(name)
	}
	slot := &k.slots[(uint(len(name))*31+uint(name[0])*7+uint(name[len(name)-1]))%keptNameSlots].s
	if *slot == name {
		return true
	}
	if !keptName(name) {
		return false
	}
	*slot = name
	return true
}
