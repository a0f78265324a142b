package config

import "github.com/veil-replay/veil/rules"

// Recorder is the recorder configuration as data. Parse returns a validated
// one; one built with New or by hand is validated by Compile. A zero Recorder
// is invalid (no application or endpoint) and would sample 0 %, which records
// nothing. It is not safe to modify while another goroutine reads it.
type Recorder struct {
	Application    string // 1-64 characters from a-z, 0-9, - and _
	Endpoint       string // absolute http(s) URL, or a path starting with "/"
	OptIn          bool   // record only after veil.optIn()
	SamplePercent  int    // share of sessions recorded, 0-100
	PrivacySignals PrivacySignals
	ExcludeURLs    []string // RE2 patterns searched in the full page URL; nil when empty
	Consent        Consent
	ErrorOnly      ErrorOnly
	Recording      rules.Rules // default mask-all (the zero Rules)
}

// PrivacySignals says whether Do Not Track and Global Privacy Control stop
// recording.
type PrivacySignals uint8

const (
	// HonorSignals: DNT or GPC stops recording, even after optIn(). The
	// zero value.
	HonorSignals PrivacySignals = iota
	// IgnoreSignals: the site has its own legal basis and ignores them.
	IgnoreSignals
)

// String returns the JSON word: "honor" or "ignore".
func (p PrivacySignals) String() string {
	switch p {
	case HonorSignals:
		return "honor"
	case IgnoreSignals:
		return "ignore"
	}
	return "invalid"
}

// Consent selects consent-banner adapters. The zero value uses none.
type Consent struct {
	TCF               *TCF // IAB TCF v2 adapter; nil when not used
	GoogleConsentMode bool // follow Google Consent Mode's analytics_storage
}

// TCF is the IAB Transparency and Consent Framework adapter: recording needs
// consent for every listed purpose (and for the vendor, unless VendorID is 0).
type TCF struct {
	VendorID int   // IAB vendor id, 0 for none
	Purposes []int // TCF purposes 1-11; JSON default [1]
}

// ErrorOnly keeps a rolling buffer and sends it only when an error happens.
type ErrorOnly struct {
	Enabled       bool
	WindowSeconds int // 1-300; JSON default 30
}

// New returns a Recorder with the documented defaults: opt-out, 100 %
// sampled, privacy signals honoured, mask-all recording rules.
func New(application, endpoint string) *Recorder {
	return &Recorder{
		Application:   application,
		Endpoint:      endpoint,
		SamplePercent: 100,
		ErrorOnly:     ErrorOnly{WindowSeconds: 30},
	}
}
