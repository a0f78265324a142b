package masking

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// masked is s with every code point masked.
func masked(s string) string { return strings.Repeat("*", utf8.RuneCountInString(s)) }

// TestScrubPIILineBreaks: line and paragraph separators, NEL and the
// vertical tab split no number (a reader sees the digits with a gap or a
// line break between them, as across "\n"); C1 controls show nothing.
func TestScrubPIILineBreaks(t *testing.T) {
	cases := []piiCase{
		{"12\u20283456", masked("12\u20283456"), 1},
		{"12\u2028345", "12\u2028345", 0}, // one below the digit-run limit
		{"Home: 212\u2029555\u20290187", "Home: " + masked("212\u2029555\u20290187"), 1},
		{"SSN: 078\u008505\u00851120", "SSN: " + masked("078\u008505\u00851120"), 1},
		{"Fax: 646\v555\v0142", "Fax: " + masked("646\v555\v0142"), 1},
		{"Office 718\u2028555\u20280133", "Office " + masked("718\u2028555\u20280133"), 1},
		{"415 \u2028- 555", masked("415 \u2028- 555"), 1},
		{"415\u2028-\u2028-\u2028-\u2028555", "415\u2028-\u2028-\u2028-\u2028555", 0}, // three marks end a run
		{"415\u0080555\u009f2671", masked("415\u0080555\u009f2671"), 1},
		{"/u/415%E2%80%A8555%E2%80%A82671", "/u/" + masked("415%E2%80%A8555%E2%80%A82671"), 1},
		{"a\vb \u2028c", "a\vb \u2028c", 0},
	}
	runPIICases(t, cases)
}

// TestScrubPIIAddressLookalikes: an address written with a full stop or an
// '@' of another form, or with hidden characters (zero-width, word joiner)
// inside it, is still an address; hidden text of six or more characters in
// a row is still masked, and the boundaries of an address are unchanged.
func TestScrubPIIAddressLookalikes(t *testing.T) {
	addr := func(s string) piiCase { return piiCase{"Mail " + s + " now", "Mail " + masked(s) + " now", 1} }
	runPIICases(t, []piiCase{
		addr("jane@example.\u200bcom"),
		addr("mary@example.\u200b\u200borg"),
		addr("bob\u200b@example\u200b.\u200bnet"),
		addr("carol@example.c\u2060om"),
		addr("dave@example。jp"),
		addr("erin@example｡jp"),
		addr("frank﹫example.com"),
		addr("grace@example﹒com"),
		addr("heidi@example․com"),
		addr("ivan@example⋅com"),
		addr("j\ufeffudy@ex\u200dample.org"),
		addr("ka\u200bte%40example.com"),
		// hidden text inside an address: both readings mask, as one region
		addr("leo@exa\u200b\u200c\u200b\u200c\u200b\u200cmple.com"),
		// what is not an address stays, hidden characters or not
		{"a@b.\u200bc", "a@b.\u200bc", 0},
		{"a\u200b@localhost", "a\u200b@localhost", 0},
		{"x@.\u200bcom", "x@.\u200bcom", 0},
		{"写信给张三zhang@例子.中国。好", "****************。好", 1},
		{"@media\u3002print", "@media\u3002print", 0},
		// written backwards (a right-to-left override shows it forwards)
		{"moc.elpmaxe﹫enaj", masked("moc.elpmaxe﹫enaj"), 1},
		{"moc.\u200belpmaxe@enaj", masked("moc.\u200belpmaxe@enaj"), 1},
	})
}
