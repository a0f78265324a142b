// Package auth defines the collector's access tokens, roles and the
// permission each role grants. It holds no state and is safe for concurrent
// use.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"github.com/veil-replay/veil/config"
	"slices"
	"strings"
)

// Role is what a token may do. Roles do not nest, except that admin may do
// everything but see capture-level (unmasked) content, which only
// replay-unmasked grants, and only explicitly.
type Role string

// The roles.
const (
	Replay         Role = "replay"          // replay with the playback rules (the default)
	ReplayUnmasked Role = "replay-unmasked" // also capture-level content (?unmasked=1)
	Settings       Role = "settings"        // read and change application settings
	Admin          Role = "admin"           // tokens, deletion, audit; also replay and settings
)

// Roles lists every role, for usage texts and validation.
var Roles = []Role{Replay, ReplayUnmasked, Settings, Admin}

// ParseRole validates a role name; "" is the default, replay.
func ParseRole(s string) (Role, error) {
	if s == "" {
		return Replay, nil
	}
	if slices.Contains(Roles, Role(s)) {
		return Role(s), nil
	}
	return "", errors.New("unknown role " + s + " (want replay, replay-unmasked, settings or admin)")
}

// Action is one thing the API lets a token do.
type Action int

// The actions the API checks.
const (
	ListApps      Action = iota // list applications
	ReadSessions                // list sessions and read their metadata
	ReplayMasked                // session events with the playback rules
	ReplayRaw                   // session events as captured (?unmasked=1)
	ReadSettings                // get and export settings
	WriteSettings               // put and import settings
	DeleteSession               // delete a session (data-subject request)
	ManageTokens                // list, create and revoke tokens
	ReadAudit                   // read and export the audit log
	DeleteApp                   // delete an application with all its sessions
)

var grants = map[Role][]Action{
	Replay:         {ListApps, ReadSessions, ReplayMasked},
	ReplayUnmasked: {ListApps, ReadSessions, ReplayMasked, ReplayRaw},
	Settings:       {ListApps, ReadSettings, WriteSettings},
	Admin:          {ListApps, ReadSessions, ReplayMasked, ReadSettings, WriteSettings, DeleteSession, ManageTokens, ReadAudit, DeleteApp},
}

// Can reports whether role grants action.
func (r Role) Can(a Action) bool { return slices.Contains(grants[r], a) }

// MayGrant reports whether a token of role r may create a token of role
// other through the API: r must manage tokens and be able to do everything
// other can, so no token ever hands out more than it holds. Admin therefore
// never grants replay-unmasked; such tokens come only from `veil token
// create` on the collector's own machine (which needs the database file).
func (r Role) MayGrant(other Role) bool {
	if !r.Can(ManageTokens) {
		return false
	}
	for _, a := range grants[other] {
		if !r.Can(a) {
			return false
		}
	}
	return len(grants[other]) > 0
}

// Principal is who made a request: a token's id, role and application scope.
type Principal struct {
	TokenID string
	Role    Role
	Apps    []string // application names, or ["*"] for all
	// TokenHash is the hash the token was found by: an answer that takes
	// long to read looks it up again before anything is sent, so a
	// revocation meanwhile holds.
	TokenHash string
}

// InScope reports whether p may act on application app.
func (p *Principal) InScope(app string) bool {
	return slices.Contains(p.Apps, "*") || slices.Contains(p.Apps, app)
}

// Covers reports whether every application of apps is in p's scope: a token
// may only hand out or manage scopes it holds itself.
func (p *Principal) Covers(apps []string) bool {
	if slices.Contains(p.Apps, "*") {
		return true
	}
	if slices.Contains(apps, "*") {
		return false
	}
	for _, a := range apps {
		if !p.InScope(a) {
			return false
		}
	}
	return true
}

// Prefix starts every token secret, so that a leaked one is recognisable.
const Prefix = "veil_"

// NewSecret returns a fresh token secret (32 random bytes) and its public id.
// The secret is shown once; only Hash(secret) is stored.
func NewSecret() (secret, id string, err error) {
	b := make([]byte, 32+6)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	return Prefix + base64.RawURLEncoding.EncodeToString(b[:32]), "t" + hex.EncodeToString(b[32:]), nil
}

// Hash is the stored form of a secret.
func Hash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// ParseApps splits a comma-separated scope ("shop,blog" or "*"), checking
// that "*" stands alone and that the list is not empty.
func ParseApps(s string) ([]string, error) {
	var apps []string
	for _, a := range strings.Split(s, ",") {
		if a = strings.TrimSpace(a); a != "" && !slices.Contains(apps, a) {
			apps = append(apps, a)
		}
	}
	return apps, ValidateApps(apps)
}

// ValidateApps checks a scope list.
func ValidateApps(apps []string) error {
	if len(apps) == 0 {
		return errors.New("a token needs at least one application, or * for all")
	}
	if slices.Contains(apps, "*") && len(apps) > 1 {
		return errors.New("* stands for all applications and cannot be combined with names")
	}
	for _, a := range apps {
		if a != "*" && !ValidApp(a) {
			return errors.New("bad application name " + a + " (1-64 characters of a-z 0-9 - _)")
		}
	}
	return nil
}

// ValidApp checks an application name; the rule is package config's.
func ValidApp(s string) bool { return config.ValidApplication(s) }
