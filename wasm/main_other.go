//go:build !(js && wasm)

package main

import "os"

// main exists so that native builds of ./... link; the engine only runs as
// WebAssembly.
func main() {
	os.Stderr.WriteString("veil engine: build with GOOS=js GOARCH=wasm (make wasm)\n")
	os.Exit(2)
}
