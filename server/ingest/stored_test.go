package ingest

import (
	"bytes"
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

// A session stored before batches were compressed (each sealed as rrweb
// JSON) is rebuilt from them as from compressed ones, on both backends: its
// next batch is masked and stored as if nothing had changed.
func TestUncompressedBatchesRebuild(t *testing.T) {
	rec := record(t, rules.ModeMaskAll)
	want := inOrder(t, rec)
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := sid("uncompressed")
			src := be.open(t)
			a := newCollector(t, src, newClock())
			for seq := range 3 {
				a.accept(s, seq, rec[seq])
			}
			access, _, err := src.SessionAccess(ctx, s)
			require.NoError(t, err)
			dk, err := a.ring.UnwrapDataKey(s, access.DataKey)
			require.NoError(t, err)
			batches, err := src.StoredBatches(ctx, s)
			require.NoError(t, err)

			st := be.open(t)
			for _, b := range batches {
				packed, err := dk.Open(b.Data, AssociatedData(s, b.Seq, b.State))
				require.NoError(t, err)
				require.True(t, bytes.HasPrefix(packed, gzipMagic), "stored compressed")
				plain, err := StoredEvents(packed, 1<<30)
				require.NoError(t, err)
				b.Data, b.Plain = dk.Seal(plain, AssociatedData(s, b.Seq, b.State)), 0
				_, err = st.AddBatch(ctx, b, store.Delta{Seen: b.Received, SecretHash: access.SecretHash, DataKey: access.DataKey})
				require.NoError(t, err)
			}
			for seq, text := range storedText(t, st, s) {
				require.Equal(t, want[seq], text, "seq "+strconv.Itoa(seq)+" as an older collector stored it")
			}

			b := newCollector(t, st, newClock())
			b.accept(s, 3, rec[3])
			assert.Equal(t, 1, b.obs.rebuildsSoFar())
			assert.Equal(t, want[3], storedText(t, st, s)[3])
			assert.Zero(t, sessionRow(t, st, s).Dropped)
		})
	}
}

// StoredEvents inflates up to its limit and refuses a byte more, for a
// compressed batch and for one stored uncompressed.
func TestStoredEventsAtTheLimit(t *testing.T) {
	events := []byte(`[{"type":4,"data":{"href":"https://shop.example/","width":1,"height":1},"timestamp":1}]`)
	n := int64(len(events))
	for _, tc := range []struct {
		name  string
		plain []byte
	}{{"compressed", packStored(events)}, {"uncompressed", events}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := StoredEvents(tc.plain, n)
			require.NoError(t, err)
			require.Equal(t, string(events), string(got))
			_, err = StoredEvents(tc.plain, n-1)
			require.ErrorContains(t, err, strconv.FormatInt(n-1, 10))
		})
	}
}
