package ingest

import (
	"bytes"
	"compress/gzip"
	"crypto/subtle"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/masking"
)

// ParseBatch decodes a checked batch body (JSON, within the caller's
// limits) into events and reads what its last Meta says about how it was
// recorded. It is the only place a batch body becomes events.
func ParseBatch(body []byte) (Parsed, error) {
	events, err := capture.ParseEvents(body)
	if err != nil {
		return Parsed{}, err
	}
	return Parsed{Events: events, RecordedUnder: RecordedUnderOf(events)}, nil
}

// RecordedUnderOf reads what the last Meta of events that says anything says
// about how they were recorded; what a page's script put there is kept only
// if it is a label (the same check the engine makes, package masking).
func RecordedUnderOf(events []capture.Event) RecordedUnder {
	var ru RecordedUnder
	for i := range events {
		if m, ok := events[i].Data.(capture.MetaData); ok && (m.RulesVersion != "" || m.Consent != "" || m.ConsentSource != "") {
			ru = RecordedUnder{m.RulesVersion, m.Consent, m.ConsentSource}
		}
	}
	if !masking.ValidRulesVersion(ru.RulesVersion) {
		ru.RulesVersion = ""
	}
	if !masking.ValidConsent(ru.Consent, ru.ConsentSource) {
		ru.Consent, ru.ConsentSource = "", ""
	}
	return ru
}

var gzipMagic = []byte{0x1f, 0x8b}

// compressed returns a body to be kept as sent when it came gzipped, else
// gzipped here: batches waiting for an earlier seq are stored compressed.
func compressed(wire []byte) []byte {
	if bytes.HasPrefix(wire, gzipMagic) {
		return wire
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(wire) // writes to a bytes.Buffer cannot fail
	zw.Close()
	return buf.Bytes()
}

// secretMatches compares in constant time; an unbound (empty) hash matches
// nothing.
func secretMatches(stored, given []byte) bool {
	return len(stored) > 0 && subtle.ConstantTimeCompare(stored, given) == 1
}
