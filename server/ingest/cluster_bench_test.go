package ingest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/internal/pgtest"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/store"
)

// BenchmarkCollectorLoadCluster measures `veil serve` processes under the
// load of 32 simulated browsers, each from its own loopback address, sending
// whole sessions batch after batch for 5 s (VEIL_LOAD_SECONDS overrides):
// one collector on SQLite, one on PostgreSQL, and three on one PostgreSQL
// database, with every batch sent to the next collector round-robin (the
// worst case: a collector rebuilds a session's masking state for nearly
// every batch) and with sticky routing (each session to one collector). It checks that nothing failed and nothing
// was lost, and reports batches/s, p99 and the peak RSS (VmHWM) of the
// largest collector. The test process and PostgreSQL share the same cores.
//
//	go test ./server/ingest/ -run '^$' -bench CollectorLoadCluster -benchtime 1x
func BenchmarkCollectorLoadCluster(b *testing.B) {
	const recorders = 32
	duration := 5 * time.Second
	if v := os.Getenv("VEIL_LOAD_SECONDS"); v != "" {
		d, err := time.ParseDuration(v + "s")
		require.NoError(b, err)
		duration = d
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "veil")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/veil-replay/veil/cmd/veil").CombinedOutput()
	require.NoError(b, err, "go build: %s", out)
	keyFile := filepath.Join(dir, "veil.keys")
	require.NoError(b, os.WriteFile(keyFile, []byte(testKeyLine+"\n"), 0o600))
	rec := record(b, rules.ModeMaskAll)
	bodies := make([][]byte, len(rec))
	for i, evs := range rec {
		bodies[i] = gzipped(b, capture.AppendEvents(nil, evs))
	}
	runs := []struct {
		name       string
		collectors int
		sticky     bool
		db         func(b *testing.B) string
	}{
		{"sqlite-1", 1, true, func(b *testing.B) string { return filepath.Join(b.TempDir(), "veil.db") }},
		{"postgres-1", 1, true, func(b *testing.B) string { return pgtest.Start(b) }},
		{"postgres-3-roundrobin", 3, false, func(b *testing.B) string { return pgtest.Start(b) }},
		{"postgres-3-sticky", 3, true, func(b *testing.B) string { return pgtest.Start(b) }},
	}
	for _, run := range runs {
		b.Run(run.name, func(b *testing.B) {
			for range b.N {
				db := run.db(b)
				st, err := store.OpenDSN(db)
				require.NoError(b, err)
				require.NoError(b, st.PutSettings(context.Background(), map[string][]byte{"shop": []byte(clusterSettings)}, nil))
				if !store.IsPostgresURL(db) {
					require.NoError(b, st.Close()) // one process owns an SQLite file
				}
				cl := &cluster{t: b, bin: bin, dsn: db, keys: keyFile, procs: make([]*exec.Cmd, run.collectors),
					addrs: make([]string, run.collectors)}
				for i := range run.collectors {
					require.NoError(b, cl.start(i))
				}
				m := loadCluster(b, cl, bodies, recorders, duration, run.sticky)
				rss := cl.peakRSS(b)
				cl.stopAll()
				if !store.IsPostgresURL(db) {
					st, err = store.Open(db)
					require.NoError(b, err)
				}
				checkNothingLost(b, st, m.batches, m.sessions)
				require.NoError(b, st.Close())
				b.ReportMetric(float64(m.batches)/m.elapsed.Seconds(), "batches/s")
				b.ReportMetric(float64(m.p99.Microseconds())/1000, "p99-ms")
				b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
			}
		})
	}
}

type loadFigures struct {
	batches, sessions int64
	elapsed, p99      time.Duration
}

// loadCluster runs the load: each recorder sends sessions, each batch to
// the next collector round-robin (sticky: each session to one collector),
// and every request must be answered 204.
func loadCluster(b *testing.B, cl *cluster, bodies [][]byte, recorders int, d time.Duration, sticky bool) loadFigures {
	var batches, sessions, failures atomic.Int64
	var firstErr atomic.Value
	var mu sync.Mutex
	var latencies []time.Duration
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for r := range recorders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(2+r))}
			client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
				DialContext: (&net.Dialer{LocalAddr: addr}).DialContext, MaxIdleConnsPerHost: 1}}
			var mine []time.Duration
			for n := 0; time.Now().Before(deadline); n++ {
				id := fmt.Sprintf("load-%03d-%09d", r, n)
				for seq, body := range bodies {
					t := time.Now()
					to := r + n + seq
					if sticky {
						to = r + n
					}
					url := "http://" + cl.addrs[to%len(cl.addrs)] + "/veil/ingest?app=shop&session=" + id +
						"&key=secret-of-" + id + "&seq=" + strconv.Itoa(seq)
					resp, err := client.Post(url, "text/plain", bytes.NewReader(body))
					if err == nil {
						resp.Body.Close()
						if resp.StatusCode != http.StatusNoContent {
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
	require.Zero(b, failures.Load(), "errors during the load: first %v", firstErr.Load())
	require.NotEmpty(b, latencies)
	slices.Sort(latencies)
	return loadFigures{batches: batches.Load(), sessions: sessions.Load(), elapsed: elapsed,
		p99: latencies[len(latencies)*99/100]}
}

// checkNothingLost: every batch answered 204 is stored once, and nothing
// waits or was dropped.
func checkNothingLost(b *testing.B, st store.Store, batches, sessions int64) {
	list, err := st.Sessions(context.Background(), store.SessionFilter{App: "shop", Limit: 1 << 20})
	require.NoError(b, err)
	var stored, dropped, pending int64
	for _, s := range list {
		stored += int64(s.Batches)
		dropped += int64(s.Dropped)
		pending += int64(s.Pending)
	}
	require.Equal(b, batches, stored, "lost or duplicated batches")
	require.Zero(b, dropped)
	require.Zero(b, pending)
	require.Equal(b, sessions, int64(len(list)))
}

// peakRSS is the largest VmHWM of the running collectors, in bytes.
func (c *cluster) peakRSS(b *testing.B) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var peak int64 = -1
	for _, cmd := range c.procs {
		data, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/status")
		require.NoError(b, err)
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				require.NoError(b, err)
				peak = max(peak, kb<<10)
			}
		}
	}
	require.Positive(b, peak, "no VmHWM in /proc/PID/status")
	return peak
}
