//go:build !js

package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKeyedFieldTypedDuringSnapshot: keys a PIN box draws itself, typed
// while a fresh snapshot is walked (a stop and start here; the page's load
// event or a refused batch start one too). The walk holds mutation records
// until it ends, so the batch that would mark the box as an editing host
// comes after the walk has read its digits: the walk must see that the
// focused element takes keys itself. A CI run once sent "4821…" of
// TestKeyedFieldsTypedText this way (a snapshot at the page's load event).
func TestKeyedFieldTypedDuringSnapshot(t *testing.T) {
	const start = `veil.stop(); veil.start();`
	// A fresh snapshot while recording (as at a page shown again from the
	// back/forward cache, or after a refused batch).
	const again = `window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));`
	for _, c := range []struct{ name, snapshot, box, after string }{
		// The first snapshot after start: input listeners come after it.
		{"start", start, "pin", ""},
		{"resnapshot", again, "pin", ""},
		// Typed where the walk has been, the focus gone after the first
		// keys, before the walk ends and the held records are applied
		// (the page's handlers draw keys sent to the box all the same).
		{"resnapshot focus gone", again, "pin0", "box.blur();"},
	} {
		t.Run(c.name, func(t *testing.T) { typeDuringSnapshot(t, c.snapshot, c.box, c.after) })
	}
}

func typeDuringSnapshot(t *testing.T, snapshot, box, after string) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/keyed-snapshot.html")

	// The field is focused; its first keys come while the walk runs, then
	// four keys a task, between the walk's slices.
	typed := eval[string](t, b, `new Promise((done) => {
		const box = document.getElementById('`+box+`').shadowRoot.getElementById('in');
		box.focus();
		const key = (k) => box.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
		veil.flush().then(() => {
			`+snapshot+`
			const keys = 'QZXWVKJQYRTPQZXWVKJY';
			let i = 0;
			const next = () => {
				if (i < keys.length) {
					for (const k of keys.slice(i, i + 4)) key(k);
					if (i === 0) {
						`+after+`
					}
					i += 4;
					setTimeout(next, 2);
				} else done(box.textContent);
			};
			setTimeout(next, 0);
		});
	})`)
	require.Equal(t, "QZXWVKJQYRTPQZXWVKJY", typed, "the page did not take the keys")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "two full snapshots at the collector", func() bool { return strings.Count(s.All(), `"type":2,`) >= 2 })

	all := s.All()
	assert.Contains(t, all, "PUBLIC-KEYED-SNAPSHOT", "block-list records page text")
	leaked := 0
	// In strings only: node ids are numbers too.
	for _, str := range jsonStrings.FindAllString(all, -1) {
		for i := 0; i+3 <= len(typed); i++ {
			if strings.Contains(str, typed[i:i+3]) {
				t.Logf("%s at the collector in %s", typed[i:i+3], str)
				logWhere(t, s, str)
				leaked++
				break
			}
		}
	}
	assert.Zero(t, leaked, "typed keys at the collector")
}

var jsonStrings = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
