package server

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/schema/schematest"
)

// openAPIURL is where the test loads openapi.json, beside the schemas of
// schematest.Base, as the collector serves them.
const openAPIURL = "https://collector.test" + OpenAPIPath

// registeredPatterns reads every route pattern this package registers: the
// first argument of each Handle and HandleFunc call in its non-test files,
// evaluated from string literals and package constants joined by +. A call
// whose pattern cannot be read fails the test, so no route hides from it.
// The catch-all "/" of the outer mux (routes) is not a route of the API.
func registeredPatterns(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	names, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		files = append(files, f)
	}
	consts := map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[n.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	var eval func(ast.Expr) (string, bool)
	eval = func(e ast.Expr) (string, bool) {
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				s, err := strconv.Unquote(e.Value)
				return s, err == nil
			}
		case *ast.Ident:
			s, ok := consts[e.Name]
			return s, ok
		case *ast.BinaryExpr:
			if e.Op == token.ADD {
				a, ok1 := eval(e.X)
				b, ok2 := eval(e.Y)
				return a + b, ok1 && ok2
			}
		case *ast.ParenExpr:
			return eval(e.X)
		}
		return "", false
	}
	var out []string
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") || len(call.Args) != 2 {
				return true
			}
			p, ok := eval(call.Args[0])
			if !ok {
				t.Errorf("%s: cannot read this route pattern; write it as literals and constants", fset.Position(call.Pos()))
				return true
			}
			if p != "/" {
				out = append(out, p)
			}
			return true
		})
	}
	sort.Strings(out)
	return out
}

// documented turns a mux pattern into the OpenAPI path and method that
// document it: "{$}" is dropped, and a subtree pattern "/veil/" is the path
// "/veil/{file}".
func documented(pattern string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	switch {
	case strings.HasSuffix(path, "{$}"):
		path = strings.TrimSuffix(path, "{$}")
	case strings.HasSuffix(path, "/") && path != "/":
		path += "{file}"
	}
	return strings.ToLower(method), path
}

type openAPI struct {
	Paths map[string]map[string]json.RawMessage `json:"paths"`
}

// operations lists the documented (method, path) pairs.
func operations(t *testing.T) (doc openAPI, ops [][2]string) {
	t.Helper()
	require.NoError(t, json.Unmarshal(openAPIDoc, &doc))
	for path, item := range doc.Paths {
		for method := range item {
			ops = append(ops, [2]string{method, path})
		}
	}
	slices.SortFunc(ops, func(a, b [2]string) int { return strings.Compare(a[1]+a[0], b[1]+b[0]) })
	return doc, ops
}

// fullEnv is a collector with every optional route on: --static and
// --demo-site, each with one file.
func fullEnv(t *testing.T) *env {
	static, demo := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(static, "veil.js"), []byte("// veil"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(demo, "index.html"), []byte("<p>demo</p>"), 0o644))
	return newEnv(t, func(o *Options) { o.Static, o.DemoSite = static, demo })
}

// samplePath fills a documented path's {parameters}.
func samplePath(path string) string {
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			return path
		}
		j := strings.IndexByte(path[i:], '}')
		path = path[:i] + "sample-" + path[i+1:i+j] + path[i+j+1:]
	}
}

func TestOpenAPIDocumentsEveryRegisteredRoute(t *testing.T) {
	e := fullEnv(t)
	inner := e.srv.ops().inner
	doc, _ := operations(t)
	patterns := registeredPatterns(t)
	require.Greater(t, len(patterns), 30, "the scan finds the routes: %v", patterns)
	t.Logf("%d registered routes", len(patterns))
	for _, p := range patterns {
		method, path := documented(p)
		// The scan reads what the mux really has: a request for the pattern
		// is routed to exactly it.
		req, err := http.NewRequest(strings.ToUpper(method), "http://collector.test"+samplePath(path), nil)
		require.NoError(t, err)
		_, got := inner.Handler(req)
		assert.Equal(t, p, got, "a request for %s is routed to it", p)
		_, ok := doc.Paths[path][method]
		assert.True(t, ok, "route %q is not documented in server/openapi.json (as %s %s)", p, method, path)
	}
}

func TestOpenAPIEveryDocumentedRouteExists(t *testing.T) {
	e := fullEnv(t)
	inner := e.srv.ops().inner
	_, ops := operations(t)
	require.Greater(t, len(ops), 30)
	patterns := registeredPatterns(t)
	for _, op := range ops {
		method, path := op[0], op[1]
		req, err := http.NewRequest(strings.ToUpper(method), "http://collector.test"+samplePath(path), nil)
		require.NoError(t, err)
		_, pattern := inner.Handler(req)
		if !assert.NotEmpty(t, pattern, "%s %s is documented but no route serves it", method, path) {
			continue
		}
		m, p := documented(pattern)
		assert.Equal(t, [2]string{method, path}, [2]string{m, p}, "%s %s is served by %q", method, path, pattern)
		assert.Contains(t, patterns, pattern)
	}
}

