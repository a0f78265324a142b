package masking

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/rules"
)

const ordersPage = `<main><section class="orders" title="Orders of Jane"><h3>Orders</h3>` +
	`<p>Order 48213 for Jane</p><img src="/u/jane.png" width="64" height="48">` +
	`<input type="checkbox" checked></section><footer>Footer</footer></main>`

// recordOrders records ordersPage as a block-list recorder would: text in clear.
func recordOrders(t *testing.T) []capture.Event {
	t.Helper()
	batch, err := capture.FromHTML(strings.NewReader(ordersPage), "https://shop.example/account", 5)
	require.NoError(t, err)
	set, err := rules.Compile(rules.MaskUserInput())
	require.NoError(t, err)
	events, err := NewSession(set).Write(batch)
	require.NoError(t, err)
	require.Contains(t, string(capture.AppendEvents(nil, events)), "Order 48213 for Jane")
	return events
}

func blockOrders(t *testing.T) *rules.Set {
	t.Helper()
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList, Block: []string{".orders"}})
	require.NoError(t, err)
	return set
}

// An element blocked only at playback has no measured size: it keeps its
// subtree, masked as blocked content, so its box holds in the replay.
func TestReplayBlockedOnlyAtPlaybackKeepsMaskedSubtree(t *testing.T) {
	out, err := Replay(blockOrders(t), recordOrders(t))
	require.NoError(t, err)
	js := string(capture.AppendEvents(nil, out))
	for _, secret := range []string{"Jane", "48213", "Orders", "jane.png", `"checked"`} {
		assert.NotContains(t, js, secret)
	}
	assert.Contains(t, js, `"needBlock":true`, "the viewer draws the placeholder over it")
	assert.Contains(t, js, `"textContent":"***** ***** *** ****"`, "text keeps its length as '*'")
	assert.Contains(t, js, `"tagName":"img","attributes":{"width":"64","height":"48"}`, "media keep their size, not their source")
	assert.Contains(t, js, `"textContent":"Footer"`, "outside the block nothing changes")
}

// While recording, a blocked element never sends its subtree, measured or
// not: only the placeholder leaves the page.
func TestRecordingBlockedElementSendsNoSubtree(t *testing.T) {
	batch, err := capture.FromHTML(strings.NewReader(ordersPage), "https://shop.example/account", 5)
	require.NoError(t, err)
	events, err := NewSession(blockOrders(t)).Write(batch)
	require.NoError(t, err)
	js := string(capture.AppendEvents(nil, events))
	assert.Contains(t, js, `"needBlock":true`)
	assert.NotContains(t, js, "*****", "no masked text of the blocked subtree")
	assert.NotContains(t, js, `"tagName":"h3"`, "no element of the blocked subtree")
}

// Later changes inside an element blocked only at playback stay masked: a
// text change arrives as '*', an input on a control in it not at all.
func TestReplayBlockedOnlyAtPlaybackMasksLaterChanges(t *testing.T) {
	batch, err := capture.FromHTML(strings.NewReader(ordersPage), "https://shop.example/account", 5)
	require.NoError(t, err)
	set, err := rules.Compile(rules.MaskUserInput())
	require.NoError(t, err)
	rec := NewSession(set)
	events, err := rec.Write(batch)
	require.NoError(t, err)
	w := capture.NewWriter(10)
	w.Text(10, "Order 99999 for John")
	w.MutationEnd(10)
	w.Input(11, 12, "", false)
	require.NoError(t, w.Err())
	later, err := rec.Write(w.Bytes())
	require.NoError(t, err)
	require.Contains(t, string(capture.AppendEvents(nil, later)), "Order 99999 for John", "recorded in clear")
	require.Contains(t, string(capture.AppendEvents(nil, later)), `"source":5`, "and the input recorded")

	out, err := Replay(blockOrders(t), append(events, later...))
	require.NoError(t, err)
	js := string(capture.AppendEvents(nil, out))
	assert.NotContains(t, js, "John")
	assert.NotContains(t, js, "99999")
	assert.Contains(t, js, `"texts":[{"id":10,"value":"***** ***** *** ****"}]`)
	assert.NotContains(t, js, `"source":5`, "no input event from inside the block")
}

// A placeholder the recording rules made inside an element blocked only at
// playback keeps its measured size there, so the outer box holds.
func TestReplayBlockedOnlyAtPlaybackKeepsInnerPlaceholderSize(t *testing.T) {
	w := capture.NewWriter(5)
	w.SnapshotStart(5, "https://shop.example/account", 1280, 800, 0, 0)
	w.Node(1, 0, 0, &capture.NodeData{Kind: capture.KindDocument})
	w.Node(2, 1, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "html"})
	w.Node(3, 2, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "body"})
	w.Node(4, 3, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "section", Attrs: []html.Attribute{{Key: "class", Val: "orders"}}})
	w.Node(5, 4, 0, &capture.NodeData{Kind: capture.KindElement, Tag: "div", Attrs: []html.Attribute{{Key: "class", Val: "chat"}},
		Width: 200, Height: 120})
	w.Node(6, 5, 0, &capture.NodeData{Kind: capture.KindText, Data: "Agent Mia"})
	w.SnapshotEnd(5)
	require.NoError(t, w.Err())
	set, err := rules.Compile(rules.Rules{Mode: rules.ModeBlockList, Block: []string{".chat"}})
	require.NoError(t, err)
	recorded, err := NewSession(set).Write(w.Bytes())
	require.NoError(t, err)
	require.Contains(t, string(capture.AppendEvents(nil, recorded)), `"rr_width":"200px"`, "the recording blocked the chat")

	out, err := Replay(blockOrders(t), recorded)
	require.NoError(t, err)
	js := string(capture.AppendEvents(nil, out))
	assert.Contains(t, js, `"class":"chat","data-veil-block":"","rr_width":"200px","rr_height":"120px"`)
	assert.NotContains(t, js, "Agent")
}
