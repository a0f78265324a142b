package masking_test

// The golden suite: every directory under testdata/ is a page (or a recorded
// session) with its rules, an optional script of what happens next, the
// secrets that must never come out and, optionally, what must come out.
// want.golden pins the exact output; the invariants in invariants_test.go are
// checked on every run and cannot be blessed by -update.
//
// Layout of testdata/<case>/:
//
//	page.html    the page; its snapshot is capture.FromHTML(page, pageHref, baseTime)
//	events.json  or: rrweb events as a recorder sent them, masked again for playback
//	rules.json   the rule set (rules.Parse); absent means mask-all
//	script.txt   optional mutations and events after the snapshot (script_test.go)
//	secrets.txt  one string per line that must not appear in the output; required
//	expect.txt   optional: one string per line that must appear in the output
//	want.golden  every event as one JSON line, then "--- html" and the FullSnapshot as HTML
//
// testdata/errors/<case>/ holds a rules.json or config.json that must be
// refused, and want.golden with the error text.

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/config"
	"github.com/veil-replay/veil/internal/jsonx"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
)

var update = flag.Bool("update", false, "rewrite the want.golden files of testdata/ from the current output")

// pageHref is the URL every page case is recorded at: a token in the query
// and a fragment that the Meta event must not carry.
const pageHref = "https://shop.example/checkout?session=SECRETTOKEN#frag"

const testdata = "../testdata"

// The suite is only worth something if it is large; these floors keep a
// refactoring of the harness from silently dropping cases.
const (
	minCases         = 70
	minPlaybackCases = 5
	minErrorCases    = 10
)

const htmlSeparator = "--- html\n"

type goldenCase struct {
	dir                         string
	page, events, rules, script []byte // nil when the file is absent
	secrets, expect             []string
}

func readOptional(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	return b
}

