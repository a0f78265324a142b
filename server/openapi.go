package server

import (
	_ "embed"
	"io/fs"
	"net/http"
	"slices"

	"github.com/veil-replay/veil/schema"
)

// OpenAPIPath serves the OpenAPI 3.1 description of the HTTP API
// (openapi.json, written by hand and held to the real routes by
// openapi_test.go).
const OpenAPIPath = "/api/openapi.json"

// SchemaPath is where the JSON Schemas of package schema are served, under
// their file names, so that their relative references resolve.
const SchemaPath = "/api/schema/"

//go:embed openapi.json
var openAPIDoc []byte

// serveOpenAPI needs no token: the document describes the API, never data.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	serveDoc(w, r, openAPIDoc, "application/json")
}

func serveSchema(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !slices.Contains(schema.Names, name) {
		fail(w, http.StatusNotFound, "no such schema: "+name+"; there are "+SchemaPath+schema.Names[0]+" and "+SchemaPath+schema.Names[1])
		return
	}
	b, err := fs.ReadFile(schema.FS, name)
	if err != nil {
		fail(w, http.StatusNotFound, "no such schema: "+name)
		return
	}
	serveDoc(w, r, b, "application/schema+json")
}

func serveDoc(w http.ResponseWriter, r *http.Request, b []byte, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}
