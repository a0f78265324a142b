package masking

import (
	"errors"
	"io"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

// Session turns raw batches from one page into masked rrweb events. It keeps
// the page's mirror tree, decides every node with its rule Set, and emits
// only what passed the choke point (Session.out).
//
// A Session is not safe for concurrent use; run one per recorded page. The
// Set it holds is immutable and may be shared by many sessions.
type Session struct {
	set    *rules.Set
	mirror *capture.Mirror
	state  state
	epoch  uint32

	snap    capture.Op // the SnapshotStart being built
	pend    pending
	attach  []capture.AddedNode
	emitted []capture.Event
	stats   Stats

	consent, consentSource string
	names                  namer         // placeholders for names that carry data
	idents                 identTable    // kept and hashed identifier tokens: see identsOut
	lost                   playbackWatch // at playback: rules that may have lost their target (playback_lost.go)
	sticky                 stickyIDs     // sticky state of nodes that left the mirror, by id
	playback               bool          // masking a stored recording for the viewer (Replay): see keepsBox
	slab                   serializeSlab
	classes                *attrClassCache
	text                   textArena
	kept                   keptNames
	piis                   *piiCache
	elems                  *elemClassCache
	noEditor               noEditorAbove         // see noteTyped
	slots                  slotMemo              // see slotted
	frameExcluded          func(url string) bool // see ExcludeFrames
	shadows                bool                  // a shadow root was seen: see redecideSlotted
	typed                  typedValues           // what was typed into controls: see echoesValue
	sheets                 *sheetChecks          // linked sheets' sources, if checked: see CheckSheets
}

// Stats counts what a Session did, for status reports and the collector.
type Stats struct {
	Events  int // events emitted
	Masked  int // strings changed or dropped by the choke point
	Dropped int // events dropped: over hidden areas, unknown nodes, during a snapshot, coalesced inputs
	Errors  int // batches rejected
	PII     int // matches of the PII detectors masked in strings otherwise kept in clear
}

type state uint8

const (
	stateWaiting      state = iota // no snapshot yet
	stateSnapshotting              // between SnapshotStart and SnapshotEnd
	stateSynced                    // the mirror matches the page
	stateBroken                    // an error left the mirror out of step
)

// ErrOutOfStep is returned for batches that arrive after an error and before
// the fresh full snapshot that must follow it.
var ErrOutOfStep = errors.New("masking: mirror out of step after an earlier error; waiting for a full snapshot")

// NewSession returns a session that masks with set. A nil set is the
// strictest one (mask-all).
func NewSession(set *rules.Set) *Session {
	if set == nil {
		set, _ = rules.Compile(rules.MaskAll())
	}
	mirror := capture.NewMirror()
	mirror.PoolNodes() // released after every flush and failure
	return &Session{set: set, mirror: mirror, names: newNamer(), idents: newIdentTable(set), classes: new(attrClassCache), piis: new(piiCache), elems: new(elemClassCache)}
}

// SetConsent records the consent state and where it came from (for example
// "granted" from "optIn"); every Meta of a full snapshot carries them, with
// the rules version, so a recording says under what terms it was made.
func (s *Session) SetConsent(state, source string) {
	s.consent, s.consentSource = state, source
}

// Stats returns the session's counters so far.
func (s *Session) Stats() Stats { return s.stats }

// Write applies one raw batch (see package capture) and returns the masked
// events it produced. On error the events produced before the failing op are
// still returned (they are masked and complete); the session then rejects
// everything up to the next SnapshotStart, since its mirror may no longer
// match the page.
func (s *Session) Write(batch []byte) ([]capture.Event, error) {
	s.emitted = nil
	s.slab.rewind()
	r, err := capture.NewReader(batch)
	if err != nil {
		return nil, s.fail(err)
	}
	var op capture.Op
	for {
		err := r.Next(&op)
		if err == io.EOF {
			break
		}
		if err == nil {
			err = s.apply(&op)
		}
		if err != nil {
			return s.emitted, s.fail(err)
		}
	}
	s.stats.Events += len(s.emitted)
	return s.emitted, nil
}

// ReuseEvents lets the session reuse the memory of the events one Write
// returns for the next one's: those events (their serialized nodes, child
// and attribute lists) are valid only until the next call to Write. For a
// caller that writes each batch's events out at once, as the WebAssembly
// engine does: the collector then has a snapshot's or an added subtree's
// nodes less to allocate, mark and sweep per batch.
func (s *Session) ReuseEvents() {
	s.slab.reuse = true
}

func (s *Session) fail(err error) error {
	s.stats.Errors++
	s.stats.Events += len(s.emitted)
	s.pend.reset()
	s.mirror.ReleaseRemoved() // nothing here holds a removed node any more
	s.attach = nil
	if errors.Is(err, ErrOutOfStep) {
		return err
	}
	s.state = stateBroken
	return &droppedError{err}
}

// droppedError is an error that broke the session until the next full
// snapshot; it wraps its cause for errors.Is and errors.As. It is built
// without fmt, which costs the WebAssembly engine about 50 KiB.
type droppedError struct{ err error }

func (e *droppedError) Error() string {
	return "masking: " + e.err.Error() + " (dropping until the next full snapshot)"
}

func (e *droppedError) Unwrap() error { return e.err }

// emit is called once per event from 14 places: a copy of the append at
// each was 300 bytes of the engine's download for nothing.
//
//go:noinline
func (s *Session) emit(t int64, typ capture.EventType, d capture.EventData) {
	s.emitted = append(s.emitted, capture.Event{Type: typ, Timestamp: t, Data: d})
}

func (s *Session) apply(op *capture.Op) error {
	s.slots.host = nil // the mirror may change: see slotted
	if op.Kind == capture.OpNode && op.Node.Kind == capture.KindShadowRoot {
		s.noteShadowHost(op.Parent) // marked before: should the op fail, a mark too many masks nothing less
	}
	if op.Kind == capture.OpSnapshotStart {
		s.sticky.save(s.mirror.Root()) // the rebuilt mirror starts clean
		if _, err := s.mirror.Apply(op); err != nil {
			return err
		}
		s.state = stateSnapshotting
		s.snap = *op
		s.pend.reset()
		s.noEditor.forget()
		return nil
	}
	switch s.state {
	case stateBroken:
		return ErrOutOfStep
	case stateWaiting:
		return errors.New("op " + op.Kind.String() + " before the first snapshot")
	}
	switch op.Kind {
	case capture.OpNode, capture.OpMove, capture.OpRemove, capture.OpText, capture.OpAttr, capture.OpAttrRemove:
		if s.state == stateSnapshotting {
			n, err := s.mirror.Apply(op)
			if err == nil && op.Kind == capture.OpNode {
				s.sticky.restore(n)
			}
			return err
		}
		return s.track(op)
	case capture.OpSnapshotEnd:
		if s.state != stateSnapshotting {
			return errors.New("SnapshotEnd without SnapshotStart")
		}
		return s.snapshot(op.Time)
	case capture.OpMutationEnd:
		if s.state == stateSynced {
			s.flush(op.Time)
		}
		return nil
	case capture.OpInput:
		if _, err := s.mirror.Apply(op); err != nil {
			return err
		}
	}
	if s.state != stateSynced {
		s.stats.Dropped++ // interaction during a chunked snapshot: nothing to attach it to yet
		return nil
	}
	s.flush(op.Time) // pending mutations go first, so events keep their order
	return s.event(op)
}

// snapshot emits Meta and FullSnapshot from the mirror.
func (s *Session) snapshot(t int64) error {
	root := s.mirror.Root()
	if root == nil {
		return errors.New("snapshot without a document")
	}
	s.epoch++
	s.noteLanguages()
	sn := s.serialize(root, rules.Decision{}, 0)
	href, _ := s.out(fieldURL, rules.Decision{}, root, "", s.snap.Href)
	s.emit(t, capture.Meta, capture.MetaData{Href: href, Width: layoutPx(s.snap.Width), Height: layoutPx(s.snap.Height),
		RulesVersion: s.name(s.set.Version()), Consent: s.name(s.consent), ConsentSource: s.name(s.consentSource)})
	s.emit(t, capture.FullSnapshot, capture.FullSnapshotData{Node: sn, InitialTop: layoutPx(s.snap.Y), InitialLeft: layoutPx(s.snap.X)})
	s.flushAttach(t)
	s.state = stateSynced
	return nil
}

// flushAttach emits the queued iframe documents, one isAttachIframe
// mutation each, in the order they were queued (a frame before the frames
// inside it), as rrweb's recorder does.
func (s *Session) flushAttach(t int64) {
	for i := range s.attach {
		s.emit(t, capture.IncrementalSnapshot, capture.MutationData{Adds: s.attach[i : i+1 : i+1], IsAttachIframe: true})
	}
	s.attach = nil
}
