package masking

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPIIAddressLines: the lines of an address after its label, the first
// one too, and everything inside an <address>, are masked in block-list
// text, each case by the page it reads; a heading and prose stay.
func TestPIIAddressLines(t *testing.T) {
	for page, secrets := range map[string][]string{
		`<address>Thistledown Farm<br>Much Wenlock</address>`:                                      {"Thistledown", "Wenlock"},
		`<address><p>Written by <a href="/a">Rosamund Pike</a></p></address>`:                      {"Rosamund", "Written"},
		`<dl><dt>Address</dt><dd>Foxglove Barn<br>Nether Wallop</dd></dl>`:                         {"Foxglove", "Wallop"},
		`<table><tr><th>Billing address</th><td>Larkspur Lodge<br>Great Snoring</td></tr></table>`: {"Larkspur", "Snoring"},
		`<p>Home address<br>Bramblewood House<br>Lower Slaughter</p>`:                              {"Bramblewood", "Slaughter"},
		`<p>Shipping to:<br>Rookery Nook<br>Upper Slaughter</p>`:                                   {"Rookery", "Slaughter"},
	} {
		t.Run(page, func(t *testing.T) {
			_, out := newPage(t, `{"mode":"block-list"}`, page+`<h2>Saved addresses</h2><p>Choose where we deliver.</p>`)
			for _, s := range secrets {
				assert.NotContains(t, out, s)
			}
			assert.Contains(t, out, "Saved addresses")
			assert.Contains(t, out, "Choose where we deliver.")
		})
	}
}
