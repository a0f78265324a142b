package ingest

import (
	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/server/insights"
	"github.com/veil-replay/veil/server/store"
)

// sessionInsights derives a session's store.Insights from the events it
// stores (masked again), batch after batch. What a collector holds here is
// lost with the rest of the session when it is let go of or rebuilt: a
// rebuilt session starts a fresh Tracker, which adds only what it reads from
// then on (its counts are sent as differences), and until the next full
// snapshot cannot name clicked elements or see a burst or a dead click that
// began before. Counts stay lower bounds; nothing is counted twice.
type sessionInsights struct {
	track *insights.Tracker
}

// feed reads the masked events of one stored batch and returns what they add
// to the session's row.
func (s *sessionInsights) feed(out []capture.Event) store.Insights {
	if s.track == nil {
		s.track = insights.NewTracker()
	}
	before := s.track.Facts()
	s.track.Feed(out)
	s.track.Take() // clicks are not kept: heatmaps are aggregated at read time under the playback rules
	after := s.track.Facts()
	in := store.Insights{
		PageViews:  after.PageViews - before.PageViews,
		Clicks:     after.Clicks - before.Clicks,
		RageClicks: after.RageClicks - before.RageClicks,
		DeadClicks: after.DeadClicks - before.DeadClicks,
	}
	if after.Start >= 0 {
		in.EventStart, in.EventEnd = max(after.Start, 1), max(after.End, 1)
	}
	for i := range out {
		switch d := out[i].Data.(type) {
		case capture.MetaData:
			if d.Width > 0 && d.Height > 0 {
				in.Width, in.Height = d.Width, d.Height
			}
		case capture.ViewportResizeData:
			if d.Width > 0 && d.Height > 0 {
				in.Width, in.Height = d.Width, d.Height
			}
		}
	}
	return in
}

// withDevice adds a coarse device to in; a zero Device (the caller did not
// classify the request) adds nothing.
func withDevice(in store.Insights, d insights.Device) store.Insights {
	if d.Class != "" {
		in.Browser, in.OS, in.Device = d.Browser, d.OS, d.Class
	}
	return in
}
