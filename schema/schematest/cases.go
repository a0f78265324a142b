package schematest

import (
	"encoding/json"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/veil-replay/veil/schema"
)

// Case is one generated document: a base document with Value set at Path
// (objects on the way created as needed).
type Case struct {
	Path  []string
	Value any
}

func (c Case) String() string {
	b, _ := json.Marshal(c.Value)
	return strings.Join(c.Path, ".") + " = " + string(b)
}

// Apply returns base (a JSON object) with c applied, as JSON.
func (c Case) Apply(t testing.TB, base string) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(base), &doc); err != nil {
		t.Fatal(err)
	}
	m := doc
	for _, k := range c.Path[:len(c.Path)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[c.Path[len(c.Path)-1]] = c.Value
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Node is a schema node with the file it is in, for resolving references.
type Node struct {
	File string
	M    map[string]any
}

// Load returns the root node of a schema file of package schema.
func Load(t testing.TB, file string) Node {
	t.Helper()
	b, err := fs.ReadFile(schema.FS, file)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return Node{file, m}
}

// Resolve follows n's $ref (local "#/..." or "other.schema.json#/...").
func Resolve(t testing.TB, n Node) Node {
	t.Helper()
	for {
		ref, ok := n.M["$ref"].(string)
		if !ok {
			return n
		}
		file, ptr, _ := strings.Cut(ref, "#")
		if file == "" {
			file = n.File
		}
		root := Load(t, file)
		cur := root.M
		for _, seg := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
			if seg == "" {
				continue
			}
			seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
			next, ok := cur[seg].(map[string]any)
			if !ok {
				t.Fatalf("%s: $ref %q does not resolve", n.File, ref)
			}
			cur = next
		}
		n = Node{file, cur}
	}
}

// Shape is a node with its $ref followed and an anyOf of [X, {"type": "null"}]
// read as X that may be null.
func Shape(t testing.TB, n Node) (Node, bool) {
	t.Helper()
	n = Resolve(t, n)
	if alts, ok := n.M["anyOf"].([]any); ok && len(alts) == 2 {
		if nm, ok := alts[1].(map[string]any); ok && nm["type"] == "null" {
			return Resolve(t, Node{n.File, alts[0].(map[string]any)}), true
		}
	}
	return n, Types(n)["null"]
}

// Types returns the node's type keyword as a set.
func Types(n Node) map[string]bool {
	out := map[string]bool{}
	switch v := n.M["type"].(type) {
	case string:
		out[v] = true
	case []any:
		for _, x := range v {
			out[x.(string)] = true
		}
	}
	return out
}

// Properties returns an object node's property names, sorted.
func Properties(n Node) []string {
	props, _ := n.M["properties"].(map[string]any)
	out := make([]string, 0, len(props))
	for k := range props {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Property returns the node of property key of an object node.
func Property(n Node, key string) (Node, bool) {
	props, _ := n.M["properties"].(map[string]any)
	p, ok := props[key].(map[string]any)
	return Node{n.File, p}, ok
}

// Cases generates documents from an object schema: for every property, at
// every depth, values the schema allows (its enum, const, examples,
// boundaries, null where allowed) and values it refuses (one past each
// boundary, a fraction for an integer, a wrong type, an unknown key, a
// repeated item where items must be unique). Feeding them to a parser and
// to the schema shows whether the two agree.
func Cases(t testing.TB, obj Node, path []string) []Case {
	t.Helper()
	obj, _ = Shape(t, obj)
	out := []Case{{Path: append(clone(path), "notAKey"), Value: 1}}
	for _, key := range Properties(obj) {
		p, _ := Property(obj, key)
		out = append(out, valueCases(t, p, append(clone(path), key))...)
	}
	return out
}

func valueCases(t testing.TB, n Node, path []string) []Case {
	n, nullable := Shape(t, n)
	var out []Case
	add := func(v any) { out = append(out, Case{Path: path, Value: v}) }
	if nullable {
		add(nil)
	}
	for _, v := range Values(t, n) {
		add(v)
	}
	types := Types(n)
	switch {
	case types["object"]:
		out = append(out, Cases(t, n, path)...)
		add("not an object")
	case types["array"]:
		add([]any{})
		item, _ := Shape(t, Node{n.File, mapOf(n.M["items"])})
		vals := Values(t, item)
		if len(vals) > 0 {
			add([]any{vals[0]})
			add(vals)
			if n.M["uniqueItems"] == true {
				add([]any{vals[0], vals[0]})
			}
		}
		for _, v := range wrong(item) {
			add([]any{v})
		}
		add("not an array")
	default:
		for _, v := range wrong(n) {
			add(v)
		}
	}
	return out
}

// Values are the values a scalar node names as allowed: enum, const,
// examples, minimum and maximum, both booleans.
func Values(t testing.TB, n Node) []any {
	var out []any
	if e, ok := n.M["enum"].([]any); ok {
		out = append(out, e...)
	}
	if c, ok := n.M["const"]; ok {
		out = append(out, c)
	}
	if e, ok := n.M["examples"].([]any); ok {
		out = append(out, e...)
	}
	types := Types(n)
	if types["integer"] {
		for _, k := range []string{"minimum", "maximum"} {
			if v, ok := n.M[k].(float64); ok {
				out = append(out, v)
			}
		}
	}
	if types["boolean"] {
		out = append(out, true, false)
	}
	return out
}

// wrong are values a scalar node refuses.
func wrong(n Node) []any {
	types := Types(n)
	var out []any
	if _, ok := n.M["enum"]; ok {
		out = append(out, "not-a-listed-value")
	}
	if _, ok := n.M["const"]; ok {
		out = append(out, "not-the-value")
	}
	if types["integer"] {
		if v, ok := n.M["minimum"].(float64); ok {
			out = append(out, v-1)
		}
		if v, ok := n.M["maximum"].(float64); ok {
			out = append(out, v+1)
		}
		out = append(out, 1.5, "1")
	}
	if types["boolean"] {
		out = append(out, "true", 1)
	}
	if types["string"] {
		out = append(out, 12)
	}
	return out
}

func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func clone(p []string) []string { return append([]string(nil), p...) }
