//go:build bench && !js

package e2e

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// benchWorkerPrelude runs in the engine's worker before the worker's own
// script (the bench server prepends it): it times every call into the WASM
// engine and posts the running total on a BroadcastChannel the bench page
// listens to. The shim has no timing hook of its own; this keeps it so.
const benchWorkerPrelude = `(() => {
  const bc = new BroadcastChannel('veil-bench');
  let engine, engineMs = 0, calls = 0;
  Object.defineProperty(self, 'veilEngine', {
    configurable: true,
    get() { return engine; },
    set(v) {
      const write = v.write;
      v.write = function (batch) {
        const t0 = performance.now();
        let out;
        try { return (out = write.apply(this, arguments)); } finally {
          const ms = performance.now() - t0;
          engineMs += ms; calls++;
          // Each call too (ms, raw bytes in, JSON bytes out), for the dump.
          bc.postMessage({ engineMs, calls, call: [ms, batch.byteLength, out && out.events ? out.events.byteLength : 0] });
        }
      };
      engine = v;
    },
  });
})();
`

// benchServer serves the bench page, the recorder (worker with the timing
// prelude), rrweb, and a collector that counts the bytes it is sent.
type benchServer struct {
	*httptest.Server
	bytes atomic.Int64
	// profiling switches /veil/veil.js to named, a bundle of the same
	// sources that keeps function names, so a CPU profile can say where the
	// time goes (the minified names say nothing).
	profiling atomic.Bool
	named     []byte
	// dump (VEIL_BENCH_DUMP) is a folder that receives every body the
	// collector is sent, uncompressed, named by label (the run measured),
	// with rrweb's events and Veil's raw batches of the same runs. For
	// looking at the output, not for figures: keeping the raw batches
	// costs Veil's main thread a copy and a base64 pass per batch.
	dump  string
	label atomic.Value // string
	dumps atomic.Int64
}

func newBenchServer(t *testing.T) *benchServer {
	t.Helper()
	dist := distDir
	if d := os.Getenv("VEIL_BENCH_DIST"); d != "" {
		dist = d // a copy of dist/, so that builds meanwhile do not change what is measured
	}
	worker, err := os.ReadFile(filepath.Join(dist, "veil-worker.js"))
	require.NoError(t, err, "run make build first")
	// The profiled bundle is built from VEIL_BENCH_SRC (a copy of
	// js-shim/src matching VEIL_BENCH_DIST) or js-shim/src.
	src := "../js-shim/src"
	if d := os.Getenv("VEIL_BENCH_SRC"); d != "" {
		src = d
	}
	// The bench's worker carries a prelude, so veil.js must carry its hash
	// (the recorder checks every engine file; there is no switch to skip it).
	pins := benchPins(t, dist, worker)
	var defines []string
	for name, v := range map[string]string{"__VEIL_PIN_WORKER__": pins.worker, "__VEIL_PIN_WASM_EXEC__": pins.wasmExec,
		"__VEIL_PIN_WASM__": pins.wasm, "__VEIL_VERSION__": pins.version} {
		defines = append(defines, "--define:"+name+"="+strconv.Quote(v))
	}
	named, err := exec.Command("../js-shim/node_modules/.bin/esbuild", append([]string{filepath.Join(src, "veil.js"), "--bundle",
		"--format=iife", "--target=es2020", "--log-level=warning"}, defines...)...).Output()
	require.NoError(t, err, "bundle %s with names kept", src)
	bs := &benchServer{named: named, dump: os.Getenv("VEIL_BENCH_DUMP")}
	bs.label.Store("load")
	mux := http.NewServeMux()
	mux.HandleFunc("/veil/config.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, maskAll)
	})
	mux.HandleFunc("/veil/veil-worker.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		io.WriteString(w, benchWorkerPrelude)
		w.Write(worker)
	})
	mux.HandleFunc(collectPath, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		bs.bytes.Add(int64(len(body)))
		if bs.dump != "" {
			bs.dumpBody(t, body)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/veil/veil.js", func(w http.ResponseWriter, r *http.Request) {
		// Never from the cache: a profiled run must get the named bundle.
		w.Header().Set("Cache-Control", "no-store")
		if bs.profiling.Load() {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(bs.named)
			return
		}
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(pins.veilJS)
	})
	mux.Handle("/veil/", http.StripPrefix("/veil/", http.FileServer(http.Dir(dist))))
	mux.Handle("/bench/", http.StripPrefix("/bench/", http.FileServer(http.Dir("testdata/bench"))))
	mux.HandleFunc("/rrweb/rrweb.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, filepath.Join(rrwebDist, "rrweb.umd.min.cjs"))
	})
	bs.Server = httptest.NewServer(mux)
	t.Cleanup(bs.Close)
	return bs
}

