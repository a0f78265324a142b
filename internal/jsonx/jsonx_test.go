package jsonx

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		``:               "unexpected end",
		`{`:              "expected object key",
		`{"a":1,"a":2}`:  `duplicate key "a"`,
		`[1,]`:           "trailing comma",
		`{"a":1 , }`:     "trailing comma",
		`{"a":1}x`:       "unexpected",
		`"\x"`:           `bad escape \x`,
		`"\u12"`:         `bad \u escape`,
		"\"a\x01\"":      "control character",
		"\"\xff\"":       "invalid UTF-8",
		`{"a" 1}`:        "colon",
		`[1 2]`:          "comma",
		`nul`:            "",
		`{"a":1}{"b":2}`: "unexpected content",
		`[` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth+1): "nesting deeper",
	}
	for in, want := range cases {
		name := in
		if len(name) > 20 {
			name = name[:20]
		}
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), want)
		})
	}
}

func TestParseValues(t *testing.T) {
	v, err := Parse([]byte(` {"s":"a\"b\\c\u00e9\ud83d\ude00","n":-1.5e2,"t":true,"f":false,"z":null,"a":[1,"x"]} `))
	require.NoError(t, err)
	f, err := v.Fields("")
	require.NoError(t, err)
	s, _ := f.Take("s")
	assert.Equal(t, "a\"b\\cé😀", s.Str)
	n, _ := f.Take("n")
	assert.Equal(t, -150.0, n.Num)
	tr, _ := f.Take("t")
	assert.True(t, tr.Bool)
	z, ok := f.Take("z")
	assert.True(t, ok)
	assert.Equal(t, Null, z.Kind)
	_, ok = f.Take("missing")
	assert.False(t, ok)
	require.EqualError(t, f.Done(), `"f": unknown key`)
	a, _ := f.Take("a")
	_, err = a.AsStrings("a")
	require.EqualError(t, err, "a[0]: expected a string, got number")
	f.Take("f")
	require.NoError(t, f.Done())
}

func TestDepthLimitBothSides(t *testing.T) {
	ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	_, err := Parse([]byte(ok))
	require.NoError(t, err, "exactly MaxDepth levels")
	over := "[" + ok + "]"
	_, err = Parse([]byte(over))
	require.ErrorContains(t, err, "nesting deeper")
}

func TestAsInt(t *testing.T) {
	for in, want := range map[string]string{
		"5":   "",
		"5.5": "expected a whole number from 0 to 10, got 5.5",
		"11":  "expected a whole number from 0 to 10, got 11",
		`"5"`: "expected a number, got string",
	} {
		t.Run(in, func(t *testing.T) {
			v, err := Parse([]byte(in))
			require.NoError(t, err)
			_, err = v.AsInt("x", 0, 10)
			if want == "" {
				require.NoError(t, err)
			} else {
				require.EqualError(t, err, "x: "+want)
			}
		})
	}
}

func TestAppendStringRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", "q\"b\\s", "ctl\x00\x1f\n\r\t", "é😀", "\u2028\u2029", "bad\xffutf"} {
		t.Run(s, func(t *testing.T) {
			out := AppendString(nil, s)
			v, err := Parse(out)
			require.NoError(t, err)
			want := strings.ToValidUTF8(s, "\uFFFD")
			assert.Equal(t, want, v.Str)
		})
	}
	assert.Equal(t, `"\u2028"`, string(AppendString(nil, "\u2028")))
}

func TestAppendFloat(t *testing.T) {
	assert.Equal(t, "1234567", string(AppendFloat(nil, 1234567)))
	assert.Equal(t, "0.5", string(AppendFloat(nil, 0.5)))
	assert.Equal(t, "1e+21", string(AppendFloat(nil, 1e21)))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `"\ud800"`, `[true,false]`, `-0.0e-1`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if err != nil {
			return
		}
		if v.Kind == String {
			require.True(t, utf8.ValidString(v.Str))
			again, err := Parse(AppendString(nil, v.Str))
			require.NoError(t, err)
			require.Equal(t, v.Str, again.Str)
		}
	})
}
