package main

import (
	"errors"
	"runtime"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/config"
	"github.com/veil-replay/veil/masking"
)

// writer is what the engine needs of a masking session.
type writer interface {
	Write(batch []byte) ([]capture.Event, error)
}

// engine holds the one session of a page. It is not safe for concurrent use:
// JS calls it from one thread.
type engine struct {
	open func(config []byte) (writer, error)
	sess writer
	dead string
	out  []byte // reused for the events JSON between calls
}

func newEngine() *engine { return &engine{open: openSession} }

func openSession(data []byte) (writer, error) {
	rec, err := config.Parse(data)
	if err != nil {
		return nil, err
	}
	c, err := rec.Compile()
	if err != nil {
		return nil, err
	}
	return masking.NewSession(c.RecordingSet()), nil
}

// result is what write hands back to JS. Events aliases the engine's buffer
// and is valid until the next call.
type result struct {
	Events []byte
	Count  int
	Err    string
}

// Init starts the session; it returns "" or an error message.
func (e *engine) Init(config []byte) (msg string) {
	defer e.guard(&msg)
	if e.dead != "" {
		return e.dead
	}
	if e.sess != nil {
		return "engine: already initialised"
	}
	s, err := e.open(config)
	if err != nil {
		return err.Error()
	}
	if s == nil {
		return "engine: no session"
	}
	e.sess = s
	return ""
}

// Write masks one raw batch. Events produced before an error are returned
// with it, since they are complete and masked.
func (e *engine) Write(batch []byte) (r result) {
	defer func() {
		if msg := recovered(recover()); msg != "" {
			r = result{Err: e.kill(msg)}
		}
	}()
	if e.dead != "" {
		return result{Err: e.dead}
	}
	if e.sess == nil {
		return result{Err: "engine: write before init"}
	}
	events, err := e.sess.Write(batch)
	if len(events) > 0 {
		e.out = capture.AppendEvents(e.out[:0], events)
		r.Events, r.Count = e.out, len(events)
	}
	if err != nil {
		r.Err = err.Error()
	}
	return r
}

// Fail marks the engine dead for a panic caught outside Init and Write (in
// the JS glue), and returns the message every later call will get.
func (e *engine) Fail(v any) string { return e.kill(recovered(v)) }

func (e *engine) guard(msg *string) {
	if m := recovered(recover()); m != "" {
		*msg = e.kill(m)
	}
}

// kill makes the engine dead; a session that panicked may hold a half-applied
// mirror, so nothing it says afterwards can be trusted.
func (e *engine) kill(reason string) string {
	if e.dead == "" {
		e.dead = "engine: dead: " + reason
		e.sess = nil
		e.out = nil
	}
	return e.dead
}

// recovered describes a recovered panic value without fmt, or "" for none.
func recovered(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case runtime.Error:
		return v.Error()
	case error:
		return v.Error()
	case string:
		return v
	default:
		return "panic"
	}
}

var errNotString = errors.New("engine: init needs the configuration as a string")
