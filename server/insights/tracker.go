package insights

import "github.com/veil-replay/veil/capture"

// The thresholds of rage and dead clicks.
const (
	RageClicks  = 3    // clicks in one burst
	RageWindow  = 1000 // ms from the first click of a burst to the last
	RageRadius  = 30   // px from the burst's click
	DeadWindow  = 1000 // ms a click waits for a mutation or a navigation
	MaxKept     = 10_000
	noTimestamp = -1
)

// Facts are the counts of a session.
type Facts struct {
	Start, End int64 // first and last event time (ms since the epoch)
	PageViews  int
	Errors     int
	Clicks     int
	RageClicks int // bursts, not clicks
	DeadClicks int
}

// Click is one click on a page element, for heatmaps. Page is the URL of
// the page view it happened in, as the events carry it (scrubbed).
type Click struct {
	Time       int64
	Page       string
	Path       string
	X, Y       int
	Rage, Dead bool
}

// Tracker reads a session's masked events in order, batch after batch.
type Tracker struct {
	facts   Facts
	tree    tree
	page    string
	recent  []int   // indexes in clicks of the clicks of the last RageWindow
	pending []int   // indexes in clicks still waiting to be alive or dead
	inBurst bool    // the last click belonged to a counted rage burst
	clicks  []Click // not yet taken
}

// NewTracker returns a Tracker for a session read from its start.
func NewTracker() *Tracker {
	t := &Tracker{facts: Facts{Start: noTimestamp, End: noTimestamp}}
	t.tree.reset()
	return t
}

// Facts returns the counts so far.
func (t *Tracker) Facts() Facts { return t.facts }

// Feed reads events (in time order within and across calls).
func (t *Tracker) Feed(events []capture.Event) {
	t.tree.scanLeft = MaxScanPerFeed
	for i := range events {
		t.event(&events[i])
	}
}

func (t *Tracker) event(e *capture.Event) {
	if t.facts.Start == noTimestamp {
		t.facts.Start = e.Timestamp
	}
	t.facts.End = max(t.facts.End, e.Timestamp)
	t.expire(e.Timestamp)
	switch d := e.Data.(type) {
	case capture.MetaData:
		t.facts.PageViews++
		t.page = d.Href
		t.alive()
	case capture.FullSnapshotData:
		t.tree.reset()
		t.tree.build(d.Node, nil)
		t.alive()
	case capture.MutationData:
		if len(d.Adds)+len(d.Removes)+len(d.Texts)+len(d.Attributes) > 0 {
			t.tree.mutate(&d)
			t.alive()
		}
	case capture.CustomData:
		if d.Tag == capture.ErrorTag {
			t.facts.Errors++
		}
	case capture.MouseInteractionData:
		if d.Kind == capture.Click {
			t.click(e.Timestamp, d)
		}
	}
}

func (t *Tracker) click(at int64, d capture.MouseInteractionData) {
	t.facts.Clicks++
	if !t.tree.nameable(d.ID) {
		return // not an element we may name (unknown, blocked)
	}
	c := Click{Time: at, Page: t.page, X: d.X, Y: d.Y}
	near := 1
	keep := t.recent[:0]
	for _, i := range t.recent {
		p := &t.clicks[i]
		if at-p.Time > RageWindow {
			continue
		}
		keep = append(keep, i)
		if abs(p.X-d.X) <= RageRadius && abs(p.Y-d.Y) <= RageRadius {
			near++
		}
	}
	t.recent = keep
	if near >= RageClicks {
		c.Rage = true
		if !t.inBurst {
			t.facts.RageClicks++
		}
	}
	t.inBurst = c.Rage
	if len(t.clicks) >= MaxKept {
		return
	}
	// The path is made only for a click kept: MaxKept at most between
	// two Takes, each within MaxSiblingScan.
	path, ok := t.tree.path(d.ID)
	if !ok {
		return // too many siblings to name it; counted, not attributed
	}
	c.Path = path
	t.clicks = append(t.clicks, c)
	i := len(t.clicks) - 1
	t.recent = append(t.recent, i)
	switch t.tree.tag(d.ID) {
	case "input", "textarea", "select", "option", "label":
		// focusing a field changes nothing on the page: never "dead"
	default:
		t.pending = append(t.pending, i)
	}
}

// alive: the page changed, which answers every pending click (expire has
// already taken those older than DeadWindow).
func (t *Tracker) alive() {
	t.pending = t.pending[:0]
}

// expire marks as dead the pending clicks that waited longer than
// DeadWindow by time now.
func (t *Tracker) expire(now int64) {
	keep := t.pending[:0]
	for _, i := range t.pending {
		if now-t.clicks[i].Time > DeadWindow {
			t.clicks[i].Dead = true
			t.facts.DeadClicks++
			continue
		}
		keep = append(keep, i)
	}
	t.pending = keep
}

// Take returns the clicks that are final (neither pending nor able to join
// a rage burst any more) and forgets them; call it after each Feed.
func (t *Tracker) Take() []Click {
	last, n := t.facts.End, 0
	for n < len(t.clicks) && !t.isPending(n) && last-t.clicks[n].Time > RageWindow {
		n++
	}
	out := append([]Click(nil), t.clicks[:n]...)
	t.clicks = append(t.clicks[:0], t.clicks[n:]...)
	shift := func(s []int) []int {
		keep := s[:0]
		for _, i := range s {
			if i >= n {
				keep = append(keep, i-n)
			}
		}
		return keep
	}
	t.recent, t.pending = shift(t.recent), shift(t.pending)
	return out
}

func (t *Tracker) isPending(i int) bool {
	for _, p := range t.pending {
		if p == i {
			return true
		}
	}
	return false
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// Rest returns every click not yet taken, final or not, and forgets them:
// the session has ended. A click still waiting for an answer is not known
// to be dead and is not marked so.
func (t *Tracker) Rest() []Click {
	out := t.clicks
	t.clicks, t.recent, t.pending = nil, nil, nil
	return out
}
