package rules

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// canon returns the canonical text of c: equal texts mean equal matching
// (spelling, whitespace, escapes, case of names and :first-child versus
// :nth-child(1) do not count). Stricter compares selectors by it.
func (c *complexSel) canon() string {
	var b strings.Builder
	c.writeCanon(&b)
	return b.String()
}

func (c *complexSel) writeCanon(b *strings.Builder) {
	if c.lead != 0 {
		b.WriteByte(c.lead)
		b.WriteByte(' ')
	}
	for i := range c.parts {
		if i > 0 {
			if c.combs[i-1] != ' ' {
				b.WriteByte(' ')
				b.WriteByte(c.combs[i-1])
			}
			b.WriteByte(' ')
		}
		c.parts[i].writeCanon(b)
	}
}

func (g selGroup) writeCanon(b *strings.Builder) {
	for i, c := range g {
		if i > 0 {
			b.WriteString(", ")
		}
		c.writeCanon(b)
	}
}

func (cp *compound) writeCanon(b *strings.Builder) {
	if cp.tag == "" {
		b.WriteByte('*')
	} else {
		writeIdent(b, cp.tag)
	}
	for i := range cp.simple {
		cp.simple[i].writeCanon(b)
	}
}

func (s *simpleSel) writeCanon(b *strings.Builder) {
	switch s.kind {
	case skID:
		b.WriteByte('#')
		writeIdent(b, s.name)
	case skClass:
		b.WriteByte('.')
		writeIdent(b, s.name)
	case skAttr:
		b.WriteByte('[')
		writeIdent(b, s.name)
		if s.op != 0 {
			if s.op != '=' {
				b.WriteByte(s.op)
			}
			b.WriteByte('=')
			writeString(b, s.value)
			if s.fold {
				b.WriteString(" i")
			}
		}
		b.WriteByte(']')
	case skNot, skIs, skHas:
		b.WriteString([...]string{skNot: ":not(", skIs: ":is(", skHas: ":has("}[s.kind])
		s.list.writeCanon(b)
		b.WriteByte(')')
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
		b.WriteString(name + strconv.Itoa(s.a) + "n+" + strconv.Itoa(s.b))
		if s.list != nil {
			b.WriteString(" of ")
			s.list.writeCanon(b)
		}
		b.WriteByte(')')
	case skOnly:
		if s.ofType {
			b.WriteString(":only-of-type")
		} else {
			b.WriteString(":only-child")
		}
	case skLang:
		b.WriteString(":lang(")
		writeIdent(b, lowerASCII(s.name))
		b.WriteByte(')')
	case skContains:
		b.WriteString(":contains(")
		writeString(b, s.name)
		b.WriteByte(')')
	default:
		b.WriteString([...]string{skEmpty: ":empty", skRoot: ":root", skAnyLink: ":any-link",
			skEnabled: ":enabled", skDisabled: ":disabled"}[s.kind])
	}
}

// writeIdent writes name as a CSS identifier, escaping every character that
// is not a plain name character, and a leading digit.
func writeIdent(b *strings.Builder, name string) {
	for i, r := range name {
		plain := r >= 0x80 && r != utf8.RuneError || r < 0x80 && isNameChar(byte(r)) && !(i == 0 && isDigit(byte(r)))
		if plain {
			b.WriteRune(r)
			continue
		}
		b.WriteString(`\` + strconv.FormatInt(int64(r), 16) + " ")
	}
}

func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
			b.WriteString(`\` + strconv.FormatInt(int64(r), 16) + " ")
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
}
