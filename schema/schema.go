// Package schema holds the JSON Schemas (draft 2020-12) of Veil's
// configuration files: the recorder configuration (package config) and an
// application's settings (package server/settings). Editors validate
// settings files with them; the collector serves them under /api/schema/;
// tests in config and server/settings hold them to the Go parsers, key by
// key. They live together so that settings.schema.json can refer to
// recorder.schema.json by a relative reference that works both on disk and
// when served. Not linked into the WebAssembly engine.
package schema

import "embed"

// FS holds recorder.schema.json and settings.schema.json.
//
//go:embed recorder.schema.json settings.schema.json
var FS embed.FS

// Names are the schema files in FS.
var Names = []string{"recorder.schema.json", "settings.schema.json"}
