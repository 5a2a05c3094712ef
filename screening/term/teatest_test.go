package term

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/oversikt/oversikt/screening"
)

// TestLoopInProgram runs the loop in a real bubbletea program (teatest):
// keys typed as a person types them, the screen read back, and every
// decision in the database as soon as its "Saved" line is on screen. The
// program runs with the colour profile NO_COLOR gives (Ascii), so no
// colour reaches the terminal.
func TestLoopInProgram(t *testing.T) {
	db := newReview(t, 4)
	ctx := context.Background()
	cfg := testConfig()
	s, err := screening.Open(ctx, db, screening.Options{Reviewer: "cecilie", Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(ctx, db, s, Options{Color: true})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	var screen bytes.Buffer // everything written to the terminal
	waitFor := func(what string) {
		t.Helper()
		teatest.WaitFor(t, io.TeeReader(tm.Output(), &screen), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	}
	steps := []struct {
		keys, screen, db string
	}{
		{"", "Study 1 on learning networks", ""},
		{"i", "Saved: include study 1", "1:include::"},
		{"e", "Exclude study 2 because", "1:include::"},
		{"2", "Saved: exclude study 2 (wrong design)", "1:include:: 2:exclude:wrong design:"},
		{"u", "Undone: your decision on study 2", "1:include::"},
		{"s", "Skipped study 2", "1:include::"},
		{"n", "Note: ▏", "1:include::"},
		{"pilot\r", "Note kept", "1:include::"},
		{"m", "Saved: maybe study 3", "1:include:: 3:maybe::pilot"},
		{"?", "Press any key to go back", "1:include:: 3:maybe::pilot"},
		{"x", "Study 4 on learning", "1:include:: 3:maybe::pilot"},
	}
	for _, st := range steps {
		if st.keys != "" {
			tm.Type(st.keys)
		}
		waitFor(st.screen)
		if got := stored(t, db); got != st.db {
			t.Errorf("after %q: stored = %q, want %q", st.keys, got, st.db)
		}
	}
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	io.Copy(&screen, tm.FinalOutput(t))
	if c := colourCode(screen.String()); c != "" {
		t.Errorf("colour code %s reached a terminal with the Ascii profile", c)
	}
	final := tm.FinalModel(t).(*Model)
	if p := final.Session().Progress(); p.Done != 2 || p.Includes != 1 {
		t.Errorf("final progress = %+v, want done 2, includes 1", p)
	}
}
