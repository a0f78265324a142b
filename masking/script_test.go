package masking_test

// The golden cases' script.txt: what happens on a page after its snapshot,
// written as the browser shim would write it, so a case can drive the
// mutation and event paths without a browser.
//
// One op per line; blank lines and lines starting with # are ignored. Fields
// are separated by "|" and trimmed; the last field takes the rest of the line,
// so HTML and CSS may contain "|". SEL is a CSS selector matched (first match,
// document order) against the harness's own mirror, which sees into shadow
// roots and iframe documents; the word "document" names the top Document.
//
//	attr SEL | NAME | VALUE       set an attribute
//	rmattr SEL | NAME             remove an attribute
//	text SEL | VALUE              set the first text child of SEL
//	append SEL | HTML             parse HTML in SEL's context, append it
//	before SEL | HTML             parse HTML in the parent's context, insert before SEL
//	remove SEL                    detach SEL and its subtree
//	move SEL | PARENTSEL          move SEL (with its subtree) to the end of PARENTSEL
//	shadow SEL | HTML             attach an open shadow root to SEL holding HTML
//	iframe SEL | HTML             give iframe SEL a same-origin document parsed from HTML
//	input SEL | VALUE             the control's live value changed
//	check SEL | true|false        a checkbox or radio changed (value: its value attribute, or "on")
//	click SEL [| X | Y]           a click on SEL (default position derived from its id)
//	move-pointer SEL [| X | Y]    a pointer move over SEL
//	scroll SEL | X | Y            SEL (or document) scrolled
//	viewport W | H                the viewport was resized
//	stylerule SEL | INDEX | RULE  CSSOM insertRule on the sheet of <style> SEL
//	delrule SEL | INDEX           CSSOM deleteRule
//	navigate URL                  pushState to URL
//	error SOURCE | NAME | FRAMES | MESSAGE
//	                              a page error: SOURCE is uncaught, rejection
//	                              or value (a rejection with a non-Error
//	                              reason); FRAMES is space-separated
//	                              URL:LINE:COLUMN, innermost first (may be empty)
//	flush                         MutationEnd, and end the raw batch
//
// Mutation ops collect until a flush, an event op (input, check, click,
// move-pointer, scroll, viewport, stylerule, delrule, navigate, error) or the end of
// the script, each of which writes a MutationEnd first, as the shim does.
// Every line is 100 ms after the previous one. New nodes get ids after the
// highest id used so far, in document order, exactly as capture.FromHTML
// numbers a snapshot, because fragments are serialized by capture.FromNode.

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/veil-replay/veil/capture"
)

// baseTime is the time of every case's snapshot; script lines follow it.
const baseTime int64 = 1700000000000

const lineStep = 100 // ms between script lines

// player turns a script into raw batches, keeping a mirror of its own in step
// with every op it writes.
type player struct {
	m       *capture.Mirror
	lastID  int
	t       int64
	w       *capture.Writer
	pending bool // mutation ops since the last MutationEnd
	batches [][]byte
}

