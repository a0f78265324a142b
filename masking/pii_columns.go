package masking

import (
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
)

// A table names its columns once, in a heading row, and every cell under
// a heading is its value: "<th>Patient</th><th>DOB</th>" over
// "<td>Hannelore Quist</td><td>14/03/1985</td>". The cell before a value
// is another value, so the label the detectors read a cell's value by is
// the heading over it.

// piiColumn returns out (v as piiText masked it) with what the detectors
// also find in v read as the value of the heading over its table cell:
// the heading, a block mark, then the text run on with v in its cell.
func (s *Session) piiColumn(n *capture.Node, v, out string) string {
	if n == nil || !cellSized(v) || cellIsLabel(v) {
		return out
	}
	var hb [64]byte
	head := columnHeading(&n.Node, &hb)
	// a value with something of its own to be found by ("DOB" over
	// "14/03/1985"), or a heading that names one without ("Patient")
	if len(head) == 0 || !piiPossible(v) && !piiPossibleBefore(head) {
		return out
	}
	var bb, ab [piiContextBytes]byte
	before := lineText(&n.Node, true, false, &bb)
	after := lineText(&n.Node, false, false, &ab)
	joined := string(head) + string(before) + v + string(after)
	jm, hits := scrubPII(joined)
	if hits == 0 {
		return out
	}
	masked := maskAlong(v, out, joined, jm, len(head)+len(before))
	s.stats.PII += countMaskedRegions(v, masked) - countMaskedRegions(v, out)
	return masked
}

// cellIsLabel reports whether v, a cell's text, is a label naming the cell
// after it: a table of labels and values under a heading row ("<th>Name
// </th><th>Ward</th>" over "<td>Patient</td><td>Wilhelmina</td>") has its
// labels in the column the heading names.
func cellIsLabel(v string) bool {
	t := v + piiBlockMark
	return labelledToEnd(t+":XXXXXX1X") || nameLabelEnds([]byte(t)) && labelledToEnd(t+"X1x")
}

// columnHeading returns the text of the heading cell over the table cell
// that holds h (up to 4 elements up), and a block mark after it, read
// into buf; nil when h is in no <td>, or its table has no heading row
// apart from h's own: the rows of a <thead>, else the first row when all
// its cells are <th>. Columns are counted with colspan, and with the
// rowspan of cells in the rows above (gridColumn).
func columnHeading(h *html.Node, buf *[64]byte) []byte {
	cell := h.Parent
	for k := 0; cell != nil && k < 4 && !isHTMLElement(cell, "td"); k++ {
		cell = cell.Parent
	}
	if cell == nil || !isHTMLElement(cell, "td") || !isHTMLElement(cell.Parent, "tr") {
		return nil
	}
	row := cell.Parent
	col := gridColumn(cell)
	table := row.Parent
	if table != nil && !isHTMLElement(table, "table") {
		table = table.Parent
	}
	if !isHTMLElement(table, "table") {
		return nil
	}
	head := headingRow(table)
	if head == nil || head == row {
		return nil
	}
	for c, at := head.FirstChild, 0; c != nil; c = c.NextSibling {
		if !isHTMLElement(c, "td") && !isHTMLElement(c, "th") {
			continue
		}
		if at += colSpan(c); at > col {
			n := cellText(c, buf[:len(buf)-1])
			if n == 0 {
				return nil
			}
			buf[n] = piiBlockMark[0]
			return buf[:n+1]
		}
	}
	return nil
}

// headingRow returns the first row of table's <thead>, else its first row
// when every cell of it is a <th>, else nil.
func headingRow(table *html.Node) *html.Node {
	var first *html.Node
	for sec := table.FirstChild; sec != nil && first == nil; sec = sec.NextSibling {
		switch {
		case isHTMLElement(sec, "thead"):
			return firstRow(sec)
		case isHTMLElement(sec, "tbody"), isHTMLElement(sec, "tfoot"):
			first = firstRow(sec)
		case isHTMLElement(sec, "tr"):
			first = sec
		}
	}
	if first == nil {
		return nil
	}
	for c := first.FirstChild; c != nil; c = c.NextSibling {
		if isHTMLElement(c, "td") {
			return nil
		}
	}
	return first
}

