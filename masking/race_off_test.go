//go:build !race

package masking

// raceEnabled: the tests run under the race detector.
const raceEnabled = false
