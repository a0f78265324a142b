package rules

import (
	"strings"

	"golang.org/x/net/html"
)

// shadowRootData is the Data of the DocumentNode that stands for a shadow
// root in the mirror (capture.ShadowRootData; rules cannot import capture).
const shadowRootData = "#shadow-root"

// docModeAttr is capture.DocModeAttr: the mode the mirror recorded on a
// document node when it got its first element.
const docModeAttr = "veil-doc-mode"

type docMode uint8

const (
	modeUnknown docMode = iota
	modeNoQuirks
	modeQuirks // class and id selectors match ASCII case-insensitively
)

// documentMode returns the mode of the document n belongs to. A shadow root
// has its host's document's mode. The mode is derived from the document's
// DOCTYPE node as the HTML parser derives it (no DOCTYPE: quirks); an
// iframe's srcdoc document is never in quirks mode. A tree with no document
// node at its top counts as no-quirks.
//
// The mirror does not carry the browser's own answer (document.compatMode);
// a DOCTYPE token the tokenizer marked force-quirks without leaving a trace
// in name and identifiers is the one case this can get wrong.
func documentMode(n *html.Node) docMode {
	doc := n
	for doc != nil && (doc.Type != html.DocumentNode || doc.Data == shadowRootData) {
		doc = doc.Parent
	}
	if doc == nil {
		return modeNoQuirks
	}
	if f := doc.Parent; f != nil && f.Type == html.ElementNode && f.Data == "iframe" && hasAttr(f, "srcdoc") {
		return modeNoQuirks
	}
	for _, a := range doc.Attr {
		if a.Key == docModeAttr {
			// the mode the document had when it got its first element: a
			// DOCTYPE inserted or removed by a script later changes nothing
			if a.Val == "quirks" {
				return modeQuirks
			}
			return modeNoQuirks
		}
	}
	for ch := doc.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.DoctypeNode {
			return doctypeMode(ch)
		}
	}
	return modeQuirks
}

// quirksPublicPrefixes: a DOCTYPE public identifier starting with one of
// these (ASCII case-insensitively) puts the document in quirks mode (HTML,
// "The initial insertion mode").
var quirksPublicPrefixes = []string{
	"+//silmaril//dtd html pro v0r11 19970101//", "-//as//dtd html 3.0 aswedit + extensions//",
	"-//advasoft ltd//dtd html 3.0 aswedit + extensions//", "-//ietf//dtd html 2.0 level 1//",
	"-//ietf//dtd html 2.0 level 2//", "-//ietf//dtd html 2.0 strict level 1//",
	"-//ietf//dtd html 2.0 strict level 2//", "-//ietf//dtd html 2.0 strict//", "-//ietf//dtd html 2.0//",
	"-//ietf//dtd html 2.1e//", "-//ietf//dtd html 3.0//", "-//ietf//dtd html 3.2 final//",
	"-//ietf//dtd html 3.2//", "-//ietf//dtd html 3//", "-//ietf//dtd html level 0//",
	"-//ietf//dtd html level 1//", "-//ietf//dtd html level 2//", "-//ietf//dtd html level 3//",
	"-//ietf//dtd html strict level 0//", "-//ietf//dtd html strict level 1//",
	"-//ietf//dtd html strict level 2//", "-//ietf//dtd html strict level 3//", "-//ietf//dtd html strict//",
	"-//ietf//dtd html//", "-//metrius//dtd metrius presentational//",
	"-//microsoft//dtd internet explorer 2.0 html strict//", "-//microsoft//dtd internet explorer 2.0 html//",
	"-//microsoft//dtd internet explorer 2.0 tables//", "-//microsoft//dtd internet explorer 3.0 html strict//",
	"-//microsoft//dtd internet explorer 3.0 html//", "-//microsoft//dtd internet explorer 3.0 tables//",
	"-//netscape comm. corp.//dtd html//", "-//netscape comm. corp.//dtd strict html//",
	"-//o'reilly and associates//dtd html 2.0//", "-//o'reilly and associates//dtd html extended 1.0//",
	"-//o'reilly and associates//dtd html extended relaxed 1.0//",
	"-//sq//dtd html 2.0 hotmetal + extensions//",
	"-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
	"-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
	"-//spyglass//dtd html 2.0 extended//", "-//sun microsystems corp.//dtd hotjava html//",
	"-//sun microsystems corp.//dtd hotjava strict html//", "-//w3c//dtd html 3 1995-03-24//",
	"-//w3c//dtd html 3.2 draft//", "-//w3c//dtd html 3.2 final//", "-//w3c//dtd html 3.2//",
	"-//w3c//dtd html 3.2s draft//", "-//w3c//dtd html 4.0 frameset//", "-//w3c//dtd html 4.0 transitional//",
	"-//w3c//dtd html experimental 19960712//", "-//w3c//dtd html experimental 970421//",
	"-//w3c//dtd w3 html//", "-//w3o//dtd w3 html 3.0//", "-//webtechs//dtd mozilla html 2.0//",
	"-//webtechs//dtd mozilla html//",
}

