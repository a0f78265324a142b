//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFormAssociatedCustomElements: a form-associated custom element is a
// form control the page makes (static formAssociated, ElementInternals
// setFormValue); what its shadow tree or its children show is what a
// person chose or typed — a date of birth, the chosen plan. Only the page's
// custom element registry says which elements are such controls, and
// block-list recorded their content as page text. Defined before the
// recorder ran, defined (upgraded) while it runs, or made later: none of
// their values may reach the collector; page text around them still does.
func TestFormAssociatedCustomElements(t *testing.T) {
	s := newSite(t, `{"application": "e2e", "endpoint": "/veil/collect", "recording": {"mode": "block-list"}}`)
	b := newBrowser(t)
	openRecorded(t, b, s, "/pages/form-associated.html")

	require.True(t, eval[bool](t, b, `(() => {
		const $ = (id) => document.getElementById(id);
		$('dob').value = 'CHOSEN-DAY-SECRET-5531';
		defineLate();
		$('late').value = 'LATE-FIELD-SECRET-2291';
		const made = document.createElement('date-field');
		$('later').appendChild(made);
		made.value = 'MADE-FIELD-SECRET-3382';
		const p = document.createElement('p');
		p.textContent = 'PUBLIC-FACE-LATER';
		$('later').appendChild(p);
		return $('late').shadowRoot !== null && new FormData(document.querySelector('form')).getAll('x').length === 0;
	})()`), "the page did not take the values")
	eval[bool](t, b, `veil.flush().then(() => true)`)
	eventually(t, "the later page text at the collector", func() bool { return strings.Contains(s.All(), "PUBLIC-FACE-LATER") })
	require.Equal(t, "recording", eval[status](t, b, `veil.status()`).State)

	all := s.All()
	assert.Contains(t, all, "PUBLIC-FACE-TEXT", "block-list records page text")
	leaked := countLeaks(t, s, all, "CHOSEN-DAY-SECRET-5531", "LATE-FIELD-SECRET-2291", "MADE-FIELD-SECRET-3382", "CHOSEN-PLAN-GOLD-4417")
	assert.Zero(t, leaked, "values of form-associated custom elements at the collector")
}
