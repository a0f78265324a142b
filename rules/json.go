package rules

import (
	"strconv"

	"github.com/veil-replay/veil/internal/jsonx"
)

// Parse decodes and validates one rule set from JSON. Unknown and duplicate
// keys are errors; every key is optional and the default mode is mask-all.
// Errors are *Error values.
func Parse(data []byte) (Rules, error) {
	v, err := jsonx.Parse(data)
	if err != nil {
		return Rules{}, errorf(err.Error())
	}
	return FromJSON(v, "")
}

// FromJSON decodes and validates a rule set embedded in a larger document;
// path is the rule set's key ("recording"), and error messages name keys
// below it ("recording.mask[2]"). Empty lists decode as nil.
func FromJSON(v jsonx.Value, path string) (Rules, error) {
	r, err := decode(v, path)
	if err != nil {
		if asError(err) {
			return Rules{}, err
		}
		return Rules{}, errorf(err.Error())
	}
	if err := r.checkErrorMessages(path); err != nil {
		return Rules{}, err
	}
	if _, err := compile(r, path); err != nil {
		return Rules{}, err
	}
	return r, nil
}

func decode(v jsonx.Value, path string) (Rules, error) {
	var r Rules
	f, err := v.Fields(path)
	if err != nil {
		return r, err
	}
	if m, ok := f.Take("mode"); ok {
		word, err := m.AsString(f.Path("mode"))
		if err != nil {
			return r, err
		}
		mode, ok := parseMode(word)
		if !ok {
			return r, errorf(f.Path("mode") + " " + strconv.Quote(word) + ": expected mask-all, allow-list or block-list")
		}
		r.Mode = mode
	}
	em, err := takeWord(f, "errorMessages", errorMessagesWords[:], "mask or reveal")
	if err != nil {
		return r, err
	}
	r.ErrorMessages = ErrorMessages(em)
	lists := []struct {
		key string
		dst *[]string
	}{
		{"allow", &r.Allow}, {"mask", &r.Mask}, {"block", &r.Block},
		{"hideInteractions", &r.HideInteractions}, {"allowParams", &r.AllowParams},
	}
	for _, l := range lists {
		if *l.dst, err = takeStrings(f, l.key); err != nil {
			return r, err
		}
	}
	if a, ok := f.Take("attributes"); ok && a.Kind != jsonx.Null {
		af, err := a.Fields(f.Path("attributes"))
		if err != nil {
			return r, err
		}
		if r.Attributes.Allow, err = takeStrings(af, "allow"); err != nil {
			return r, err
		}
		if r.Attributes.Mask, err = takeStrings(af, "mask"); err != nil {
			return r, err
		}
		if err := af.Done(); err != nil {
			return r, err
		}
	}
	return r, f.Done()
}

// takeWord reads an optional string member that must be one of words and
// returns its index; absent is 0, the default.
func takeWord(f *jsonx.Fields, key string, words []string, expected string) (int, error) {
	v, ok := f.Take(key)
	if !ok {
		return 0, nil
	}
	word, err := v.AsString(f.Path(key))
	if err != nil {
		return 0, err
	}
	for i, w := range words {
		if w == word {
			return i, nil
		}
	}
	return 0, errorf(f.Path(key) + " " + strconv.Quote(word) + ": expected " + expected)
}

// takeStrings reads an optional list of strings; absent, null and empty are
// all nil, so decoded Rules compare equal however the list was left out.
func takeStrings(f *jsonx.Fields, key string) ([]string, error) {
	v, ok := f.Take(key)
	if !ok {
		return nil, nil
	}
	list, err := v.AsStrings(f.Path(key))
	if len(list) == 0 {
		return nil, err
	}
	return list, err
}

// AppendJSON appends r's canonical JSON to dst: keys in a fixed order, mode
// always present, empty lists and the default errorMessages left out, list
// order kept. Parse reads it back
// to an equal Rules (empty lists as nil), and Set.Version hashes it.
func (r Rules) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"mode":`...)
	dst = jsonx.AppendString(dst, r.Mode.String())
	dst = appendList(dst, "allow", r.Allow)
	dst = appendList(dst, "mask", r.Mask)
	dst = appendList(dst, "block", r.Block)
	dst = appendList(dst, "hideInteractions", r.HideInteractions)
	if len(r.Attributes.Allow)+len(r.Attributes.Mask) > 0 {
		dst = append(dst, `,"attributes":{`...)
		n := len(dst)
		dst = appendList(dst, "allow", r.Attributes.Allow)
		dst = appendList(dst, "mask", r.Attributes.Mask)
		// appendList leads with a comma; an object's first member may not.
		dst = append(dst[:n], dst[n+1:]...)
		dst = append(dst, '}')
	}
	dst = appendList(dst, "allowParams", r.AllowParams)
	// Only when not the default, so that the versions of rule sets written
	// before the key existed do not change.
	if r.ErrorMessages != ErrorMessagesMask {
		dst = append(dst, `,"errorMessages":`...)
		dst = jsonx.AppendString(dst, r.ErrorMessages.String())
	}
	return append(dst, '}')
}

// appendList appends `,"key":[...]` when list is not empty.
func appendList(dst []byte, key string, list []string) []byte {
	if len(list) == 0 {
		return dst
	}
	dst = append(dst, ',')
	dst = jsonx.AppendString(dst, key)
	dst = append(dst, ':', '[')
	for i, s := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonx.AppendString(dst, s)
	}
	return append(dst, ']')
}
