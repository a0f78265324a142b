// Package settings is one application's collector settings: the recorder
// configuration served to pages (package config), the playback rules that
// stay on the server (package rules), the origins allowed to send and the
// retention. Parse validates strictly; an App is immutable and safe for
// concurrent use.
package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/veil-replay/veil/config"
	"github.com/veil-replay/veil/internal/jsonx"
	"github.com/veil-replay/veil/rules"
)

// MaxRetentionDays is both the default and the maximum retention.
const MaxRetentionDays = 35

// MaxBytes bounds one application's settings document.
const MaxBytes = 256 << 10

// App is one application's validated settings.
type App struct {
	Name           string
	Recorder       *config.Recorder
	Playback       rules.Rules
	AllowedOrigins []string // "scheme://host[:port]", lower case
	RetentionDays  int

	compiled *config.Compiled
	playback *rules.Set
}

type doc struct {
	Recorder       json.RawMessage `json:"recorder"`
	Playback       json.RawMessage `json:"playback"`
	AllowedOrigins []string        `json:"allowedOrigins"`
	RetentionDays  *int            `json:"retentionDays"`
}

// Parse reads the settings of application name:
//
//	{"recorder": {...config...}, "playback": {...rules...},
//	 "allowedOrigins": ["https://shop.example"], "retentionDays": 35}
//
// recorder is required and its application must be name; playback defaults
// to the recording rules; retentionDays defaults to, and may not exceed, 35.
// Unknown keys are errors. When the playback rules are not known to be at
// least as strict as the recording rules, playback is raised to the recording
// rules and notes says so: what recording hides, playback never shows.
func Parse(name string, data []byte) (app *App, notes []string, err error) {
	if len(data) > MaxBytes {
		return nil, nil, fmt.Errorf("settings: %d bytes, over the limit of %d", len(data), MaxBytes)
	}
	if _, err := jsonx.Parse(data); err != nil { // rejects duplicate keys, which encoding/json lets through
		return nil, nil, errors.New("settings: " + err.Error())
	}
	var d doc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, nil, errors.New("settings: " + err.Error())
	}
	if len(d.Recorder) == 0 || string(d.Recorder) == "null" {
		return nil, nil, errors.New("settings: recorder: required (the recorder configuration served to pages)")
	}
	rec, err := config.Parse(d.Recorder)
	if err != nil {
		return nil, nil, errors.New("settings: recorder: " + strings.TrimPrefix(err.Error(), "config: "))
	}
	if rec.Application != name {
		return nil, nil, fmt.Errorf("settings: recorder.application is %q, but these are the settings of %q", rec.Application, name)
	}
	compiled, err := rec.Compile()
	if err != nil {
		return nil, nil, errors.New("settings: recorder: " + err.Error())
	}
	app = &App{Name: name, Recorder: rec, compiled: compiled, RetentionDays: MaxRetentionDays}
	app.Playback = rec.Recording
	if len(d.Playback) > 0 && string(d.Playback) != "null" {
		if app.Playback, err = rules.Parse(d.Playback); err != nil {
			return nil, nil, errors.New("settings: playback: " + strings.TrimPrefix(err.Error(), "rules: "))
		}
	}
	if app.playback, err = rules.Compile(app.Playback); err != nil {
		return nil, nil, errors.New("settings: playback: " + err.Error())
	}
	if !app.playback.Stricter(compiled.RecordingSet()) {
		app.Playback, app.playback = rec.Recording, compiled.RecordingSet()
		notes = append(notes, "playback rules were looser than the recording rules; playback was raised to the recording rules")
	}
	if d.RetentionDays != nil {
		if *d.RetentionDays < 1 || *d.RetentionDays > MaxRetentionDays {
			return nil, nil, fmt.Errorf("settings: retentionDays: %d is outside 1-%d", *d.RetentionDays, MaxRetentionDays)
		}
		app.RetentionDays = *d.RetentionDays
	}
	for i, o := range d.AllowedOrigins {
		norm, err := origin(o)
		if err != nil {
			return nil, nil, fmt.Errorf("settings: allowedOrigins[%d] %q: %v", i, o, err)
		}
		app.AllowedOrigins = append(app.AllowedOrigins, norm)
	}
	return app, notes, nil
}

// origin normalises a browser Origin value; paths, credentials, queries and
// wildcards are refused (an origin list is an allow list).
func origin(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("expected scheme://host[:port] with http or https")
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.Contains(u.Host, "*") {
		return "", errors.New("an origin is only scheme://host[:port]: no path, credentials, query or wildcard")
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// Compiled returns the compiled recorder configuration.
func (a *App) Compiled() *config.Compiled { return a.compiled }

// RecordingSet returns the compiled recording rules, for masking at ingest.
func (a *App) RecordingSet() *rules.Set { return a.compiled.RecordingSet() }

// PlaybackSet returns the compiled playback rules.
func (a *App) PlaybackSet() *rules.Set { return a.playback }

// AllowsOrigin reports whether a browser Origin may send to this application.
func (a *App) AllowsOrigin(o string) bool {
	o = strings.ToLower(o)
	for _, x := range a.AllowedOrigins {
		if x == o {
			return true
		}
	}
	return false
}

// RecorderJSON is what /veil/config.json serves: the recorder configuration
// only, never the playback rules.
func (a *App) RecorderJSON() []byte { return a.Recorder.AppendJSON(nil) }

// AppendJSON appends the canonical settings document; Parse reads it back to
// equal settings.
func (a *App) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"recorder":`...)
	dst = a.Recorder.AppendJSON(dst)
	dst = append(dst, `,"playback":`...)
	dst = a.Playback.AppendJSON(dst)
	dst = append(dst, `,"allowedOrigins":[`...)
	for i, o := range a.AllowedOrigins {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonx.AppendString(dst, o)
	}
	dst = append(dst, `],"retentionDays":`...)
	dst = jsonx.AppendInt(dst, int64(a.RetentionDays))
	return append(dst, '}')
}
