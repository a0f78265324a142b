package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/internal/pgtest"
	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/settings"
	"github.com/veil-replay/veil/server/store"
)

const clusterSettings = `{"recorder":{"application":"shop","endpoint":"/veil/ingest"},"allowedOrigins":["https://shop.example"]}`

// TestClusterOfThreeCollectors runs three `veil serve` processes on one
// PostgreSQL database with one keyring. A client sprays the batches of 50
// concurrent sessions round-robin across them — reordered, retried on
// another collector, sometimes sent to two at once — while one collector is
// SIGKILLed and restarted. Then every session is complete and in order, each
// batch stored once, nothing waiting, dropped or skipped, and each session's
// stored events are byte for byte what one collector stores of the same
// input.
func TestClusterOfThreeCollectors(t *testing.T) {
	const sessions, collectors = 50, 3
	dsn := pgtest.Start(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "veil")
	build := exec.Command("go", "build", "-o", bin, "github.com/veil-replay/veil/cmd/veil")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	keyFile := filepath.Join(dir, "veil.keys")
	require.NoError(t, os.WriteFile(keyFile, []byte(testKeyLine+"\n"), 0o600))

	st, err := store.OpenDSN(dsn)
	require.NoError(t, err)
	defer st.Close()
	ctx := context.Background()
	require.NoError(t, st.PutSettings(ctx, map[string][]byte{"shop": []byte(clusterSettings)}, nil))

	rec := record(t, rules.ModeBlockList) // clear text: the collectors mask it again
	bodies := make([][]byte, len(rec))
	for i, evs := range rec {
		bodies[i] = gzipped(t, capture.AppendEvents(nil, evs))
	}
	want := singleCollector(t, rec)

	cl := &cluster{t: t, bin: bin, dsn: dsn, keys: keyFile, procs: make([]*exec.Cmd, collectors), addrs: make([]string, collectors),
		client: &http.Client{Timeout: 10 * time.Second}}
	for i := range collectors {
		require.NoError(t, cl.start(i))
	}
	defer cl.stopAll()

	start := time.Now()
	var accepted atomic.Int64
	killed := make(chan struct{})
	go func() { // SIGKILL one collector a third of the way through, and restart it
		defer close(killed)
		for accepted.Load() < sessions*int64(len(rec))/3 {
			time.Sleep(5 * time.Millisecond)
		}
		if err := cl.kill(1); err != nil {
			t.Error(err)
		}
		time.Sleep(200 * time.Millisecond)
		if err := cl.start(1); err != nil {
			t.Error(err)
		}
	}()
	var wg sync.WaitGroup
	for i := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := sid("cluster" + strconv.Itoa(i))
			for k, seq := range sprayOrder(i, len(rec)) {
				switch {
				case (i+k)%5 == 0: // the same batch to two collectors at once
					var both sync.WaitGroup
					for range 2 {
						both.Add(1)
						go func() { defer both.Done(); cl.send(id, seq, bodies[seq]) }()
					}
					both.Wait()
				case (i+k)%3 == 0: // answered, then retried on another collector
					cl.send(id, seq, bodies[seq])
					cl.send(id, seq, bodies[seq])
				default:
					cl.send(id, seq, bodies[seq])
				}
				accepted.Add(1)
			}
		}()
	}
	wg.Wait()
	<-killed
	t.Logf("%d sessions of %d batches through %d collectors (one SIGKILLed and restarted) in %v; %d requests",
		sessions, len(rec), collectors, time.Since(start).Round(time.Millisecond), cl.requests.Load())
	require.False(t, t.Failed())

	for i := range sessions {
		id := sid("cluster" + strconv.Itoa(i))
		row, ok, err := st.Session(ctx, id)
		require.NoError(t, err)
		require.True(t, ok, id)
		assert.Equal(t, len(rec), row.Batches, "%s: each batch stored once", id)
		assert.Zero(t, row.Pending, id)
		assert.Zero(t, row.Dropped, id)
		assert.Zero(t, row.Gaps, id)
		got := storedText(t, st, id)
		assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6}, keysOf(got), "%s: complete and in order", id)
		for seq := range rec {
			assert.Equal(t, want[seq], got[seq], "%s seq %d: as one collector stores it", id, seq)
		}
	}
	assert.Equal(t, sessions, countSessions(t, st))
}

