//go:build !js

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// describeJS lists what the fidelity test compares of a document's body:
// elements as "depth tag" in document order, page text, and the values of
// text controls. Script elements are left out because Veil never records
// them; text inside textarea, select and style is a control value or CSS,
// not page text.
const describeJS = `(doc) => {
	const out = { elements: [], texts: [], values: [], options: [] };
	const walk = (n, depth) => {
		for (let c = n.firstChild; c; c = c.nextSibling) {
			if (c.nodeType === 1) {
				const tag = c.localName;
				if (tag === 'script') continue;
				out.elements.push(depth + ' ' + tag);
				if (tag === 'input' && !['checkbox', 'radio', 'button', 'submit'].includes(c.type) || tag === 'textarea') {
					out.values.push({ id: c.id, value: c.value });
				}
				if (tag === 'option') out.options.push(c.textContent);
				if (tag === 'textarea' || tag === 'style' || tag === 'option') {
					for (const k of c.querySelectorAll('*')) out.elements.push((depth + 1) + ' ' + k.localName);
					continue;
				}
				walk(c, depth + 1);
			} else if (c.nodeType === 3) {
				out.texts.push(c.data);
			}
		}
	};
	walk(doc.body, 0);
	return out;
}`

type domDescription struct {
	Elements []string `json:"elements"`
	Texts    []string `json:"texts"`
	Values   []struct {
		ID    string `json:"id"`
		Value string `json:"value"`
	} `json:"values"`
	Options []string `json:"options"`
}

// A realistic page, recorded with mask-all while a person types and the
// page changes, then rebuilt by rrweb's Replayer: the replay must have the
// same elements, the page text masked at its length, and every value as
// the fixed mask.
func TestReplayFidelity(t *testing.T) {
	s := newPagesSite(t, maskAll)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+"/fidelity/shop.html"))
	b.waitFor(t, `window.veil && veil.status().state === "recording"`)
	eventually(t, "a full snapshot at the collector", func() bool {
		return strings.Contains(s.All(), `"type":2,`)
	})
	b.do(t,
		chromedp.SendKeys("#street", "12 Rue de la Paix"),
		chromedp.Click("#gift"),
		chromedp.Click("#exp"),
	)
	require.True(t, eval[bool](t, b, `interact()`))
	b.do(t, chromedp.SendKeys("#notes", " Code 1234"))
	b.do(t, chromedp.Click("#place"))
	eval[bool](t, b, `veil.flush().then(() => true)`)
	// Three clicks were made (gift, express, place order); the last one
	// arriving means everything before it has.
	eventually(t, "the three clicks at the collector", func() bool {
		return len(clicks(t, collectedEvents(t, s))) >= 3
	})
	original := eval[domDescription](t, b, `(`+describeJS+`)(document)`)
	require.Greater(t, len(original.Elements), 60, "elements on the shop page")

	events := eventsInSeqOrder(t, s) // batches may arrive out of order; the collector stores them by seq
	require.NotEmpty(t, events)

	payload, err := json.Marshal(events)
	require.NoError(t, err)
	b.do(t, chromedp.Navigate(s.URL+"/fidelity/replay.html"))
	b.waitFor(t, `typeof window.rrweb === "object" && typeof window.replay === "function"`)
	require.True(t, eval[bool](t, b, `replay(`+string(payload)+`)`))
	replayed := eval[domDescription](t, b, `(`+describeJS+`)(window.replayedDocument)`)

	assert.Equal(t, len(original.Elements), len(replayed.Elements), "element count")
	assert.Equal(t, original.Elements, replayed.Elements, "element tree (depth and tag)")

	require.Equal(t, len(original.Texts), len(replayed.Texts), "text node count")
	for i, text := range original.Texts {
		assert.Equal(t, maskedLike(text), replayed.Texts[i], "text %d %q", i, text)
	}
	require.Equal(t, len(original.Values), len(replayed.Values), "text controls")
	for i, v := range original.Values {
		want := ""
		if v.Value != "" {
			want = "*****"
		}
		assert.Equal(t, want, replayed.Values[i].Value, "value of #%s (%q)", v.ID, v.Value)
	}
	require.Equal(t, len(original.Options), len(replayed.Options), "options")
	for i := range replayed.Options {
		assert.Equal(t, "*****", replayed.Options[i], "option %d", i)
	}
}

// maskedLike is text as Veil masks page text: every code point that is not
// whitespace becomes '*', so length and line breaks survive.
func maskedLike(text string) string {
	var sb strings.Builder
	for _, r := range text {
		if unicode.IsSpace(r) {
			sb.WriteRune(r)
		} else {
			sb.WriteByte('*')
		}
	}
	return sb.String()
}
