//go:build !js

package e2e

import (
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The viewer's rage and dead clicks at their limits (server/webui/js/
// insights.js under node): rage is 3+ clicks within 1000 ms and 30 px of the
// first, dead a click that no mutation, input or navigation answers within
// 1000 ms (a burst of them within 1000 ms and 30 px of its first counts
// once); clicks on form controls are never dead, and a click in the last
// second of a recording cannot tell.
func TestViewer2RageAndDeadClickLimits(t *testing.T) {
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is needed to run the viewer's insights")
	type click struct{ At, X, Y, ID int }
	cases := []struct {
		name       string
		clicks     []click
		answers    []int // times of mutations
		end        int
		rage, dead int
	}{
		{"three clicks within 1 s and 30 px", []click{{0, 100, 100, 4}, {400, 110, 100, 4}, {1000, 100, 130, 4}}, nil, 5000, 1, 1},
		{"third click after 1 s", []click{{0, 100, 100, 4}, {400, 100, 100, 4}, {1001, 100, 100, 4}}, nil, 5000, 0, 2},
		{"third click 31 px away", []click{{0, 100, 100, 4}, {400, 100, 100, 4}, {800, 131, 100, 4}}, nil, 5000, 0, 2},
		{"two clicks", []click{{0, 100, 100, 4}, {100, 100, 100, 4}}, nil, 5000, 0, 1},
		{"answered at 1000 ms", []click{{0, 100, 100, 4}}, []int{1000}, 5000, 0, 0},
		{"answered at 1001 ms", []click{{0, 100, 100, 4}}, []int{1001}, 5000, 0, 1},
		{"answered at once", []click{{0, 100, 100, 4}}, []int{0}, 5000, 0, 0},
		{"a form control", []click{{0, 100, 100, 6}}, nil, 5000, 0, 0},
		{"in the last second", []click{{4500, 100, 100, 4}}, nil, 5000, 0, 0},
		{"rage, the last click unanswered", []click{{0, 100, 100, 4}, {200, 100, 100, 4}, {400, 100, 100, 4}}, []int{300}, 5000, 1, 1},
		{"rage answered", []click{{0, 100, 100, 4}, {200, 100, 100, 4}, {400, 100, 100, 4}}, []int{450}, 5000, 1, 0},
		{"dead bursts apart", []click{{0, 100, 100, 4}, {1500, 100, 100, 4}}, nil, 5000, 0, 2},
		{"dead clicks far apart in space", []click{{0, 100, 100, 4}, {100, 200, 100, 4}}, nil, 5000, 0, 2},
	}
	const start = 1000
	snapshot := map[string]any{"type": 2, "timestamp": start, "data": map[string]any{"node": map[string]any{
		"type": 0, "id": 1, "childNodes": []any{map[string]any{"type": 2, "id": 2, "tagName": "body", "attributes": map[string]any{},
			"childNodes": []any{
				map[string]any{"type": 2, "id": 4, "tagName": "h2", "attributes": map[string]any{},
					"childNodes": []any{map[string]any{"type": 3, "id": 5, "textContent": "*****"}}},
				map[string]any{"type": 2, "id": 6, "tagName": "input", "attributes": map[string]any{"type": "checkbox"}, "childNodes": []any{}},
			}}}}}}
	var inputs [][]any
	for _, c := range cases {
		events := []any{map[string]any{"type": 4, "timestamp": start, "data": map[string]any{"href": "https://x.test/", "width": 800, "height": 600}}, snapshot}
		for _, k := range c.clicks {
			events = append(events, map[string]any{"type": 3, "timestamp": start + 10 + k.At,
				"data": map[string]any{"source": 2, "type": 2, "id": k.ID, "x": k.X, "y": k.Y}})
		}
		for _, a := range c.answers {
			events = append(events, map[string]any{"type": 3, "timestamp": start + 10 + a,
				"data": map[string]any{"source": 0, "adds": []any{}, "removes": []any{}, "texts": []any{}, "attributes": []any{}}})
		}
		events = append(events, map[string]any{"type": 3, "timestamp": start + 10 + c.end,
			"data": map[string]any{"source": 1, "positions": []any{}}})
		inputs = append(inputs, events)
	}
	in, err := json.Marshal(inputs)
	require.NoError(t, err)
	script := `
import { entriesOf } from '../server/webui/js/insights.js';
const cases = ` + string(in) + `;
const out = cases.map((events) => {
  events.sort((a, b) => a.timestamp - b.timestamp);
  const e = entriesOf(events, ` + "1000" + `);
  return { rage: e.filter((x) => x.kind === 'rage').length, dead: e.filter((x) => x.kind === 'dead').length };
});
process.stdout.write(JSON.stringify(out));
`
	out, err := exec.Command(node, "--input-type=module", "-e", script).Output()
	require.NoError(t, err, "node: %s", exitStderr(err))
	var got []struct{ Rage, Dead int }
	require.NoError(t, json.Unmarshal(out, &got))
	require.Len(t, got, len(cases))
	for i, c := range cases {
		assert.Equal(t, c.rage, got[i].Rage, "%s: rage clicks", c.name)
		assert.Equal(t, c.dead, got[i].Dead, "%s: dead clicks", c.name)
	}
}
