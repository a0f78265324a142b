package urlpattern

import "unicode/utf8"

type assertion uint8

const (
	beginLine assertion = 1 << iota
	endLine
	beginText
	endText
	wordBoundary
	noWordBoundary
)

type opcode uint8

const (
	opRunes opcode = iota
	opAssert
	opSplit // to out and alt
	opJump  // to out
	opMatch
)

type inst struct {
	op     opcode
	assert assertion
	out    int
	alt    int
	runes  []rune
}

// Pattern is a compiled URL pattern.
type Pattern struct {
	src  string
	prog []inst // prog[0] is the start
}

// Compile parses an RE2 pattern (see the package doc for what is accepted).
func Compile(src string) (*Pattern, error) {
	n, err := parse(src)
	if err != nil {
		return nil, err
	}
	c := &compiler{}
	start := c.emit(inst{op: opJump})
	end, err := c.node(n, start)
	if err != nil {
		return nil, err
	}
	c.prog[end].out = len(c.prog)
	c.emit(inst{op: opMatch})
	return &Pattern{src: src, prog: c.prog}, nil
}

// String returns the source of the pattern.
func (p *Pattern) String() string { return p.src }

type compiler struct{ prog []inst }

func (c *compiler) emit(i inst) int {
	c.prog = append(c.prog, i)
	return len(c.prog) - 1
}

// node appends the program of n after instruction prev (whose out it
// sets) and returns the last instruction, whose out the caller sets.
func (c *compiler) node(n *node, prev int) (int, error) {
	if len(c.prog) > MaxSteps {
		return 0, &Error{Msg: "expression too large"}
	}
	link := func(i int) int { c.prog[prev].out = i; return i }
	switch n.kind {
	case kRunes:
		return link(c.emit(inst{op: opRunes, runes: n.runes})), nil
	case kAssert:
		return link(c.emit(inst{op: opAssert, assert: n.assert})), nil
	case kEmpty:
		return link(c.emit(inst{op: opJump})), nil
	case kConcat:
		var err error
		for _, s := range n.subs {
			if prev, err = c.node(s, prev); err != nil {
				return 0, err
			}
		}
		return prev, nil
	case kAlt:
		// split → first branch, alt → a jump that starts the next split
		var ends []int
		for i, s := range n.subs {
			if i == len(n.subs)-1 {
				end, err := c.node(s, prev)
				if err != nil {
					return 0, err
				}
				ends = append(ends, end)
				break
			}
			split := link(c.emit(inst{op: opSplit}))
			end, err := c.node(s, split)
			if err != nil {
				return 0, err
			}
			ends = append(ends, end)
			prev = c.emit(inst{op: opJump})
			c.prog[split].alt = prev
		}
		join := c.emit(inst{op: opJump})
		for _, e := range ends {
			c.prog[e].out = join
		}
		return join, nil
	case kRepeat:
		return c.repeat(n, prev)
	}
	panic("urlpattern: unknown node")
}

func (c *compiler) repeat(n *node, prev int) (int, error) {
	sub := n.subs[0]
	var err error
	for i := 0; i < n.min; i++ {
		if prev, err = c.node(sub, prev); err != nil {
			return 0, err
		}
	}
	if n.max < 0 { // a loop: split to the body or on
		c.prog[prev].out = len(c.prog)
		loop := c.emit(inst{op: opSplit})
		end, err := c.node(sub, loop)
		if err != nil {
			return 0, err
		}
		c.prog[end].out = loop
		exit := c.emit(inst{op: opJump})
		c.prog[loop].alt = exit
		return exit, nil
	}
	// up to max-min optional copies, each able to skip to the end
	var skips []int
	for i := n.min; i < n.max; i++ {
		c.prog[prev].out = len(c.prog)
		split := c.emit(inst{op: opSplit})
		skips = append(skips, split)
		if prev, err = c.node(sub, split); err != nil {
			return 0, err
		}
	}
	if len(skips) == 0 {
		return prev, nil
	}
	exit := c.emit(inst{op: opJump})
	c.prog[prev].out = exit
	for _, s := range skips {
		c.prog[s].alt = exit
	}
	return exit, nil
}

// MatchString reports whether the pattern matches anywhere in s, as
// regexp's MatchString does. Invalid UTF-8 reads as U+FFFD, one byte each.
// Time is linear in len(s) times the program's size; no backtracking.
func (p *Pattern) MatchString(s string) bool {
	n := len(p.prog)
	cur, next := newSet(n), newSet(n)
	var stack []int
	prev := rune(-1)
	for i := 0; ; {
		r, w := rune(-1), 0
		if i < len(s) {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		ctx := context(prev, r)
		// closure of the waiting threads and of a new one starting here
		cur.clear()
		next.add(0)
		for _, pc := range next.dense {
			stack = p.closure(cur, pc, ctx, stack)
		}
		next.clear()
		for _, pc := range cur.dense {
			in := &p.prog[pc]
			switch in.op {
			case opMatch:
				return true
			case opRunes:
				if r >= 0 && contains(in.runes, r) {
					next.add(in.out)
				}
			}
		}
		if r < 0 {
			return false
		}
		prev, i = r, i+w
	}
}

func (p *Pattern) closure(set *sparse, pc int, ctx assertion, stack []int) []int {
	stack = append(stack[:0], pc)
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !set.add(pc) {
			continue
		}
		in := &p.prog[pc]
		switch in.op {
		case opJump:
			stack = append(stack, in.out)
		case opSplit:
			stack = append(stack, in.alt, in.out)
		case opAssert:
			if in.assert&ctx != 0 {
				stack = append(stack, in.out)
			}
		}
	}
	return stack
}

// context is the set of assertions true between runes r1 and r2 (-1 at the
// ends of the text).
func context(r1, r2 rune) assertion {
	var a assertion
	if r1 < 0 {
		a |= beginText | beginLine
	} else if r1 == '\n' {
		a |= beginLine
	}
	if r2 < 0 {
		a |= endText | endLine
	} else if r2 == '\n' {
		a |= endLine
	}
	if isWord(r1) != isWord(r2) {
		a |= wordBoundary
	} else {
		a |= noWordBoundary
	}
	return a
}

func isWord(r rune) bool {
	return r >= 0 && r < utf8.RuneSelf && (isAlnum(byte(r)) || r == '_')
}

// sparse is a set of instruction indexes that clears in O(1).
type sparse struct {
	dense  []int
	sparse []int
}

func newSet(n int) *sparse { return &sparse{dense: make([]int, 0, n), sparse: make([]int, n)} }

func (s *sparse) add(i int) bool {
	if j := s.sparse[i]; j < len(s.dense) && s.dense[j] == i {
		return false
	}
	s.sparse[i] = len(s.dense)
	s.dense = append(s.dense, i)
	return true
}

func (s *sparse) clear() { s.dense = s.dense[:0] }
