package main

import (
	_ "embed"
	"runtime"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/config"
	"github.com/veil-replay/veil/masking"
)

// The warm-up page is embedded as raw batches made by warmUpBatches (in
// warmup_gen_test.go), so the encoder is not linked into the engine just for
// this; TestWarmUpBatchesAreCurrent keeps the files in step with it.
var (
	//go:embed warmup-page.raw
	warmUpPage []byte
	//go:embed warmup-mutations.raw
	warmUpMutations []byte
)

// The first batch through a freshly instantiated engine costs many times
// what later ones do: the browser compiles each WebAssembly function on its
// first call and optimizes it once it runs hot, and the Go heap starts
// small. Masking a small synthetic page once, while the worker loads and
// before the page's snapshot can arrive, moves that cost off the snapshot.
func init() {
	if runtime.GOOS == "js" {
		warmUp(warmUpPasses, warmUpPage, warmUpMutations)
	}
}

// The embedded page is small (warmUpRows rows, a few KiB that brotli
// shrinks to well under one) and is masked warmUpPasses times: the browser
// optimizes the hot paths of decoding, deciding, masking and JSON encoding
// by how often they run, and a small page run often costs the engine's
// download size almost nothing.
const (
	warmUpRows   = 10
	warmUpPasses = 30
)

const warmUpConfig = `{"application":"warm-up","endpoint":"/warm-up"}`

// warmUp masks a synthetic page (a snapshot, then a group of mutations and
// input) passes times through a throwaway session and returns how many
// events it produced. Nothing of it is kept: the session, its mirror and its
// output are garbage once it returns, and a failure is only a missed
// warm-up, never an engine error.
func warmUp(passes int, batches ...[]byte) (events int) {
	defer func() {
		if recover() != nil {
			events = -1
		}
	}()
	rec, err := config.Parse([]byte(warmUpConfig))
	if err != nil {
		return -1
	}
	compiled, err := rec.Compile()
	if err != nil {
		return -1
	}
	s := masking.NewSession(compiled.RecordingSet())
	s.SetConsent("not-required", "warm-up")
	var out []byte
	for range passes {
		for _, batch := range batches { // the page's SnapshotStart resets the mirror each pass
			evs, err := s.Write(batch)
			if err != nil {
				return -1
			}
			out = capture.AppendEvents(out[:0], evs)
			events += len(evs)
		}
	}
	return events
}
