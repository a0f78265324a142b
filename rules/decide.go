package rules

import (
	"golang.org/x/net/html"
)

// control is what kind of form control an element is, for RevealInput.
type control uint8

const (
	notControl  control = iota
	ownValue            // input: an allow on it reveals it
	valueHost           // textarea, select, output: an allow on it reveals it, and all it contains is its value
	suggestions         // datalist: all it contains is input content, never revealed
	choice              // option, optgroup, selectedcontent: part of their select's value
)

// controlOf says what kind of control n is. Only HTML elements are controls:
// an element of another namespace spelled "input" is not one in a browser.
func controlOf(n *html.Node) control {
	if n.Namespace != "" {
		return notControl
	}
	switch len(n.Data) { // most elements are none of these: no call for them
	case 5, 6, 8, 15: // input; select, output, option; textarea, datalist, optgroup; selectedcontent
	default:
		return notControl
	}
	switch {
	case equalFold(n.Data, "input"):
		return ownValue
	case equalFold(n.Data, "textarea"), equalFold(n.Data, "select"), equalFold(n.Data, "output"):
		// output shows the result of what a person did (a slider's value
		// echoed as "72 kg"): its content is input content too
		return valueHost
	case equalFold(n.Data, "datalist"):
		return suggestions
	case equalFold(n.Data, "option"), equalFold(n.Data, "optgroup"), equalFold(n.Data, "selectedcontent"):
		return choice
	}
	return notControl
}

// Decide returns the Decision for n given its parent's Decision (the zero
// Decision for the root). Nodes other than elements (text, comments, the
// document nodes of shadow roots and iframes) take their parent's Decision
// unchanged. Decide reads the current attributes only: keeping "was a
// password" sticky across type switches is the caller's job.
//
// Precedence: block beats mask beats allow, at any distance; an allow never
// loosens an ancestor's mask or block; allow (selector or data-veil-allow) is
// ignored entirely in mask-all; the hard floor is never revealed.
func (s *Set) Decide(n *html.Node, parent Decision) Decision {
	if n == nil || n.Type != html.ElementNode {
		return parent
	}
	ctl := controlOf(n)
	want := kindBlock | kindMask | kindAllow | kindHide
	if parent.Block {
		want &^= kindBlock
	}
	if parent.Masked {
		want &^= kindMask
	}
	if parent.HideInteractions {
		want &^= kindHide
	}
	f := facts{control: ctl == ownValue || ctl == valueHost}
	// An allow below an allow only matters where it reveals a value, and
	// whether n is an editing host is only known after the attribute pass,
	// so allow is left wanted for every element unless mask-all.
	if s.rules.Mode == ModeMaskAll {
		want &^= kindAllow
	}
	own := s.idx.match(n, want, &f)
	if f.discs {
		if f.control {
			f.floorName = true
		} else {
			own |= kindMask // the page shows this text as discs: so does the replay
		}
	}
	if f.control && !f.floorName {
		f.floorName = f.oneChar && f.digits || labelNamesFloor(n) || hostOfFieldNamesFloor(n)
	}
	if f.editable && ctl == notControl && !f.floorName {
		// An editing host is a field too: a contenteditable "Card security
		// code" or PIN entry is named like a control (rare: read apart).
		f.floorName = hostNamesFloor(n) || labelNamesFloor(n)
	}

	d := parent
	d.Block = parent.Block || own&kindBlock != 0
	d.Masked = parent.Masked || own&kindMask != 0
	ownAllow := own&kindAllow != 0
	d.Allowed = parent.Allowed || ownAllow
	d.HideInteractions = parent.HideInteractions || own&kindHide != 0
	d.Record = !d.Block && !d.Masked &&
		(s.rules.Mode == ModeBlockList || (s.rules.Mode == ModeAllowList && d.Allowed))
	d.Floor = parent.Floor || (ctl == ownValue && equalFold(n.Data, "input") && f.floorType) || f.floorComplete ||
		f.floorName // read for controls only

	open := !d.Block && !d.Masked && !d.Floor // nothing forbids revealing here
	reveal := ownAllow && open                // ownAllow is never set in mask-all
	switch ctl {
	case ownValue:
		d.RevealInput = reveal
	case valueHost:
		// Everything inside a select or textarea is what a person
		// chose or typed (a customizable select's rich options, the copy in
		// selectedcontent): input content, revealed only with the control.
		d.RevealInput = reveal
		d.InEditable, d.EditableRevealed = true, reveal
	case suggestions:
		d.RevealInput = false
		d.InEditable, d.EditableRevealed = true, false
	case choice:
		// revealed only inside a revealed select or datalist, at any depth
		d.InEditable = true
		d.EditableRevealed = parent.InEditable && parent.EditableRevealed && open
		d.RevealInput = d.EditableRevealed
	default:
		d.RevealInput = false
	}
	switch {
	case ctl != notControl:
		// a control's content was decided above; it is not also an editing host
	case f.editable:
		d.InEditable = true
		d.EditableRevealed = reveal || (parent.InEditable && parent.EditableRevealed && open)
		d.RevealInput = d.EditableRevealed
	case parent.InEditable:
		d.EditableRevealed = parent.EditableRevealed && open
	}
	return d
}

// floorType reports input types whose value is never revealed. Browsers
// match the type keyword exactly (ASCII case-insensitive, no trimming); the
// floor also takes the trimmed spelling, since masking more never leaks.
func floorType(t string) bool {
	t = trimSpace(t)
	return equalFold(t, "password") || equalFold(t, "hidden") || equalFold(t, "file")
}

// floorAutocomplete reports autocomplete tokens for credentials and cards.
func floorAutocomplete(v string) bool {
	for len(v) > 0 {
		i := 0
		for i < len(v) && !isSpace(v[i]) {
			i++
		}
		tok := v[:i]
		if equalFold(tok, "current-password") || equalFold(tok, "new-password") ||
			equalFold(tok, "one-time-code") || (len(tok) >= 3 && equalFold(tok[:3], "cc-")) {
			return true
		}
		if i < len(v) {
			i++
		}
		v = v[i:]
	}
	return false
}
