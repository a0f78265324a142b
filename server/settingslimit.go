package server

import (
	"cmp"
	"net/http"
	"strconv"
)

// Bounds of the applications' settings. The collector holds every
// application's settings compiled in memory, from its start on (measured:
// 2.8 KiB for the smallest settings, 5 MiB for a document of
// settings.MaxBytes full of selectors, 25 to 50 bytes of heap a byte of
// settings), and a settings token could otherwise create applications
// without end.
const (
	// MaxApps bounds the applications: a PUT or an import that would
	// create more is refused 409.
	MaxApps = 1000
	// MaxAllSettingsBytes bounds the settings of all applications together
	// (their canonical JSON, as GET answers it): a PUT or an import that
	// would take them over is refused 413.
	MaxAllSettingsBytes = 4 << 20
)

// SettingsLimits lowers MaxApps and MaxAllSettingsBytes (tests); zero
// fields take the constants.
type SettingsLimits struct {
	Apps  int
	Bytes int
}

// settingsFit reports whether storing puts (settings by application, new
// or replacing) keeps all applications within the bounds: 0, or the status
// and a message naming the bound. The caller holds s.settingsMu, so that
// two writes cannot both fit alone and exceed together.
func (s *Server) settingsFit(puts map[string][]byte) (int, string) {
	maxApps, maxBytes := s.settingsLimits()
	s.appsMu.RLock()
	apps, total := len(s.apps), 0
	for name, a := range s.apps {
		if _, replaced := puts[name]; !replaced {
			total += len(a.AppendJSON(nil))
		}
	}
	for name, b := range puts {
		if s.apps[name] == nil {
			apps++
		}
		total += len(b)
	}
	s.appsMu.RUnlock()
	if apps > maxApps {
		return http.StatusConflict, "this would make " + strconv.Itoa(apps) + " applications, over the limit of " + strconv.Itoa(maxApps)
	}
	if total > maxBytes {
		return http.StatusRequestEntityTooLarge, "the settings of all applications would hold " + strconv.Itoa(total) +
			" bytes, over the limit of " + strconv.Itoa(maxBytes)
	}
	return 0, ""
}

// settingsLimits returns MaxApps and MaxAllSettingsBytes as Options lower
// them.
func (s *Server) settingsLimits() (apps, bytes int) {
	return cmp.Or(s.opt.Settings.Apps, MaxApps), cmp.Or(s.opt.Settings.Bytes, MaxAllSettingsBytes)
}
