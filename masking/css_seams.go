package masking

import (
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// Seams: a rewritten token, or two tokens a dropped comment brought
// together, must not join what stands next to them into other tokens. Masked
// or renamed text can end where the source's text did not (u+a000000 masked
// as u+a\*… reads as a unicode range), start with what completes a token
// before it (<!-\-0 masked as <!--\* reads as <!--), or lose the character
// that kept an escape from taking the next one (\41/**/ 0 without its
// comment). Rather than knowing every such case, the masker re-lexes the
// few tokens on either side of each seam and puts an empty comment where the
// tokens would differ, as a browser's tokenizer never joins across one.

// cssSeamTokens is how many tokens before a seam are read again: a unicode
// range spans three in the source (u, +hex, -hex).
const cssSeamTokens = 3

// cssSeamLookahead is how many bytes after a seam are read again: the lexer
// reads a unicode range, its longest look ahead (u+hhhhhh-hhhhhh), to its
// end before it knows what the "u" is. Only whether the tokens before the
// seam end at it is compared, so what follows may be cut (a long token after
// the seam costs no more than a short one).
const cssSeamLookahead = 24

// cssOutToken is a token of the output: its start, counted in output bytes,
// and its kind.
type cssOutToken struct {
	start int
	tt    css.TokenType
}

// outLen is the length of the output up to the source offset k, which must
// not be before m.flushed.
func (m *cssMasker) outLen(k int) int { return m.out.Len() + k - m.flushed }

// wrote records a token of the output starting at output offset start; the
// last cssSeamTokens are kept.
func (m *cssMasker) wrote(start int, tt css.TokenType) {
	if tt == css.WhitespaceToken && m.nRecent > 0 && m.recent[m.nRecent-1].tt == tt {
		return // whitespace that only a dropped comment split: one token
	}
	if m.nRecent == cssSeamTokens {
		copy(m.recent[:], m.recent[1:])
		m.nRecent--
	}
	m.recent[m.nRecent] = cssOutToken{start, tt}
	m.nRecent++
}

// recentTokens returns the last tokens written, oldest first.
func (m *cssMasker) recentTokens() []cssOutToken { return m.recent[:m.nRecent] }

// unwrite forgets the last token written if it starts at output offset at:
// the token a rewrite replaces.
func (m *cssMasker) unwrite(at int) {
	if m.nRecent > 0 && m.recent[m.nRecent-1].start == at {
		m.nRecent--
	}
}

// outText appends to dst the output from output offset from up to the
// source offset k (what the tokens in m.recent were written as).
func (m *cssMasker) outText(dst []byte, from, k int) []byte {
	n := m.out.Len()
	if from < n {
		dst = append(dst, m.out.String()[from:]...)
		from = n
	}
	return append(dst, m.src[m.flushed+from-n:k]...)
}

// ahead returns the source tokens from the next one to be read on, as
// many as make cssSeamLookahead bytes, stopping before a comment (which
// ends any look ahead) or at the end; with skipLeading, the comments before
// the first token are stepped over.
func (m *cssMasker) ahead(dst []cssToken, skipLeading bool) []cssToken {
	n := 0
	for i := m.head; n < cssSeamLookahead; i++ {
		if i == len(m.pending) {
			m.pending = append(m.pending, m.read())
		}
		t := m.pending[i]
		if t.tt == css.ErrorToken {
			break
		}
		if t.tt == css.CommentToken {
			if skipLeading && len(dst) == 0 {
				continue
			}
			break
		}
		dst = append(dst, t)
		n += len(t.data)
	}
	return dst
}

// endsHard reports whether a token of kind tt ends where it does whatever
// follows it: whitespace, and punctuation the lexer reads without looking
// ahead. (An escape's closing space belongs to its name, not to a
// whitespace token.)
func endsHard(tt css.TokenType) bool {
	switch tt {
	case css.WhitespaceToken, css.LeftBraceToken, css.RightBraceToken, css.LeftParenthesisToken,
		css.RightParenthesisToken, css.LeftBracketToken, css.RightBracketToken, css.SemicolonToken,
		css.ColonToken, css.CommaToken:
		return true
	}
	return false
}

// startsHard reports whether a token of kind tt, put after any token, joins
// none: punctuation that ends a name or an escape before it without
// becoming part of it ('(' would make a name a function; whitespace closes a
// hex escape).
func startsHard(tt css.TokenType) bool {
	switch tt {
	case css.LeftBraceToken, css.RightBraceToken, css.RightParenthesisToken, css.LeftBracketToken,
		css.RightBracketToken, css.SemicolonToken, css.ColonToken, css.CommaToken:
		return true
	}
	return false
}

// endsOpenHexEscape reports whether s ends with a hex escape of one to six
// digits and no whitespace after them: the only way whitespace after s
// would join it (as the escape's closing space).
func endsOpenHexEscape(s string) bool {
	i, n := len(s), 0
	for i > 0 && n < 6 && isHexDigit(s[i-1]) {
		i--
		n++
	}
	k := 0 // backslashes before the digits: an odd count starts an escape
	for j := i; j > 0 && s[j-1] == '\\'; j-- {
		k++
	}
	return n > 0 && k%2 == 1
}

// seamCheck holds one check's buffers, kept for the next.
type seamCheck struct {
	text, text2      []byte
	want, want2, got []cssOutToken
	next             []cssToken
}

// rewrite puts s in place of the source of t (from start, for a rewrite that
// began at an earlier token) and keeps it apart from its neighbours: an empty
// comment goes before it, at the nearest token boundary where one makes the
// output read as the tokens it was written as, and after it if it would join
// the source's next tokens.
func (m *cssMasker) rewrite(start int, t cssToken, s string) {
	c := &m.seam
	c.next = c.next[:0]
	if k := m.joinsBefore(start, s); k >= 0 {
		m.insertComment(k)
	}
	c.text = append(c.text[:0], s...)
	c.want = lexCSSOut(c.want[:0], c.text, 0)
	// After: s, which now starts a token, then the source's next tokens. A
	// string or a URL ends where it does whatever follows.
	if n := len(c.want); n > 0 && c.want[n-1].tt != css.StringToken && c.want[n-1].tt != css.URLToken {
		if len(c.next) == 0 {
			c.next = m.ahead(c.next, false)
		}
		if len(c.next) > 0 && !startsHard(c.next[0].tt) &&
			(c.next[0].tt != css.WhitespaceToken || endsOpenHexEscape(s)) {
			c.text = appendAhead(c.text, c.next)
			if !m.seamHolds(c.text, c.want, len(s)) {
				m.replace(start, t.end(), s+"/**/")
				m.nRecent = 0 // nothing before the comment joins anything after it
				return
			}
		}
	}
	at := m.outLen(start)
	m.unwrite(at)
	m.replace(start, t.end(), s)
	for _, k := range c.want {
		m.wrote(at+k.start, k.tt)
	}
}

// joinsBefore reports where an empty comment must go so that s, written at
// source offset start, does not join the recent tokens: -1 if nowhere, else
// the output offset of the nearest token boundary where one keeps every
// token as written (right before s if none does).
func (m *cssMasker) joinsBefore(start int, s string) int {
	c := &m.seam
	recent := m.recentTokens()
	if n := len(recent); n > 0 && recent[n-1].start == m.outLen(start) {
		recent = recent[:n-1] // the token s replaces
	}
	if len(recent) == 0 || endsHard(recent[len(recent)-1].tt) {
		return -1
	}
	c.next = m.ahead(c.next[:0], false)
	base, seam := m.window(recent, start, s)
	if m.seamHolds(c.text, c.want, seam) {
		return -1
	}
	// Boundaries from the nearest back: before s, then before each recent
	// token but the first (whose seam with what precedes it is not read).
	if m.commentFits(seam, seam) {
		return base + seam
	}
	for i := len(recent) - 1; i > 0; i-- {
		if k := recent[i].start - base; m.commentFits(k, seam) {
			return base + k
		}
	}
	return base + seam
}

// commentFits reports whether c.text, with an empty comment inserted at k,
// still reads as c.want up to the seam, with the comment in its place.
func (m *cssMasker) commentFits(k, seam int) bool {
	c := &m.seam
	c.text2 = append(append(append(c.text2[:0], c.text[:k]...), "/**/"...), c.text[k:]...)
	i := 0
	for i < len(c.want) && c.want[i].start < k {
		i++
	}
	c.want2 = append(append(c.want2[:0], c.want[:i]...), cssOutToken{k, css.CommentToken})
	for _, w := range c.want[i:] {
		c.want2 = append(c.want2, cssOutToken{w.start + 4, w.tt})
	}
	return m.seamHolds(c.text2, c.want2, seam+4)
}

// window fills c.text with the output from the first of the recent tokens
// up to the source offset k, then mid, then the tokens c.next; and c.want
// with the recent tokens. It returns the output offset the window starts at
// and the offset of mid in it.
func (m *cssMasker) window(recent []cssOutToken, k int, mid string) (base, seam int) {
	c := &m.seam
	base = recent[0].start
	c.text = m.outText(c.text[:0], base, k)
	seam = len(c.text)
	c.text = appendAhead(append(c.text, mid...), c.next)
	c.want = c.want[:0]
	for _, r := range recent {
		c.want = append(c.want, cssOutToken{r.start - base, r.tt})
	}
	return base, seam
}

// insertComment writes an empty comment at output offset at, which is not
// past the current position: into the output built so far, or into the
// source not yet copied.
func (m *cssMasker) insertComment(at int) {
	if at >= m.out.Len() {
		src := m.flushed + at - m.out.Len()
		m.replace(src, src, "/**/")
	} else {
		built := m.out.String()
		m.out.Reset()
		m.out.Grow(len(built) + 4 + len(m.src) - m.flushed)
		writeStr(&m.out, built[:at])
		writeStr(&m.out, "/**/")
		writeStr(&m.out, built[at:])
	}
	// Nothing before an empty comment joins anything after it: the seams
	// ahead are read from the tokens after it on.
	n := 0
	for _, r := range m.recentTokens() {
		if r.start >= at {
			m.recent[n] = cssOutToken{r.start + 4, r.tt}
			n++
		}
	}
	m.nRecent = n
}

// dropComment drops a comment, leaving an empty one only where the tokens on
// either side would otherwise run together (a/**/b, \41/**/ b, or / and *
// forming a new comment). One empty comment is enough for a run of comments.
// An empty comment in the source carries nothing and stays: one a rewrite
// put in may guard a seam that the source's next tokens made and their own
// rewrite unmade (U/**/+A\1 whose A\1 became \*\*), and masking the
// output again must not drop it.
func (m *cssMasker) dropComment(t cssToken) {
	empty := string(t.data) == "/**/"
	if !empty && !m.separates(t) {
		m.replace(t.start, t.end(), "")
		return
	}
	if !empty {
		m.replace(t.start, t.end(), "/**/")
	}
	m.nRecent = 0 // nothing before the comment joins anything after it
}

// separates reports whether the tokens on either side of comment t would
// run together without it.
func (m *cssMasker) separates(t cssToken) bool {
	if m.nRecent == 0 {
		// Nothing was written yet, or an empty comment stands before it
		// (every comment kept forgets the tokens before it).
		return false
	}
	c := &m.seam
	c.next = m.ahead(c.next[:0], true)
	if len(c.next) == 0 || endsHard(m.recent[m.nRecent-1].tt) || startsHard(c.next[0].tt) {
		return false
	}
	_, seam := m.window(m.recentTokens(), t.start, "")
	return !m.seamHolds(c.text, c.want, seam)
}

// lexCSSOut appends the tokens of text to dst, their starts offset by base.
func lexCSSOut(dst []cssOutToken, text []byte, base int) []cssOutToken {
	l := css.NewLexer(parse.NewInputBytes(text))
	k := base
	for {
		tt, data := l.Next()
		if tt == css.ErrorToken {
			return dst
		}
		dst = append(dst, cssOutToken{k, tt})
		k += len(data)
	}
}

// appendAhead appends the first cssSeamLookahead bytes of the tokens next.
func appendAhead(dst []byte, next []cssToken) []byte {
	room := cssSeamLookahead
	for _, n := range next {
		d := n.data
		if len(d) >= room {
			return append(dst, d[:room]...)
		}
		dst = append(dst, d...)
		room -= len(d)
	}
	return dst
}

// seamHolds reports whether text, lexed, starts with the tokens want (all
// of which start before seam) and has a token boundary at seam: nothing
// before the seam joined what follows it. Two runs of whitespace meeting at
// the seam are one token, which changes nothing.
func (m *cssMasker) seamHolds(text []byte, want []cssOutToken, seam int) bool {
	c := &m.seam
	c.got = lexCSSOut(c.got[:0], text, 0)
	got := c.got
	if len(got) < len(want) {
		return false
	}
	for i, w := range want {
		if got[i] != w {
			return false
		}
	}
	n := len(want)
	switch {
	case n < len(got) && got[n].start == seam, n == len(got) && seam == len(text):
		return true
	case n > 0 && want[n-1].tt == css.WhitespaceToken && seam < len(text) && isCSSSpace(text[seam]):
		return n == len(got) || got[n].start > seam // the whitespace runs on
	}
	return false
}

func isCSSSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