// newPlayer reads a snapshot batch into a fresh mirror.
func newPlayer(snapshot []byte) (*player, error) {
	p := &player{m: capture.NewMirror(), t: baseTime}
	ops, err := decode(snapshot)
	if err != nil {
		return nil, err
	}
	for i := range ops {
		if err := p.apply(&ops[i]); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// decode returns every op of a batch, each with slices of its own.
func decode(batch []byte) ([]capture.Op, error) {
	r, err := capture.NewReader(batch)
	if err != nil {
		return nil, err
	}
	var ops []capture.Op
	for {
		var op capture.Op
		err := r.Next(&op)
		if errors.Is(err, io.EOF) {
			return ops, nil
		}
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
}

func (p *player) apply(op *capture.Op) error {
	if _, err := p.m.Apply(op); err != nil {
		return fmt.Errorf("mirror refused %s: %w", op.Kind, err)
	}
	if op.Kind == capture.OpNode && op.ID > p.lastID {
		p.lastID = op.ID
	}
	return nil
}

// write applies op to the mirror and writes it into the current batch.
func (p *player) write(op capture.Op) error {
	if err := p.apply(&op); err != nil {
		return err
	}
	if p.w == nil {
		p.w = capture.NewWriter(baseTime)
	}
	p.w.Op(&op)
	switch op.Kind {
	case capture.OpNode, capture.OpMove, capture.OpRemove, capture.OpText, capture.OpAttr, capture.OpAttrRemove:
		p.pending = true
	case capture.OpMutationEnd:
		p.pending = false
	}
	return nil
}

func (p *player) mutationEnd() error {
	if !p.pending {
		return nil
	}
	return p.write(capture.Op{Kind: capture.OpMutationEnd, Time: p.t})
}

// endBatch closes the current batch, if anything was written to it.
func (p *player) endBatch() error {
	if err := p.mutationEnd(); err != nil {
		return err
	}
	if p.w == nil {
		return nil
	}
	if err := p.w.Err(); err != nil {
		return err
	}
	p.batches = append(p.batches, p.w.Bytes())
	p.w = nil
	return nil
}

// runScript plays a whole script and returns the raw batches it wrote.
func runScript(snapshot []byte, script string) ([][]byte, error) {
	p, err := newPlayer(snapshot)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	for i, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p.t += lineStep
		if err := p.line(line); err != nil {
			return nil, fmt.Errorf("script line %d %q: %w", i+1, line, err)
		}
	}
	if err := p.endBatch(); err != nil {
		return nil, err
	}
	return p.batches, nil
}

// pageErrorOp parses the arguments of an error line.
func pageErrorOp(rest string, t int64) (capture.Op, error) {
	f, err := fields(rest, 4)
	if err != nil {
		return capture.Op{}, err
	}
	op := capture.Op{Kind: capture.OpPageError, Time: t, Name: f[1], Value: f[3]}
	switch f[0] {
	case "uncaught":
		op.ErrorSource = capture.ErrorUncaught
	case "rejection":
		op.ErrorSource = capture.ErrorRejection
	case "value":
		op.ErrorSource = capture.ErrorRejectionValue
	default:
		return op, fmt.Errorf("error source %q: want uncaught, rejection or value", f[0])
	}
	for _, loc := range strings.Fields(f[2]) {
		rest, col, ok1 := cutLast(loc, ":")
		url, line, ok2 := cutLast(rest, ":")
		if !ok1 || !ok2 {
			return op, fmt.Errorf("frame %q: want URL:LINE:COLUMN", loc)
		}
		l, c, err := twoInts(line, col)
		if err != nil {
			return op, fmt.Errorf("frame %q: %w", loc, err)
		}
		op.Frames = append(op.Frames, capture.ErrorFrame{URL: url, Line: l, Column: c})
	}
	return op, nil
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// fields splits the arguments of a line into exactly n fields.
func fields(rest string, n int) ([]string, error) {
	f := strings.SplitN(rest, "|", n)
	if len(f) != n {
		return nil, fmt.Errorf("want %d fields separated by |, got %d", n, len(f))
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	return f, nil
}

func (p *player) line(line string) error {
	verb, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch verb {
	case "flush":
		return p.endBatch()
	case "navigate":
		if err := p.mutationEnd(); err != nil {
			return err
		}
		return p.write(capture.Op{Kind: capture.OpNavigate, Time: p.t, Href: rest,
			Width: capture.DefaultWidth, Height: capture.DefaultHeight})
	case "viewport":
		f, err := fields(rest, 2)
		if err != nil {
			return err
		}
		w, h, err := twoInts(f[0], f[1])
		if err != nil {
			return err
		}
		if err := p.mutationEnd(); err != nil {
			return err
		}
		return p.write(capture.Op{Kind: capture.OpViewport, Time: p.t, Width: w, Height: h})
	case "error":
		op, err := pageErrorOp(rest, p.t)
		if err != nil {
			return err
		}
		if err := p.mutationEnd(); err != nil {
			return err
		}
		return p.write(op)
	}
	n := 1
	switch verb {
	case "remove":
	case "rmattr", "text", "append", "before", "move", "shadow", "iframe", "input", "check", "delrule":
		n = 2
	case "attr", "scroll", "stylerule":
		n = 3
	case "click", "move-pointer":
		n = 1
		if strings.Contains(rest, "|") {
			n = 3
		}
	default:
		return fmt.Errorf("unknown op %q", verb)
	}
	f, err := fields(rest, n)
	if err != nil {
		return err
	}
	target, err := p.find(f[0])
	if err != nil {
		return err
	}
	switch verb {
	case "attr":
		return p.write(capture.Op{Kind: capture.OpAttr, ID: target.ID, Name: f[1], Value: f[2]})
	case "rmattr":
		return p.write(capture.Op{Kind: capture.OpAttrRemove, ID: target.ID, Name: f[1]})
	case "text":
		for c := target.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				return p.write(capture.Op{Kind: capture.OpText, ID: capture.NodeOf(c).ID, Value: f[1]})
			}
		}
		return errors.New("no text child")
	case "append":
		return p.insertFragment(f[1], &target.Node, target.ID, 0)
	case "before":
		if target.Parent == nil {
			return errors.New("no parent")
		}
		return p.insertFragment(f[1], target.Parent, capture.NodeOf(target.Parent).ID, target.ID)
	case "remove":
		return p.write(capture.Op{Kind: capture.OpRemove, ID: target.ID})
	case "move":
		to, err := p.find(f[1])
		if err != nil {
			return err
		}
		return p.write(capture.Op{Kind: capture.OpMove, ID: target.ID, Parent: to.ID})
	case "shadow":
		p.lastID++
		root := p.lastID
		if err := p.write(capture.Op{Kind: capture.OpNode, ID: root, Parent: target.ID,
			Node: capture.NodeData{Kind: capture.KindShadowRoot}}); err != nil {
			return err
		}
		return p.insertFragment(f[1], &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}, root, 0)
	case "iframe":
		doc, err := html.Parse(strings.NewReader(f[1]))
		if err != nil {
			return err
		}
		// the iframe navigates: its old document (about:blank or srcdoc) goes first
		for c := target.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.DocumentNode {
				if err := p.write(capture.Op{Kind: capture.OpRemove, ID: capture.NodeOf(c).ID}); err != nil {
					return err
				}
				break
			}
		}
		return p.insertTree(doc, true, target.ID, 0)
	}
	// Event ops from here on: the shim ends pending mutations first.
	if err := p.mutationEnd(); err != nil {
		return err
	}
	switch verb {
	case "input":
		return p.write(capture.Op{Kind: capture.OpInput, Time: p.t, ID: target.ID, Value: f[1], Checked: target.Checked})
	case "check":
		on, err := strconv.ParseBool(f[1])
		if err != nil {
			return err
		}
		value := "on"
		for _, a := range target.Attr {
			if a.Key == "value" {
				value = a.Val
			}
		}
		return p.write(capture.Op{Kind: capture.OpInput, Time: p.t, ID: target.ID, Value: value, Checked: on})
	case "click", "move-pointer":
		x, y := 10*target.ID, 5*target.ID
		if n == 3 {
			if x, y, err = twoInts(f[1], f[2]); err != nil {
				return err
			}
		}
		if verb == "click" {
			return p.write(capture.Op{Kind: capture.OpMouse, Time: p.t, MouseKind: capture.Click, ID: target.ID, X: x, Y: y})
		}
		return p.write(capture.Op{Kind: capture.OpMouseMove, Time: p.t,
			Positions: []capture.MousePosition{{X: x, Y: y, ID: target.ID}}})
	case "scroll":
		x, y, err := twoInts(f[1], f[2])
		if err != nil {
			return err
		}
		return p.write(capture.Op{Kind: capture.OpScroll, Time: p.t, ID: target.ID, X: x, Y: y})
	case "stylerule", "delrule":
		index, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		op := capture.Op{Kind: capture.OpStyleRule, Time: p.t, ID: target.ID, StyleOp: capture.StyleDelete, Index: index}
		if verb == "stylerule" {
			op.StyleOp, op.Rule = capture.StyleInsert, f[2]
		}
		return p.write(op)
	}
	return fmt.Errorf("unhandled op %q", verb)
}

