package rules

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// controlOf names every form control in any ASCII case, and nothing else:
// names one letter off, of the same lengths, or in another namespace.
func TestControlOfNames(t *testing.T) {
	want := map[string]control{"input": ownValue, "textarea": valueHost, "select": valueHost, "output": valueHost,
		"datalist": suggestions, "option": choice, "optgroup": choice, "selectedcontent": choice}
	for name, c := range want {
		for _, spelling := range []string{name, string(name[0]-'a'+'A') + name[1:]} {
			require.Equal(t, c, controlOf(&html.Node{Type: html.ElementNode, Data: spelling}), spelling)
			require.Equal(t, notControl, controlOf(&html.Node{Type: html.ElementNode, Data: spelling, Namespace: "svg"}), spelling)
		}
		require.Equal(t, notControl, controlOf(&html.Node{Type: html.ElementNode, Data: name[:len(name)-1] + "x"}), name)
	}
	for _, other := range []string{"", "div", "inputs", "span", "labels", "selectedcontents"} {
		require.Equal(t, notControl, controlOf(&html.Node{Type: html.ElementNode, Data: other}), other)
	}
}
