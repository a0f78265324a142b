package capture

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// labelsOf snapshots page and returns the LabelAttr of each element that
// has one, by its id.
func labelsOf(t *testing.T, page string) map[string]string {
	t.Helper()
	batch, err := FromHTML(strings.NewReader(page), "https://x.test/", 0)
	require.NoError(t, err)
	out := map[string]string{}
	for _, op := range readAll(t, batch) {
		if op.Kind != OpNode || op.Node.Kind != KindElement {
			continue
		}
		id, label, has := "", "", false
		for _, a := range op.Node.Attrs {
			switch a.Key {
			case "id":
				id = a.Val
			case LabelAttr:
				label, has = a.Val, true
			}
		}
		if has {
			out[id] = label
		}
	}
	return out
}

// TestFromHTMLReportsForLabels: a control named by <label for> elsewhere
// gets LabelAttr, as the recorder writes it from control.labels: every
// such label's text in tree order, not a label that holds the control,
// not a hidden input's, not where the id's first element is another; and
// the text of the elements aria-labelledby names.
func TestFromHTMLReportsForLabels(t *testing.T) {
	got := labelsOf(t, `<form>
		<label for="a">Card <b>verification</b></label><input id="a">
		<label for="b">First</label><textarea id="b"></textarea><label for="b">second</label>
		<label for="c">Wraps <input id="c"></label>
		<label for="d">Hidden</label><input id="d" type="HIDDEN">
		<label for="e">Dup</label><span id="e"></span><input id="e">
		<label for="f">Expiry<template>not shown</template></label><select id="f"></select>
		<label for="g">`+strings.Repeat("x", MaxLabelUnits-1)+"😀"+`</label><input id="g">
		<label>No for</label><input id="h">
		<label for="i"></label><input id="i">
		<span id="r1">One-time</span><input id="j" aria-labelledby=" r1	r2 missing r1"><b id="r2">code</b>
		<label for="k">Card</label><input id="k" aria-labelledby="r2">
		<input id="l" type="hidden" aria-labelledby="r1"><input id="m" aria-labelledby="">
		<label for="">Empty</label><input id="">
	</form>`)
	assert.Equal(t, map[string]string{
		"a": "Card verification",
		"b": "First second",
		"f": "Expiry",
		"g": strings.Repeat("x", MaxLabelUnits-1), // the pair would not fit: cut before it
		"i": "",
		"j": "One-time code One-time", // aria-labelledby, in the attribute's order
		"k": "Card code",              // the labels first
	}, got)
}