// dumpBody writes a collector body, gunzipped, to the dump folder.
func (bs *benchServer) dumpBody(t *testing.T, body []byte) {
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err == nil {
		body, err = io.ReadAll(zr)
	}
	if err != nil {
		t.Errorf("collector body is not gzip: %v", err)
		return
	}
	name := fmt.Sprintf("%04d-%s-veil.json", bs.dumps.Add(1), strings.ReplaceAll(bs.label.Load().(string), " ", "-"))
	if err := os.WriteFile(filepath.Join(bs.dump, name), body, 0o644); err != nil {
		t.Errorf("dump: %v", err)
	}
}

// rrwebTee is evaluated before rrweb loads when dumping: it keeps a copy of
// every event rrweb emits in window.__benchRRweb, so that the dump can hold
// rrweb's events next to Veil's (bench.html keeps its own list private).
const rrwebTee = `(() => {
  let lib;
  window.__benchRRweb = [];
  Object.defineProperty(window, 'rrweb', { configurable: true, get() { return lib; }, set(v) {
    const record = v.record;
    lib = Object.assign({}, v, { record(o) {
      const emit = o.emit;
      return record.call(v, Object.assign({}, o, { emit(e, c) { window.__benchRRweb.push(e); return emit(e, c); } }));
    } });
  } });
  return true;
})()`

// sample is one measured run.
type sample struct {
	taskMs, scriptMs float64 // main-thread CPU (CDP Performance, thread ticks)
	longestMs        float64 // longest task of 50 ms or more; 0 if none
	workerMs         float64 // time inside the WASM engine (Veil only)
	firstMs          float64 // script tag added → first full snapshot taken (start workloads)
	readyMs          float64 // script tag added → engine ready in its worker (Veil start workloads)
	payload          int64   // compressed bytes sent (Veil) or that rrweb's events gzip to
}

type benchPage struct {
	t  *testing.T
	b  *browser
	bs *benchServer
	// profileDir, when set (VEIL_BENCH_PROFILE), receives the CDP CPU
	// profile of the main thread of every profiled run, for DevTools.
	profileDir string
	runs       int
	last       *profiler.Profile // of the last profiled run
}

func (p *benchPage) metrics() (task, script float64) {
	p.t.Helper()
	res, err := chromedp.Call(p.b.ctx, performance.GetMetrics, struct{}{})
	require.NoError(p.t, err)
	for _, m := range res.Metrics {
		switch m.Name {
		case "TaskDuration":
			task = m.Value * 1000
		case "ScriptDuration":
			script = m.Value * 1000
		}
	}
	return task, script
}

func (p *benchPage) open(nodes int) {
	p.t.Helper()
	// The previous page (up to 100,000 nodes, a worker with a large heap)
	// is torn down on this renderer's main thread some time after the next
	// navigation (Document::shutdown, tens of ms); leave it time to go
	// before the next page, or a run with a long start (Veil waits for its
	// worker) is charged for it.
	p.b.do(p.t, chromedp.Navigate("about:blank"))
	time.Sleep(settleMs * time.Millisecond)
	p.b.do(p.t, chromedp.Navigate(p.bs.URL+"/bench/bench.html?nodes="+strconv.Itoa(nodes)))
	p.b.waitFor(p.t, `window.benchReady === true`)
	if p.bs.dump != "" {
		// Veil's raw batches too (base64, in window.__veilTestBatches).
		eval[bool](p.t, p.b, rrwebTee+` && (window.__veilTestKeepRaw = true) && (window.__benchCalls = []) &&
			!!(new BroadcastChannel('veil-bench').onmessage = (e) => e.data.call && window.__benchCalls.push(e.data.call))`)
	}
	_, err := chromedp.Call(p.b.ctx, performance.Enable, performance.EnableParams{TimeDomain: performance.EnableTimeDomainThreadTicks})
	require.NoError(p.t, err)
	// Let the page's own load work finish before measuring, and collect the
	// previous page's garbage now: a recorder whose start spans the worker's
	// load (Veil) would otherwise be charged for a collection of the last
	// run's 100,000-node page that a one-tick start (rrweb) escapes.
	_, err = chromedp.Call(p.b.ctx, heapprofiler.CollectGarbage, struct{}{})
	require.NoError(p.t, err)
	time.Sleep(150 * time.Millisecond)
}

