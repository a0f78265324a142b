package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// importDoc is an import as read: its applications are counted as they are
// decoded (importedApps), never all held before.
type importDoc struct {
	Apps json.RawMessage `json:"apps"`
}

// tooManyApps refuses an import that names more applications than the
// collector may hold.
type tooManyApps struct{ limit int }

func (e *tooManyApps) Error() string {
	return "the import names more than " + strconv.Itoa(e.limit) + " applications, over the limit of " + strconv.Itoa(e.limit)
}

// importedApps decodes the apps member of an import, an object of settings
// by application, member by member, and stops at the (limit+1)th: a body of
// MaxAPIBody naming 400,000 applications took 77 MiB to decode into a map
// that settingsFit then refused whole. A name given twice keeps its last
// settings, as encoding/json does.
func importedApps(raw json.RawMessage, limit int) (exportDoc, error) {
	doc := exportDoc{Apps: map[string]json.RawMessage{}}
	if len(raw) == 0 || string(raw) == "null" {
		return doc, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	t, err := dec.Token()
	if err != nil {
		return doc, err
	}
	if t != json.Delim('{') {
		return doc, errors.New("expected object, found " + jsonKind(t))
	}
	for n := 0; dec.More(); n++ {
		if n == limit {
			return doc, &tooManyApps{limit}
		}
		t, err = dec.Token()
		if err != nil {
			return doc, err
		}
		name, _ := t.(string) // an object's keys are strings
		if _, dup := doc.Apps[name]; dup {
			// The settings parser refuses a duplicate key; an import must
			// too: one who reads the file sees the first, the last would win.
			return doc, errors.New("application " + strconv.Quote(name) + " is named twice")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return doc, errors.New(strconv.Quote(name) + ": " + err.Error())
		}
		doc.Apps[name] = v
	}
	if _, err := dec.Token(); err != nil && !errors.Is(err, io.EOF) {
		return doc, err
	}
	return doc, nil
}

// jsonKind names the JSON value a token starts, as encoding/json's errors do.
func jsonKind(t json.Token) string {
	switch t.(type) {
	case json.Delim:
		if t == json.Delim('[') {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case bool:
		return "bool"
	default:
		return "number"
	}
}

// readImport reads an import's body, {"apps": {...}}, within MaxAPIBody:
// strictly, as readJSON does (no other member), and a member named twice is
// refused, as the settings parser refuses it, rather than the last winning.
func readImport(body io.Reader) (importDoc, error) {
	var doc importDoc
	dec := json.NewDecoder(io.LimitReader(body, MaxAPIBody))
	t, err := dec.Token()
	if err != nil {
		return doc, err
	}
	if t != json.Delim('{') {
		return doc, errors.New("expected object, found " + jsonKind(t))
	}
	seen := false
	for dec.More() {
		if t, err = dec.Token(); err != nil {
			return doc, err
		}
		name, _ := t.(string)
		if name != "apps" {
			return doc, errors.New("json: unknown field " + strconv.Quote(name))
		}
		if seen {
			return doc, errors.New("apps is named twice")
		}
		seen = true
		if err := dec.Decode(&doc.Apps); err != nil {
			return doc, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return doc, err
	}
	return doc, nil
}
