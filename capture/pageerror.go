package capture

import (
	"errors"
	"strconv"
)

// Limits of a PageError op (see the package doc). The observer cuts what it
// sends to fit; the decoder rejects an op over any of them, so a page cannot
// make the engine hold more than a few KiB per error.
const (
	MaxErrorNameBytes    = 64
	MaxErrorMessageBytes = 4 << 10
	MaxErrorFrames       = 16
	MaxErrorURLBytes     = 2 << 10
)

// Sources of a PageError op: what the page reported.
const (
	// ErrorUncaught is an uncaught exception (the window's error event).
	ErrorUncaught = 0
	// ErrorRejection is an unhandled rejection whose reason is an Error.
	ErrorRejection = 1
	// ErrorRejectionValue is an unhandled rejection whose reason is any other
	// value: only the fact is recorded, so name, message and frames are
	// ignored by the engine.
	ErrorRejectionValue = 2
)

// RejectionName is the error name the engine records for ErrorRejectionValue.
const RejectionName = "UnhandledRejection"

// ErrorFrame is one stack location of a page error: the script's URL, and
// line and column as the browser numbers them (from 1; 0 when unknown). No
// function names: they are not needed to find the code.
type ErrorFrame struct {
	URL          string
	Line, Column int
}

// pageError decodes the fields of a PageError op after its kind byte.
func (r *Reader) pageError(op *Op) error {
	var err error
	r.time(op, &err)
	op.ErrorSource = int(r.byte(&err))
	if err == nil && op.ErrorSource > ErrorRejectionValue {
		return errors.New("page error source " + strconv.Itoa(op.ErrorSource) + " is not 0, 1 or 2")
	}
	op.Name = r.limitedStr(&err, "error name", "MaxErrorNameBytes", MaxErrorNameBytes)
	op.Value = r.limitedStr(&err, "error message", "MaxErrorMessageBytes", MaxErrorMessageBytes)
	n := r.uint(&err)
	if err == nil && n > MaxErrorFrames {
		return &LimitError{What: strconv.Itoa(n) + " stack frames", Limit: "MaxErrorFrames", Max: MaxErrorFrames}
	}
	for i := 0; i < n && err == nil; i++ {
		url := r.limitedStr(&err, "script URL", "MaxErrorURLBytes", MaxErrorURLBytes)
		op.Frames = append(op.Frames, ErrorFrame{URL: url, Line: r.uint(&err), Column: r.uint(&err)})
	}
	return err
}

// legacyError decodes the message-only Error op (0x11) of observers written
// before page errors carried their name and stack: it becomes a PageError
// without name or frames, whose message the engine masks like any other.
func (r *Reader) legacyError(op *Op) error {
	var err error
	op.Kind = OpPageError
	r.time(op, &err)
	op.Value = r.limitedStr(&err, "error message", "MaxErrorMessageBytes", MaxErrorMessageBytes)
	return err
}

// limitedStr reads a string of at most max bytes; a longer one sets *err to
// a LimitError naming limit.
func (r *Reader) limitedStr(err *error, what, limit string, max int) string {
	s := r.str(err)
	if *err == nil && len(s) > max {
		*err = &LimitError{What: what + " of " + strconv.Itoa(len(s)) + " bytes", Limit: limit, Max: max}
		return ""
	}
	return s
}

// PageError writes an uncaught error or unhandled rejection of the page:
// source is one of ErrorUncaught, ErrorRejection, ErrorRejectionValue; name
// is the error's name as the page gave it, message its message, frames its
// stack locations, innermost first. The engine decides what is kept.
func (w *Writer) PageError(t int64, source int, name, message string, frames []ErrorFrame) {
	w.kind(OpPageError)
	w.time(t)
	if source < ErrorUncaught || source > ErrorRejectionValue {
		w.fail("page error source " + strconv.Itoa(source))
		source = ErrorRejectionValue
	}
	w.buf = append(w.buf, byte(source))
	w.str(name)
	w.str(message)
	w.uint(len(frames))
	for _, f := range frames {
		w.str(f.URL)
		w.uint(f.Line)
		w.uint(f.Column)
	}
}

// Error writes the legacy message-only Error op (0x11) that observers sent
// before PageError; the Reader still accepts it. New code writes PageError.
func (w *Writer) Error(t int64, message string) {
	w.kind(opLegacyError)
	w.time(t)
	w.str(message)
}

// encodePageError writes the PageError op of a recorded error event. A
// recording keeps no source: an event that is only RejectionName is read as a
// non-Error rejection (so it stays bare), any other as an uncaught error.
// Recordings made before the limits (messages of up to 4096 UTF-16 units)
// are cut to fit rather than refused: cutting only loses data.
func encodePageError(w *Writer, t int64, d *CustomData) {
	var name, message string
	for _, a := range d.Payload {
		switch a.Name {
		case "name":
			name = a.Value
		case "message":
			message = a.Value
		}
	}
	source := ErrorUncaught
	if name == RejectionName && message == "" && len(d.Frames) == 0 {
		source = ErrorRejectionValue
	}
	if len(name) > MaxErrorNameBytes {
		name = "" // no identifier is that long: the engine records "Error"
	}
	frames := d.Frames[:min(len(d.Frames), MaxErrorFrames)]
	for i, f := range frames {
		if len(f.URL) > MaxErrorURLBytes {
			frames = append([]ErrorFrame(nil), frames...)
			frames[i].URL = ""
		}
	}
	w.PageError(t, source, name, cutUTF8(message, MaxErrorMessageBytes), frames)
}

// cutUTF8 shortens valid UTF-8 s to at most max bytes, at a code point
// boundary.
func cutUTF8(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i]
}
