package server

import (
	"bytes"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/internal/jsonx"
)

// recordedUnder is what a page's Meta says about how it was recorded.
type recordedUnder struct {
	RulesVersion, Consent, ConsentSource string
}

// parseBatch decodes a batch body into events and reads the "veil" object of
// its Meta events, which capture.ParseEvents does not model.
func parseBatch(body []byte) ([]capture.Event, recordedUnder, error) {
	events, err := capture.ParseEvents(body)
	if err != nil || !bytes.Contains(body, []byte(`"veil"`)) {
		return events, recordedUnder{}, err
	}
	return events, veilOf(body), nil
}

// veilOf returns the last Meta's veil object; body is already known to parse.
func veilOf(body []byte) recordedUnder {
	var ru recordedUnder
	v, err := jsonx.Parse(body)
	if err != nil {
		return ru
	}
	for _, e := range v.Items {
		if typ, ok := member(e, "type"); !ok || typ.Kind != jsonx.Number || capture.EventType(typ.Num) != capture.Meta {
			continue
		}
		data, _ := member(e, "data")
		veil, ok := member(data, "veil")
		if !ok {
			continue
		}
		str := func(k string) string {
			s, _ := member(veil, k)
			return s.Str
		}
		ru = recordedUnder{str("rulesVersion"), str("consent"), str("consentSource")}
	}
	return ru
}

func member(v jsonx.Value, key string) (jsonx.Value, bool) {
	for _, m := range v.Members {
		if m.Key == key {
			return m.Val, true
		}
	}
	return jsonx.Value{}, false
}
