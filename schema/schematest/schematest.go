// Package schematest compiles Veil's JSON Schemas for tests, with
// github.com/santhosh-tekuri/jsonschema: a full draft 2020-12 validator that
// also checks each schema against the draft's metaschema, so a schema that
// editors would reject fails the tests too. Only tests import it; it is not
// linked into `veil` or the engine.
package schematest

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/veil-replay/veil/schema"
)

// Base is the origin the schemas are loaded under, as the collector serves
// them (SchemaPath): settings.schema.json refers to recorder.schema.json
// relatively, and the OpenAPI document to both.
const Base = "https://collector.test/api/schema/"

// Compiler returns a compiler that knows every schema of package schema at
// Base+name, asserts formats, and loads nothing else.
func Compiler(t testing.TB) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	for _, name := range schema.Names {
		b, err := fs.ReadFile(schema.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		AddJSON(t, c, Base+name, b)
	}
	return c
}

// AddJSON adds the JSON document b to c at url.
func AddJSON(t testing.TB, c *jsonschema.Compiler, url string, b []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	if err := c.AddResource(url, doc); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}

// Compile compiles the schema at loc (a URL, optionally with a #pointer).
func Compile(t testing.TB, c *jsonschema.Compiler, loc string) *jsonschema.Schema {
	t.Helper()
	s, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("compiling %s: %v", loc, err)
	}
	return s
}

// Validate reports whether the JSON document b is valid under s; err says
// why not (nil when valid).
func Validate(s *jsonschema.Schema, b []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return s.Validate(v)
}