func doctypeMode(dt *html.Node) docMode {
	var public, system string
	hasSystem := false
	for _, a := range dt.Attr {
		switch a.Key {
		case "public":
			public = lowerASCII(a.Val)
		case "system":
			system, hasSystem = lowerASCII(a.Val), true
		}
	}
	if !equalFold(dt.Data, "html") {
		return modeQuirks
	}
	switch public {
	case "-//w3o//dtd w3 html strict 3.0//en//", "-/w3c/dtd html 4.0 transitional/en", "html":
		return modeQuirks
	}
	if system == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd" {
		return modeQuirks
	}
	for _, p := range quirksPublicPrefixes {
		if strings.HasPrefix(public, p) {
			return modeQuirks
		}
	}
	html401 := strings.HasPrefix(public, "-//w3c//dtd html 4.01 frameset//") ||
		strings.HasPrefix(public, "-//w3c//dtd html 4.01 transitional//")
	if html401 && !hasSystem {
		return modeQuirks
	}
	// Limited quirks (XHTML 1.0 transitional/frameset, HTML 4.01 with a
	// system identifier) matches selectors as no-quirks does.
	return modeNoQuirks
}

// languageOf returns the language of element n for :lang(): the nearest
// inclusive ancestor's xml:lang (on SVG and MathML elements, where the HTML
// parser puts it in the XML namespace) or lang attribute (HTML and SVG),
// continuing from a shadow root to its host; else the document's
// pragma-set default language. ok is false when none says (Chromium would
// then use the HTTP Content-Language header, which the engine never sees).
func languageOf(n *html.Node) (lang string, ok bool) {
	for e := n; e != nil; {
		if e.Type == html.ElementNode {
			if v, found := ownLanguage(e); found {
				return v, true
			}
		}
		p := e.Parent
		if p != nil && p.Type == html.DocumentNode {
			if p.Data != shadowRootData {
				return pragmaLanguage(p)
			}
			p = p.Parent // the host
		}
		e = p
	}
	return "", false
}

// pragmaLanguage is the document's default language from a
// <meta http-equiv="content-language"> pragma, as Chromium reads it: the
// content of the last such meta that has a content attribute, taken as it is
// (HTML would skip values with a comma and take the first token; Chromium
// does not, so " de" or "es, it" match no range), wherever the meta is in
// the document's tree (Chromium takes one in the body too; not one in a
// shadow tree or a template's content). The answer NoteLanguages cached on
// the document is taken when there is one; else the document is walked.
func pragmaLanguage(doc *html.Node) (lang string, ok bool) {
	for _, a := range doc.Attr {
		if a.Key == docLangAttr {
			return strings.CutPrefix(a.Val, "=")
		}
	}
	return lastPragma(doc)
}

// docLangAttr on a document node holds what NoteLanguages found: "=" and
// the pragma's content, or "-" for none.
const docLangAttr = "veil-doc-lang"

// NoteLanguages caches on every document under n (the page's, an
// iframe's) the language its content-language pragmas give, so that
// :lang() does not walk the whole document for each element no lang
// attribute reaches. The caller must call it again after every change to
// the tree before deciding (a stale answer is a wrong one), or never.
func NoteLanguages(n *html.Node) {
	if n.Type == html.DocumentNode && n.Data != shadowRootData {
		v := "-"
		if lang, ok := lastPragma(n); ok {
			v = "=" + lang
		}
		i := 0
		for i < len(n.Attr) && n.Attr[i].Key != docLangAttr {
			i++
		}
		if i == len(n.Attr) {
			n.Attr = append(n.Attr, html.Attribute{Key: docLangAttr})
		}
		n.Attr[i].Val = v
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.FirstChild != nil {
			NoteLanguages(c)
		}
	}
}

// lastPragma is the content of the last HTML meta in n's tree that sets a
// content-language pragma. Shadow trees and template contents hold none;
// an iframe's document is a document of its own.
func lastPragma(n *html.Node) (lang string, ok bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		inHTML := c.Namespace == ""
		if c.Type != html.ElementNode || inHTML && c.Data == "template" {
			continue
		}
		if inHTML && c.Data == "meta" {
			if l, found := pragmaOf(c); found {
				lang, ok = l, true
			}
		} else if l, found := lastPragma(c); found {
			lang, ok = l, true
		}
	}
	return lang, ok
}

// pragmaOf reads a meta element's content-language pragma.
func pragmaOf(m *html.Node) (lang string, ok bool) {
	var equiv string
	for _, a := range m.Attr {
		switch {
		case a.Namespace != "":
		case a.Key == "http-equiv":
			equiv = a.Val
		case a.Key == "content":
			lang, ok = a.Val, true
		}
	}
	return lang, ok && equalFold(equiv, "content-language")
}

func ownLanguage(e *html.Node) (string, bool) {
	if e.Namespace != "" {
		for _, a := range e.Attr {
			if a.Namespace == "" && a.Key == "xml:lang" || a.Namespace == "xml" && a.Key == "lang" {
				return a.Val, true
			}
		}
		if e.Namespace != "svg" {
			return "", false
		}
	}
	for _, a := range e.Attr {
		if a.Namespace == "" && a.Key == "lang" {
			return a.Val, true
		}
	}
	return "", false
}

// langMatches: the language starts with rng ASCII case-insensitively and
// ends there or continues with '-'. As in Chromium, a language matches only
// if well-formed: '-'-separated subtags of 1 to 8 ASCII letters or digits,
// the first of letters only ("", "en-", "en--US", "1en", "en-é" and "*"
// match nothing).
func langMatches(lang, rng string) bool {
	if len(lang) < len(rng) || !equalFold(lang[:len(rng)], rng) || len(lang) > len(rng) && lang[len(rng)] != '-' {
		return false
	}
	n, first := 0, true // the current subtag's length; in the first subtag
	for i := 0; i <= len(lang); i++ {
		if i == len(lang) || lang[i] == '-' {
			if n == 0 || n > 8 {
				return false
			}
			n, first = 0, false
			continue
		}
		if c := lang[i] | 0x20; !(c >= 'a' && c <= 'z' || !first && isDigit(lang[i])) {
			return false
		}
		n++
	}
	return true
}
