package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/insights"
	"github.com/veil-replay/veil/server/store"
)

// troubledVisit is a recording as the browser sends it: two page views at
// 1366×900, a 1280×800 resize, a rage burst (three clicks within 1 s and
// 30 px) on a heading nothing answers (so also three dead clicks), a click
// answered by a mutation, and a click on a field (never dead). Batches:
// 0 page one, 1 page two, 2 the burst, 3 the resize and the answered click,
// 4 a mutation 2 s later.
func troubledVisit(t *testing.T) [][]capture.Event {
	t.Helper()
	set, err := rules.Compile(rules.MaskAll())
	require.NoError(t, err)
	sess := masking.NewSession(set)
	var out [][]capture.Event
	write := func(raw []byte) []capture.Event {
		evs, err := sess.Write(raw)
		require.NoError(t, err)
		out = append(out, evs)
		return evs
	}
	snapshot := func(doc, href string, at int64) *capture.SNode {
		src, err := capture.FromHTML(strings.NewReader(doc), href, at)
		require.NoError(t, err)
		// FromHTML knows no viewport: the browser's snapshot says 1366×900
		evs := write(src)
		w := capture.NewWriter(at)
		w.Viewport(at, 1366, 900)
		vp, err := sess.Write(w.Bytes())
		require.NoError(t, err)
		out[len(out)-1] = append(out[len(out)-1], vp...)
		for _, e := range evs {
			if d, ok := e.Data.(capture.FullSnapshotData); ok {
				return d.Node
			}
		}
		t.Fatal("no full snapshot")
		return nil
	}
	step := func(at int64, f func(w *capture.Writer)) {
		w := capture.NewWriter(at)
		f(w)
		write(w.Bytes())
	}
	snap := snapshot(page, "https://shop.example/cart?token=s3cr3t", t0)
	require.NotNil(t, byID(snap, "email"))
	snap2 := snapshot(page2, "https://shop.example/account", t0+1000)
	hi, note := byID(snap2, "hi").ID, byID(snap2, "note").ID
	step(t0+2000, func(w *capture.Writer) {
		w.Mouse(t0+2000, capture.Click, hi, 100, 100, 0)
		w.Mouse(t0+2200, capture.Click, hi, 110, 95, 0)
		w.Mouse(t0+2400, capture.Click, hi, 105, 105, 0)
	})
	step(t0+5000, func(w *capture.Writer) {
		w.Viewport(t0+5000, 1280, 800)
		w.Mouse(t0+5100, capture.Click, note, 10, 10, 0)
		w.Text(byID(snap2, "note").ChildNodes[0].ID, "Card ending 1881")
		w.MutationEnd(t0 + 5200)
	})
	step(t0+8000, func(w *capture.Writer) {
		w.Text(byID(snap2, "hi").ChildNodes[0].ID, "Account")
		w.MutationEnd(t0 + 8000)
	})
	require.Len(t, out, 5)
	return out
}

var chromeOnLinux = insights.DeviceOf("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")

func (c *collector) sendFrom(dev insights.Device, id string, seq int, events []capture.Event) {
	c.t.Helper()
	wire := capture.AppendEvents(nil, events)
	p, err := ParseBatch(wire)
	require.NoError(c.t, err)
	res, err := c.e.Accept(context.Background(), Batch{App: "shop", Session: id, Seq: seq, SecretHash: []byte("secret-of-" + id),
		Wire: wire, Parsed: p, Device: dev})
	require.NoError(c.t, err)
	require.Equal(c.t, Accepted, res.Outcome, res.Msg)
}

func wantTroubled() store.Insights {
	return store.Insights{PageViews: 2, Clicks: 4, RageClicks: 1, DeadClicks: 3,
		EventStart: t0, EventEnd: t0 + 8000, Width: 1280, Height: 800,
		Browser: "chrome", OS: "linux", Device: "desktop"}
}

func TestInsightsOfATroubledVisit(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			c := newCollector(t, st, newClock())
			s := sid("troubled")
			iphone := insights.DeviceOf("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 Safari/604.1")
			for i, batch := range troubledVisit(t) {
				dev := chromeOnLinux
				if i > 0 {
					dev = iphone // the first batch's device stays
				}
				c.sendFrom(dev, s, i, batch)
			}
			assert.Equal(t, wantTroubled(), sessionRow(t, st, s).Insights)
		})
	}
}

// Batches that waited for an earlier one are counted when they are masked;
// a session rebuilt on another collector starts a fresh Tracker, which
// counts nothing twice.
func TestInsightsOutOfOrderAndOnTwoCollectors(t *testing.T) {
	rec := troubledVisit(t)
	st := backends[0].open(t)
	clk := newClock()
	a, b := newCollector(t, st, clk), newCollector(t, st, clk)
	s := sid("twice")
	a.sendFrom(chromeOnLinux, s, 1, rec[1]) // waits for seq 0
	a.sendFrom(insights.Device{}, s, 0, rec[0])
	a.sendFrom(insights.Device{}, s, 2, rec[2])
	b.sendFrom(insights.Device{}, s, 3, rec[3]) // b rebuilds: its Tracker starts here
	b.sendFrom(insights.Device{}, s, 4, rec[4])
	got := sessionRow(t, st, s).Insights
	want := wantTroubled()
	// b's Tracker cannot see the burst's clicks of seq 2 die (a held them)
	// nor name the clicked note (no snapshot since it started): clicks and
	// page views are all there, the burst a counted once, dead clicks lower.
	assert.Equal(t, want.PageViews, got.PageViews)
	assert.Equal(t, want.Clicks, got.Clicks)
	assert.Equal(t, want.RageClicks, got.RageClicks)
	assert.LessOrEqual(t, got.DeadClicks, want.DeadClicks)
	assert.Equal(t, [2]int64{want.EventStart, want.EventEnd}, [2]int64{got.EventStart, got.EventEnd})
	assert.Equal(t, [2]int{1280, 800}, [2]int{got.Width, got.Height})
	assert.Equal(t, "desktop", got.Device, "a waiting batch's device is kept")
}
