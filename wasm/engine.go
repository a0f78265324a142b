package main

import (
	"errors"
	"runtime"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/config"
	"github.com/veil-replay/veil/masking"
)

// writer is what the engine needs of a masking session: masking, the
// configuration's URL exclusions, and the linked sheets' texts the worker
// fetched.
type writer interface {
	Write(batch []byte) ([]capture.Event, error)
	Excluded(url string) bool
	SheetSource(url, src string, ok bool)
}

// consent is the state a session is recorded under and where it came from,
// written into every Meta event (for example "granted" from "optIn").
type consent struct{ state, source string }

// engine holds the one session of a page. It is not safe for concurrent use:
// JS calls it from one thread.
type engine struct {
	open func(config []byte, c consent) (writer, error)
	sess writer
	dead string
	out  []byte // reused for the events JSON between calls
}

func newEngine() *engine { return &engine{open: openSession} }

func openSession(data []byte, c consent) (writer, error) {
	rec, err := config.Parse(data)
	if err != nil {
		return nil, err
	}
	compiled, err := rec.Compile()
	if err != nil {
		return nil, err
	}
	s := masking.NewSession(compiled.RecordingSet())
	s.ReuseEvents() // Write's events are written out (AppendSplit) before the next Write
	if compiled.ExcludesURLs() {
		s.ExcludeFrames(compiled.Excluded)
	}
	// Before the first batch, so that the first Meta already carries it.
	s.SetConsent(c.state, c.source)
	// In the browser a script may have edited a linked sheet before the
	// recorder loaded: its names are site-wide only once checked (Sheet).
	s.CheckSheets()
	return session{s, compiled}, nil
}

// session is a masking session with the configuration it was opened with.
type session struct {
	*masking.Session
	compiled *config.Compiled
}

func (s session) Excluded(url string) bool { return s.compiled.Excluded(url) }

// result is what write hands back to JS. Events aliases the engine's buffer
// and is valid until the next call: one JSON array of events per part, one
// after the other, part i ending at Ends[i]. Each part goes to the
// collector as a batch of its own, in order: a snapshot too large for one
// batch is cut by capture.SplitTrees. Dead tells an error that ends the
// engine apart from one that only cost a batch (the recorder then takes a
// fresh snapshot).
type result struct {
	Events []byte
	Ends   []int
	Count  int
	Err    string
	Dead   bool
}

// Init starts the session; it returns "" or an error message.
func (e *engine) Init(config []byte, c consent) (msg string) {
	defer e.guard(&msg)
	if e.dead != "" {
		return e.dead
	}
	if e.sess != nil {
		return "engine: already initialised"
	}
	if err := c.check(); err != nil {
		return err.Error()
	}
	s, err := e.open(config, c)
	if err != nil {
		return err.Error()
	}
	if s == nil {
		return "engine: no session"
	}
	e.sess = s
	return ""
}

// check accepts short names of [A-Za-z0-9-], so that whatever the page passes
// ends up in Meta as a label, never as free text; the rule is masking's, which
// the collector applies too.
func (c consent) check() error {
	if !masking.ValidConsent(c.state, c.source) {
		return errBadConsent
	}
	return nil
}

// Write masks one raw batch. Events produced before an error are returned
// with it, since they are complete and masked.
func (e *engine) Write(batch []byte) (r result) {
	defer func() {
		if msg := recovered(recover()); msg != "" {
			r = result{Err: e.kill(msg), Dead: true}
		}
	}()
	if e.dead != "" {
		return result{Err: e.dead, Dead: true}
	}
	if e.sess == nil {
		return result{Err: "engine: write before init", Dead: true}
	}
	events, err := e.sess.Write(batch)
	if len(events) > 0 {
		e.out, r.Ends, r.Count = capture.AppendSplit(e.out[:0], events, capture.SplitLimit)
		r.Events = e.out
	}
	if err != nil {
		r.Err = err.Error()
	}
	return r
}

// Excluded reports whether the configuration's excludeUrls patterns match
// url. An engine that is dead or not initialised answers true: a URL it
// cannot judge is never recorded.
func (e *engine) Excluded(url string) (out bool) {
	defer func() {
		if msg := recovered(recover()); msg != "" {
			e.kill(msg)
			out = true
		}
	}()
	if e.dead != "" || e.sess == nil {
		return true
	}
	return e.sess.Excluded(url)
}

// Sheet hands the session src, the text the worker fetched from a linked
// sheet's url, or ok false when the fetch failed or timed out. A dead or
// uninitialised engine ignores it: it masks nothing anyway. Its caller
// recovers a panic (main_js.go).
func (e *engine) Sheet(url, src string, ok bool) {
	if e.dead == "" && e.sess != nil {
		e.sess.SheetSource(url, src, ok)
	}
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

var (
	errBadArgs    = errors.New("engine: init needs (configJSON, consentState, consentSource) as strings")
	errBadConsent = errors.New("engine: consent state and source must be 1-32 characters of [A-Za-z0-9-]")
)
