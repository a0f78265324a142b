package config

import (
	"slices"
	"strconv"

	"github.com/veil-replay/veil/internal/jsonx"
	"github.com/veil-replay/veil/internal/urlpattern"
	"github.com/veil-replay/veil/rules"
)

// Compiled is a validated recorder configuration with its URL patterns and
// recording rules compiled. It is immutable and safe for concurrent use.
type Compiled struct {
	config    Recorder
	recording *rules.Set
	exclude   []*urlpattern.Pattern
}

// Compile validates c and compiles it. The result keeps its own copy of c,
// so later changes to c do not affect it.
func (c *Recorder) Compile() (*Compiled, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	out := &Compiled{config: c.clone()}
	for i, p := range c.ExcludeURLs {
		where := jsonx.Index("excludeUrls", i) + " " + quote(p) + ": "
		if p == "" {
			return nil, errorf(where + "an empty pattern matches every URL; use samplePercent 0 to record nothing")
		}
		re, err := urlpattern.Compile(p)
		if err != nil {
			return nil, errorf(where + err.Error())
		}
		out.exclude = append(out.exclude, re)
	}
	set, err := rules.Compile(out.config.Recording)
	if err != nil {
		// rules.Compile errors start with the key ("mask[0] ..."), so they
		// only need the "recording." prefix to name the full path.
		if re, ok := as[*rules.Error](err); ok {
			return nil, errorf("recording." + re.Detail)
		}
		return nil, wrap(err)
	}
	out.recording = set
	return out, nil
}

func (c *Recorder) validate() error {
	if c.Application == "" {
		return errorf("application: required")
	}
	if !ValidApplication(c.Application) {
		return errorf("application " + quote(c.Application) + ": expected 1 to 64 characters from a-z, 0-9, - and _")
	}
	if c.Endpoint == "" {
		return errorf("endpoint: required")
	}
	if why := badEndpoint(c.Endpoint); why != "" {
		return errorf("endpoint " + quote(c.Endpoint) + ": " + why)
	}
	if c.SamplePercent < 0 || c.SamplePercent > 100 {
		return errorf("samplePercent: expected a whole number from 0 to 100, got " + strconv.Itoa(c.SamplePercent))
	}
	if c.PrivacySignals > IgnoreSignals {
		return errorf("privacySignals: expected honor or ignore")
	}
	if t := c.Consent.TCF; t != nil {
		if t.VendorID < 0 || t.VendorID > 1<<31-1 {
			return errorf("consent.tcf.vendorId: expected a whole number from 0 to 2147483647, got " + strconv.Itoa(t.VendorID))
		}
		if len(t.Purposes) == 0 {
			return errorf("consent.tcf.purposes: list at least one purpose (1 to 11)")
		}
		for i, p := range t.Purposes {
			if p < 1 || p > 11 {
				return errorf(jsonx.Index("consent.tcf.purposes", i) + ": expected a whole number from 1 to 11, got " + strconv.Itoa(p))
			}
			for _, q := range t.Purposes[:i] {
				if p == q {
					return errorf(jsonx.Index("consent.tcf.purposes", i) + ": purpose " + strconv.Itoa(p) + " is listed twice")
				}
			}
		}
	}
	if w := c.ErrorOnly.WindowSeconds; w < 1 || w > 300 {
		return errorf("errorOnly.windowSeconds: expected a whole number from 1 to 300, got " + strconv.Itoa(w))
	}
	return nil
}

func (c *Recorder) clone() Recorder {
	out := *c
	out.ExcludeURLs = slices.Clone(c.ExcludeURLs)
	if c.Consent.TCF != nil {
		t := *c.Consent.TCF
		t.Purposes = slices.Clone(t.Purposes)
		out.Consent.TCF = &t
	}
	return out
}

// ValidApplication reports whether s is a valid application name: 1 to 64
// characters from a-z, 0-9, - and _. The collector checks names with it too.
func ValidApplication(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func quote(s string) string { return strconv.Quote(s) }

// Config returns the configuration c was compiled from. Its slices are
// shared with c: do not modify them. Config().Recording is the same rule set
// as RecordingSet().Rules().
func (c *Compiled) Config() Recorder {
	out := c.config
	out.Recording = c.recording.Rules()
	return out
}

// RecordingSet returns the compiled recording rules.
func (c *Compiled) RecordingSet() *rules.Set { return c.recording }

// ExcludesURLs reports whether the configuration has excludeUrls patterns.
func (c *Compiled) ExcludesURLs() bool { return len(c.exclude) > 0 }

// Excluded reports whether any excludeUrls pattern matches within url (an
// unanchored RE2 search, as regexp.MatchString: anchor with ^ and $; see
// package urlpattern for the syntax and its limits).
func (c *Compiled) Excluded(url string) bool {
	for _, re := range c.exclude {
		if re.MatchString(url) {
			return true
		}
	}
	return false
}
