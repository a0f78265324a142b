package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorMessagesParse(t *testing.T) {
	cases := []struct {
		in     string
		want   ErrorMessages
		reveal bool
	}{
		{`{}`, ErrorMessagesMask, false},
		{`{"mode":"block-list"}`, ErrorMessagesMask, false},
		{`{"mode":"block-list","errorMessages":"mask"}`, ErrorMessagesMask, false},
		{`{"mode":"allow-list","errorMessages":"mask"}`, ErrorMessagesMask, false},
		{`{"errorMessages":"mask"}`, ErrorMessagesMask, false},
		{`{"mode":"block-list","errorMessages":"reveal"}`, ErrorMessagesReveal, true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			r, err := Parse([]byte(c.in))
			require.NoError(t, err)
			assert.Equal(t, c.want, r.ErrorMessages)
			set, err := Compile(r)
			require.NoError(t, err)
			assert.Equal(t, c.reveal, set.RevealErrorMessages())
		})
	}
}

func TestErrorMessagesErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"errorMessages":"reveal"}`, `rules: errorMessages "reveal": only block-list mode can reveal error messages (mode is mask-all)`},
		{`{"mode":"mask-all","errorMessages":"reveal"}`, `rules: errorMessages "reveal": only block-list mode can reveal error messages (mode is mask-all)`},
		{`{"mode":"allow-list","errorMessages":"reveal"}`, `rules: errorMessages "reveal": only block-list mode can reveal error messages (mode is allow-list)`},
		{`{"mode":"block-list","errorMessages":"Reveal"}`, `rules: errorMessages "Reveal": expected mask or reveal`},
		{`{"mode":"block-list","errorMessages":"clear"}`, `rules: errorMessages "clear": expected mask or reveal`},
		{`{"mode":"block-list","errorMessages":true}`, `rules: errorMessages: expected a string, got boolean`},
		{`{"mode":"block-list","errorMessages":null}`, `rules: errorMessages: expected a string, got null`},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := Parse([]byte(c.in))
			require.Error(t, err)
			assert.Equal(t, c.want, err.Error())
			var re *Error
			assert.ErrorAs(t, err, &re)
		})
	}
}

// The key of an embedding document is quoted, as a configuration error
// must say where the problem is.
func TestErrorMessagesErrorPath(t *testing.T) {
	r, err := Parse([]byte(`{"mode":"allow-list"}`))
	require.NoError(t, err)
	r.ErrorMessages = ErrorMessagesReveal
	assert.EqualError(t, r.checkErrorMessages("recording"),
		`rules: recording.errorMessages "reveal": only block-list mode can reveal error messages (mode is allow-list)`)
	r.ErrorMessages = 7
	assert.EqualError(t, r.checkErrorMessages(""), `rules: errorMessages 7: not a value of errorMessages`)
}

// A Set compiled without the JSON check (Compile on a Go value) still never
// reveals outside block-list mode.
func TestRevealErrorMessagesFailsClosed(t *testing.T) {
	for _, mode := range []Mode{ModeMaskAll, ModeAllowList} {
		t.Run(mode.String(), func(t *testing.T) {
			set, err := Compile(Rules{Mode: mode, ErrorMessages: ErrorMessagesReveal})
			if err != nil {
				assert.Contains(t, err.Error(), "errorMessages", "a refusal says why")
				return
			}
			assert.False(t, set.RevealErrorMessages())
		})
	}
}

func TestErrorMessagesJSONRoundTrip(t *testing.T) {
	cases := []struct {
		r    Rules
		want string
	}{
		{Rules{Mode: ModeBlockList}, `{"mode":"block-list"}`},
		{Rules{Mode: ModeBlockList, ErrorMessages: ErrorMessagesReveal}, `{"mode":"block-list","errorMessages":"reveal"}`},
		{Rules{Mode: ModeBlockList, Mask: []string{".a"}, AllowParams: []string{"p"}, ErrorMessages: ErrorMessagesReveal},
			`{"mode":"block-list","mask":[".a"],"allowParams":["p"],"errorMessages":"reveal"}`},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			js := string(c.r.AppendJSON(nil))
			assert.Equal(t, c.want, js)
			back, err := Parse([]byte(js))
			require.NoError(t, err)
			assert.Equal(t, c.r, back)
		})
	}
	// The default is left out, so rule sets written before the key existed
	// keep their version.
	masked, err := Parse([]byte(`{"mode":"block-list","errorMessages":"mask"}`))
	require.NoError(t, err)
	assert.Equal(t, mustSet(t, `{"mode":"block-list"}`).Version(), mustSet(t, string(masked.AppendJSON(nil))).Version())
	assert.NotEqual(t, mustSet(t, `{"mode":"block-list"}`).Version(),
		mustSet(t, `{"mode":"block-list","errorMessages":"reveal"}`).Version())
}

func TestStricterErrorMessages(t *testing.T) {
	reveal := `{"mode":"block-list","errorMessages":"reveal"}`
	mask := `{"mode":"block-list"}`
	cases := []struct {
		s, than string
		want    bool
	}{
		{mask, reveal, true},
		{reveal, reveal, true},
		{reveal, mask, false},
		{`{"mode":"block-list","errorMessages":"mask"}`, reveal, true},
		{`{}`, reveal, true},
		{`{"mode":"allow-list"}`, reveal, true},
	}
	for _, c := range cases {
		t.Run(c.s+" than "+c.than, func(t *testing.T) {
			assert.Equal(t, c.want, mustSet(t, c.s).Stricter(mustSet(t, c.than)))
		})
	}
}

func TestErrorMessagesWords(t *testing.T) {
	assert.Equal(t, "mask", ErrorMessagesMask.String())
	assert.Equal(t, "reveal", ErrorMessagesReveal.String())
	assert.Equal(t, "ErrorMessages(9)", ErrorMessages(9).String())
}