func twoInts(a, b string) (int, int, error) {
	x, err := strconv.Atoi(a)
	if err != nil {
		return 0, 0, err
	}
	y, err := strconv.Atoi(b)
	return x, y, err
}

// find resolves a selector against the mirror.
func (p *player) find(sel string) (*capture.Node, error) {
	root := p.m.Root()
	if root == nil {
		return nil, errors.New("no snapshot")
	}
	if sel == "document" {
		return root, nil
	}
	s, err := cascadia.Compile(sel)
	if err != nil {
		return nil, fmt.Errorf("selector %q: %w", sel, err)
	}
	n := cascadia.Query(&root.Node, s)
	if n == nil {
		return nil, fmt.Errorf("selector %q matches nothing", sel)
	}
	return capture.NodeOf(n), nil
}

// insertFragment parses src as the children of an element like context and
// inserts them under parentID before nextID.
func (p *player) insertFragment(src string, context *html.Node, parentID, nextID int) error {
	if context.Type != html.ElementNode {
		context = &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	} else {
		// A context of our own: ParseFragment must not see the mirror's tree.
		context = &html.Node{Type: html.ElementNode, Data: context.Data, DataAtom: atom.Lookup([]byte(context.Data)),
			Namespace: context.Namespace}
	}
	nodes, err := html.ParseFragment(strings.NewReader(src), context)
	if err != nil {
		return err
	}
	doc := &html.Node{Type: html.DocumentNode}
	for _, n := range nodes {
		doc.AppendChild(n)
	}
	return p.insertTree(doc, false, parentID, nextID)
}

