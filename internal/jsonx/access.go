package jsonx

import (
	"errors"
	"math"
	"strconv"
)

// Fields gives strict access to the members of one object: each key is taken
// at most once, and Done reports every key that nobody asked for, so that a
// misspelled option is an error rather than a silently ignored setting.
type Fields struct {
	path  string
	v     Value
	taken []bool
}

// Fields returns strict access to v, which must be an object. path names v in
// error messages ("recording", "mask[2]"); it may be empty for the top level.
func (v Value) Fields(path string) (*Fields, error) {
	if v.Kind != Object {
		return nil, errors.New(Name(path) + ": expected an object, got " + v.Kind.String())
	}
	return &Fields{path: path, v: v, taken: make([]bool, len(v.Members))}, nil
}

// Take returns the member named key and whether it is present.
//
// Take and the path helpers below are not inlined: they are called from many
// places in decoders that run once per configuration, where each inlined copy
// only adds to the WebAssembly engine's size (about 2 KiB brotli together).
//
//go:noinline
func (f *Fields) Take(key string) (Value, bool) {
	for i, m := range f.v.Members {
		if m.Key == key {
			f.taken[i] = true
			return m.Val, true
		}
	}
	return Value{}, false
}

// Path returns the path of the member named key, for error messages.
//
//go:noinline
func (f *Fields) Path(key string) string { return Join(f.path, key) }

// Done returns an error naming the first key that was not taken.
func (f *Fields) Done() error {
	for i, m := range f.v.Members {
		if !f.taken[i] {
			return errors.New(strconv.Quote(Join(f.path, m.Key)) + ": unknown key")
		}
	}
	return nil
}

// Join appends key to a dotted path.
//
//go:noinline
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index appends an array index to a path.
//
//go:noinline
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Name is path, or "top level" when path is empty.
//
//go:noinline
func Name(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}

// AsString returns v as a string, or an error naming path.
func (v Value) AsString(path string) (string, error) {
	if v.Kind != String {
		return "", errors.New(Name(path) + ": expected a string, got " + v.Kind.String())
	}
	return v.Str, nil
}

// AsBool returns v as a boolean, or an error naming path.
func (v Value) AsBool(path string) (bool, error) {
	if v.Kind != Bool {
		return false, errors.New(Name(path) + ": expected true or false, got " + v.Kind.String())
	}
	return v.Bool, nil
}

// AsInt returns v as an integer within [lo, hi], or an error naming path.
func (v Value) AsInt(path string, lo, hi int64) (int64, error) {
	if v.Kind != Number {
		return 0, errors.New(Name(path) + ": expected a number, got " + v.Kind.String())
	}
	if v.Num != math.Trunc(v.Num) || v.Num < float64(lo) || v.Num > float64(hi) {
		return 0, errors.New(Name(path) + ": expected a whole number from " + strconv.FormatInt(lo, 10) +
			" to " + strconv.FormatInt(hi, 10) + ", got " + strconv.FormatFloat(v.Num, 'g', -1, 64))
	}
	return int64(v.Num), nil
}

// AsStrings returns v as a list of strings, or an error naming the path of the
// first item that is not one. null is an empty list.
func (v Value) AsStrings(path string) ([]string, error) {
	if v.Kind == Null {
		return nil, nil
	}
	if v.Kind != Array {
		return nil, errors.New(Name(path) + ": expected an array of strings, got " + v.Kind.String())
	}
	out := make([]string, len(v.Items))
	for i, item := range v.Items {
		s, err := item.AsString(Index(path, i))
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}
