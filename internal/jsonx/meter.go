package jsonx

// Meter counts the tokens, nesting and string bytes of a JSON text written
// to it in pieces, as it is inflated, and fails the Write that takes it over
// its Budget: a body that would cost too much is refused after reading
// little more than its budget, not after inflating it whole. It counts as
// Check does for valid JSON and never fails on syntax (Parse reports that);
// for invalid text its counts are still an upper bound of what Parse could
// build. A Meter is not safe for concurrent use.
type Meter struct {
	b      Budget
	u      Usage
	depth  int
	inStr  bool
	esc    bool
	scalar bool // inside a number or a literal
}

// NewMeter returns a Meter for budget b (zero fields: no bound; Depth at
// most MaxDepth).
func NewMeter(b Budget) *Meter {
	if b.Depth <= 0 || b.Depth > MaxDepth {
		b.Depth = MaxDepth
	}
	return &Meter{b: b}
}

// Usage returns what was counted so far.
func (m *Meter) Usage() Usage { return m.u }

// Write counts p; it returns a *BudgetError, and how much of p it counted,
// when p takes the text over the budget.
func (m *Meter) Write(p []byte) (int, error) {
	for i, c := range p {
		if m.inStr {
			m.u.StringBytes++
			switch {
			case m.esc:
				m.esc = false
			case c == '\\':
				m.esc = true
			case c == '"':
				m.inStr = false
			}
			if m.b.StringBytes > 0 && m.u.StringBytes > m.b.StringBytes {
				return i, &BudgetError{What: "string bytes", Limit: m.b.StringBytes}
			}
			continue
		}
		if m.scalar && scalarByte(c) {
			continue
		}
		m.scalar = false
		switch {
		case c == '"':
			m.inStr = true
			m.u.StringBytes++
		case c == '[' || c == '{':
			m.depth++
			if m.depth > m.b.Depth {
				return i, &BudgetError{What: "depth", Limit: m.b.Depth}
			}
			m.u.Depth = max(m.u.Depth, m.depth)
		case c == ']' || c == '}':
			m.depth--
			continue
		case scalarByte(c):
			m.scalar = true
		default:
			continue // whitespace, commas, colons; anything else is Parse's to refuse
		}
		m.u.Tokens++
		if m.b.Tokens > 0 && m.u.Tokens > m.b.Tokens {
			return i, &BudgetError{What: "tokens", Limit: m.b.Tokens}
		}
	}
	return len(p), nil
}

func scalarByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '+' || c == '.'
}
