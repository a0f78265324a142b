package config

import (
	"math"

	"github.com/veil-replay/veil/internal/jsonx"
	"github.com/veil-replay/veil/rules"
)

// Parse decodes and validates a recorder configuration. Unknown and
// duplicate keys are errors, as is a "playback" key: playback rules stay on
// the server. Absent keys take the defaults of New. Errors are *Error values.
func Parse(data []byte) (*Recorder, error) {
	v, err := jsonx.Parse(data)
	if err != nil {
		return nil, wrap(err)
	}
	c, err := decode(v)
	if err != nil {
		return nil, wrap(err)
	}
	if _, err := c.Compile(); err != nil {
		return nil, err
	}
	return c, nil
}

func decode(v jsonx.Value) (*Recorder, error) {
	c := New("", "")
	f, err := v.Fields("")
	if err != nil {
		return nil, err
	}
	if _, ok := f.Take("playback"); ok {
		return nil, errorf("playback: playback rules live on the server only; a recorder configuration is sent to browsers")
	}
	for _, key := range []string{"application", "endpoint"} {
		m, ok := f.Take(key)
		if !ok {
			return nil, errorf(key + ": required")
		}
		s, err := m.AsString(key)
		if err != nil {
			return nil, err
		}
		if key == "application" {
			c.Application = s
		} else {
			c.Endpoint = s
		}
	}
	if m, ok := f.Take("optIn"); ok {
		if c.OptIn, err = m.AsBool("optIn"); err != nil {
			return nil, err
		}
	}
	if m, ok := f.Take("samplePercent"); ok {
		n, err := m.AsInt("samplePercent", 0, 100)
		if err != nil {
			return nil, err
		}
		c.SamplePercent = int(n)
	}
	if m, ok := f.Take("privacySignals"); ok {
		s, err := m.AsString("privacySignals")
		if err != nil {
			return nil, err
		}
		switch s {
		case "honor":
			c.PrivacySignals = HonorSignals
		case "ignore":
			c.PrivacySignals = IgnoreSignals
		default:
			return nil, errorf("privacySignals " + quote(s) + ": expected honor or ignore")
		}
	}
	if m, ok := f.Take("excludeUrls"); ok {
		if c.ExcludeURLs, err = m.AsStrings("excludeUrls"); err != nil {
			return nil, err
		}
		if len(c.ExcludeURLs) == 0 {
			c.ExcludeURLs = nil
		}
	}
	if m, ok := f.Take("consent"); ok && m.Kind != jsonx.Null {
		if c.Consent, err = decodeConsent(m); err != nil {
			return nil, err
		}
	}
	if m, ok := f.Take("errorOnly"); ok && m.Kind != jsonx.Null {
		if c.ErrorOnly, err = decodeErrorOnly(m); err != nil {
			return nil, err
		}
	}
	if m, ok := f.Take("recording"); ok && m.Kind != jsonx.Null {
		if c.Recording, err = rules.FromJSON(m, "recording"); err != nil {
			return nil, err
		}
	}
	return c, f.Done()
}

func decodeConsent(v jsonx.Value) (Consent, error) {
	var out Consent
	f, err := v.Fields("consent")
	if err != nil {
		return out, err
	}
	if m, ok := f.Take("tcf"); ok && m.Kind != jsonx.Null {
		tf, err := m.Fields("consent.tcf")
		if err != nil {
			return out, err
		}
		tcf := &TCF{Purposes: []int{1}}
		if id, ok := tf.Take("vendorId"); ok {
			n, err := id.AsInt("consent.tcf.vendorId", 0, math.MaxInt32)
			if err != nil {
				return out, err
			}
			tcf.VendorID = int(n)
		}
		if p, ok := tf.Take("purposes"); ok {
			if p.Kind != jsonx.Array {
				return out, errorf("consent.tcf.purposes: expected an array of numbers, got " + p.Kind.String())
			}
			tcf.Purposes = make([]int, len(p.Items))
			for i, item := range p.Items {
				n, err := item.AsInt(jsonx.Index("consent.tcf.purposes", i), 1, 11)
				if err != nil {
					return out, err
				}
				tcf.Purposes[i] = int(n)
			}
		}
		if err := tf.Done(); err != nil {
			return out, err
		}
		out.TCF = tcf
	}
	if m, ok := f.Take("googleConsentMode"); ok {
		if out.GoogleConsentMode, err = m.AsBool("consent.googleConsentMode"); err != nil {
			return out, err
		}
	}
	return out, f.Done()
}

func decodeErrorOnly(v jsonx.Value) (ErrorOnly, error) {
	out := ErrorOnly{WindowSeconds: 30}
	f, err := v.Fields("errorOnly")
	if err != nil {
		return out, err
	}
	if m, ok := f.Take("enabled"); ok {
		if out.Enabled, err = m.AsBool("errorOnly.enabled"); err != nil {
			return out, err
		}
	}
	if m, ok := f.Take("windowSeconds"); ok {
		n, err := m.AsInt("errorOnly.windowSeconds", 1, 300)
		if err != nil {
			return out, err
		}
		out.WindowSeconds = int(n)
	}
	return out, f.Done()
}
