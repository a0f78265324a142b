package jsonx

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckCounts(t *testing.T) {
	cases := []struct {
		in   string
		want Usage
	}{
		{`0`, Usage{Tokens: 1}},
		{`[]`, Usage{Tokens: 1, Depth: 1}},
		{`[0,0,0]`, Usage{Tokens: 4, Depth: 1}},
		{`{"ab":"cd"}`, Usage{Tokens: 3, Depth: 1, StringBytes: 8}},
		{`[[[]],{"k":[true,null]}]`, Usage{Tokens: 8, Depth: 3, StringBytes: 3}},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			u, err := Check([]byte(c.in), Budget{})
			require.NoError(t, err)
			assert.Equal(t, c.want, u)
		})
	}
}

// TestCheckAtAndOver: each bound accepts a document that meets it exactly and
// refuses one over it.
func TestCheckAtAndOver(t *testing.T) {
	zeros := func(n int) string { return "[" + strings.TrimSuffix(strings.Repeat("0,", n), ",") + "]" }
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	cases := []struct {
		name string
		in   string
		b    Budget
		what string // "" accepted
	}{
		{"tokens at", zeros(9), Budget{Tokens: 10}, ""},
		{"tokens over", zeros(10), Budget{Tokens: 10}, "tokens"},
		{"depth at", nest(5), Budget{Depth: 5}, ""},
		{"depth over", nest(6), Budget{Depth: 5}, "depth"},
		{"depth over MaxDepth without a bound", nest(MaxDepth + 1), Budget{}, "depth"},
		{"string bytes at", `["abcd","ef"]`, Budget{StringBytes: 10}, ""},
		{"string bytes over", `["abcd","efg"]`, Budget{StringBytes: 10}, "string bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Check([]byte(c.in), c.b)
			if c.what == "" {
				require.NoError(t, err)
				return
			}
			var be *BudgetError
			require.True(t, errors.As(err, &be), "got %v", err)
			assert.Equal(t, c.what, be.What)
		})
	}
}

// TestCheckStopsEarly: a document far over the token bound is refused after
// reading little more than the bound, whatever follows (even invalid JSON).
func TestCheckStopsEarly(t *testing.T) {
	in := []byte("[" + strings.Repeat("0,", 1000) + "garbage")
	u, err := Check(in, Budget{Tokens: 100})
	var be *BudgetError
	require.True(t, errors.As(err, &be), "got %v", err)
	assert.Equal(t, 101, u.Tokens)
}

func TestCheckInvalid(t *testing.T) {
	for _, in := range []string{"[\"\xff\"]", `[1,`, `{"a" 1}`} {
		t.Run(in, func(t *testing.T) {
			_, err := Check([]byte(in), Budget{})
			require.Error(t, err)
			var be *BudgetError
			assert.False(t, errors.As(err, &be))
		})
	}
}
