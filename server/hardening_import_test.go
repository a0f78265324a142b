package server

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// tinyApps is an import body of about size bytes naming one application a
// member, each with the settings 0.
func tinyApps(size int) string {
	var b strings.Builder
	b.WriteString(`{"apps":{`)
	for i := 0; b.Len() < size-16; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"a%x":0`, i)
	}
	b.WriteString(`}}`)
	return b.String()
}

// An import names at most MaxApps applications: counted as its members are
// read, so that one over is refused before the rest are held. A body of
// MaxAPIBody naming 400,000 applications was decoded into a map first
// (77 MiB allocated, 46 MiB of it live) and refused (409) only then, and a
// refused import costs its token nothing. At the limit the import goes on
// (and each member is then checked); one over is refused naming the limit.
func TestImportCountsItsApplicationsAsItReadsThem(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Settings.Apps = 3 })
	for _, tc := range []struct {
		name, body string
		code       int
		says       string
	}{
		{"at the limit", `{"apps":{"shop":0,"a2":0,"a3":0}}`, http.StatusBadRequest, "apps.a2: "},
		{"one over", `{"apps":{"a1":0,"a2":0,"a3":0,"a4":0}}`, http.StatusConflict, "more than 3 applications"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do("POST", "/api/settings/import", e.admin, tc.body)
			require.Equal(t, tc.code, code, body)
			require.Contains(t, body, tc.says)
		})
	}

	body := tinyApps(MaxAPIBody)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	code, answer := e.do("POST", "/api/settings/import", e.admin, body)
	runtime.ReadMemStats(&after)
	require.Equal(t, http.StatusConflict, code, answer)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("a refused import of %d bytes allocated %d bytes", len(body), allocated)
	require.Less(t, allocated, uint64(8*MaxAPIBody), "allocated while refusing it (client and server)")
}
