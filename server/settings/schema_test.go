package settings

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/schema/schematest"
)

const settingsSchema = schematest.Base + "settings.schema.json"

// Every key Parse reads (the json tags of doc) is in the schema with the
// right type, and every key of the schema is one Parse reads: a key added
// to doc without documenting it fails here.
func TestSettingsSchemaHasEveryKeyParseReads(t *testing.T) {
	node := schematest.Load(t, "settings.schema.json")
	dt := reflect.TypeFor[doc]()
	seen := map[string]bool{}
	for i := 0; i < dt.NumField(); i++ {
		f := dt.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		require.NotEmpty(t, key, "doc.%s has no json tag", f.Name)
		seen[key] = true
		prop, ok := schematest.Property(node, key)
		if !assert.True(t, ok, "settings key %s (doc.%s) is not in settings.schema.json", key, f.Name) {
			continue
		}
		shape, _ := schematest.Shape(t, prop)
		types := schematest.Types(shape)
		switch f.Type.Kind() {
		case reflect.Slice:
			if f.Type.Elem().Kind() == reflect.Uint8 { // json.RawMessage: an object
				assert.True(t, types["object"], "%s: object", key)
			} else {
				assert.True(t, types["array"], "%s: array", key)
			}
		case reflect.Pointer:
			assert.True(t, types["integer"] && types["null"], "%s: integer or null", key)
		default:
			t.Errorf("%s: Go kind %s has no schema type here", key, f.Type.Kind())
		}
	}
	for _, key := range schematest.Properties(node) {
		assert.True(t, seen[key], "%s is in the schema but Parse does not read it", key)
	}
}

// Generated documents: Parse and the schema accept and refuse the same ones
// (recorder and playback included, through the recorder schema). The schema
// cannot compare recorder.application with the application's name; every
// generated recorder names "shop", the name parsed under.
func TestSettingsSchemaAgreesWithParse(t *testing.T) {
	s := schematest.Compile(t, schematest.Compiler(t), settingsSchema)
	const base = `{"recorder":{"application":"shop","endpoint":"/veil/ingest"}}`
	var accepted, refused int
	for _, c := range schematest.Cases(t, schematest.Load(t, "settings.schema.json"), nil) {
		data := c.Apply(t, base)
		_, _, perr := Parse("shop", data)
		serr := schematest.Validate(s, data)
		if perr == nil {
			accepted++
		} else {
			refused++
		}
		assert.Equal(t, perr == nil, serr == nil, "%s\n  Parse: %v\n  schema: %v", data, perr, serr)
	}
	t.Logf("%d generated documents: %d accepted, %d refused by both", accepted+refused, accepted, refused)
	assert.Greater(t, accepted, 60)
	assert.Greater(t, refused, 60)
}

func TestSettingsSchemaAgreesWithParseOnOrigins(t *testing.T) {
	s := schematest.Compile(t, schematest.Compiler(t), settingsSchema)
	for origin, valid := range map[string]bool{
		"https://shop.example": true, "HTTPS://Shop.Example:8443": true, "http://localhost:3000/": true,
		"https://shop.example/path": false, "https://*.example": false, "https://u@shop.example": false,
		"https://shop.example?q": false, "https://shop.example#f": false, "ftp://shop.example": false, "shop.example": false,
	} {
		data := []byte(`{"recorder":{"application":"shop","endpoint":"/i"},"allowedOrigins":["` + origin + `"]}`)
		_, _, perr := Parse("shop", data)
		require.Equal(t, valid, perr == nil, "Parse %s: %v", origin, perr)
		assert.Equal(t, valid, schematest.Validate(s, data) == nil, "schema %s", origin)
	}
}

// The canonical settings document (what GET settings and the export answer)
// is valid.
func TestSettingsSchemaAcceptsAppendJSON(t *testing.T) {
	s := schematest.Compile(t, schematest.Compiler(t), settingsSchema)
	app, _, err := Parse("shop", []byte(`{"recorder":{"application":"shop","endpoint":"/i","recording":{"mode":"allow-list","allow":["nav"]}},
		"playback":{"mode":"mask-all"},"allowedOrigins":["https://shop.example"],"retentionDays":7}`))
	require.NoError(t, err)
	doc := app.AppendJSON(nil)
	assert.NoError(t, schematest.Validate(s, doc), "%s", doc)
}
