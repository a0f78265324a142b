package ingest

import (
	"errors"
	"io"
	"math"
	"slices"

	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
)

// Remasker masks one recording session again at ingest, batch after batch,
// with the application's recording rules. The events of each batch are turned
// back into a raw batch by an EventEncoder that remembers the page the earlier
// batches built, and fed to one masking Session. It keeps its own copy of the
// page as the recorder sent it, so that when the rules change it can start a
// masking Session under the new ones from the page as it stands. Not safe for
// concurrent use.
type Remasker struct {
	mask    *masking.Session
	enc     *capture.EventEncoder
	synced  bool
	page    *capture.Mirror
	meta    capture.MetaData // the page's last Meta: its URL and viewport
	consent string
	source  string
	next    *rules.Set // rules to mask with from the next batch on
	op      capture.Op
}

// NewRemasker returns a Remasker of a session that starts now, masking with set.
func NewRemasker(set *rules.Set) *Remasker {
	return &Remasker{mask: masking.NewSession(set), enc: capture.NewEventEncoder(), synced: true, page: capture.NewMirror()}
}

// ErrOutOfStep: the session lost step (a gap, an eviction, an inconsistent
// batch) and this batch holds no full snapshot to resynchronise on.
var ErrOutOfStep = errors.New("waiting for a full snapshot after losing step")

// Changes counts what masking one batch again changed.
type Changes struct {
	Masked int // strings changed or dropped: nonzero means a faulty page script
	PII    int // PII detector matches masked in strings otherwise kept
}

// Write masks events and returns the masked events and what the masking
// changed. On error the batch is to be dropped whole (fail closed) and the
// Remasker waits for the next full snapshot.
func (r *Remasker) Write(set *rules.Set, events []capture.Event, consent, source string) ([]capture.Event, Changes, error) {
	if !r.synced {
		i := firstSnapshot(events)
		if i < 0 {
			return nil, Changes{}, ErrOutOfStep
		}
		if i > 0 && events[i-1].Type == capture.Meta {
			i--
		}
		events = events[i:]
		*r = *NewRemasker(set)
	}
	if consent != "" {
		r.mask.SetConsent(consent, source)
		r.consent, r.source = consent, source
	}
	base := int64(math.MaxInt64)
	for i := range events {
		base = min(base, events[i].Timestamp)
	}
	raw, err := r.enc.Encode(events, max(base, 0))
	if err != nil {
		r.synced = false
		return nil, Changes{}, err
	}
	var pre []capture.Event
	if r.next != nil {
		pre, err = r.restart(r.next, max(base, 0))
		r.next = nil
		if err != nil {
			r.synced = false
			return nil, Changes{}, err
		}
	}
	if err := r.track(events, raw); err != nil {
		r.synced = false
		return nil, Changes{}, err
	}
	before := r.mask.Stats()
	out, err := r.mask.Write(raw)
	if err != nil {
		r.synced = false
		return nil, Changes{}, err
	}
	after := r.mask.Stats()
	return append(pre, out...), Changes{Masked: after.Masked - before.Masked, PII: after.PII - before.PII}, nil
}

// Synced reports whether the Remasker holds the page: false after a gap or
// an error, until the next full snapshot.
func (r *Remasker) Synced() bool { return r.synced }

// LoseStep makes the Remasker wait for the next full snapshot (a gap, a
// batch dropped).
func (r *Remasker) LoseStep() { r.synced = false }

// retarget makes the session mask with set from its next batch on: the
// application's recording rules changed, and a stricter rule must reach
// live sessions at once. That batch starts with a full snapshot of the page
// as it stands, masked under set; a session out of step resynchronises at
// its next full snapshot under set anyway.
func (r *Remasker) retarget(set *rules.Set) {
	if r.synced {
		r.next = set
	}
}

// track applies a raw batch to the page copy and notes the page's URL and
// viewport.
func (r *Remasker) track(events []capture.Event, raw []byte) error {
	for i := range events {
		switch d := events[i].Data.(type) {
		case capture.MetaData:
			r.meta = d
		case capture.ViewportResizeData:
			r.meta.Width, r.meta.Height = d.Width, d.Height
		}
	}
	rd, err := capture.NewReader(raw)
	if err != nil {
		return err
	}
	for {
		err := rd.Next(&r.op)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := r.page.Apply(&r.op); err != nil {
			return err
		}
	}
}

// restart starts a masking Session under set from the page copy, at time t,
// and returns the Meta and FullSnapshot (and the form state) it emits.
func (r *Remasker) restart(set *rules.Set, t int64) ([]capture.Event, error) {
	root := r.page.Root()
	if root == nil {
		return nil, ErrOutOfStep
	}
	w := capture.NewWriter(t)
	w.SnapshotStart(t, r.meta.Href, r.meta.Width, r.meta.Height, 0, 0)
	var inputs []*capture.Node
	var walk func(n *html.Node, parent int)
	walk = func(n *html.Node, parent int) {
		node := capture.NodeOf(n)
		nd := node.NodeData()
		if node.WasBlocked && !slices.ContainsFunc(nd.Attrs, func(a html.Attribute) bool { return a.Key == capture.BlockAttr }) {
			nd.Attrs = append(slices.Clone(nd.Attrs), html.Attribute{Key: capture.BlockAttr})
		}
		w.Node(node.ID, parent, 0, &nd)
		if node.HasInput {
			inputs = append(inputs, node)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, node.ID)
		}
	}
	walk(&root.Node, 0)
	w.SnapshotEnd(t)
	for _, n := range inputs {
		w.Input(t, n.ID, n.Value, n.Checked)
	}
	if err := w.Err(); err != nil {
		return nil, err
	}
	m := masking.NewSession(set)
	if r.consent != "" {
		m.SetConsent(r.consent, r.source)
	}
	out, err := m.Write(w.Bytes())
	if err != nil {
		return nil, err
	}
	r.mask = m
	return out, nil
}

func firstSnapshot(events []capture.Event) int {
	for i := range events {
		if events[i].Type == capture.FullSnapshot {
			return i
		}
	}
	return -1
}
