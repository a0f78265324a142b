package server

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/veil-replay/veil/server/auth"
	"github.com/veil-replay/veil/server/settings"
	"github.com/veil-replay/veil/server/store"
)

// DemoApp is the application name of the demo site.
const DemoApp = "demo"

// InstallDemo prepares `make demo`: it stores the settings in
// dir/settings.json as application "demo" (audited, actor "demo"), as a
// privacy team would through the API, and creates an admin token for all
// applications, whose secret it returns. Call it once after New.
func (s *Server) InstallDemo(ctx context.Context, dir string) (adminSecret string, err error) {
	data, err := os.ReadFile(filepath.Join(dir, "settings.json"))
	if err != nil {
		return "", errors.New("demo site: " + err.Error())
	}
	app, notes, err := settings.Parse(DemoApp, data)
	if err != nil {
		return "", errors.New("demo site: " + err.Error())
	}
	if len(notes) > 0 {
		return "", errors.New("demo site: the playback rules must be at least as strict as the recording rules")
	}
	entry := s.settingsAudit("demo", "settings.put", DemoApp, app, nil)
	if err := s.st.PutSettings(ctx, map[string][]byte{DemoApp: app.AppendJSON(nil)}, []store.AuditEntry{entry}); err != nil {
		return "", err
	}
	s.setApps(map[string]*settings.App{DemoApp: app})
	secret, _, err := CreateToken(ctx, s.st, "demo", auth.Admin, []string{"*"}, "make demo", s.opt.Now())
	return secret, err
}
