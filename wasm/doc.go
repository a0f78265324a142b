// Command wasm is Veil's masking engine as WebAssembly, run in the recorder's
// Web Worker (js-shim/src/worker.js). Built with GOOS=js GOARCH=wasm (make
// wasm), it registers one global object, veilEngine:
//
//	veilEngine.init(configJSON: string): string
//	    Parses the recorder configuration and starts a masking session.
//	    Returns "" or an error message.
//	veilEngine.write(batch: Uint8Array): {events: Uint8Array, count: number, error: string}
//	    Masks one raw batch (see package capture). events is the JSON array
//	    of the rrweb events produced, also those produced before an error.
//
// Every entry point recovers panics and never blocks. After a panic the
// engine is dead: every later call reports "engine: dead: <reason>", and the
// recorder stops (fail closed). Only the js && wasm files touch syscall/js;
// the rest builds natively so that it can be tested with -race.
package main
