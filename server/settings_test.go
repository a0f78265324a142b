package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-replay/veil/rules"
	"github.com/veil-replay/veil/server/auth"
)

func TestSettingsExportImportRoundTrip(t *testing.T) {
	staging := newEnv(t)
	staging.putSettings("shop", `{"recorder":{"application":"shop","endpoint":"https://collect.example/veil/ingest","optIn":true,
		"samplePercent":25,"excludeUrls":["/admin"],"recording":{"mode":"block-list","mask":[".price"]}},
		"playback":{"mode":"block-list","mask":[".price"],"block":[".chat"]},"allowedOrigins":["https://Shop.example"],"retentionDays":14}`)
	staging.putSettings("blog", `{"recorder":{"application":"blog","endpoint":"/veil/ingest"}}`)
	code, exported := staging.do("GET", "/api/settings/export", staging.admin, "")
	require.Equal(t, 200, code, exported)

	prod := newEnv(t)
	code, body := prod.do("POST", "/api/settings/import", prod.token(auth.Settings, "*"), exported)
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"imported":["blog","shop"]`)
	code, again := prod.do("GET", "/api/settings/export", prod.admin, "")
	require.Equal(t, 200, code)
	assert.JSONEq(t, exported, again)
	assert.Contains(t, again, `"https://shop.example"`, "origins are normalised")
	assert.Contains(t, again, `"retentionDays":14`)

	code, body = prod.do("POST", "/api/settings/import", prod.admin, `{"apps":{"shop":{"recorder":{"application":"shop","endpoint":"/x"}},"blog":{"recorder":{"application":"nope","endpoint":"/x"}}}}`)
	assert.Equal(t, 400, code, body)
	code, after := prod.do("GET", "/api/settings/export", prod.admin, "")
	require.Equal(t, 200, code)
	assert.JSONEq(t, exported, after, "a failed import changes nothing")
}

func TestSettingsValidation(t *testing.T) {
	e := newEnv(t)
	cases := []struct{ name, doc, msg string }{
		{"unknown key", `{"recorder":{"application":"shop","endpoint":"/x"},"colour":1}`, "unknown field"},
		{"duplicate key", `{"recorder":{"application":"shop","endpoint":"/x"},"retentionDays":3,"retentionDays":4}`, "duplicate"},
		{"no recorder", `{"retentionDays":3}`, "recorder: required"},
		{"playback inside recorder", `{"recorder":{"application":"shop","endpoint":"/x","playback":{}}}`, "playback rules live on the server only"},
		{"other application", `{"recorder":{"application":"blog","endpoint":"/x"}}`, "these are the settings of"},
		{"bad selector", `{"recorder":{"application":"shop","endpoint":"/x","recording":{"mode":"block-list","mask":["p:hover"]}}}`, "hover"},
		{"bad playback", `{"recorder":{"application":"shop","endpoint":"/x"},"playback":{"mode":"nope"}}`, "playback"},
		{"origin with path", `{"recorder":{"application":"shop","endpoint":"/x"},"allowedOrigins":["https://a.example/x"]}`, "allowedOrigins[0]"},
		{"wildcard origin", `{"recorder":{"application":"shop","endpoint":"/x"},"allowedOrigins":["https://*.example"]}`, "allowedOrigins[0]"},
		{"retention zero", `{"recorder":{"application":"shop","endpoint":"/x"},"retentionDays":0}`, "retentionDays"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := e.do("PUT", "/api/apps/shop/settings", e.admin, c.doc)
			assert.Equal(t, 400, code, body)
			assert.Contains(t, body, c.msg)
		})
	}
}

func TestStricterRecordingRaisesPlayback(t *testing.T) {
	e := newEnv(t)
	code, body := e.do("PUT", "/api/apps/shop/settings", e.admin, `{"recorder":{"application":"shop","endpoint":"/x","recording":{"mode":"mask-all"}},
		"playback":{"mode":"block-list"}}`)
	require.Equal(t, 200, code, body)
	var ans struct {
		Settings struct {
			Playback struct{ Mode string }
		}
		Notes []string
	}
	require.NoError(t, json.Unmarshal([]byte(body), &ans))
	assert.Equal(t, "mask-all", ans.Settings.Playback.Mode)
	require.Len(t, ans.Notes, 1)
	assert.Contains(t, ans.Notes[0], "raised")
	rows := e.auditLog()
	last := rows[len(rows)-1]
	assert.Equal(t, "settings.put", last.Action)
	assert.Contains(t, mustJSON(last.Detail["notes"]), "raised")
}

func TestPlaybackMasking(t *testing.T) {
	e := newEnv(t)
	e.putSettings("shop", `{"recorder":{"application":"shop","endpoint":"/x","recording":{"mode":"block-list"}},
		"playback":{"mode":"block-list","mask":["#msg"],"block":[".added-zq9x"]},"allowedOrigins":["https://shop.example"]}`)
	rec := record(t, rules.Rules{Mode: rules.ModeBlockList})
	s := sid("playback")
	for i, b := range rec {
		e.sendBatch("shop", s, i, b)
	}
	code, masked := e.do("GET", "/api/sessions/"+s+"/events", e.token(auth.Replay, "shop"), "")
	require.Equal(t, 200, code, masked)
	code, raw := e.do("GET", "/api/sessions/"+s+"/events?unmasked=1", e.token(auth.ReplayUnmasked, "shop"), "")
	require.Equal(t, 200, code, raw)
	assert.Contains(t, raw, "Jane Roe ordered twice", "recording allowed page text")
	assert.Contains(t, raw, "3 items for Jane")
	assert.NotContains(t, masked, "Jane Roe ordered twice", "playback masks what recording allowed")
	assert.NotContains(t, masked, "3 items for Jane", "blocked at playback")
	assert.Contains(t, masked, "cart-zq9x-secretclass")
	var evs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(masked), &evs))
	assert.NotEmpty(t, evs)
	assert.False(t, strings.Contains(raw, "jane.roe@mail.example"), "input values were masked by the recorder")
}