// pointer escapes one JSON pointer segment.
func pointer(seg string) string {
	return strings.ReplaceAll(strings.ReplaceAll(seg, "~", "~0"), "/", "~1")
}

// follow resolves an OpenAPI (non-schema) local $ref: the node and its
// pointer.
func follow(t *testing.T, root map[string]any, node map[string]any, ptr string) (map[string]any, string) {
	for {
		ref, ok := node["$ref"].(string)
		if !ok || !strings.HasPrefix(ref, "#/") {
			return node, ptr
		}
		cur := root
		for _, seg := range strings.Split(ref[2:], "/") {
			cur, ok = cur[strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")].(map[string]any)
			require.True(t, ok, "$ref %s", ref)
		}
		node, ptr = cur, ref[1:]
	}
}

// example is one documented example and the schema it must satisfy.
type example struct {
	where  string
	schema string // the schema's URL with its pointer
	value  any
}

// examples collects the examples of every parameter and request body.
func examples(t *testing.T) []example {
	var root map[string]any
	require.NoError(t, json.Unmarshal(openAPIDoc, &root))
	var out []example
	paths := root["paths"].(map[string]any)
	for path, item := range paths {
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			base := "/paths/" + pointer(path) + "/" + method
			params, _ := op["parameters"].([]any)
			for i, p := range params {
				pm, ptr := follow(t, root, p.(map[string]any), base+"/parameters/"+strconv.Itoa(i))
				if v, ok := pm["example"]; ok {
					out = append(out, example{method + " " + path + " parameter " + pm["name"].(string), openAPIURL + "#" + ptr + "/schema", v})
				}
			}
			if rb, ok := op["requestBody"].(map[string]any); ok {
				rb, ptr := follow(t, root, rb, base+"/requestBody")
				for media, c := range rb["content"].(map[string]any) {
					if v, ok := c.(map[string]any)["example"]; ok {
						out = append(out, example{method + " " + path + " body " + media, openAPIURL + "#" + ptr + "/content/" + pointer(media) + "/schema", v})
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].where < out[j].where })
	return out
}

func openAPICompiler(t *testing.T) func(loc string) func([]byte) error {
	c := schematest.Compiler(t)
	schematest.AddJSON(t, c, openAPIURL, openAPIDoc)
	return func(loc string) func([]byte) error {
		s := schematest.Compile(t, c, loc)
		return func(b []byte) error { return schematest.Validate(s, b) }
	}
}

func TestOpenAPIExamplesValidateAgainstTheirSchemas(t *testing.T) {
	compile := openAPICompiler(t)
	exs := examples(t)
	require.Greater(t, len(exs), 15)
	var bodies int
	for _, ex := range exs {
		b, err := json.Marshal(ex.value)
		require.NoError(t, err)
		assert.NoError(t, compile(ex.schema)(b), "%s: %s", ex.where, b)
		if strings.Contains(ex.where, " body ") {
			bodies++
		}
	}
	t.Logf("%d examples, %d of them request bodies", len(exs), bodies)
	assert.GreaterOrEqual(t, bodies, 5, "request bodies with examples")
}

// The examples are real: each documented operation, sent as its examples
// describe (with an admin token where the operation takes one), answers a
// documented status, and a JSON answer validates against the documented
// schema of that status.
func TestOpenAPIExampleRequestsGetDocumentedAnswers(t *testing.T) {
	e := fullEnv(t)
	compile := openAPICompiler(t)
	var root map[string]any
	require.NoError(t, json.Unmarshal(openAPIDoc, &root))
	// A session with the documented example id, so that the session
	// operations answer with a body.
	sessionID := "s7Hq2xLm9Pz4Rt6Wk1"
	for i, b := range record(t, rules.MaskAll()) {
		e.sendBatch("shop", sessionID, i, b)
	}
	_, ops := operations(t)
	order := map[string]int{"options": 0, "get": 1, "put": 2, "post": 3, "delete": 4}
	slices.SortStableFunc(ops, func(a, b [2]string) int { return order[a[0]] - order[b[0]] })
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	paths := root["paths"].(map[string]any)
	var validated int
	for _, o := range ops {
		method, path := o[0], o[1]
		op := paths[path].(map[string]any)[method].(map[string]any)
		base := "/paths/" + pointer(path) + "/" + method
		u, query := path, url.Values{}
		params, _ := op["parameters"].([]any)
		for i, p := range params {
			pm, _ := follow(t, root, p.(map[string]any), base+"/parameters/"+strconv.Itoa(i))
			v, ok := pm["example"]
			if !ok {
				continue
			}
			s := strings.Trim(string(must(json.Marshal(v))), `"`)
			if pm["in"] == "path" {
				u = strings.ReplaceAll(u, "{"+pm["name"].(string)+"}", s)
			} else {
				query.Set(pm["name"].(string), s)
			}
		}
		var body io.Reader
		contentType := ""
		if rb, ok := op["requestBody"].(map[string]any); ok {
			rb, _ = follow(t, root, rb, "")
			for media, c := range rb["content"].(map[string]any) {
				v, ok := c.(map[string]any)["example"]
				if !ok {
					continue
				}
				contentType = media
				if media == "application/x-www-form-urlencoded" {
					form := url.Values{}
					for k, x := range v.(map[string]any) {
						form.Set(k, x.(string))
					}
					body = strings.NewReader(form.Encode())
				} else {
					body = strings.NewReader(string(must(json.Marshal(v))))
				}
			}
		}
		req, err := http.NewRequest(strings.ToUpper(method), e.ts.URL+samplePath(u)+"?"+query.Encode(), body)
		require.NoError(t, err)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if sec, ok := op["security"].([]any); !ok || slices.ContainsFunc(sec, func(x any) bool { _, ok := x.(map[string]any)["bearer"]; return ok }) {
			req.Header.Set("Authorization", "Bearer "+e.admin)
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		where := method + " " + path
		responses := op["responses"].(map[string]any)
		r, ok := responses[strconv.Itoa(resp.StatusCode)].(map[string]any)
		if !assert.True(t, ok, "%s answered %d, which is not documented: %s", where, resp.StatusCode, got) {
			continue
		}
		r, ptr := follow(t, root, r, base+"/responses/"+strconv.Itoa(resp.StatusCode))
		content, _ := r["content"].(map[string]any)
		if _, ok := content["application/json"]; ok {
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"), where)
			assert.NoError(t, compile(openAPIURL+"#"+ptr+"/content/application~1json/schema")(got), "%s %d: %s", where, resp.StatusCode, got)
			validated++
		}
	}
	t.Logf("%d operations sent, %d JSON answers validated", len(ops), validated)
	assert.Greater(t, validated, 15, "answers validated against their schemas")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestOpenAPIAndSchemasAreServed(t *testing.T) {
	e := newEnv(t)
	code, body := e.do("GET", OpenAPIPath, "", "")
	require.Equal(t, 200, code)
	assert.JSONEq(t, string(openAPIDoc), body)
	for _, name := range []string{"recorder.schema.json", "settings.schema.json"} {
		code, body = e.do("GET", SchemaPath+name, "", "")
		require.Equal(t, 200, code)
		assert.Contains(t, body, `"$schema": "https://json-schema.org/draft/2020-12/schema"`)
	}
	code, body = e.do("GET", SchemaPath+"..%2Fopenapi.json", "", "")
	assert.Equal(t, 404, code, body)
	assert.Contains(t, body, `"error"`)
}

// The document holds together as OpenAPI: operation ids are unique, every
// path template parameter is declared "in": "path" (and no other), every
// operation answers something, and every local $ref resolves.
func TestOpenAPIDocumentIsConsistent(t *testing.T) {
	var root map[string]any
	require.NoError(t, json.Unmarshal(openAPIDoc, &root))
	assert.Equal(t, "3.1.0", root["openapi"])
	ids := map[string]string{}
	for path, item := range root["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			where := method + " " + path
			id, _ := op["operationId"].(string)
			if assert.NotEmpty(t, id, where) {
				assert.NotContains(t, ids, id, "%s: operationId %s is also %s", where, id, ids[id])
				ids[id] = where
			}
			assert.NotEmpty(t, op["responses"], where)
			declared := map[string]bool{}
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				pm, _ := follow(t, root, p.(map[string]any), "")
				if pm["in"] == "path" {
					declared[pm["name"].(string)] = true
					assert.Equal(t, true, pm["required"], "%s: path parameter %s is required", where, pm["name"])
				}
			}
			inPath := map[string]bool{}
			for rest := path; strings.Contains(rest, "{"); {
				i, j := strings.IndexByte(rest, '{'), strings.IndexByte(rest, '}')
				inPath[rest[i+1:j]] = true
				rest = rest[j+1:]
			}
			assert.Equal(t, inPath, declared, "%s: path parameters", where)
		}
	}
	var refs func(v any)
	refs = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && strings.HasPrefix(ref, "#/") {
				follow(t, root, v, "")
			}
			for _, x := range v {
				refs(x)
			}
		case []any:
			for _, x := range v {
				refs(x)
			}
		}
	}
	refs(root)
}
