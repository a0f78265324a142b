// Package e2e holds Veil's browser tests: a real Chromium loads test pages
// with the built recorder (dist/), and the tests check what reached a test
// collector. They need `make build` first and Chromium at /usr/bin/chromium;
// a missing browser or build fails them, never skips. The tests are tagged
// !js so that GOOS=js go test ./... leaves them out.
package e2e
