//go:build !js

package e2e

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Selector semantics: for every selector of the corpus, on every page and
// every node tree of it (the document, each open shadow root, each
// same-origin iframe document, compared separately), the elements a mask
// rule with that selector marks in the engine must be exactly the elements
// querySelectorAll returns on that tree's root in Chromium. The mirror is
// built from the page as Chromium parsed it (declarative shadow roots
// included), through capture's raw ops, in the order the recorder walks
// (shadow root, light children, iframe document); the engine's side asks
// rules.Set.Decide, the code the masking session runs.
//
// A selector the rules reject passes only if docs/selectors.md lists the
// kind of rejection (the error must contain one of its "(error: `…`)"
// fragments); a selector Chromium rejects must be rejected by the rules
// too, unless the corpus excludes it with a reason.

// selectorDumpJS walks the page as the recorder does and queries every
// selector on every tree root. Its argument is the selector list.
const selectorDumpJS = `((sels) => {
	const nodes = [], index = new Map(), roots = [];
	const walk = (n, parent) => {
		const rec = { p: parent };
		switch (n.nodeType) {
		case 9: rec.k = 0; roots.push(n); break;
		case 11: if (!n.host) return; rec.k = 6; roots.push(n); break;
		case 10: rec.k = 1; rec.name = n.name; rec.pub = n.publicId; rec.sys = n.systemId; break;
		case 1:
			rec.k = 2;
			rec.ns = n.namespaceURI === 'http://www.w3.org/2000/svg' ? 'svg' :
				n.namespaceURI === 'http://www.w3.org/1998/Math/MathML' ? 'math' : '';
			rec.tag = n.localName;
			rec.attrs = n.getAttributeNames().map((a, i) => [a, n.attributes[i].value]);
			break;
		case 3: rec.k = 3; rec.data = n.data; break;
		case 4: rec.k = 4; rec.data = n.data; break;
		case 8: rec.k = 5; rec.data = n.data; break;
		default: return;
		}
		const me = nodes.length;
		nodes.push(rec);
		index.set(n, me);
		if (n.nodeType === 1 && n.localName === 'template' && rec.ns !== 'svg') return;
		if (n.nodeType === 1 && n.shadowRoot) walk(n.shadowRoot, me);
		for (let c = n.firstChild; c; c = c.nextSibling) walk(c, me);
		if (n.nodeType === 1 && n.localName === 'iframe' && n.contentDocument) walk(n.contentDocument, me);
	};
	walk(document, -1);
	const results = sels.map(s => roots.map(r => {
		try { return [...r.querySelectorAll(s)].map(e => index.get(e)); }
		catch (e) { return null; }
	}));
	return JSON.stringify({ nodes, roots: roots.map(r => index.get(r)), results });
})`

type dumpNode struct {
	K     capture.NodeKind `json:"k"`
	P     int              `json:"p"`
	Name  string           `json:"name"`
	Pub   string           `json:"pub"`
	Sys   string           `json:"sys"`
	NS    string           `json:"ns"`
	Tag   string           `json:"tag"`
	Attrs [][2]string      `json:"attrs"`
	Data  string           `json:"data"`
}

type pageDump struct {
	Nodes   []dumpNode `json:"nodes"`
	Roots   []int      `json:"roots"`
	Results [][][]int  `json:"results"` // per selector, per root: node indexes, or nil when Chromium throws
}

// corpusEntry is one line of the corpus (testdata/selectors/corpus*.txt): a selector, and the reason it is
// left out of the comparison when the line gives one ("selector\t!reason"); ␀ stands for U+0000.
type corpusEntry struct{ sel, excluded string }

func readCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	files, err := filepath.Glob("testdata/selectors/corpus*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files, "corpus files")
	var out []corpusEntry
	seen := map[string]bool{}
	for _, name := range files {
		f, err := os.Open(name)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.ReplaceAll(sc.Text(), "␀", "\x00") // U+0000 cannot be written in the file
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "//") {
				continue
			}
			e := corpusEntry{sel: line}
			if i := strings.Index(line, "\t!"); i >= 0 {
				e.sel, e.excluded = line[:i], strings.TrimSpace(line[i+2:])
				require.NotEmpty(t, e.excluded, "%s: an exclusion needs a reason: %q", name, line)
			}
			require.False(t, seen[e.sel], "%s: duplicate selector %q", name, e.sel)
			seen[e.sel] = true
			out = append(out, e)
		}
		require.NoError(t, sc.Err())
		f.Close()
	}
	return out
}

// documentedRejections reads the error fragments docs/selectors.md lists
// for the kinds of selectors the rules reject.
func documentedRejections(t *testing.T) []string {
	t.Helper()
	doc, err := os.ReadFile("../docs/selectors.md")
	require.NoError(t, err)
	var out []string
	for _, m := range regexp.MustCompile("\\(error: `([^`]+)`\\)").FindAllStringSubmatch(string(doc), -1) {
		out = append(out, m[1])
	}
	require.NotEmpty(t, out, "docs/selectors.md lists no rejected kinds")
	return out
}

// buildMirror applies the dumped page as one raw snapshot to a Mirror; node
// i of the dump gets id i+1.
func buildMirror(t *testing.T, d *pageDump) *capture.Mirror {
	t.Helper()
	w := capture.NewWriter(0)
	w.SnapshotStart(0, "http://127.0.0.1/", capture.DefaultWidth, capture.DefaultHeight, 0, 0)
	for i, n := range d.Nodes {
		nd := capture.NodeData{Kind: n.K, Namespace: n.NS, Tag: n.Tag, Data: n.Data, Name: n.Name, PublicID: n.Pub, SystemID: n.Sys}
		for _, a := range n.Attrs {
			nd.Attrs = append(nd.Attrs, html.Attribute{Key: a[0], Val: a[1]})
		}
		w.Node(i+1, n.P+1, 0, &nd)
	}
	w.SnapshotEnd(0)
	require.NoError(t, w.Err())
	r, err := capture.NewReader(w.Bytes())
	require.NoError(t, err)
	m := capture.NewMirror()
	var op capture.Op
	for {
		err := r.Next(&op)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		_, err = m.Apply(&op)
		require.NoError(t, err)
	}
	require.Equal(t, len(d.Nodes), m.Len())
	return m
}

// treeRoot is the id of the document or shadow root whose tree holds n.
func treeRoot(n *html.Node) int {
	for n.Type != html.DocumentNode {
		n = n.Parent
	}
	return capture.NodeOf(n).ID
}

// nodePath names a node by its child-index path from the tree root, with
// its tag, for failure messages.
func nodePath(n *html.Node) string {
	var parts []string
	for ; n.Type != html.DocumentNode; n = n.Parent {
		i := 0
		for s := n.PrevSibling; s != nil; s = s.PrevSibling {
			i++
		}
		parts = append(parts, strconv.Itoa(i)+":"+n.Data)
	}
	slices.Reverse(parts)
	return "/" + strings.Join(parts, "/")
}