func firstRow(sec *html.Node) *html.Node {
	for r := sec.FirstChild; r != nil; r = r.NextSibling {
		if isHTMLElement(r, "tr") {
			return r
		}
	}
	return nil
}

// cellText reads the text of c's descendants into buf, a space for each
// element boundary, and returns how many bytes it read (up to len(buf)).
func cellText(c *html.Node, buf []byte) int {
	n, nodes := 0, 0
	var walk func(x *html.Node)
	walk = func(x *html.Node) {
		for d := x.FirstChild; d != nil && n < len(buf) && nodes < 24; d = d.NextSibling {
			nodes++
			switch d.Type {
			case html.TextNode:
				n += copy(buf[n:], d.Data)
			case html.ElementNode:
				if n > 0 && n < len(buf) {
					buf[n] = ' '
					n++
				}
				walk(d)
			}
		}
	}
	walk(c)
	return n
}

// colSpan is a cell's colspan as browsers read it: 1 when absent, not a
// number or 0, 1000 when over 1000.
func colSpan(c *html.Node) int {
	n := spanAttr(getAttr(c, "colspan"), 1000)
	if n < 1 {
		return 1
	}
	return n
}

// rowSpan is a cell's rowspan as browsers read it: 1 when absent or not a
// number, 65534 when over it, and 0 (the rest of its row group) as 65534.
func rowSpan(c *html.Node) int {
	n := spanAttr(getAttr(c, "rowspan"), 65534)
	if n == 0 {
		return 65534
	}
	if n < 0 {
		return 1
	}
	return n
}

// spanAttr reads v by the HTML rules for non-negative integers (leading
// whitespace, an optional '+', digits, whatever after), at most most; -1
// when it holds no number.
func spanAttr(v string, most int) int {
	i := 0
	for i < len(v) && isHTMLSpace(v[i]) {
		i++
	}
	if i < len(v) && v[i] == '+' {
		i++
	}
	n, digits := 0, false
	for ; i < len(v) && isPIIDigit(v[i]); i++ {
		n, digits = min(n*10+int(v[i]-'0'), most), true
	}
	if !digits {
		return -1
	}
	return n
}

// gridRows is how many rows above a cell gridColumn reads for the rowspan
// of theirs: a cell spanning more rows than that from further up is not
// counted (a column cut so long is rare; reading every row above every
// cell would cost a big table its square).
const gridRows = 32

// gridColumn returns the column a table cell stands in, as a browser lays
// the table out: its row's cells before it, each as wide as its colspan,
// and the cells of the rows above in its row group that reach down into
// its row by their rowspan ("<td rowspan=2>Ward 3</td>" makes the first
// cell of the next row its second column). Columns past 64 are counted
// without the rows above.
func gridColumn(cell *html.Node) int {
	row := cell.Parent
	first := row
	for k := 0; k < gridRows && first.PrevSibling != nil; first = first.PrevSibling {
		if isHTMLElement(first.PrevSibling, "tr") {
			k++
		}
	}
	var taken [64]int // how many more rows each column is taken for
	for r := first; r != nil; r = r.NextSibling {
		if !isHTMLElement(r, "tr") {
			continue
		}
		col := 0
		for c := r.FirstChild; c != nil; c = c.NextSibling {
			if !isHTMLElement(c, "td") && !isHTMLElement(c, "th") {
				continue
			}
			for col < len(taken) && taken[col] > 0 {
				col++
			}
			if c == cell {
				return col
			}
			span := rowSpan(c)
			for k := col; k < min(col+colSpan(c), len(taken)); k++ {
				taken[k] = span
			}
			col += colSpan(c)
		}
		if r == row {
			break
		}
		for k := range taken {
			taken[k] = max(taken[k]-1, 0)
		}
	}
	return 0
}

func isHTMLElement(n *html.Node, tag string) bool {
	return n != nil && n.Type == html.ElementNode && n.Namespace == "" && n.Data == tag
}
