package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// `veil serve --log-format json --metrics-addr` logs JSON lines, answers
// health on the public port and metrics only on the metrics listener.
func TestServeJSONLogsAndMetricsListener(t *testing.T) {
	t.Setenv("VEIL_KEYS", "")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int)
	go func() {
		done <- serve(ctx, []string{"--demo", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--log-format", "json",
			"--db", filepath.Join(t.TempDir(), "v.db")}, &out, &errOut)
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	}()
	public := regexp.MustCompile(`listening on (http://[0-9.:]+)`)
	metrics := regexp.MustCompile(`metrics on (http://[0-9.:]+/metrics)`)
	var base, metricsURL string
	require.Eventually(t, func() bool {
		if m := public.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		if m := metrics.FindStringSubmatch(out.String()); m != nil {
			metricsURL = m[1]
		}
		return base != "" && metricsURL != ""
	}, 10*time.Second, 10*time.Millisecond)

	code, body := get(t, base+"/healthz")
	assert.Equal(t, 200, code, body)
	code, body = get(t, base+"/readyz")
	assert.Equal(t, 200, code, body)
	code, _ = get(t, base+"/metrics")
	assert.Equal(t, 404, code, "no metrics on the public port")
	code, _ = get(t, base+"/api/apps")
	assert.Equal(t, 401, code)
	code, _ = get(t, base+"/api/openapi.json")
	assert.Equal(t, 200, code)

	code, body = get(t, metricsURL)
	require.Equal(t, 200, code)
	assert.Contains(t, body, `veil_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`)
	assert.Contains(t, body, `veil_http_requests_total{code="404",method="GET",route="unmatched"} 1`)
	assert.Contains(t, body, "# TYPE veil_ingest_duration_seconds histogram")

	var requests int
	require.Eventually(t, func() bool {
		requests = 0
		sc := bufio.NewScanner(strings.NewReader(errOut.String()))
		for sc.Scan() {
			line := sc.Text()
			var rec map[string]any
			require.NoError(t, json.Unmarshal([]byte(line), &rec), "a JSON log line: %s", line)
			if rec["msg"] == "request" {
				requests++
				assert.NotContains(t, line, "127.0.0.1")
				assert.NotContains(t, line, "/healthz", "passing health checks are not logged")
			}
		}
		return requests >= 3
	}, 5*time.Second, 10*time.Millisecond, errOut.String())
}

func TestServeRefusesAnUnknownLogFormat(t *testing.T) {
	var out, errOut syncBuffer
	code := serve(context.Background(), []string{"--demo", "--log-format", "xml", "--db", filepath.Join(t.TempDir(), "v.db")}, &out, &errOut)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut.String(), `"xml"`)
}
