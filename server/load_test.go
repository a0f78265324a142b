package server

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
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
// from its own address (127.0.0.2, .3, …: a browser each) sending whole
// sessions (snapshot, mutations, input) batch by batch, while hostile clients
// send the bodies of the attack (a 16 KiB gzip of "[0,0,0,…]", deep nesting)
// as fast as they are answered, heavy clients send valid batches that are
// costly to mask (a page 1000 elements deep, 15 MiB of text in 16 KiB of
// gzip), and slow clients trickle bodies in a byte at a time. It checks that
// nothing normal failed and nothing was lost, that every hostile body was
// refused, and reports peak RSS (the process's VmHWM: collector and clients
// together). Run it once:
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
	// the soft memory limit veil serve sets (cmd/veil/serve.go)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(MemoryLimit))
	for range b.N {
		e := newEnv(b, func(o *Options) { o.Now = time.Now; o.Log = nil })
		rec := record(b, rules.MaskAll())
		bodies := make([][]byte, len(rec))
		for i, evs := range rec {
			bodies[i] = gz(capture.AppendEvents(nil, evs))
		}
		var hostileSent, hostileAccepted atomic.Int64
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
		hostileN := hostileClients
		if v := os.Getenv("VEIL_LOAD_HOSTILE"); v != "" {
			n, err := strconv.Atoi(v)
			require.NoError(b, err)
			hostileN = n
		}
		var hostile, heavy [][]byte
		if hostileN > 0 {
			hostile, heavy = hostileBodies(), heavyBodies()
		}
		var heavySent, slowOpened atomic.Int64
		for h := range hostileN / 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := clientFrom(b, 220+h)
				for n := 0; time.Now().Before(deadline); n++ {
					url := e.ts.URL + IngestPath + "?" + q("shop", fmt.Sprintf("heavy-%03d-%09d", h, n), 0)
					resp, err := client.Post(url, "text/plain", bytes.NewReader(heavy[n%len(heavy)]))
					if err != nil {
						continue
					}
					resp.Body.Close()
					heavySent.Add(1)
				}
			}()
		}
		for h := range 2 * hostileN {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := 0; time.Now().Before(deadline); n++ {
					slowBody(e.ts.Listener.Addr().String(), 240+h, fmt.Sprintf("slow-%03d-%09d", h, n), deadline)
					slowOpened.Add(1)
				}
			}()
		}
		for h := range hostileN {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := clientFrom(b, 200+h)
				for n := 0; time.Now().Before(deadline); n++ {
					url := e.ts.URL + IngestPath + "?" + q("shop", fmt.Sprintf("hostile-%03d-%09d", h, n), 0)
					resp, err := client.Post(url, "text/plain", bytes.NewReader(hostile[n%len(hostile)]))
					if err != nil {
						continue
					}
					resp.Body.Close()
					hostileSent.Add(1)
					if resp.StatusCode < 300 {
						hostileAccepted.Add(1)
					}
				}
			}()
		}
		for r := range loadRecorders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := clientFrom(b, 2+r)
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
		if hostileN > 0 {
			require.Positive(b, hostileSent.Load())
		}
		require.Zero(b, hostileAccepted.Load(), "a hostile body was accepted")
		rss := peakRSS(b)
		list, err := e.st.Sessions(context.Background(), store.SessionFilter{App: "shop"})
		require.NoError(b, err)
		var stored, dropped, pending, normal int64
		for _, s := range list {
			if !strings.HasPrefix(s.ID, "load-") {
				continue // the heavy clients' sessions
			}
			normal++
			stored += int64(s.Batches)
			dropped += int64(s.Dropped)
			pending += int64(s.Pending)
		}
		require.Equal(b, batches.Load(), stored, "lost batches")
		require.Zero(b, dropped)
		require.Zero(b, pending)
		require.Equal(b, sessions.Load(), normal)

		slices.Sort(latencies)
		p99 := latencies[len(latencies)*99/100]
		b.ReportMetric(float64(sessions.Load())/elapsed.Seconds(), "sessions/s")
		b.ReportMetric(float64(batches.Load())/elapsed.Seconds(), "batches/s")
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
		b.ReportMetric(float64(hostileSent.Load())/elapsed.Seconds(), "hostile/s")
		b.ReportMetric(float64(heavySent.Load())/elapsed.Seconds(), "heavy/s")
		b.ReportMetric(float64(slowOpened.Load()), "slow-bodies")
		require.LessOrEqual(b, rss, int64(256<<20), "peak RSS over 256 MiB")
		b.ReportMetric(float64(e.srv.live.size()), "live-sessions")
	}
}