// insertTree serializes doc with capture.FromNode, so that attributes and
// sizes come out as in a snapshot, and writes its nodes renumbered after the
// highest id so far. The Document itself is written only if withDoc.
func (p *player) insertTree(doc *html.Node, withDoc bool, parentID, nextID int) error {
	batch, err := capture.FromNode(doc, "", baseTime)
	if err != nil {
		return err
	}
	ops, err := decode(batch)
	if err != nil {
		return err
	}
	offset := p.lastID
	if !withDoc {
		offset-- // the fragment's Document (id 1) is not written
	}
	for _, op := range ops {
		if op.Kind != capture.OpNode {
			continue
		}
		switch {
		case op.Parent == 0 && !withDoc:
			continue
		case op.Parent == 0, op.Parent == 1 && !withDoc:
			op.Parent, op.Next = parentID, nextID
		default:
			op.Parent += offset
		}
		op.ID += offset
		if err := p.write(op); err != nil {
			return err
		}
	}
	return nil
}

// The interpreter is test code that every golden case trusts, so it is
// tested too: ids continue after the snapshot's, ops land in the right place,
// and mistakes in a script are errors, not silently skipped lines.
func TestScriptWritesOps(t *testing.T) {
	snap, err := capture.FromHTML(strings.NewReader(`<p id="a">x</p><p id="b"></p>`), pageHref, baseTime)
	require.NoError(t, err)
	batches, err := runScript(snap, "append #a | <b>y</b>\nflush\n# a comment\nbefore #b | <i></i>\nclick #a | 7 | 8\n")
	require.NoError(t, err)
	require.Len(t, batches, 2, "flush ends a batch")

	var got []string
	for _, b := range batches {
		ops, err := decode(b)
		require.NoError(t, err)
		for _, op := range ops {
			s := op.Kind.String() + " " + strconv.Itoa(op.ID)
			switch op.Kind {
			case capture.OpNode:
				s += " " + strconv.Itoa(op.Parent) + " " + strconv.Itoa(op.Next) + " " + op.Node.Tag + op.Node.Data
			case capture.OpMouse:
				s += " " + strconv.Itoa(op.X) + "," + strconv.Itoa(op.Y)
			}
			if op.Time != 0 {
				s += " @" + strconv.FormatInt(op.Time-baseTime, 10)
			}
			got = append(got, s)
		}
	}
	// Snapshot: 1 document, 2 html, 3 head, 4 body, 5 p#a, 6 "x", 7 p#b.
	assert.Equal(t, []string{
		"Node 8 5 0 b", "Node 9 8 0 y", "MutationEnd 0 @200",
		"Node 10 4 7 i", "MutationEnd 0 @400", "Mouse 5 7,8 @400",
	}, got)
}