const settleMs = 700

type workerTiming struct {
	EngineMs float64 `json:"engineMs"`
	Calls    int     `json:"calls"`
}

type rrwebBytes struct {
	Gzip   int64 `json:"gzip"`
	Events int   `json:"events"`
}

// measure runs fn between two metric reads and fills a sample.
func (p *benchPage) measure(name, which string, fromMark bool, fn func()) sample {
	p.t.Helper()
	eval[bool](p.t, p.b, `bench.resetLongest()`)
	w0 := eval[workerTiming](p.t, p.b, `bench.worker()`)
	bytes0 := p.bs.bytes.Load()
	p.bs.label.Store(name + " " + which)
	rrMark := 0
	if p.bs.dump != "" {
		rrMark = eval[int](p.t, p.b, `window.__benchRRweb.length`)
	}
	profiling := p.bs.profiling.Load()
	if profiling {
		_, err := chromedp.Call(p.b.ctx, profiler.Enable, struct{}{})
		require.NoError(p.t, err)
		// Sparse sampling (µs): on a busy machine a denser one mostly
		// measures the sampler.
		_, err = chromedp.Call(p.b.ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 500})
		require.NoError(p.t, err)
		_, err = chromedp.Call(p.b.ctx, profiler.Start, struct{}{})
		require.NoError(p.t, err)
	}
	t0, s0 := p.metrics()
	fn()
	t1, s1 := p.metrics()
	if profiling {
		res, err := chromedp.Call(p.b.ctx, profiler.Stop, struct{}{})
		require.NoError(p.t, err)
		p.last = res.Profile
		if p.profileDir != "" {
			data, err := json.Marshal(res.Profile)
			require.NoError(p.t, err)
			p.runs++
			file := fmt.Sprintf("%03d-%s-%s.cpuprofile", p.runs, strings.ReplaceAll(name, " ", "-"), which)
			require.NoError(p.t, os.WriteFile(filepath.Join(p.profileDir, file), data, 0o644))
		}
	}
	// Timings from the worker travel separately; give them a moment.
	time.Sleep(100 * time.Millisecond)
	s := sample{taskMs: t1 - t0, scriptMs: s1 - s0}
	s.longestMs = eval[float64](p.t, p.b, `bench.longest()`)
	if !fromMark && which != "walk" {
		s.firstMs = eval[float64](p.t, p.b, `bench.firstSnapshotMs()`)
		require.GreaterOrEqual(p.t, s.firstMs, 0.0, "%s took no full snapshot", which)
	}
	if !fromMark && which == "veil" {
		s.readyMs = eval[float64](p.t, p.b, `bench.engineReadyMs()`)
		require.GreaterOrEqual(p.t, s.readyMs, 0.0, "the engine never said it was ready")
	}
	switch which {
	case "veil":
		s.workerMs = eval[workerTiming](p.t, p.b, `bench.worker()`).EngineMs - w0.EngineMs
		s.payload = p.bs.bytes.Load() - bytes0
		if p.bs.dump != "" {
			p.t.Logf("%s: engine calls [ms, raw bytes, JSON bytes]: %s", name, eval[string](p.t, p.b, `JSON.stringify(window.__benchCalls)`))
			raw := eval[string](p.t, p.b, `JSON.stringify(window.__veilTestBatches || [])`)
			file := fmt.Sprintf("%04d-%s-raw.json", p.bs.dumps.Add(1), strings.ReplaceAll(name, " ", "-"))
			require.NoError(p.t, os.WriteFile(filepath.Join(p.bs.dump, file), []byte(raw), 0o644))
		}
	case "rrweb":
		s.payload = eval[rrwebBytes](p.t, p.b, `bench.rrwebBytes(`+strconv.FormatBool(fromMark)+`)`).Gzip
		if p.bs.dump != "" {
			events := eval[string](p.t, p.b, `JSON.stringify(window.__benchRRweb.slice(`+strconv.Itoa(rrMark)+`))`)
			file := fmt.Sprintf("%04d-%s-rrweb.json", p.bs.dumps.Add(1), strings.ReplaceAll(name, " ", "-"))
			require.NoError(p.t, os.WriteFile(filepath.Join(p.bs.dump, file), []byte(events), 0o644))
		}
	}
	p.bs.label.Store("after " + name + " " + which)
	return s
}

