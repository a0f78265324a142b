package masking

import (
	"strings"

	"github.com/veil-replay/veil/capture"
	"golang.org/x/net/html"
)

// siteSheet reports whether the CSS the recorder inlined on link element h
// (its _cssText) is a site-wide, cacheable resource, whose selectors may
// make names structural (kept in clear): only a sheet fetched over http or
// https is. A blob: or data: URL is a sheet the page's script wrote, maybe
// for one person (URL.createObjectURL(new Blob(['#user-jane-doe {…}'])));
// its names map as a <style>'s do. The href is read as the browser's URL
// parser reads it: C0 controls and spaces around it and tabs and newlines
// within it do not count ("\tbl\nob:…" is a blob: URL). No href, or two:
// not a site sheet. Nor is one the recorder saw a script edit
// (capture.SheetEditedAttr): its rules are the page's writing. Where the
// session checks sheets (CheckSheets), nor is one whose text css names
// what its server's text does not (site_sheet_check.go).
func (s *Session) siteSheet(h *html.Node, css string) bool {
	href, found, url, urls := "", 0, "", 0
	for _, a := range h.Attr {
		if a.Namespace != "" {
			continue
		}
		if asciiEqualFold(a.Key, capture.SheetEditedAttr) {
			return false
		}
		if asciiEqualFold(a.Key, "href") {
			href = a.Val
			found++
		}
		if asciiEqualFold(a.Key, capture.SheetURLAttr) {
			url = a.Val
			urls++
		}
	}
	if found != 1 || !s.sheets.holds(url, urls, css) {
		return false
	}
	href = strings.TrimFunc(href, func(r rune) bool { return r <= ' ' })
	href = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, href)
	if href == "" {
		return false
	}
	scheme, _, ok := splitScheme(href)
	if !ok {
		return true // relative: resolved against the page's own http(s) URL
	}
	return scheme == "http" || scheme == "https"
}
