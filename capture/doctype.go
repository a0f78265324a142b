package capture

import "golang.org/x/net/html"

// DocMode is the mode a browser renders a document in, decided by its
// DOCTYPE as the HTML standard says ("the initial insertion mode").
type DocMode uint8

const (
	NoQuirks      DocMode = iota // standards mode
	LimitedQuirks                // "almost standards"
	Quirks                       // quirks mode: also changes how class and id selectors match
)

// String is the mode's name as DocModeAttr holds it.
func (m DocMode) String() string {
	switch m {
	case NoQuirks:
		return "no-quirks"
	case LimitedQuirks:
		return "limited-quirks"
	}
	return "quirks"
}

// DocumentMode returns the mode of the document node doc: quirks when it has
// no DOCTYPE, else the mode its DOCTYPE selects. doc may be a page, an
// iframe's document or a shadow root (which takes its host document's mode:
// pass the host's document).
func DocumentMode(doc *html.Node) DocMode {
	for c := doc.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.DoctypeNode {
			var public, system string
			var hasSystem bool
			for _, a := range c.Attr {
				switch a.Key {
				case "public":
					public = a.Val
				case "system":
					system, hasSystem = a.Val, true
				}
			}
			return DoctypeMode(c.Data, public, system, hasSystem)
		}
		if c.Type == html.ElementNode {
			break
		}
	}
	return Quirks
}

// DoctypeMode is the mode a DOCTYPE with these identifiers selects. All
// comparisons are ASCII case-insensitive, as the standard says.
func DoctypeMode(name, public, system string, hasSystem bool) DocMode {
	switch {
	case !asciiEqualFold(name, "html"),
		asciiEqualFold(public, "-//W3O//DTD W3 HTML Strict 3.0//EN//"),
		asciiEqualFold(public, "-/W3C/DTD HTML 4.0 Transitional/EN"),
		asciiEqualFold(public, "HTML"),
		asciiEqualFold(system, "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"),
		hasFoldPrefix(public, quirksPublicPrefixes),
		!hasSystem && hasFoldPrefix(public, html401Loose):
		return Quirks
	case hasFoldPrefix(public, xhtml10Loose), hasSystem && hasFoldPrefix(public, html401Loose):
		return LimitedQuirks
	}
	return NoQuirks
}

var (
	html401Loose = []string{"-//W3C//DTD HTML 4.01 Frameset//", "-//W3C//DTD HTML 4.01 Transitional//"}
	xhtml10Loose = []string{"-//W3C//DTD XHTML 1.0 Frameset//", "-//W3C//DTD XHTML 1.0 Transitional//"}
	// The public identifiers whose prefix selects quirks mode.
	quirksPublicPrefixes = []string{
		"+//Silmaril//dtd html Pro v0r11 19970101//",
		"-//AS//DTD HTML 3.0 asWedit + extensions//",
		"-//AdvaSoft Ltd//DTD HTML 3.0 asWedit + extensions//",
		"-//IETF//DTD HTML 2.0 Level 1//", "-//IETF//DTD HTML 2.0 Level 2//",
		"-//IETF//DTD HTML 2.0 Strict Level 1//", "-//IETF//DTD HTML 2.0 Strict Level 2//",
		"-//IETF//DTD HTML 2.0 Strict//", "-//IETF//DTD HTML 2.0//", "-//IETF//DTD HTML 2.1E//",
		"-//IETF//DTD HTML 3.0//", "-//IETF//DTD HTML 3.2 Final//", "-//IETF//DTD HTML 3.2//",
		"-//IETF//DTD HTML 3//", "-//IETF//DTD HTML Level 0//", "-//IETF//DTD HTML Level 1//",
		"-//IETF//DTD HTML Level 2//", "-//IETF//DTD HTML Level 3//", "-//IETF//DTD HTML Strict Level 0//",
		"-//IETF//DTD HTML Strict Level 1//", "-//IETF//DTD HTML Strict Level 2//",
		"-//IETF//DTD HTML Strict Level 3//", "-//IETF//DTD HTML Strict//", "-//IETF//DTD HTML//",
		"-//Metrius//DTD Metrius Presentational//",
		"-//Microsoft//DTD Internet Explorer 2.0 HTML Strict//",
		"-//Microsoft//DTD Internet Explorer 2.0 HTML//", "-//Microsoft//DTD Internet Explorer 2.0 Tables//",
		"-//Microsoft//DTD Internet Explorer 3.0 HTML Strict//",
		"-//Microsoft//DTD Internet Explorer 3.0 HTML//", "-//Microsoft//DTD Internet Explorer 3.0 Tables//",
		"-//Netscape Comm. Corp.//DTD HTML//", "-//Netscape Comm. Corp.//DTD Strict HTML//",
		"-//O'Reilly and Associates//DTD HTML 2.0//", "-//O'Reilly and Associates//DTD HTML Extended 1.0//",
		"-//O'Reilly and Associates//DTD HTML Extended Relaxed 1.0//",
		"-//SQ//DTD HTML 2.0 HoTMetaL + extensions//",
		"-//SoftQuad Software//DTD HoTMetaL PRO 6.0::19990601::extensions to HTML 4.0//",
		"-//SoftQuad//DTD HoTMetaL PRO 4.0::19971010::extensions to HTML 4.0//",
		"-//Spyglass//DTD HTML 2.0 Extended//", "-//Sun Microsystems Corp.//DTD HotJava HTML//",
		"-//Sun Microsystems Corp.//DTD HotJava Strict HTML//", "-//W3C//DTD HTML 3 1995-03-24//",
		"-//W3C//DTD HTML 3.2 Draft//", "-//W3C//DTD HTML 3.2 Final//", "-//W3C//DTD HTML 3.2//",
		"-//W3C//DTD HTML 3.2S Draft//", "-//W3C//DTD HTML 4.0 Frameset//",
		"-//W3C//DTD HTML 4.0 Transitional//", "-//W3C//DTD HTML Experimental 19960712//",
		"-//W3C//DTD HTML Experimental 970421//", "-//W3C//DTD W3 HTML//", "-//W3O//DTD W3 HTML 3.0//",
		"-//WebTechs//DTD Mozilla HTML 2.0//", "-//WebTechs//DTD Mozilla HTML//",
	}
)

func hasFoldPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && asciiEqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// asciiEqualFold compares with ASCII case folding only, as HTML does.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		c, d := a[i], b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}
