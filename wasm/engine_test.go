package main

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
)

// fakeSession replays scripted answers, or panics with panicWith.
type fakeSession struct {
	events    []capture.Event
	err       error
	panicWith any
	calls     int
	sheets    []sheetAnswer
}

type sheetAnswer struct {
	url, src string
	ok       bool
}

func (f *fakeSession) Excluded(url string) bool {
	if f.panicWith != nil {
		panic(f.panicWith)
	}
	return url == "https://shop.test/excluded"
}

func (f *fakeSession) SheetSource(url, src string, ok bool) {
	f.sheets = append(f.sheets, sheetAnswer{url, src, ok})
}

func (f *fakeSession) Write([]byte) ([]capture.Event, error) {
	f.calls++
	if f.panicWith != nil {
		panic(f.panicWith)
	}
	return f.events, f.err
}

var noConsent = consent{state: "not-required", source: "config"}

func engineWith(s *fakeSession, openErr error) *engine {
	return &engine{open: func([]byte, consent) (writer, error) {
		if openErr != nil {
			return nil, openErr
		}
		return s, nil
	}}
}

func viewport(w, h int) capture.Event {
	return capture.Event{Type: capture.IncrementalSnapshot, Timestamp: 7,
		Data: capture.ViewportResizeData{Width: w, Height: h}}
}

func TestInit(t *testing.T) {
	t.Run("ok", func(t *testing.T) {
		e := engineWith(&fakeSession{}, nil)
		assert.Equal(t, "", e.Init([]byte(`{}`), noConsent))
		assert.Equal(t, "engine: already initialised", e.Init([]byte(`{}`), noConsent))
	})
	t.Run("config error", func(t *testing.T) {
		e := engineWith(nil, errors.New("config: bad"))
		assert.Equal(t, "config: bad", e.Init([]byte(`{`), noConsent))
		r := e.Write([]byte("VEIL"))
		assert.Equal(t, "engine: write before init", r.Err)
		assert.True(t, r.Dead)
		assert.Zero(t, r.Count)
	})
	t.Run("panic kills", func(t *testing.T) {
		e := &engine{open: func([]byte, consent) (writer, error) { panic("boom") }}
		assert.Equal(t, "engine: dead: boom", e.Init(nil, noConsent))
		assert.Equal(t, "engine: dead: boom", e.Init(nil, noConsent))
		assert.Equal(t, "engine: dead: boom", e.Write(nil).Err)
	})
}

func TestWrite(t *testing.T) {
	t.Run("events as a JSON array", func(t *testing.T) {
		s := &fakeSession{events: []capture.Event{viewport(640, 480), viewport(800, 600)}}
		e := engineWith(s, nil)
		require.Equal(t, "", e.Init(nil, noConsent))
		r := e.Write([]byte("batch"))
		assert.Empty(t, r.Err)
		assert.Equal(t, 2, r.Count)
		assert.JSONEq(t, string(capture.AppendEvents(nil, s.events)), string(r.Events))
		assert.Equal(t, []int{len(r.Events)}, r.Ends, "one part")
	})
	t.Run("a snapshot too large for one batch in parts", func(t *testing.T) {
		doc := &capture.SNode{Type: capture.DocumentNode, ID: 1}
		comments := capture.SplitLimit.Tokens/7 + 5 // a comment node is 7 tokens
		for i := range comments {
			doc.ChildNodes = append(doc.ChildNodes, &capture.SNode{Type: capture.CommentNode, ID: i + 2})
		}
		snap := capture.Event{Type: capture.FullSnapshot, Timestamp: 6, Data: capture.FullSnapshotData{Node: doc}}
		s := &fakeSession{events: []capture.Event{snap, viewport(1, 2)}}
		e := engineWith(s, nil)
		require.Equal(t, "", e.Init(nil, noConsent))
		r := e.Write(nil)
		require.Empty(t, r.Err)
		require.Len(t, r.Ends, 3, "the cut snapshot, the adds, the viewport")
		from, nodes := 0, 0
		for _, end := range r.Ends {
			part, err := capture.ParseEvents(r.Events[from:end])
			require.NoError(t, err, "each part is a JSON array of events")
			for _, ev := range part {
				switch d := ev.Data.(type) {
				case capture.FullSnapshotData:
					nodes += 1 + len(d.Node.ChildNodes)
				case capture.MutationData:
					nodes += len(d.Adds)
				}
			}
			from = end
		}
		assert.Equal(t, comments+1, nodes, "every node once")
		assert.Equal(t, 3, r.Count)
	})
	t.Run("events before an error are kept", func(t *testing.T) {
		s := &fakeSession{events: []capture.Event{viewport(1, 2)}, err: errors.New("masking: limit")}
		e := engineWith(s, nil)
		require.Equal(t, "", e.Init(nil, noConsent))
		r := e.Write(nil)
		assert.Equal(t, "masking: limit", r.Err)
		assert.False(t, r.Dead, "a rejected batch costs the batch, not the engine")
		assert.Equal(t, 1, r.Count)
		assert.Contains(t, string(r.Events), `"width":1`)
		// An ordinary error does not kill the engine: the session decides
		// what comes next (it waits for a fresh snapshot).
		s.err, s.events = nil, nil
		r = e.Write(nil)
		assert.Empty(t, r.Err)
		assert.Zero(t, r.Count)
		assert.Empty(t, r.Events)
	})
	for _, tc := range []struct {
		name  string
		value any
		want  string
	}{
		{"string", "bad op", "engine: dead: bad op"},
		{"error", errors.New("broken"), "engine: dead: broken"},
		{"runtime error", nil, "engine: dead: runtime error: index out of range [3] with length 0"},
		{"other", 42, "engine: dead: panic"},
	} {
		t.Run("panic "+tc.name, func(t *testing.T) {
			s := &fakeSession{panicWith: tc.value}
			if tc.value == nil {
				s.panicWith = indexPanic()
			}
			e := engineWith(s, nil)
			require.Equal(t, "", e.Init(nil, noConsent))
			first := e.Write(nil)
			assert.Equal(t, tc.want, first.Err)
			assert.True(t, first.Dead)
			// Dead for good, without touching the session again.
			r := e.Write(nil)
			assert.Equal(t, tc.want, r.Err)
			assert.Zero(t, r.Count)
			assert.Equal(t, 1, s.calls)
			assert.Equal(t, tc.want, e.Init(nil, noConsent))
		})
	}
}

