package server

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAPIBodyErrorsNameFieldsNotGoTypes: a member of the wrong type is
// named by its JSON path; the collector's Go types stay out of the answer.
func TestAPIBodyErrorsNameFieldsNotGoTypes(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ method, path, body, want string }{
		{"POST", "/api/tokens", `{"role":1,"apps":["shop"]}`, `role: expected string, found number`},
		{"POST", "/api/tokens", `{"role":"replay","apps":"shop"}`, `apps: expected array, found string`},
		{"POST", "/api/settings/import", `{"apps":[1]}`, `apps: expected object, found array`},
	} {
		code, body := e.do(c.method, c.path, e.admin, c.body)
		require.Equal(t, 400, code, body)
		assert.Contains(t, body, c.want, c.body)
		for _, leak := range []string{"Go ", "createRequest", "exportDoc", "server."} {
			assert.NotContains(t, body, leak, c.body)
		}
	}
}

// TestTokenNoteLimit: a note of MaxTokenNote bytes is taken, one more is a
// 400 that says the limit.
func TestTokenNoteLimit(t *testing.T) {
	e := newEnv(t)
	at := strings.Repeat("n", MaxTokenNote)
	code, body := e.do("POST", "/api/tokens", e.admin, `{"role":"replay","apps":["shop"],"note":"`+at+`"}`)
	require.Equal(t, 201, code, body)
	code, body = e.do("POST", "/api/tokens", e.admin, `{"role":"replay","apps":["shop"],"note":"`+at+`n"}`)
	require.Equal(t, 400, code, body)
	assert.Contains(t, body, "note: 201 bytes, over the limit of 200")
}