// hostileClients send the attack bodies alongside the recorders
// (VEIL_LOAD_HOSTILE overrides; 0 measures the normal load alone).
const hostileClients = 4

// hostileBodies are the bodies of the attack on ingest: each costs
// gigabytes to decode into a tree, and must be refused for a few
// milliseconds of work.
func hostileBodies() [][]byte {
	zero := []byte("[" + strings.Repeat("0,", 8<<20-8) + "0]")
	return [][]byte{
		gz(zero),                                   // 16 KiB sent, 16 MiB inflated, 8 M values
		gz(bytes.Repeat([]byte("["), 16<<20-1)),    // nesting 16 M deep
		gz([]byte(strings.Repeat(`{"a":`, 1<<20))), // objects 1 M deep
	}
}

// heavyBodies are valid batches that are costly to decode and mask for
// their size: a page 1000 elements deep (2.5 KiB of gzip), and 15 texts of
// a megabyte each (16 KiB of gzip).
func heavyBodies() [][]byte {
	snap := func(children string) []byte {
		return []byte(`[{"type":4,"data":{"href":"https://shop.example/a","width":1280,"height":800},"timestamp":1},` +
			`{"type":2,"data":{"node":{"type":0,"childNodes":[{"type":2,"tagName":"html","attributes":{},"childNodes":[` +
			`{"type":2,"tagName":"head","attributes":{},"childNodes":[],"id":3},{"type":2,"tagName":"body","attributes":{},"childNodes":[` +
			children + `],"id":4}],"id":2}],"id":1},"initialOffset":{"top":0,"left":0}},"timestamp":2}]`)
	}
	var deep, texts strings.Builder
	for range 1000 {
		deep.WriteString(`{"type":2,"tagName":"div","attributes":{},"childNodes":[`)
	}
	for i := range 1000 {
		fmt.Fprintf(&deep, `],"id":%d}`, 1009-i)
	}
	text := strings.Repeat("a", 1<<20-16)
	for i := range 15 {
		if i > 0 {
			texts.WriteString(",")
		}
		fmt.Fprintf(&texts, `{"type":3,"textContent":"%s","id":%d}`, text, 10+i)
	}
	return [][]byte{gz(snap(deep.String())), gz(snap(texts.String()))}
}

// slowBody sends an ingest request from 127.0.0.n whose body trickles in a
// byte every 100 ms, until the collector cuts it off or deadline passes.
func slowBody(addr string, n int, session string, deadline time.Time) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(n))}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		time.Sleep(100 * time.Millisecond)
		return
	}
	defer c.Close()
	if _, err := fmt.Fprintf(c, "POST %s?%s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", IngestPath, q("shop", session, 0), MaxBodyBytes); err != nil {
		return
	}
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		if _, err := c.Write([]byte("[")); err != nil {
			return
		}
	}
}

// clientFrom returns an HTTP client whose connections come from 127.0.0.n:
// on Linux all of 127/8 is the loopback, so each simulated browser has its
// own address, as the collector's per-client limits expect.
func clientFrom(b *testing.B, n int) *http.Client {
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(n))}
	d := &net.Dialer{LocalAddr: addr}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 1}}
}

// peakRSS is the process's peak resident set size (VmHWM), in bytes.
func peakRSS(b *testing.B) int64 {
	n := peakRSSFile()
	if n < 0 {
		b.Skip("no VmHWM in /proc/self/status: peak RSS is measured on Linux")
	}
	return n
}

// peakRSSFile reads VmHWM from /proc/self/status; -1 when it cannot.
func peakRSSFile() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return -1
			}
			return kb << 10
		}
	}
	return -1
}
