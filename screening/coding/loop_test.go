package coding

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
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

func TestLoopStopsOnInterrupt(t *testing.T) {
	db, _ := newReview(t, testRecord{title: "A", include: true})
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	defer w.Close()
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() {
		_, err := (&Loop{DB: db, Reviewer: "ana", In: r, Out: &out, Err: &errb}).Run(ctx)
		done <- err
	}()
	if _, err := io.WriteString(w, "set fac_team\n"); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run() = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run() did not return after the interrupt")
	}
}
