package config_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/config"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/schema/schematest"
)

const recorderSchema = schematest.Base + "recorder.schema.json"

// jsonKeys names the JSON key of every Go field whose key is not the field
// name with its first letter lowered. A field added to config.Recorder (or
// the structs in it, or rules.Rules) without a key in the schema fails
// TestRecorderSchemaHasEveryGoField.
var jsonKeys = map[string]string{"ExcludeURLs": "excludeUrls", "TCF": "tcf", "VendorID": "vendorId"}

func jsonKey(field string) string {
	if k, ok := jsonKeys[field]; ok {
		return k
	}
	return strings.ToLower(field[:1]) + field[1:]
}

// schemaType is the JSON Schema type a Go field's value has in JSON.
func schemaType(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[config.PrivacySignals](), reflect.TypeFor[rules.Mode](), reflect.TypeFor[rules.ErrorMessages]():
		return "enum"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int:
		return "integer"
	case reflect.Slice:
		return "array"
	case reflect.Struct, reflect.Pointer:
		return "object"
	}
	return "unknown Go kind " + t.Kind().String()
}

// walk holds every field of Go struct type gt to the schema object node, and
// every property of the node to a field: keys, types and enums agree.
func walk(t *testing.T, gt reflect.Type, node schematest.Node, where string) {
	t.Helper()
	seen := map[string]bool{}
	for i := 0; i < gt.NumField(); i++ {
		f := gt.Field(i)
		if !f.IsExported() {
			continue
		}
		key := jsonKey(f.Name)
		seen[key] = true
		prop, ok := schematest.Property(node, key)
		if !assert.True(t, ok, "%s%s (Go field %s.%s) is not in recorder.schema.json", where, key, gt.Name(), f.Name) {
			continue
		}
		shape, _ := schematest.Shape(t, prop)
		ft := f.Type
		switch want := schemaType(ft); want {
		case "enum":
			enum, _ := shape.M["enum"].([]any)
			assert.ElementsMatch(t, enumWords(ft), enum, "%s%s: enum", where, key)
		case "object":
			assert.True(t, schematest.Types(shape)["object"], "%s%s: type object", where, key)
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			walk(t, ft, shape, where+key+".")
		default:
			assert.True(t, schematest.Types(shape)[want], "%s%s: type %s, schema says %v", where, key, want, shape.M["type"])
		}
	}
	for _, key := range schematest.Properties(node) {
		assert.True(t, seen[key], "%s%s is in the schema but no Go field of %s holds it", where, key, gt.Name())
	}
}

// enumWords are the JSON words of an enum type, read from its String method
// until it answers a non-word.
func enumWords(t reflect.Type) []any {
	var out []any
	for i := 0; i < 256; i++ {
		v := reflect.New(t).Elem()
		v.SetUint(uint64(i))
		s := v.Interface().(interface{ String() string }).String()
		if strings.ContainsAny(s, "()") || s == "invalid" || s == "" {
			break
		}
		out = append(out, s)
	}
	return out
}

func TestRecorderSchemaHasEveryGoField(t *testing.T) {
	walk(t, reflect.TypeFor[config.Recorder](), schematest.Load(t, "recorder.schema.json"), "")
}

func TestEnumWordsReadsEveryMode(t *testing.T) {
	assert.Equal(t, []any{"mask-all", "allow-list", "block-list"}, enumWords(reflect.TypeFor[rules.Mode]()))
	assert.Equal(t, []any{"honor", "ignore"}, enumWords(reflect.TypeFor[config.PrivacySignals]()))
}

// TestRecorderSchemaAgreesWithParse feeds generated documents to both:
// every one that config.Parse accepts the schema accepts, and the other way
// round. The schema is looser than Parse on what JSON Schema cannot say
// (a selector's CSS grammar, an RE2 pattern, an endpoint's host syntax); the
// generated documents stay off those.
func TestRecorderSchemaAgreesWithParse(t *testing.T) {
	s := schematest.Compile(t, schematest.Compiler(t), recorderSchema)
	const base = `{"application":"shop","endpoint":"/veil/ingest"}`
	cases := schematest.Cases(t, schematest.Load(t, "recorder.schema.json"), nil)
	var accepted, refused int
	for _, c := range cases {
		doc := c.Apply(t, base)
		_, perr := config.Parse(doc)
		serr := schematest.Validate(s, doc)
		if perr == nil {
			accepted++
		} else {
			refused++
		}
		assert.Equal(t, perr == nil, serr == nil, "%s\n  Parse: %v\n  schema: %v", doc, perr, serr)
	}
	t.Logf("%d generated documents: %d accepted, %d refused by both", accepted+refused, accepted, refused)
	assert.Greater(t, accepted, 40, "generated documents the parser accepts")
	assert.Greater(t, refused, 40, "generated documents the parser refuses")
}

