package capture

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

func TestDoctypeMode(t *testing.T) {
	cases := []struct {
		page string
		want DocMode
	}{
		{"<!DOCTYPE html><p>", NoQuirks},
		{"<!doctype HTML><p>", NoQuirks},
		{`<!DOCTYPE html SYSTEM "about:legacy-compat"><p>`, NoQuirks},
		{"<p>no doctype", Quirks},
		{"<!DOCTYPE jane-doe-4111><p>", Quirks},
		{"<!DOCTYPE htmI><p>", Quirks},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><p>`, Quirks},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd"><p>`, LimitedQuirks},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><p>`, LimitedQuirks},
		{`<!DOCTYPE html PUBLIC "-//w3c//dtd xhtml 1.0 frameset//en"><p>`, LimitedQuirks},
		{`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd"><p>`, NoQuirks},
		{`<!DOCTYPE html PUBLIC "-//IETF//DTD HTML 2.0//EN"><p>`, Quirks},
		{`<!DOCTYPE html PUBLIC "HTML"><p>`, Quirks},
		{`<!DOCTYPE html PUBLIC "Jane Doe 4111 1111 1111 1111"><p>`, NoQuirks},
	}
	for _, c := range cases {
		t.Run(c.page, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(c.page))
			if err != nil {
				t.Fatal(err)
			}
			if got := DocumentMode(doc); got != c.want {
				t.Errorf("DocumentMode = %d, want %d", got, c.want)
			}
		})
	}
}

// TestFromHTMLMarksForcedQuirks: a DOCTYPE named html that forces quirks
// mode (something but identifiers after the name) is written with the
// public identifier the recorder writes for it, and the document is in
// quirks mode; a well-formed one is left alone.
func TestFromHTMLMarksForcedQuirks(t *testing.T) {
	for src, want := range map[string]DocMode{
		`<!DOCTYPE html lang="en"><p>`:                    Quirks,
		`<!doctype html PUBLIC><p>`:                       Quirks,
		`<!DOCTYPE html SYSTEM><p>`:                       Quirks,
		`<!DOCTYPE   HTML   x><p>`:                        Quirks,
		`<!DOCTYPE html><p>`:                              NoQuirks,
		`<!DOCTYPE html   ><p>`:                           NoQuirks,
		`<!DOCTYPE html SYSTEM "about:legacy-compat"><p>`: NoQuirks,
	} {
		doc, err := parseHTML([]byte(src))
		require.NoError(t, err)
		assert.Equal(t, want, DocumentMode(doc), "%s", src)
	}
}
