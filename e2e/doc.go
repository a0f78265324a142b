// Package e2e holds Veil's browser tests: a real Chromium loads test pages
// with the built recorder (dist/), and the tests check what reached a test
// collector. They need `make build` first and Chromium at /usr/bin/chromium;
// a missing browser or build fails them, never skips. The tests are tagged
// !js so that GOOS=js go test ./... leaves them out.
//
// The collector (site) keeps every request with its query and headers and
// can be told how to answer; site.Handle replaces one file (a corrupt
// veil.wasm, a crashing worker, a fake engine) for the fail-closed tests.
// The recorder reads a few test-only globals, set before the page loads:
// __veilTestNow (a fixed clock), __veilTestRawSnapshot and __veilTestKeepRaw
// (keep raw batches for the tests to decode), __veilTestMaxQueue and
// __veilTestBackoffMs (the transport's memory cap and first retry delay),
// __veilTestMaxHeld (the bytes held in the page before the engine is ready).
// None loosens anything: a test that replaces an engine file serves a
// veil.js that carries the fake's hash (fakeAsset), as its own build would.
package e2e
