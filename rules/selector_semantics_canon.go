package rules

import (
	"strconv"
	"unicode/utf8"
)

// canon returns the canonical text of c: equal texts mean equal matching
// (spelling, whitespace, escapes, case of names and :first-child versus
// :nth-child(1) do not count). Stricter compares selectors by it.
func (c *complexSel) canon() string {
	var w textWriter
	c.writeCanon(&w)
	return string(w.b)
}

// textWriter collects the text the selector parser resolves and canonical
// text. Its methods are kept out of line on purpose: both run once per rule
// set, and every inlined strings.Builder call cost ~600 bytes of
// WebAssembly (a bounds-checked append with its own grow path), 12 KB in
// writeCanon alone.
type textWriter struct{ b []byte }

//go:noinline
func (w *textWriter) byte(c byte) { w.b = append(w.b, c) }

//go:noinline
func (w *textWriter) str(s string) { w.b = append(w.b, s...) }

//go:noinline
func (w *textWriter) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

// escape writes r as a CSS hex escape with its terminating space.
//
//go:noinline
func (w *textWriter) escape(r rune) {
	w.b = append(w.b, '\\')
	w.b = strconv.AppendInt(w.b, int64(r), 16)
	w.b = append(w.b, ' ')
}

//go:noinline
func (w *textWriter) rune(r rune) { w.b = utf8.AppendRune(w.b, r) }

func (c *complexSel) writeCanon(w *textWriter) {
	if c.lead != 0 {
		w.byte(c.lead)
		w.byte(' ')
	}
	for i := range c.parts {
		if i > 0 {
			if c.combs[i-1] != ' ' {
				w.byte(' ')
				w.byte(c.combs[i-1])
			}
			w.byte(' ')
		}
		c.parts[i].writeCanon(w)
	}
}

func (g selGroup) writeCanon(w *textWriter) {
	for i, c := range g {
		if i > 0 {
			w.str(", ")
		}
		c.writeCanon(w)
	}
}

func (cp *compound) writeCanon(w *textWriter) {
	if cp.tag == "" {
		w.byte('*')
	} else {
		writeIdent(w, cp.tag)
	}
	for i := range cp.simple {
		cp.simple[i].writeCanon(w)
	}
}

func (s *simpleSel) writeCanon(w *textWriter) {
	switch s.kind {
	case skID:
		w.byte('#')
		writeIdent(w, s.name)
	case skClass:
		w.byte('.')
		writeIdent(w, s.name)
	case skAttr:
		w.byte('[')
		writeIdent(w, s.name)
		if s.op != 0 {
			if s.op != '=' {
				w.byte(s.op)
			}
			w.byte('=')
			writeString(w, s.value)
			if s.fold {
				w.str(" i")
			}
		}
		w.byte(']')
	case skNot, skIs, skHas:
		w.str([...]string{skNot: ":not(", skIs: ":is(", skHas: ":has("}[s.kind])
		s.list.writeCanon(w)
		w.byte(')')
	case skNth:
		name := ":nth-"
		if s.last {
			name += "last-"
		}
		if s.ofType {
			name += "of-type("
		} else {
			name += "child("
		}
		w.str(name)
		w.int(s.a)
		w.str("n+")
		w.int(s.b)
		if s.list != nil {
			w.str(" of ")
			s.list.writeCanon(w)
		}
		w.byte(')')
	case skOnly:
		if s.ofType {
			w.str(":only-of-type")
		} else {
			w.str(":only-child")
		}
	case skLang:
		w.str(":lang(")
		writeIdent(w, lowerASCII(s.name))
		w.byte(')')
	case skContains:
		w.str(":contains(")
		writeString(w, s.name)
		w.byte(')')
	default:
		w.str([...]string{skEmpty: ":empty", skRoot: ":root", skAnyLink: ":any-link",
			skEnabled: ":enabled", skDisabled: ":disabled"}[s.kind])
	}
}

// writeIdent writes name as a CSS identifier, escaping every character that
// is not a plain name character, and a leading digit.
func writeIdent(w *textWriter, name string) {
	for i, r := range name {
		plain := r >= 0x80 && r != utf8.RuneError || r < 0x80 && isNameChar(byte(r)) && !(i == 0 && isDigit(byte(r)))
		if plain {
			w.rune(r)
			continue
		}
		w.escape(r)
	}
}

func writeString(w *textWriter, s string) {
	w.byte('"')
	for _, r := range s {
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
			w.escape(r)
			continue
		}
		w.rune(r)
	}
	w.byte('"')
}
