package capture

import (
	"errors"

	"github.com/veil-replay/veil/internal/jsonx"
)

// The JSON form of a page error's stack, the one payload member of a Custom
// event that is not a string: "frames": [{"url": "...", "line": 1,
// "column": 2}, ...]. AppendEvent writes it after the string members of an
// ErrorTag payload; ParseEvents reads it back.

// appendErrorFrames appends the "frames" member of a payload object; nothing
// when there are no frames.
func appendErrorFrames(dst []byte, frames []ErrorFrame) []byte {
	if len(frames) == 0 {
		return dst
	}
	dst = key(dst, "frames")
	dst = append(dst, '[')
	for _, f := range frames {
		dst = comma(dst)
		dst = append(dst, '{')
		dst = strField(dst, "url", f.URL)
		dst = intField(dst, "line", f.Line)
		dst = intField(dst, "column", f.Column)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// parseErrorFrames reads the "frames" member of an ErrorTag payload at path:
// an array of objects with a string url and whole line and column numbers
// from 0 to 2^53-1. Other members of a frame are ignored, as elsewhere in
// recorded events; a missing url, line or column is an error.
func parseErrorFrames(v jsonx.Value, path string) ([]ErrorFrame, error) {
	if v.Kind != jsonx.Array {
		return nil, errors.New(path + ": expected an array of frames, got " + v.Kind.String())
	}
	frames := make([]ErrorFrame, 0, len(v.Items))
	for i, item := range v.Items {
		o, err := object(item, jsonx.Index(path, i))
		if err != nil {
			return nil, err
		}
		var f ErrorFrame
		if f.URL, err = o.str("url", true); err != nil {
			return nil, err
		}
		if f.Line, err = o.int("line", 0, maxNumber, true); err != nil {
			return nil, err
		}
		if f.Column, err = o.int("column", 0, maxNumber, true); err != nil {
			return nil, err
		}
		frames = append(frames, f)
	}
	return frames, nil
}
