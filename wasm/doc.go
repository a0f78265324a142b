// Command wasm is Veil's masking engine as WebAssembly, run in the recorder's
// Web Worker (js-shim/src/worker.js). Built with GOOS=js GOARCH=wasm (make
// wasm), it registers one global object, veilEngine:
//
//	veilEngine.init(configJSON: string, consentState: string, consentSource: string): string
//	    Parses the recorder configuration and starts a masking session whose
//	    Meta events record the rules version and the consent state and its
//	    source: short names of [A-Za-z0-9-] such as ("granted", "optIn") or
//	    ("not-required", "config"). Returns "" or an error message.
//	veilEngine.write(batch: Uint8Array): {events: Uint8Array, count: number, error: string, dead: boolean}
//	    Masks one raw batch (see package capture). events is the JSON array
//	    of the rrweb events produced, also those produced before an error.
//	    An error with dead false cost only this batch: the session waits for
//	    a fresh full snapshot. dead true means the engine is gone.
//	veilEngine.excluded(url: string): boolean
//	    Whether the configuration's excludeUrls patterns (RE2, searched in
//	    the full URL) match url. True when the engine is dead, not
//	    initialised, or called with anything but one string: a URL it cannot
//	    judge is never recorded.
//
// Every entry point recovers panics and never blocks. After a panic the
// engine is dead: every later call reports "engine: dead: <reason>", and the
// recorder stops (fail closed). Only the js && wasm files touch syscall/js;
// the rest builds natively so that it can be tested with -race.
package main