// sprayOrder is the order in which session i sends its n batches: every
// other session swaps neighbours, so batches wait for earlier ones.
func sprayOrder(i, n int) []int {
	order := make([]int, n)
	for k := range order {
		order[k] = k
	}
	if i%2 == 1 {
		for k := 1; k+1 < n; k += 3 {
			order[k], order[k+1] = order[k+1], order[k]
		}
	}
	return order
}

// singleCollector is what one collector stores of rec sent in order, under
// the rules the cluster's settings give.
func singleCollector(t *testing.T, rec [][]capture.Event) map[int]string {
	app, _, err := settings.Parse("shop", []byte(clusterSettings))
	require.NoError(t, err)
	st := backends[0].open(t)
	c := newCollector(t, st, newClock(), func(cfg *Config) {
		cfg.Rules = func(string) *rules.Set { return app.RecordingSet() }
	})
	id := sid("single")
	for seq, b := range rec {
		c.accept(id, seq, b)
	}
	return storedText(t, st, id)
}

func countSessions(t *testing.T, st store.Store) int {
	n, err := st.SessionCounts(context.Background(), nil)
	require.NoError(t, err)
	return n["shop"]
}

func gzipped(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// cluster is the collectors of TestClusterOfThreeCollectors.
type cluster struct {
	t              testing.TB
	bin, dsn, keys string
	mu             sync.Mutex
	procs          []*exec.Cmd
	addrs          []string
	logs           []*syncBuffer
	next, requests atomic.Int64
	client         *http.Client
}

// start runs collector i and waits until it listens. Safe for concurrent
// use with send.
func (c *cluster) start(i int) error {
	cmd := exec.Command(c.bin, "serve", "--addr", "127.0.0.1:0", "--db", c.dsn, "--keys", c.keys)
	logs := &syncBuffer{}
	cmd.Stderr = logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	lines := bufio.NewScanner(stdout)
	addr := ""
	for lines.Scan() {
		if _, rest, ok := strings.Cut(lines.Text(), "listening on http://"); ok {
			addr, _, _ = strings.Cut(rest, " ")
			break
		}
	}
	if addr == "" {
		cmd.Process.Kill()
		cmd.Wait()
		return errors.New("collector " + strconv.Itoa(i) + " did not start: " + logs.String())
	}
	go func() { // keep reading so that the collector never blocks on stdout
		for lines.Scan() {
		}
	}()
	c.mu.Lock()
	c.procs[i], c.addrs[i] = cmd, addr
	c.logs = append(c.logs, logs)
	c.mu.Unlock()
	return nil
}

// kill SIGKILLs collector i: whatever it answered 204 must survive.
func (c *cluster) kill(i int) error {
	c.mu.Lock()
	cmd := c.procs[i]
	c.addrs[i] = "127.0.0.1:1" // refused until restarted
	c.mu.Unlock()
	err := cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	return err
}

// syncBuffer is a collector's stderr, written by os/exec and read by the
// test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (c *cluster) stopAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cmd := range c.procs {
		if cmd != nil && cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}
	if c.t.Failed() {
		for i, l := range c.logs {
			c.t.Logf("collector log %d:\n%s", i, l.String())
		}
	}
}

// send posts a batch to the next collector round-robin until one answers
// 204, moving on after a refused connection or a busy answer.
func (c *cluster) send(id string, seq int, body []byte) {
	url := "app=shop&session=" + id + "&key=secret-of-" + id + "&seq=" + strconv.Itoa(seq)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		addr := c.addrs[int(c.next.Add(1))%len(c.addrs)]
		c.mu.Unlock()
		c.requests.Add(1)
		resp, err := c.client.Post("http://"+addr+"/veil/ingest?"+url, "text/plain", bytes.NewReader(body))
		if err != nil {
			time.Sleep(10 * time.Millisecond) // killed, or not yet restarted
			continue
		}
		var msg bytes.Buffer
		msg.ReadFrom(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusNoContent:
			return
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			time.Sleep(20 * time.Millisecond)
		default:
			c.t.Errorf("%s seq %d: %d %s", id, seq, resp.StatusCode, msg.String())
			return
		}
	}
	c.t.Errorf("%s seq %d: no collector answered 204 within 30 s", id, seq)
}
