package jsonx

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMeterCountsAsCheck: written whole or byte by byte, a valid document
// counts as Check counts it.
func TestMeterCountsAsCheck(t *testing.T) {
	docs := []string{
		`0`, `-1.5e+10`, `[]`, `[0,0,0]`, `{"ab":"cd"}`, `[[[]],{"k":[true,null,false]}]`,
		`["a\"b\\", "\u00e9", "]}[{"]`, ` { "a" : [ 1 , -2 , 3.5 ] , "b" : { } } `,
		`[{"type":2,"data":{"node":{"id":1,"childNodes":[]}},"timestamp":1772366400000}]`,
	}
	for _, doc := range docs {
		t.Run(doc, func(t *testing.T) {
			want, err := Check([]byte(doc), Budget{})
			require.NoError(t, err)
			whole := NewMeter(Budget{})
			_, err = whole.Write([]byte(doc))
			require.NoError(t, err)
			assert.Equal(t, want, whole.Usage())
			bytewise := NewMeter(Budget{})
			for i := range len(doc) {
				_, err := bytewise.Write([]byte{doc[i]})
				require.NoError(t, err)
			}
			assert.Equal(t, want, bytewise.Usage())
		})
	}
}

func TestMeterAtAndOver(t *testing.T) {
	zeros := func(n int) string { return "[" + strings.TrimSuffix(strings.Repeat("0,", n), ",") + "]" }
	cases := []struct {
		name string
		in   string
		b    Budget
		what string
	}{
		{"tokens at", zeros(9), Budget{Tokens: 10}, ""},
		{"tokens over", zeros(10), Budget{Tokens: 10}, "tokens"},
		{"depth at", strings.Repeat("[", 5) + strings.Repeat("]", 5), Budget{Depth: 5}, ""},
		{"depth over", strings.Repeat("[", 6), Budget{Depth: 5}, "depth"},
		{"depth over MaxDepth", strings.Repeat("[", MaxDepth+1), Budget{}, "depth"},
		{"string bytes at", `["abcd","ef"]`, Budget{StringBytes: 10}, ""},
		{"string bytes over", `["abcd","efg"]`, Budget{StringBytes: 10}, "string bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewMeter(c.b).Write([]byte(c.in))
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

// FuzzMeterAgreesWithCheck: on any document Parse accepts, the Meter counts
// what Check counts; on any input, a Meter under a budget refuses whenever
// Check refuses for the budget (it may refuse more, never less).
func FuzzMeterAgreesWithCheck(f *testing.F) {
	for _, s := range []string{`[0,1,2]`, `{"a":{"b":[true,false,null]}}`, `"\\\""`, `[[[[`, `[1e5,-2.5E-3]`, `{"k":"v\n"}`} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, doc string, tokens int) {
		if _, err := Parse([]byte(doc)); err == nil {
			want, err := Check([]byte(doc), Budget{})
			require.NoError(t, err)
			m := NewMeter(Budget{})
			_, err = m.Write([]byte(doc))
			require.NoError(t, err)
			assert.Equal(t, want, m.Usage())
		}
		b := Budget{Tokens: 1 + abs(tokens)%64, Depth: 1 + abs(tokens)%8, StringBytes: 1 + abs(tokens)%128}
		_, checkErr := Check([]byte(doc), b)
		var be *BudgetError
		if errors.As(checkErr, &be) {
			_, err := NewMeter(b).Write([]byte(doc))
			assert.Error(t, err, "Check refuses for %s", be.What)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
