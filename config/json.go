package config

import "github.com/veil-replay/veil/internal/jsonx"

// AppendJSON appends c's canonical JSON to dst: every key in a fixed order,
// defaults written out, empty excludeUrls and an unused consent left out.
// Parse reads it back to an equal Recorder.
func (c *Recorder) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"application":`...)
	dst = jsonx.AppendString(dst, c.Application)
	dst = append(dst, `,"endpoint":`...)
	dst = jsonx.AppendString(dst, c.Endpoint)
	dst = append(dst, `,"optIn":`...)
	dst = appendBool(dst, c.OptIn)
	dst = append(dst, `,"samplePercent":`...)
	dst = jsonx.AppendInt(dst, int64(c.SamplePercent))
	dst = append(dst, `,"privacySignals":`...)
	dst = jsonx.AppendString(dst, c.PrivacySignals.String())
	if len(c.ExcludeURLs) > 0 {
		dst = append(dst, `,"excludeUrls":[`...)
		for i, p := range c.ExcludeURLs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonx.AppendString(dst, p)
		}
		dst = append(dst, ']')
	}
	if c.Consent.TCF != nil || c.Consent.GoogleConsentMode {
		dst = append(dst, `,"consent":{`...)
		if t := c.Consent.TCF; t != nil {
			dst = append(dst, `"tcf":{"vendorId":`...)
			dst = jsonx.AppendInt(dst, int64(t.VendorID))
			dst = append(dst, `,"purposes":[`...)
			for i, p := range t.Purposes {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = jsonx.AppendInt(dst, int64(p))
			}
			dst = append(dst, `]},`...)
		}
		dst = append(dst, `"googleConsentMode":`...)
		dst = appendBool(dst, c.Consent.GoogleConsentMode)
		dst = append(dst, '}')
	}
	dst = append(dst, `,"errorOnly":{"enabled":`...)
	dst = appendBool(dst, c.ErrorOnly.Enabled)
	dst = append(dst, `,"windowSeconds":`...)
	dst = jsonx.AppendInt(dst, int64(c.ErrorOnly.WindowSeconds))
	dst = append(dst, `},"recording":`...)
	dst = c.Recording.AppendJSON(dst)
	return append(dst, '}')
}

func appendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}
