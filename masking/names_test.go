package masking

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/rules"
)

func TestNamePlaceholdersAreKeyed(t *testing.T) {
	saved := testNameKey
	testNameKey = nil
	defer func() { testNameKey = saved }()
	a, b := newNamer(), newNamer()
	pa, pb := a.placeholder("x-h", "jane-doe-4111"), b.placeholder("x-h", "jane-doe-4111")
	if pa == pb {
		t.Errorf("two sessions gave the same placeholder %q: placeholders must not link sessions", pa)
	}
	if again := a.placeholder("x-h", "jane-doe-4111"); again != pa {
		t.Errorf("one session gave %q then %q for the same name", pa, again)
	}
}

// blockListSession keeps names as keptName says: block-list records them
// in clear when they hold nothing PII-like (mask-all hashes the others too:
// TestNamesHashedInMaskAll).
func blockListSession(t *testing.T) *Session {
	t.Helper()
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList})
	if err != nil {
		t.Fatal(err)
	}
	return NewSession(set)
}

func TestAttrNameOut(t *testing.T) {
	s := blockListSession(t)
	cases := []struct {
		name string
		kept bool
	}{
		{"class", true},
		{"viewBox", true},
		{"data-user", true},
		{"data-jane-doe", true}, // no detector finds a bare name; the value is what is masked
		{"data-4111111111111111", false},
		{"data-acct-12345678", false},
		{"data-jane@example.com", false},
		{"aria-x-123456", false},
		{"data-12345", true},                // five digits: below the digit-run threshold
		{"aria-4111_1111_1111_1111", false}, // '_' joins no digit run, but the name holds a card number
		{"data-078:05:1120", false},
		{"data-v-1a2b3c4d5e6f", false}, // six digits in all: renamed, and CSS gets the same name
		{"data-v-7ba5bd90", true},
		{"data-1-2-3-4-5", true},
		{"data-sk-9fQ2mZ7pL4vT8wRx", false}, // a token: 16 letters and digits, five digits only
		{"x-qwertyuiopasdfgh1234", false},
		{"data-qwertyuiopasdfghjkl", true}, // letters only: a word, not a token
		{"data-x y", false},
		{"İd", false},
		{strings.Repeat("a", maxNameLen), true},
		{strings.Repeat("a", maxNameLen+1), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := s.attrNameOut(c.name)
			if (got == c.name) != c.kept {
				t.Fatalf("attrNameOut(%q) = %q, kept %v, want kept %v", c.name, got, got == c.name, c.kept)
			}
			if !c.kept {
				if !plainName(got) || hasPII(got) {
					t.Errorf("placeholder %q is not a plain name free of PII", got)
				}
				if strings.HasPrefix(strings.ToLower(c.name), "data-") != strings.HasPrefix(got, "data-") {
					t.Errorf("placeholder %q of %q changes whether it is a data-* attribute", got, c.name)
				}
				if got != s.attrNameOut(c.name) {
					t.Errorf("placeholder of %q is not stable within a session", c.name)
				}
			}
		})
	}
}

func TestTagNameOut(t *testing.T) {
	s := blockListSession(t)
	cases := []struct {
		ns, tag string
		kept    bool
	}{
		{"", "div", true},
		{"", "selectedcontent", true},
		{"svg", "foreignObject", true},
		{"math", "mfrac", true},
		{"", "my-widget", true},
		{"", "jane-doe-4111111111111111", false},
		{"", "x-12345678", false},
		{"", "x-4111_1111_1111_1111", false},
		{"", "order-item-2", true},
		{"", "janedoe", false}, // not a known element and not a custom element name
		{"svg", "janedoe", false},
	}
	for _, c := range cases {
		t.Run(c.ns+":"+c.tag, func(t *testing.T) {
			h := &html.Node{Type: html.ElementNode, Namespace: c.ns, Data: c.tag}
			got := s.tagName(h)
			if (got == c.tag) != c.kept {
				t.Fatalf("tagName(%s:%s) = %q, want kept %v", c.ns, c.tag, got, c.kept)
			}
			if !c.kept && (classifyElement("", got) != elemCustom || hasPII(got)) {
				t.Errorf("placeholder %q is not a valid custom element name free of PII", got)
			}
		})
	}
}

func TestDoctypeOut(t *testing.T) {
	cases := []struct {
		page, name, public, system string
	}{
		{"<!DOCTYPE html>", "html", "", ""},
		{"<!DOCTYPE HTML>", "html", "", ""},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">`,
			"html", "-//W3C//DTD XHTML 1.0 Strict//EN", "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"},
		// data in the identifiers: the standard DOCTYPE of the same mode
		{`<!DOCTYPE html PUBLIC "Jane Doe 078-05-1120">`, "html", "", ""},
		{`<!DOCTYPE jane4111111111111111>`, "html", "-//W3C//DTD HTML 4.01 Transitional//EN", ""},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "https://evil.example/?ssn=078051120">`,
			"html", "-//W3C//DTD XHTML 1.0 Transitional//EN", "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"},
		{`<!DOCTYPE html PUBLIC "-//IETF//DTD HTML 2.0//EN jane@example.com">`, "html", "-//W3C//DTD HTML 4.01 Transitional//EN", ""},
	}
	for _, c := range cases {
		t.Run(c.page, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(c.page + "<p>x"))
			if err != nil {
				t.Fatal(err)
			}
			var dt *html.Node
			for n := doc.FirstChild; n != nil; n = n.NextSibling {
				if n.Type == html.DoctypeNode {
					dt = n
				}
			}
			if dt == nil {
				t.Fatal("no doctype parsed")
			}
			name, public, system := doctypeOut(dt)
			if name != c.name || public != c.public || system != c.system {
				t.Errorf("doctypeOut = %q %q %q, want %q %q %q", name, public, system, c.name, c.public, c.system)
			}
		})
	}
}

// In mask-all a custom element or data-* name no style sheet or rule names
// becomes its placeholder, in the element and in later selectors alike; a
// name a linked sheet's selector named first stays; known names and Veil's own stay.
func TestNamesHashedInMaskAll(t *testing.T) {
	s := NewSession(nil)
	if got := s.css(`user-card[data-state]{color:red}`, true, true); got != `user-card[data-state]{color:red}` {
		t.Fatalf("a style sheet's names changed: %q", got)
	}
	cases := []struct {
		tag, attr string
		kept      bool
	}{
		{"user-card", "data-state", true},                       // named by the style sheet first
		{"hannelore-card", "data-hannelore", false},             // named by nothing
		{"div", "data-veil-mask", true},                         // known, Veil's own
		{"x-hcccccccccccccccc", "data-hdddddddddddddddd", true}, // placeholders masked again
	}
	for _, c := range cases {
		t.Run(c.tag+" "+c.attr, func(t *testing.T) {
			tag := s.tagName(&html.Node{Type: html.ElementNode, Data: c.tag})
			attr := s.attrNameOut(c.attr)
			if (tag == c.tag) != c.kept || (attr == c.attr) != c.kept {
				t.Fatalf("<%s %s> became <%s %s>, want kept %v", c.tag, c.attr, tag, attr, c.kept)
			}
			if !c.kept {
				css := s.css(c.tag+"["+c.attr+"]{}", true, false)
				if css != tag+"["+attr+"]{}" {
					t.Errorf("a later style sheet writes %q, the element <%s %s>", css, tag, attr)
				}
			}
		})
	}
}