func TestScriptErrors(t *testing.T) {
	snap, err := capture.FromHTML(strings.NewReader(`<p id="a">x</p>`), pageHref, baseTime)
	require.NoError(t, err)
	tests := map[string]string{
		"frobnicate #a":        "unknown op",
		"attr #nope | x | y":   "matches nothing",
		"attr #a | x":          "want 3 fields",
		"text body | y":        "no text child",
		"click #a | 1":         "want 3 fields",
		"check #a | maybe":     "invalid syntax",
		"move #a | #a":         "mirror refused",
		"stylerule p[ | 0 | x": "selector",
	}
	for script, want := range tests {
		t.Run(script, func(t *testing.T) {
			_, err := runScript(snap, script)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
			assert.Contains(t, err.Error(), "line 1")
		})
	}
}

// The error command writes one PageError op after a MutationEnd, with its
// frames parsed from the end of each location (URLs hold colons too).
func TestScriptErrorCommand(t *testing.T) {
	snap, err := capture.FromHTML(strings.NewReader(`<p id="a">x</p>`), pageHref, baseTime)
	require.NoError(t, err)
	tests := []struct {
		line string
		want capture.Op
	}{
		{"error uncaught | TypeError | https://x.example:8080/a.js:12:5 b.js:1:0 | bad | card 4111",
			capture.Op{Kind: capture.OpPageError, Time: baseTime + lineStep, ErrorSource: capture.ErrorUncaught, Name: "TypeError",
				Value: "bad | card 4111", Frames: []capture.ErrorFrame{{URL: "https://x.example:8080/a.js", Line: 12, Column: 5}, {URL: "b.js", Column: 0, Line: 1}}}},
		{"error value |  |  | ",
			capture.Op{Kind: capture.OpPageError, Time: baseTime + lineStep, ErrorSource: capture.ErrorRejectionValue}},
		{"error rejection | E |  | m",
			capture.Op{Kind: capture.OpPageError, Time: baseTime + lineStep, ErrorSource: capture.ErrorRejection, Name: "E", Value: "m"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			batches, err := runScript(snap, tt.line)
			require.NoError(t, err)
			require.Len(t, batches, 1)
			ops, err := decode(batches[0])
			require.NoError(t, err)
			require.Len(t, ops, 1, "no mutations were pending, so no MutationEnd")
			if len(ops[0].Frames) == 0 {
				ops[0].Frames = nil
			}
			assert.Equal(t, tt.want, ops[0])
		})
	}
	for script, want := range map[string]string{
		"error thrown | E |  | m":           `error source "thrown"`,
		"error uncaught | E | a.js:1 | m":   `frame "a.js:1": want URL:LINE:COLUMN`,
		"error uncaught | E | a.js:x:1 | m": `frame "a.js:x:1"`,
		"error uncaught | E":                "want 4 fields",
	} {
		t.Run(script, func(t *testing.T) {
			_, err := runScript(snap, script)
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
			assert.Contains(t, err.Error(), "line 1")
		})
	}
}
