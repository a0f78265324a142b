//go:build !js

package e2e

import (
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestV5ViewerRelWords runs the viewer's prepareEvents (server/webui/js/
// prepare.js) under node on a snapshot, an added node and an attribute
// mutation: rel keeps stylesheet, alternate and icon only (any case), a rel
// with nothing left goes, and every other attribute stays as it was.
func TestV5ViewerRelWords(t *testing.T) {
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node is needed to run the viewer's prepare.js")
	script := `
import { prepareEvents } from '../server/webui/js/prepare.js';
const link = (id, rel) => ({ type: 2, id, tagName: 'link', attributes: { rel, href: 'https://x.test/' + id }, childNodes: [] });
const events = prepareEvents([
  { type: 2, data: { node: { type: 0, id: 1, childNodes: [link(2, 'preconnect'), link(3, 'Stylesheet preload'),
    link(4, 'dns-prefetch\tprefetch'), link(5, 'alternate icon'), link(6, 'modulepreload')] } } },
  { type: 3, data: { source: 0, adds: [{ parentId: 1, node: link(7, 'preconnect stylesheet') }], removes: [], texts: [],
    attributes: [{ id: 5, attributes: { rel: 'preconnect' } }, { id: 3, attributes: { rel: 'icon prerender', title: 'kept' } }] } },
]);
const rels = {};
for (const n of events[0].data.node.childNodes) rels[n.id] = n.attributes.rel === undefined ? '(none)' : n.attributes.rel;
const add = events[1].data.adds[0].node;
rels[add.id] = add.attributes.rel;
rels.mut5 = events[1].data.attributes[0].attributes.rel;
rels.mut3 = events[1].data.attributes[1].attributes.rel;
rels.title3 = events[1].data.attributes[1].attributes.title;
rels.href2 = events[0].data.node.childNodes[0].attributes.href;
process.stdout.write(JSON.stringify(rels));
`
	out, err := exec.Command(node, "--input-type=module", "-e", script).Output()
	require.NoError(t, err, "node: %s", exitStderr(err))
	var got map[string]any
	require.NoError(t, json.Unmarshal(out, &got))
	assert.Equal(t, map[string]any{
		"2": "(none)", "3": "Stylesheet", "4": "(none)", "5": "alternate icon", "6": "(none)", "7": "stylesheet",
		"mut5": nil, "mut3": "icon", "title3": "kept", "href2": "https://x.test/2",
	}, got)
}
