package insights

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHeatmap(t *testing.T) {
	var h Heatmap
	h.Add([]Click{
		{Page: "/a", Path: "html>body>button:nth-of-type(1)"},
		{Page: "/a", Path: "html>body>button:nth-of-type(1)", Rage: true},
		{Page: "/b", Path: "html>body>button:nth-of-type(1)", Dead: true},
		{Page: "/a", Path: "html>body>a:nth-of-type(1)", Dead: true},
	})
	assert.Equal(t, []Cell{
		{Page: "/a", Path: "html>body>button:nth-of-type(1)", Clicks: 2, Rage: 1},
		{Page: "/a", Path: "html>body>a:nth-of-type(1)", Clicks: 1, Dead: 1},
	}, h.Page("/a"))
	assert.Equal(t, []Cell{{Page: "/b", Path: "html>body>button:nth-of-type(1)", Clicks: 1, Dead: 1}}, h.Page("/b"))
	assert.Empty(t, h.Page("/c"))
}