// lines returns the non-empty lines of a list file.
func lines(b []byte) []string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func caseDirs(t *testing.T, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "errors" {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

func loadCase(t *testing.T, dir string) goldenCase {
	t.Helper()
	c := goldenCase{
		dir:    dir,
		page:   readOptional(t, filepath.Join(dir, "page.html")),
		events: readOptional(t, filepath.Join(dir, "events.json")),
		rules:  readOptional(t, filepath.Join(dir, "rules.json")),
		script: readOptional(t, filepath.Join(dir, "script.txt")),
	}
	c.secrets = lines(readOptional(t, filepath.Join(dir, "secrets.txt")))
	c.expect = lines(readOptional(t, filepath.Join(dir, "expect.txt")))
	return c
}

// compileRules compiles a case's rules; no file is the mask-all default.
func compileRules(data []byte) (*rules.Set, error) {
	r := rules.MaskAll()
	if data != nil {
		var err error
		if r, err = rules.Parse(data); err != nil {
			return nil, err
		}
	}
	return rules.Compile(r)
}

// isMaskAll reads the mode from the case's own JSON, not from the rules
// package, so that a parser bug cannot switch the mask-all checks off.
func isMaskAll(t *testing.T, data []byte) bool {
	t.Helper()
	if data == nil {
		return true
	}
	v, err := jsonx.Parse(data)
	require.NoError(t, err)
	for _, m := range v.Members {
		if m.Key == "mode" {
			return m.Val.Kind == jsonx.String && m.Val.Str == "mask-all"
		}
	}
	return true
}

// batches returns the raw batches a page case feeds the session.
func (c *goldenCase) batches(t *testing.T) [][]byte {
	t.Helper()
	require.NotNil(t, c.page, "a case needs page.html or events.json")
	snapshot, err := capture.FromHTML(bytes.NewReader(c.page), pageHref, baseTime)
	require.NoError(t, err, "FromHTML")
	out := [][]byte{snapshot}
	if c.script != nil {
		more, err := runScript(snapshot, string(c.script))
		require.NoError(t, err)
		out = append(out, more...)
	}
	return out
}

// run masks a case and returns its events and the golden text.
func (c *goldenCase) run(t *testing.T) ([]capture.Event, []byte) {
	t.Helper()
	set, err := compileRules(c.rules)
	require.NoError(t, err, "rules.json")
	var events []capture.Event
	if c.events != nil {
		require.Nil(t, c.page, "a case has page.html or events.json, not both")
		require.Nil(t, c.script, "script.txt applies to page.html cases only")
		// a stored recording is masked again as the collector does at playback
		stored, err := capture.ParseEvents(c.events)
		require.NoError(t, err, "events.json")
		events, err = masking.Replay(set, stored)
		require.NoError(t, err, "Replay")
	} else {
		s := masking.NewSession(set)
		for i, b := range c.batches(t) {
			evs, err := s.Write(b)
			require.NoError(t, err, "batch %d", i)
			events = append(events, evs...)
		}
	}
	var out []byte
	var full *capture.SNode
	for i := range events {
		out = capture.AppendEvent(out, &events[i])
		out = append(out, '\n')
		if d, ok := events[i].Data.(capture.FullSnapshotData); ok && full == nil {
			full = d.Node
		}
	}
	require.NotNil(t, full, "no FullSnapshot event")
	out = append(out, htmlSeparator...)
	var h bytes.Buffer
	require.NoError(t, capture.RenderHTML(&h, full))
	out = append(out, h.Bytes()...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return events, out
}

func TestGolden(t *testing.T) {
	dirs := caseDirs(t, testdata)
	require.GreaterOrEqual(t, len(dirs), minCases, "golden cases")
	playback := 0
	for _, name := range dirs {
		if _, err := os.Stat(filepath.Join(testdata, name, "events.json")); err == nil {
			playback++
		}
		t.Run(name, func(t *testing.T) {
			c := loadCase(t, filepath.Join(testdata, name))
			require.NotEmpty(t, c.secrets, "secrets.txt is missing or empty: every case must prove something")
			input := c.inputText()
			for _, s := range c.secrets {
				assert.True(t, occursIn(s, input), "secret %q does not occur in the case's input: a typo proves nothing", s)
			}

			events, out := c.run(t)
			_, again := c.run(t)
			require.Equal(t, string(out), string(again), "output is not deterministic")

			for _, leak := range leaks(out, c.secrets) {
				t.Error(leak)
			}
			for _, miss := range missing(out, c.expect) {
				t.Error(miss)
			}
			if isMaskAll(t, c.rules) {
				for _, v := range maskAllViolations(events) {
					t.Error(v)
				}
			}
			compareGolden(t, filepath.Join(c.dir, "want.golden"), out)
		})
	}
	assert.GreaterOrEqual(t, playback, minPlaybackCases, "playback cases")
}

// inputText is everything a case's secrets may come from.
func (c *goldenCase) inputText() string {
	parts := []string{string(c.page), string(c.events), string(c.script)}
	if c.page != nil {
		parts = append(parts, pageHref)
	}
	return strings.Join(parts, "\n")
}

func TestGoldenErrors(t *testing.T) {
	root := filepath.Join(testdata, "errors")
	dirs := caseDirs(t, root)
	require.GreaterOrEqual(t, len(dirs), minErrorCases, "error cases")
	for _, name := range dirs {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(root, name)
			var err error
			switch r, c := readOptional(t, filepath.Join(dir, "rules.json")), readOptional(t, filepath.Join(dir, "config.json")); {
			case r != nil && c == nil:
				_, err = compileRules(r)
			case c != nil && r == nil:
				_, err = config.Parse(c)
			default:
				t.Fatal("an error case has exactly one of rules.json and config.json")
			}
			require.Error(t, err, "the configuration was accepted")
			text := []byte(err.Error() + "\n")
			for _, leak := range leaks(text, lines(readOptional(t, filepath.Join(dir, "secrets.txt")))) {
				t.Error(leak)
			}
			compareGolden(t, filepath.Join(dir, "want.golden"), text)
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no want.golden: run go test ./masking -run TestGolden -update and review the diff")
	assert.Equal(t, string(want), string(got), "output differs from %s (-update rewrites it; review the diff)", path)
}
