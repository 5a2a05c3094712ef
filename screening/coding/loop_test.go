package coding

import (
	"strings"
	"testing"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{`set design cba`, `set|design|cba`, ""},
		{`set fac_team --quote "the team worked well" --location 'p. 4'`, `set|fac_team|--quote|the team worked well|--location|p. 4`, ""},
		{`set x --quote "say \"hi\""`, `set|x|--quote|say "hi"`, ""},
		{`set x --quote ""`, `set|x|--quote|`, ""},
		{`set x "open`, "", `unclosed " quote`},
		{"  \t ", "", ""},
	}
	for _, tt := range tests {
		got, err := splitWords(tt.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if strings.Join(got, "|") != tt.want || gotErr != tt.err {
			t.Errorf("splitWords(%q) = %q, %q; want %q, %q", tt.in, strings.Join(got, "|"), gotErr, tt.want, tt.err)
		}
	}
}
