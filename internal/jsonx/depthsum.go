package jsonx

import "strconv"

// DepthMeter sums, over a JSON text's tokens, the depth each sits at (Σ
// depth: every string, every opening bracket and every comma counts the
// nesting it is in): decoding a document into a tree builds an error path
// per value that grows with its depth, so deep documents cost memory
// quadratic in their depth, which neither their size nor their token count
// shows. It reads the text in any slices; it checks nothing else (Meter and
// Parse do). With Limit > 0, Write fails with a *DepthSumError once the sum
// is over it (checked at the end of each slice). Not safe for concurrent
// use.
type DepthMeter struct {
	Limit      int64 // of the sum; 0: none
	depth, sum int64
	inStr, esc bool
}

// DepthSumError: the depth sum is over its limit.
type DepthSumError struct{ Limit int64 }

func (e *DepthSumError) Error() string {
	return "depth sum (each value's nesting depth, summed) over the limit of " + strconv.FormatInt(e.Limit, 10)
}

// Sum is the depth sum of what was written.
func (d *DepthMeter) Sum() int64 { return d.sum }

// Write counts p.
func (d *DepthMeter) Write(p []byte) (int, error) {
	for _, c := range p {
		if d.inStr {
			switch {
			case d.esc:
				d.esc = false
			case c == '\\':
				d.esc = true
			case c == '"':
				d.inStr = false
			}
			continue
		}
		switch c {
		case '"':
			d.inStr = true
			d.sum += d.depth
		case '[', '{':
			d.sum += d.depth
			d.depth++
		case ']', '}':
			d.depth--
		case ',':
			d.sum += d.depth
		}
	}
	if d.Limit > 0 && d.sum > d.Limit {
		return len(p), &DepthSumError{d.Limit}
	}
	return len(p), nil
}
