package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

// BenchmarkCollectorLoad runs loadRecorders simulated recorders against a
// collector on loopback for loadDuration (VEIL_LOAD_SECONDS overrides), each
// sending whole sessions (snapshot, mutations, input) batch by batch, and
// checks that nothing failed and nothing was lost. Run it once:
//
//	go test ./server/... -run '^$' -bench CollectorLoad -benchtime 1x
func BenchmarkCollectorLoad(b *testing.B) {
	const loadRecorders = 32
	loadDuration := 5 * time.Second
	if v := os.Getenv("VEIL_LOAD_SECONDS"); v != "" {
		d, err := time.ParseDuration(v + "s")
		require.NoError(b, err)
		loadDuration = d
	}
	for range b.N {
		e := newEnv(b, func(o *Options) { o.Now = time.Now; o.Log = nil })
		rec := record(b, rules.MaskAll())
		bodies := make([][]byte, len(rec))
		for i, evs := range rec {
			bodies[i] = gz(capture.AppendEvents(nil, evs))
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: loadRecorders}}
		var sessions, batches, failures atomic.Int64
		var mu sync.Mutex
		var latencies []time.Duration
		var firstErr atomic.Value
		var peak atomic.Uint64
		stop := make(chan struct{})
		go func() {
			var ms runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
					runtime.ReadMemStats(&ms)
					if ms.HeapAlloc > peak.Load() {
						peak.Store(ms.HeapAlloc)
					}
				}
			}
		}()
		b.ResetTimer()
		start := time.Now()
		deadline := start.Add(loadDuration)
		var wg sync.WaitGroup
		for r := range loadRecorders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for n := 0; time.Now().Before(deadline); n++ {
					id := fmt.Sprintf("load-%03d-%09d", r, n)
					for seq, body := range bodies {
						t := time.Now()
						url := e.ts.URL + IngestPath + "?" + q("shop", id, seq)
						resp, err := client.Post(url, "text/plain", bytes.NewReader(body))
						if err == nil {
							resp.Body.Close()
							if resp.StatusCode != 204 {
								err = fmt.Errorf("status %d", resp.StatusCode)
							}
						}
						if err != nil {
							failures.Add(1)
							firstErr.CompareAndSwap(nil, err.Error())
							continue
						}
						mine = append(mine, time.Since(t))
						batches.Add(1)
					}
					sessions.Add(1)
				}
				mu.Lock()
				latencies = append(latencies, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		close(stop)

		require.Zero(b, failures.Load(), "errors during the load: first %v", firstErr.Load())
		list, err := e.st.Sessions(context.Background(), store.SessionFilter{App: "shop"})
		require.NoError(b, err)
		var stored, dropped, pending int64
		for _, s := range list {
			stored += int64(s.Batches)
			dropped += int64(s.Dropped)
			pending += int64(s.Pending)
		}
		require.Equal(b, batches.Load(), stored, "lost batches")
		require.Zero(b, dropped)
		require.Zero(b, pending)
		require.Equal(b, sessions.Load(), int64(len(list)))

		slices.Sort(latencies)
		p99 := latencies[len(latencies)*99/100]
		b.ReportMetric(float64(sessions.Load())/elapsed.Seconds(), "sessions/s")
		b.ReportMetric(float64(batches.Load())/elapsed.Seconds(), "batches/s")
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(e.srv.live.size()), "live-sessions")
	}
}
