//go:build js && wasm

package main

import "runtime/debug"

// gcPercent trades memory for fewer collections. The engine allocates a lot
// per batch (mirror nodes, decisions, the events JSON) and most of it dies
// with the batch; with Go's default of 100 a large snapshot collects many
// times, and each collection pauses the single WebAssembly thread for
// milliseconds. The live heap is the mirror, a few tens of MB on the
// largest pages, so the extra headroom stays bounded.
const gcPercent = 400

func init() { debug.SetGCPercent(gcPercent) }
