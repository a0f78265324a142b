package capture

import (
	"strings"
	"testing"

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