// elementsByTree returns the elements of each node tree of m, in document
// order, by the id of the tree's root.
func elementsByTree(m *capture.Mirror) map[int][]*html.Node {
	elements := map[int][]*html.Node{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			root := treeRoot(n)
			elements[root] = append(elements[root], n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(&m.Root().Node)
	return elements
}

// treeDiff compares, on the elements of one tree, what a mask rule of set
// marks with want, the dump indexes querySelectorAll returned on the tree's
// root: the elements the engine misses and adds, and whether it marked any.
func treeDiff(set *rules.Set, elements []*html.Node, want []int) (missing, extra []*html.Node, any bool) {
	wanted := map[int]bool{}
	for _, idx := range want {
		wanted[idx+1] = true
	}
	for _, n := range elements {
		w := wanted[capture.NodeOf(n).ID]
		got := set.Decide(n, rules.Decision{}).Masked
		any = any || got
		switch {
		case w && !got:
			missing = append(missing, n)
		case got && !w:
			extra = append(extra, n)
		}
	}
	return missing, extra, any
}

func nodePaths(ns []*html.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = nodePath(n)
	}
	return out
}

// documented reports whether a rules error names a kind of rejection
// docs/selectors.md lists.
func documented(fragments []string, err string) bool {
	return slices.ContainsFunc(fragments, func(f string) bool { return strings.Contains(err, f) })
}

func TestSelectorDiff(t *testing.T) {
	corpus := readCorpus(t)
	require.GreaterOrEqual(t, len(corpus), 200, "corpus size")
	fragments := documentedRejections(t)
	pages, err := filepath.Glob("testdata/selectors/*.html")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(pages), 10, "pages")

	// No Content-Language header: Chromium takes a default language from
	// it for :lang(), and the engine cannot see HTTP headers (a known
	// difference, docs/selectors.md). The <meta http-equiv> pragma of
	// content-language.html is ignored by both.
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata/selectors")))
	t.Cleanup(srv.Close)
	b := newBrowser(t)

	sels := make([]string, len(corpus))
	sets := make([]*rules.Set, len(corpus))
	rejected := make([]string, len(corpus))
	for i, e := range corpus {
		sels[i] = e.sel
		s, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList, Mask: []string{e.sel}})
		if err != nil {
			rejected[i] = err.Error()
			continue
		}
		sets[i] = s
	}
	selJSON, err := json.Marshal(sels)
	require.NoError(t, err)

	chromiumThrows := make([]bool, len(corpus))
	compared, matchedSomewhere := 0, make([]bool, len(corpus))
	for _, page := range pages {
		name := filepath.Base(page)
		b.do(t, chromedp.Navigate(srv.URL+"/"+name))
		var d pageDump
		require.NoError(t, json.Unmarshal([]byte(eval[string](t, b, selectorDumpJS+"("+string(selJSON)+")")), &d), name)
		m := buildMirror(t, &d)

		elements := elementsByTree(m)

		for i, e := range corpus {
			throws := d.Results[i][0] == nil
			if throws {
				chromiumThrows[i] = true
			}
			if e.excluded != "" || sets[i] == nil || throws {
				continue
			}
			for r, rootIdx := range d.Roots {
				rootID := rootIdx + 1
				missing, extra, any := treeDiff(sets[i], elements[rootID], d.Results[i][r])
				matchedSomewhere[i] = matchedSomewhere[i] || any
				compared++
				if len(missing)+len(extra) > 0 {
					t.Errorf("%s, tree %d (%s): %q: engine misses %v, engine adds %v", name, rootID,
						m.Node(rootID).Data, e.sel, nodePaths(missing), nodePaths(extra))
				}
			}
		}
	}

	for i, e := range corpus {
		switch {
		case e.excluded != "":
			t.Logf("excluded %q: %s", e.sel, e.excluded)
		case chromiumThrows[i] && sets[i] != nil:
			t.Errorf("%q: Chromium rejects it but the rules accept it", e.sel)
		case sets[i] == nil && !chromiumThrows[i]:
			t.Logf("rejected, though Chromium accepts it: %q: %s", e.sel, rejected[i])
			if !documented(fragments, rejected[i]) {
				t.Errorf("%q: Chromium accepts it; the rules reject it for a reason docs/selectors.md does not list: %s", e.sel, rejected[i])
			}
		}
	}
	// A corpus whose selectors never match proves little.
	matching := 0
	for i := range corpus {
		if matchedSomewhere[i] {
			matching++
		}
	}
	t.Logf("%d selectors × %d pages: %d tree comparisons; %d selectors match some element", len(corpus), len(pages), compared, matching)
	require.Greater(t, matching, len(corpus)/2, "most selectors of the corpus should match something on some page")
}
