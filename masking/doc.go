// Package masking turns raw batches into masked rrweb events.
//
// A Session keeps a mirror of one page (package capture), decides every node
// with a compiled rule Set (package rules) and emits rrweb events built from
// the mirror. Every string that leaves — text, attribute value, input value,
// CSS, URL, even tag and attribute names — passes through one function,
// Session.out in choke.go, with the decision of the node it belongs to.
//
// Guarantees:
//   - Mask-all is the zero configuration: NewSession(nil) masks every text,
//     input value, non-structural attribute value, image and CSS string.
//   - Input values are revealed only where an allow rule matched the control
//     itself, never on the hard floor (passwords, card and one-time-code
//     fields, hidden and file inputs), and "was a password" is sticky.
//   - Decisions stay correct under mutation: after each batch the session
//     re-decides as much of the mirror as the rules' Scope says can change and
//     re-emits every subtree whose decision changed.
//   - Fail closed: a bad batch is rejected with an error; events emitted before
//     it stand, and nothing more is emitted until a fresh full snapshot.
//
// The same Session masks in the browser (WebAssembly) and again on the
// server at playback (Replay), with the playback rules.
package masking