func TestFail(t *testing.T) {
	e := engineWith(&fakeSession{}, nil)
	require.Equal(t, "", e.Init(nil, noConsent))
	assert.Equal(t, "engine: dead: glue", e.Fail("glue"))
	assert.Equal(t, "engine: dead: glue", e.Fail("second"), "the first reason stands")
	assert.Equal(t, "engine: dead: glue", e.Write(nil).Err)
}

// indexPanic returns the runtime error of an out-of-range index.
func indexPanic() (v any) {
	defer func() { v = recover() }()
	var s []int
	i := 3
	_ = s[i]
	return nil
}

func TestInitConsent(t *testing.T) {
	for _, tc := range []struct {
		state, source string
		ok            bool
	}{
		{"not-required", "config", true},
		{"granted", "optIn", true},
		{"", "config", false},
		{"granted", "", false},
		{"granted now", "optIn", false},
		{"<b>", "optIn", false},
		{"granted", "a-very-long-source-name-beyond-32", false},
	} {
		t.Run(tc.state+"/"+tc.source, func(t *testing.T) {
			var got consent
			e := &engine{open: func(_ []byte, c consent) (writer, error) {
				got = c
				return &fakeSession{}, nil
			}}
			msg := e.Init(nil, consent{state: tc.state, source: tc.source})
			if !tc.ok {
				assert.Equal(t, errBadConsent.Error(), msg)
				assert.Equal(t, consent{}, got, "the session is not opened")
				return
			}
			assert.Empty(t, msg)
			assert.Equal(t, consent{state: tc.state, source: tc.source}, got)
		})
	}
}

// The real session: the first Meta records the rules version and the consent
// it was opened with.
func TestOpenSessionRecordsConsentInMeta(t *testing.T) {
	e := newEngine()
	require.Empty(t, e.Init([]byte(`{"application":"a","endpoint":"/c"}`), consent{state: "granted", source: "optIn"}))
	w := capture.NewWriter(1000)
	w.SnapshotStart(1000, "https://shop.test/a", 800, 600, 0, 0)
	w.Node(1, 0, 0, &capture.NodeData{Kind: capture.KindDocument})
	w.SnapshotEnd(1001)
	require.NoError(t, w.Err())
	r := e.Write(w.Bytes())
	require.Empty(t, r.Err)
	require.Equal(t, 2, r.Count)
	assert.Contains(t, string(r.Events), `"consent":"granted"`)
	assert.Contains(t, string(r.Events), `"consentSource":"optIn"`)
}

// The real session answers with the configuration's RE2 patterns, searched
// unanchored in the full URL.
func TestExcluded(t *testing.T) {
	e := newEngine()
	require.Empty(t, e.Init([]byte(`{"application":"a","endpoint":"/c","excludeUrls":["/account/","^https://shop\\.test/pay$"]}`), noConsent))
	for url, want := range map[string]bool{
		"https://shop.test/account/card":    true,
		"https://shop.test/pay":             true,
		"https://shop.test/pay?next=1":      false,
		"https://shop.test/cart":            false,
		"https://shop.test/cart#/account/x": true,
	} {
		t.Run(url, func(t *testing.T) { assert.Equal(t, want, e.Excluded(url)) })
	}
}

func TestExcludedFailsClosed(t *testing.T) {
	t.Run("before init", func(t *testing.T) {
		assert.True(t, newEngine().Excluded("https://shop.test/cart"))
	})
	t.Run("invalid pattern is an init error", func(t *testing.T) {
		e := newEngine()
		msg := e.Init([]byte(`{"application":"a","endpoint":"/c","excludeUrls":["(unclosed"]}`), noConsent)
		assert.Contains(t, msg, "excludeUrls[0]")
		assert.True(t, e.Excluded("https://shop.test/cart"))
	})
	t.Run("dead", func(t *testing.T) {
		e := engineWith(&fakeSession{}, nil)
		require.Empty(t, e.Init(nil, noConsent))
		assert.False(t, e.Excluded("https://shop.test/cart"))
		assert.True(t, e.Excluded("https://shop.test/excluded"))
		e.Fail("glue")
		assert.True(t, e.Excluded("https://shop.test/cart"))
	})
	t.Run("panic kills", func(t *testing.T) {
		s := &fakeSession{}
		e := engineWith(s, nil)
		require.Empty(t, e.Init(nil, noConsent))
		s.panicWith = "regexp broke"
		assert.True(t, e.Excluded("https://shop.test/cart"))
		assert.Equal(t, "engine: dead: regexp broke", e.Write(nil).Err)
	})
}