// Pairs of keys that only together are valid or invalid, which the
// one-key-at-a-time cases cannot reach.
func TestRecorderSchemaAgreesWithParseOnRuleCombinations(t *testing.T) {
	s := schematest.Compile(t, schematest.Compiler(t), recorderSchema)
	for doc, valid := range map[string]bool{
		`{"application":"shop","endpoint":"/i","recording":{"mode":"allow-list","allow":[".a"]}}`:                   true,
		`{"application":"shop","endpoint":"/i","recording":{"mode":"mask-all","allow":[".a"]}}`:                     false,
		`{"application":"shop","endpoint":"/i","recording":{"allow":[".a"]}}`:                                       false,
		`{"application":"shop","endpoint":"/i","recording":{"allow":[]}}`:                                           true,
		`{"application":"shop","endpoint":"/i","recording":{"attributes":{"allow":["title"]}}}`:                     false,
		`{"application":"shop","endpoint":"/i","recording":{"mode":"block-list","attributes":{"allow":["title"]}}}`: true,
		`{"application":"shop","endpoint":"/i","recording":{"mode":"block-list","errorMessages":"reveal"}}`:         true,
		`{"application":"shop","endpoint":"/i","recording":{"mode":"allow-list","errorMessages":"reveal"}}`:         false,
		`{"application":"shop","endpoint":"/i","recording":{"errorMessages":"reveal"}}`:                             false,
		`{"application":"shop","endpoint":"/i","recording":{"errorMessages":"mask"}}`:                               true,
		`{"application":"shop","endpoint":"https://c.example:8443/veil/ingest?x=1"}`:                                true,
		`{"application":"shop","endpoint":"//c.example/veil/ingest"}`:                                               false,
		`{"application":"shop","endpoint":"ftp://c.example/"}`:                                                      false,
		`{"application":"shop","endpoint":"/veil/in gest"}`:                                                         false,
		`{"application":"shop","endpoint":"https://c.example/#frag"}`:                                               false,
		`{"application":"Shop","endpoint":"/i"}`:                                                                    false,
		`{"application":"shop","endpoint":"/i","consent":{"tcf":{"vendorId":755,"purposes":[1,3,11]}}}`:             true,
		`{"application":"shop","endpoint":"/i","consent":{"tcf":{"purposes":[]}}}`:                                  false,
		`{"application":"shop","endpoint":"/i","errorOnly":{"enabled":true,"windowSeconds":300}}`:                   true,
		`{"application":"shop","endpoint":"/i","recording":{"mode":"block-list","attributes":{"mask":["data-*"]}}}`: true,
		`{"application":"shop","endpoint":"/i","recording":{"mode":"block-list","attributes":{"mask":["Data-x"]}}}`: false,
		`{"application":"shop","endpoint":"/i","recording":{"mode":"block-list","allowParams":["a=b"]}}`:            false,
		`{"endpoint":"/i"}`: false,
	} {
		_, perr := config.Parse([]byte(doc))
		require.Equal(t, valid, perr == nil, "Parse %s: %v", doc, perr)
		serr := schematest.Validate(s, []byte(doc))
		assert.Equal(t, valid, serr == nil, "schema %s: %v", doc, serr)
	}
}

// The canonical JSON of a configuration with every key set is valid.
func TestRecorderSchemaAcceptsAppendJSONOfAFullConfiguration(t *testing.T) {
	s := schematest.Compile(t, schematest.Compiler(t), recorderSchema)
	c := config.New("shop", "https://collector.example/veil/ingest")
	c.OptIn, c.SamplePercent, c.PrivacySignals = true, 25, config.IgnoreSignals
	c.ExcludeURLs = []string{"/checkout"}
	c.Consent = config.Consent{TCF: &config.TCF{VendorID: 9, Purposes: []int{1, 2}}, GoogleConsentMode: true}
	c.ErrorOnly = config.ErrorOnly{Enabled: true, WindowSeconds: 60}
	c.Recording = rules.Rules{Mode: rules.ModeBlockList, Allow: []string{"#q"}, Mask: []string{".m"}, Block: []string{".b"},
		HideInteractions: []string{".pin"}, Attributes: rules.Attributes{Allow: []string{"title"}, Mask: []string{"data-user-*"}},
		AllowParams: []string{"page"}, ErrorMessages: rules.ErrorMessagesReveal}
	doc := c.AppendJSON(nil)
	_, err := config.Parse(doc)
	require.NoError(t, err)
	assert.NoError(t, schematest.Validate(s, doc), "%s", doc)
}
