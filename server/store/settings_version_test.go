package store

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Every change of settings, by any store on the database, counts once in
// the settings version: what another collector polls to reload them.
func TestSettingsVersionCountsEveryChange(t *testing.T) {
	forEachBackend(t, func(t *testing.T, f fixture) {
		version := func() int64 {
			v, err := f.s.SettingsVersion(bg)
			require.NoError(t, err)
			return v
		}
		v0 := version()
		require.NoError(t, f.s.PutSettings(bg, map[string][]byte{"shop": []byte(`{}`)}, nil))
		require.Equal(t, v0+1, version(), "a put")
		require.NoError(t, f.s.PutSettings(bg, map[string][]byte{"shop": []byte(`{"a":1}`), "blog": []byte(`{}`)}, nil))
		require.Equal(t, v0+2, version(), "an import of two, in one transaction")
		_, err := f.s.DeleteApp(bg, "shop", func(int) AuditEntry { return AuditEntry{Time: t0, Actor: "t", Action: "app.delete"} })
		require.NoError(t, err)
		require.Equal(t, v0+3, version(), "a deletion")
	})
}
