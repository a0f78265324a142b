package server

import (
	"bytes"
	"context"
	"math"
	"slices"
	"time"

	"github.com/veil-replay/veil/server/settings"
)

// SettingsPoll is how often a collector asks the store whether another
// collector (on a shared PostgreSQL) changed settings or deleted an
// application: without it the change reached the others only at their
// restart, so a stricter recording rule, a removed origin or a deleted
// application went on being served by them. One query of one row a poll.
const SettingsPoll = 2 * time.Second

// reloadSettings takes up the settings changed in the store since this
// collector last looked (store.SettingsVersion): applications whose stored
// settings differ from the ones held are compiled again, those gone are
// forgotten with their live sessions, as a deletion here does. Settings
// that no longer parse (written by a newer collector) fail closed: the
// application is forgotten here until they parse, never served with the
// settings it had before.
func (s *Server) reloadSettings(ctx context.Context) error {
	v, err := s.st.SettingsVersion(ctx)
	if err != nil {
		return err
	}
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	if v == s.settingsSeen {
		return nil
	}
	all, err := s.st.AllSettings(ctx)
	if err != nil {
		return err
	}
	changed := map[string]*settings.App{}
	var gone []string
	var bad error
	for name, data := range all {
		if held := s.app(name); held != nil && bytes.Equal(held.AppendJSON(nil), data) {
			continue
		}
		app, _, err := settings.Parse(name, data)
		if err != nil {
			gone = append(gone, name)
			bad = err
			s.log.Printf("veil: settings: the stored settings of %q do not validate, its ingest and configuration are refused until they do: %v", name, err)
			continue
		}
		changed[name] = app
	}
	for _, name := range s.appNames() {
		if _, ok := all[name]; !ok {
			gone = append(gone, name)
		}
	}
	slices.Sort(gone)
	for _, name := range gone {
		s.dropApp(name)
		s.live.expire(name, time.UnixMilli(math.MaxInt64))
	}
	s.setApps(changed)
	if bad == nil {
		s.settingsSeen = v
	}
	return nil
}