// median takes the median of each field over runs.
func median(runs []sample) sample {
	pick := func(f func(sample) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return sample{
		taskMs:    pick(func(s sample) float64 { return s.taskMs }),
		scriptMs:  pick(func(s sample) float64 { return s.scriptMs }),
		longestMs: pick(func(s sample) float64 { return s.longestMs }),
		workerMs:  pick(func(s sample) float64 { return s.workerMs }),
		firstMs:   pick(func(s sample) float64 { return s.firstMs }),
		readyMs:   pick(func(s sample) float64 { return s.readyMs }),
		payload:   int64(pick(func(s sample) float64 { return float64(s.payload) })),
	}
}

// TestBrowserBenchmark compares Veil with rrweb's recorder (maskAllInputs,
// maskTextSelector '*') and a bare TreeWalker pass in one Chromium, runs
// interleaved, and prints a markdown table of ratios. Run it with
// `go test -tags bench -run TestBrowserBenchmark -count=1 -timeout 20m -v ./e2e`
// (make bench-browser); VEIL_BENCH_REPS sets the runs per cell (default 5),
// VEIL_BENCH_OUT a file to write the table to, VEIL_BENCH_DUMP a folder for
// what the runs sent (docs/recorder-profile.md).
func TestBrowserBenchmark(t *testing.T) {
	reps := 5
	// VEIL_BENCH_REPS=0 runs the profiled runs alone.
	if v, err := strconv.Atoi(os.Getenv("VEIL_BENCH_REPS")); err == nil && v >= 0 {
		reps = v
	}
	// VEIL_BENCH_ONLY limits the run to workloads matching a regular
	// expression ("start 100000", "typing"), for profiling one of them.
	only := regexp.MustCompile(os.Getenv("VEIL_BENCH_ONLY"))
	bs := newBenchServer(t)
	b := newBrowser(t)
	quietDevTools(t, b)
	p := &benchPage{t: t, b: b, bs: bs, profileDir: os.Getenv("VEIL_BENCH_PROFILE")}

	type key struct{ workload, which string }
	runs := map[key][]sample{}
	nodeCounts := map[int]int{}
	sizes := []int{1000, 10000, 50000, 100000}
	startOrder := []string{"veil", "rrweb", "walk"}
	for rep := 0; rep < reps; rep++ {
		for _, n := range sizes {
			if !only.MatchString("start " + strconv.Itoa(n)) {
				continue
			}
			for i := range startOrder {
				// Rotate who goes first, so no recorder always runs on a
				// warmer browser.
				which := startOrder[(i+rep)%len(startOrder)]
				p.open(n)
				nodeCounts[n] = eval[int](t, b, `bench.nodes()`)
				s := p.measure("start "+strconv.Itoa(n), which, false, func() {
					require.True(t, eval[bool](t, b, `bench.start(`+jsString(which)+`)`))
				})
				k := key{"start " + strconv.Itoa(n), which}
				runs[k] = append(runs[k], s)
			}
		}
	}
	workloads := []string{"append-rows", "change-5k-texts", "toggle-5k-attrs", "typing", "typing-focused", "replace-2k-subtree"}
	mutOrder := []string{"none", "veil", "rrweb"}
	for rep := 0; rep < reps; rep++ {
		for _, wl := range workloads {
			if !only.MatchString(wl) {
				continue
			}
			for i := range mutOrder {
				which := mutOrder[(i+rep)%len(mutOrder)]
				p.open(10000)
				require.True(t, eval[bool](t, b, `bench.start(`+jsString(which)+`)`))
				time.Sleep(100 * time.Millisecond)
				s := p.measure(wl, which, true, func() {
					require.True(t, eval[bool](t, b, `bench.mutate(`+jsString(wl)+`)`))
				})
				k := key{wl, which}
				runs[k] = append(runs[k], s)
			}
		}
	}

	var sb strings.Builder
	ratio := func(a, b float64) string {
		if b <= 0 {
			return "n/a"
		}
		return strconv.FormatFloat(a/b, 'f', 2, 64)
	}
	ms := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	fmt.Fprintf(&sb, "Chromium %s, %d runs per cell (median), one browser, runs interleaved. CPU is main-thread CPU from CDP Performance.getMetrics (TaskDuration, thread ticks); worker is time inside the Veil WASM engine; payload is gzip bytes.\n\n",
		eval[string](t, b, `navigator.userAgent.match(/Chrome\/[\d.]+/)[0]`), reps)
	sb.WriteString("| workload | Veil CPU ms | rrweb CPU ms | TreeWalker ms | **Veil/rrweb CPU** | Veil/rrweb script | **Veil/TreeWalker** | Veil worker ms | **worker/rrweb CPU** | (Veil CPU+worker)/rrweb | **payload Veil/rrweb** | longest task ≥50 ms Veil / rrweb | to first snapshot ms Veil / rrweb | Veil engine ready ms |\n")
	sb.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, n := range sizes {
		name := "start " + strconv.Itoa(n)
		if len(runs[key{name, "veil"}]) == 0 {
			continue // left out by VEIL_BENCH_ONLY
		}
		v, r, w := median(runs[key{name, "veil"}]), median(runs[key{name, "rrweb"}]), median(runs[key{name, "walk"}])
		fmt.Fprintf(&sb, "| start, %d nodes | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s |\n",
			nodeCounts[n], ms(v.taskMs), ms(r.taskMs), ms(w.taskMs), ratio(v.taskMs, r.taskMs), ratio(v.scriptMs, r.scriptMs),
			ratio(v.taskMs, w.taskMs), ms(v.workerMs), ratio(v.workerMs, r.taskMs), ratio(v.taskMs+v.workerMs, r.taskMs),
			ratio(float64(v.payload), float64(r.payload)), ms(v.longestMs), ms(r.longestMs), ms(v.firstMs), ms(r.firstMs), ms(v.readyMs))
	}
	for _, wl := range workloads {
		if len(runs[key{wl, "veil"}]) == 0 {
			continue
		}
		none, v, r := median(runs[key{wl, "none"}]), median(runs[key{wl, "veil"}]), median(runs[key{wl, "rrweb"}])
		vo, ro := v.taskMs-none.taskMs, r.taskMs-none.taskMs
		fmt.Fprintf(&sb, "| mutation: %s (10k page), overhead over no recorder | %s | %s | – | %s | %s | – | %s | %s | %s | %s | %s / %s | – | – |\n",
			wl, ms(vo), ms(ro), ratio(vo, ro), ratio(v.scriptMs-none.scriptMs, r.scriptMs-none.scriptMs),
			ms(v.workerMs), ratio(v.workerMs, ro), ratio(vo+v.workerMs, ro),
			ratio(float64(v.payload), float64(r.payload)), ms(v.longestMs), ms(r.longestMs))
	}
	// One more run of Veil per workload, not counted above, with the CPU
	// profiler on (it slows what it samples) and the bundle that keeps names.
	bs.profiling.Store(true)
	for _, n := range sizes {
		name := "start " + strconv.Itoa(n)
		if !only.MatchString(name) {
			continue
		}
		p.open(n)
		nodeCounts[n] = eval[int](t, b, `bench.nodes()`)
		p.measure(name, "veil", false, func() { require.True(t, eval[bool](t, b, `bench.start("veil")`)) })
		writeSelfTimes(&sb, name+" (Veil, profiled run)", p.last, nodeCounts[n])
	}
	for _, wl := range workloads {
		if !only.MatchString(wl) {
			continue
		}
		p.open(10000)
		require.True(t, eval[bool](t, b, `bench.start("veil")`))
		time.Sleep(100 * time.Millisecond)
		p.measure(wl, "veil", true, func() { require.True(t, eval[bool](t, b, `bench.mutate(`+jsString(wl)+`)`)) })
		writeSelfTimes(&sb, wl+" on the 10k page (Veil, profiled run)", p.last, 0)
	}
	bs.profiling.Store(false)
	table := sb.String()
	fmt.Println(table)
	if out := os.Getenv("VEIL_BENCH_OUT"); out != "" {
		require.NoError(t, os.WriteFile(out, []byte(table), 0o644))
	}
	for k, rs := range runs {
		require.Len(t, rs, reps, "runs of %v", k)
	}
}

// quietDevTools turns off the DevTools domains chromedp enables on every
// page that the bench does not use and that tax what it measures: with
// Network on, the renderer copies every request body into the DevTools
// event (a 2 MB collector body cost ~24 ms of the page's main thread, a
// cost rrweb, which sends nothing in the bench, never paid); CSS tracks
// every style sheet change. (chromedp needs its DOM domain to find the
// page's document, so that one stays.)
func quietDevTools(t *testing.T, b *browser) {
	t.Helper()
	for _, c := range []cdp.Command[cdp.Empty, cdp.Empty]{network.Disable, css.Disable} {
		_, err := chromedp.Call(b.ctx, c, cdp.Empty{})
		require.NoError(t, err, c.Method)
	}
}

// selfTimes sums a CPU profile's samples by function (name and place), in
// microseconds, leaving out idle time; total is the sum.
func selfTimes(prof *profiler.Profile) (byFunc map[string]int64, total int64) {
	names := map[int64]string{}
	for _, n := range prof.Nodes {
		f := n.CallFrame
		where := f.URL
		if i := strings.LastIndexByte(where, '/'); i >= 0 {
			where = where[i+1:]
		}
		name := f.FunctionName
		if name == "" {
			name = "(anonymous)"
		}
		if where != "" {
			name += " " + where + ":" + strconv.FormatInt(f.LineNumber+1, 10)
		}
		names[n.ID] = name
	}
	byFunc = map[string]int64{}
	// timeDeltas[i] is the time before sample i; sample i lasts until the
	// next one, as DevTools counts it.
	for i, id := range prof.Samples {
		if i+1 >= len(prof.TimeDeltas) {
			break
		}
		name := names[id]
		if name == "(idle)" {
			continue
		}
		byFunc[name] += prof.TimeDeltas[i+1]
		total += prof.TimeDeltas[i+1]
	}
	return byFunc, total
}

// writeSelfTimes writes the top 15 functions of a profile by self time; with
// nodes > 0 also per page node.
func writeSelfTimes(sb *strings.Builder, title string, prof *profiler.Profile, nodes int) {
	byFunc, total := selfTimes(prof)
	type row struct {
		name string
		us   int64
	}
	var rows []row
	for k, v := range byFunc {
		rows = append(rows, row{k, v})
	}
	slices.SortFunc(rows, func(a, b row) int { return int(b.us - a.us) })
	fmt.Fprintf(sb, "\nMain-thread self time, %s: %.1f ms sampled (idle left out)\n\n", title, float64(total)/1000)
	sb.WriteString("| function (bundle with names kept) | self ms | share | ns per node |\n|---|---|---|---|\n")
	for i, r := range rows {
		if i == 15 {
			break
		}
		perNode := "–"
		if nodes > 0 {
			perNode = strconv.FormatFloat(float64(r.us)*1000/float64(nodes), 'f', 0, 64)
		}
		fmt.Fprintf(sb, "| %s | %.1f | %.0f %% | %s |\n", strings.ReplaceAll(r.name, "|", "\\|"), float64(r.us)/1000,
			100*float64(r.us)/float64(max(total, 1)), perNode)
	}
}

type benchPinSet struct {
	worker, wasmExec, wasm, version string
	veilJS                          []byte // dist's veil.js with the bench worker's pin
}

// benchPins reads the pins of a build (dist/veil.sri.json) and swaps the
// worker's for the hash of the worker the bench serves (prelude + worker).
func benchPins(t *testing.T, dist string, worker []byte) benchPinSet {
	t.Helper()
	var sri struct {
		Version string            `json:"version"`
		Pins    map[string]string `json:"pins"`
	}
	raw, err := os.ReadFile(filepath.Join(dist, "veil.sri.json"))
	require.NoError(t, err, "run make build first")
	require.NoError(t, json.Unmarshal(raw, &sri))
	sum := sha256.Sum256(append([]byte(benchWorkerPrelude), worker...))
	p := benchPinSet{worker: "sha256-" + base64.StdEncoding.EncodeToString(sum[:]), wasmExec: sri.Pins["wasmExec"],
		wasm: sri.Pins["wasm"], version: sri.Version}
	js, err := os.ReadFile(filepath.Join(dist, "veil.js"))
	require.NoError(t, err)
	require.Equal(t, 1, bytes.Count(js, []byte(sri.Pins["worker"])), "dist/veil.js holds the worker's pin once")
	p.veilJS = bytes.Replace(js, []byte(sri.Pins["worker"]), []byte(p.worker), 1)
	return p
}
