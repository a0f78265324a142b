package server

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

// A recorder may send page URLs as long as any string (1 MiB), and every
// session listing loads, scrubs and sends each listed session's pages: a few
// sessions of 100 such pages made a listing of 1000 sessions cost gigabytes.
// The page list keeps MaxPageBytes a URL and MaxPagesBytes a session.
func TestHostileLongPageURLsAreCutInListings(t *testing.T) {
	e := newEnv(t)
	id := sid("longpages")
	first := record(t, rules.Rules{})[0]
	e.sendBatch("shop", id, 0, first)
	for seq := 1; seq <= 3; seq++ {
		var evs []capture.Event
		for i := range 7 {
			href := "https://shop.example/" + strings.Repeat(string(rune('a'+seq*7+i)), 1<<20-100)
			evs = append(evs, capture.Event{Type: capture.Meta, Timestamp: t0 + int64(seq*10+i),
				Data: capture.MetaData{Href: href, Width: 100, Height: 100}})
			for _, ev := range first[1:] {
				ev.Timestamp = t0 + int64(seq*10+i)
				evs = append(evs, ev)
			}
		}
		e.sendBatch("shop", id, seq, evs)
	}
	code, body := e.do("GET", "/api/sessions?app=shop", e.admin, "")
	require.Equal(t, 200, code)
	require.Less(t, len(body), store.MaxPagesBytes+4096, "the listing holds the bounded page list only")
	require.Contains(t, body, store.PageCut)
	code, body = e.do("GET", "/api/sessions/"+id, e.admin, "")
	require.Equal(t, 200, code)
	require.Less(t, len(body), store.MaxPagesBytes+4096)
	// The recording keeps the whole URL.
	code, body = e.do("GET", "/api/sessions/"+id+"/events", e.admin, "")
	require.Equal(t, 200, code)
	require.Contains(t, body, strings.Repeat("h", 1<<20-100))
}
