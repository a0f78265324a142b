package insights

// Cell is the clicks on one element of one page: the unit a heatmap shows.
type Cell struct {
	Page, Path         string
	Clicks, Rage, Dead int
}

// Heatmap sums clicks by page and element. The zero value is empty and
// ready; it is not safe for concurrent use.
type Heatmap struct {
	cells map[[2]string]*Cell
	order [][2]string
}

// MaxCells bounds a Heatmap; clicks on further elements are not counted.
const MaxCells = 50_000

// Add counts clicks.
func (h *Heatmap) Add(clicks []Click) {
	if h.cells == nil {
		h.cells = map[[2]string]*Cell{}
	}
	for _, c := range clicks {
		k := [2]string{c.Page, c.Path}
		cell := h.cells[k]
		if cell == nil {
			if len(h.cells) >= MaxCells {
				continue
			}
			cell = &Cell{Page: c.Page, Path: c.Path}
			h.cells[k], h.order = cell, append(h.order, k)
		}
		cell.Clicks++
		if c.Rage {
			cell.Rage++
		}
		if c.Dead {
			cell.Dead++
		}
	}
}

// Page returns the cells of one page, in the order their elements were
// first clicked.
func (h *Heatmap) Page(page string) []Cell {
	var out []Cell
	for _, k := range h.order {
		if k[0] == page {
			out = append(out, *h.cells[k])
		}
	}
	return out
}
