// Package config is the recorder configuration package: it parses,
// validates and serializes the whole configuration a page's recorder runs
// with (application, endpoint, consent, sampling, URL exclusions and the
// recording rules), strictly and without reflection, for both the WASM engine
// and the server.
//
// Parse reads JSON into a Recorder (plain data); Recorder.Compile validates it
// and compiles its regular expressions and rules into a Compiled, which is
// what the engine consults. Every error is prefixed "config: " and names the
// offending key by its dotted path.
package config
