package term

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/index"
	"github.com/oversikt/oversikt/screening"
)

// newReview is a review of n studies with a long abstract each.
func newReview(tb testing.TB, n int) *data.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := data.Open(ctx, filepath.Join(tb.TempDir(), "review.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tick := 0
	db.Now = func() time.Time { tick++; return t0.Add(time.Duration(tick) * time.Second) }
	im, err := db.BeginImport(ctx, &data.Source{Name: "test", File: "test.ris", Format: "ris", Kind: data.KindDatabase,
		SHA256: fmt.Sprintf("sha-%d", n), Encoding: "utf-8"})
	if err != nil {
		tb.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		abs := fmt.Sprintf("Abstract of study %d. ", i) + strings.Repeat("Learning networks in nursing homes improved care in a randomised trial with children. ", 12)
		rec := data.Record{Line: i, Title: fmt.Sprintf("Study %d on learning networks", i), Abstract: abs,
			Authors: []string{"Nordmann, Kari", "Svensson, Per"}, Year: 2000 + i%20, Journal: "BMJ Qual Saf", DOI: fmt.Sprintf("10.1000/s%d", i)}
		if err := im.Add(rec); err != nil {
			tb.Fatal(err)
		}
	}
	if err := im.Finish(0); err != nil {
		tb.Fatal(err)
	}
	return db
}

func testConfig() screening.Config {
	cfg := screening.DefaultConfig()
	cfg.Reasons[screening.TitleAbstract] = []string{"wrong population", "wrong design"}
	return cfg
}

func newModel(t *testing.T, db *data.DB, cfg screening.Config, st screening.Stage, o Options) *Model {
	t.Helper()
	ctx := context.Background()
	s, err := screening.Open(ctx, db, screening.Options{Reviewer: "cecilie", Stage: st, Config: &cfg})
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(ctx, db, s, o)
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return m
}

// press sends keys to the model as a terminal would: named keys, or text
// typed one rune at a time. It returns the last command.
func press(m *Model, keys ...string) tea.Cmd {
	named := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "down": {Code: tea.KeyDown},
		"up": {Code: tea.KeyUp}, "pgdown": {Code: tea.KeyPgDown}, "pgup": {Code: tea.KeyPgUp},
		"backspace": {Code: tea.KeyBackspace}, "space": {Code: tea.KeySpace, Text: " "}, "ctrl+u": {Code: 'u', Mod: tea.ModCtrl},
	}
	var cmd tea.Cmd
	for _, k := range keys {
		if msg, ok := named[k]; ok {
			_, cmd = m.Update(msg)
			cmd = settle(m, cmd)
			continue
		}
		for _, r := range k {
			_, cmd = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			cmd = settle(m, cmd)
		}
	}
	return cmd
}

// settle runs a background command (a search) as the program would and
// hands its result to the model; other commands (quit) are returned.
func settle(m *Model, cmd tea.Cmd) tea.Cmd {
	if m.mode != searching || cmd == nil {
		return cmd
	}
	_, cmd = m.Update(cmd())
	return cmd
}

// stored is the reviewer's standing decisions, as "study:verdict:reason:note".
func stored(t *testing.T, db *data.DB) string {
	t.Helper()
	mine, err := db.ReviewerDecisions(context.Background(), "cecilie", "ta")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for id := int64(1); id <= 10; id++ {
		if d, ok := mine[id]; ok {
			out = append(out, fmt.Sprintf("%d:%s:%s:%s", id, d.Verdict, d.Reason, d.Note))
		}
	}
	return strings.Join(out, " ")
}

func TestLoopKeys(t *testing.T) {
	db := newReview(t, 6)
	m := newModel(t, db, testConfig(), screening.TitleAbstract, Options{})
	steps := []struct {
		name    string
		keys    []string
		db      string   // decisions stored right after the keys
		view    []string // what the screen shows
		notView []string
	}{
		{"start", nil, "", []string{"Study 1 on learning networks", "done 0 · left 6 · your includes 0", "Nordmann, Kari; Svensson, Per", "DOI: 10.1000/s1", "0 excluded in a row"}, nil},
		{"include", []string{"i"}, "1:include::", []string{"Saved: include study 1", "Study 2 on learning", "done 1 · left 5 · your includes 1"}, nil},
		{"exclude opens the reasons", []string{"e"}, "1:include::", []string{"Exclude study 2 because", "1  wrong population", "2  wrong design", "3  (no reason)"}, nil},
		{"pick a reason with arrows", []string{"down", "enter"}, "1:include:: 2:exclude:wrong design:", []string{"Saved: exclude study 2 (wrong design)", "Study 3 on", "1 excluded in a row"}, nil},
		{"undo", []string{"u"}, "1:include::", []string{"Undone: your decision on study 2", "Study 2 on", "done 1 · left 5"}, nil},
		{"exclude by number", []string{"e", "1"}, "1:include:: 2:exclude:wrong population:", []string{"Saved: exclude study 2 (wrong population)", "Study 3 on"}, nil},
		{"exclude cancelled", []string{"e", "esc"}, "1:include:: 2:exclude:wrong population:", []string{"Exclusion cancelled", "Study 3 on"}, nil},
		{"skip", []string{"s"}, "1:include:: 2:exclude:wrong population:", []string{"Skipped study 3", "Study 4 on"}, nil},
		{"note is typed", []string{"n", "check dosx", "backspace", "e"}, "1:include:: 2:exclude:wrong population:", []string{"Note: check dose▏"}, nil},
		{"note is kept", []string{"enter"}, "1:include:: 2:exclude:wrong population:", []string{"Note kept", "Note: check dose"}, nil},
		{"maybe stores the note", []string{"m"}, "1:include:: 2:exclude:wrong population: 4:maybe::check dose", []string{"Saved: maybe study 4", "Study 5 on"}, []string{"Note: check dose"}},
		{"help", []string{"?"}, "1:include:: 2:exclude:wrong population: 4:maybe::check dose", []string{"Keys", "undo your last decision", "Press any key"}, []string{"Study 5 on"}},
		{"help closes", []string{"x"}, "1:include:: 2:exclude:wrong population: 4:maybe::check dose", []string{"Study 5 on"}, []string{"Press any key"}},
		{"fits: no scroll", []string{"pgdown"}, "1:include:: 2:exclude:wrong population: 4:maybe::check dose", []string{"Abstract of study 5"}, []string{"Abstract (lines"}},
	}
	for _, st := range steps {
		if cmd := press(m, st.keys...); cmd != nil {
			t.Errorf("%s: keys %q returned a command (quit?)", st.name, st.keys)
		}
		if got := stored(t, db); got != st.db {
			t.Errorf("%s: stored = %q, want %q", st.name, got, st.db)
		}
		view := m.View().Content
		for _, want := range st.view {
			if !strings.Contains(view, want) {
				t.Errorf("%s: view lacks %q:\n%s", st.name, want, view)
			}
		}
		for _, bad := range st.notView {
			if strings.Contains(view, bad) {
				t.Errorf("%s: view shows %q:\n%s", st.name, bad, view)
			}
		}
		if n := len(strings.Split(view, "\n")); n != 30 {
			t.Errorf("%s: view has %d lines, want the terminal's 30", st.name, n)
		}
	}
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	for _, sc := range []struct {
		key, want string
	}{{"", "Abstract (lines 1–8 of 19;"}, {"down", "Abstract (lines 2–9 of 19;"}, {"pgdown", "Abstract (lines 9–16 of 19;"}, {"pgdown", "Abstract (lines 12–19 of 19;"},
		{"pgdown", "Abstract (lines 12–19 of 19;"}, {"pgup", "Abstract (lines 5–12 of 19;"}, {"up", "Abstract (lines 4–11 of 19;"}, {"", "done 3 · left 3 · your includes 1"}, {"", "? help · q quit"}} {
		press(m, sc.key)
		if v := m.View().Content; !strings.Contains(v, sc.want) {
			t.Errorf("after %s: view lacks %q:\n%s", sc.key, sc.want, v)
		}
	}
	cmd := press(m, "q")
	if cmd == nil {
		t.Fatal("q returned no command, want quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Errorf("q returned %T, want tea.QuitMsg", cmd())
	}
}

func TestLoopEmptiesQueueAndSkippedComesBack(t *testing.T) {
	db := newReview(t, 3)
	m := newModel(t, db, testConfig(), screening.TitleAbstract, Options{})
	press(m, "s", "i", "i") // 1 skipped, 2 and 3 included: 1 comes back
	if v := m.View().Content; !strings.Contains(v, "Study 1 on") {
		t.Errorf("skipped study not shown again:\n%s", v)
	}
	press(m, "e", "3") // no reason at title/abstract
	v := m.View().Content
	if !strings.Contains(v, "Nothing left for cecilie at title-abstract") || !strings.Contains(v, "done 3 · left 0 · your includes 2") {
		t.Errorf("empty queue view:\n%s", v)
	}
	if got, want := stored(t, db), "1:exclude:: 2:include:: 3:include::"; got != want {
		t.Errorf("stored = %q, want %q", got, want)
	}
	press(m, "u") // undo works from the empty queue
	if v := m.View().Content; !strings.Contains(v, "Study 1 on") {
		t.Errorf("undo on an empty queue did not bring study 1 back:\n%s", v)
	}
}

func TestLoopFullText(t *testing.T) {
	db := newReview(t, 2)
	ctx := context.Background()
	cfg := testConfig()
	cfg.K = 1
	for _, id := range []int64{1, 2} {
		d := data.Decision{StudyID: id, Reviewer: "bo", Stage: "ta", Verdict: data.VerdictInclude, ShownBy: "scripted"}
		if err := screening.Record(ctx, db, cfg, &d); err != nil {
			t.Fatal(err)
		}
	}
	pdf := filepath.Join(t.TempDir(), "study1.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := screening.Attach(ctx, db, 1, pdf, "bo", ""); err != nil {
		t.Fatal(err)
	}
	var opened []string
	m := newModel(t, db, cfg, screening.FullText, Options{Open: func(p string) error { opened = append(opened, p); return nil },
		Criteria: "Population: health services. Intervention: learning networks."})
	v := m.View().Content
	for _, want := range []string{"Screening full-text", "Full text: " + pdf, "Criteria: Population: health services"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	press(m, "o")
	if len(opened) != 1 || opened[0] != pdf {
		t.Errorf("o opened %q, want [%s]", opened, pdf)
	}
	press(m, "e")
	if v := m.View().Content; strings.Contains(v, "(no reason)") || !strings.Contains(v, "8  other") {
		t.Errorf("full-text reasons should be the default list without \"no reason\":\n%s", v)
	}
	press(m, "5")
	ds, err := db.ReviewerDecisions(ctx, "cecilie", "ft")
	if err != nil {
		t.Fatal(err)
	}
	if d := ds[1]; d.Verdict != data.VerdictExclude || d.Reason != "wrong design" {
		t.Errorf("stored ft decision on study 1 = %s %q, want exclude \"wrong design\"", d.Verdict, d.Reason)
	}
	press(m, "o")
	if !strings.Contains(m.View().Content, "No full text attached (oversikt fulltext attach 2 FILE)") {
		t.Errorf("o without a full text:\n%s", m.View().Content)
	}
}

var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// colourCode returns the first SGR sequence in s that sets a colour
// (foreground or background, any depth), or "".
func colourCode(s string) string {
	for _, m := range sgr.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			if n, err := strconv.Atoi(p); err == nil && (n >= 30 && n <= 49 || n >= 90 && n <= 107) {
				return strconv.Quote(m[0])
			}
		}
	}
	return ""
}

func TestLoopHighlightAndColour(t *testing.T) {
	db := newReview(t, 1)
	h := index.NewHighlighter([]string{"learning network*"}, []string{"children"})
	for _, tc := range []struct {
		color bool
		want  bool
	}{{true, true}, {false, false}} {
		m := newModel(t, db, testConfig(), screening.TitleAbstract, Options{Highlighter: h, Color: tc.color})
		v := m.View().Content
		if got := colourCode(v) != ""; got != tc.want {
			t.Errorf("Color %v: colour codes in view = %v, want %v", tc.color, got, tc.want)
		}
		inc := m.st.include.Render("learning networks")
		exc := m.st.exclude.Render("children")
		if inc == exc || !strings.Contains(v, inc) || !strings.Contains(v, exc) {
			t.Errorf("Color %v: include %q and exclude %q should both show, differently:\n%s", tc.color, inc, exc, v)
		}
		title := m.st.title.Render("Study 1 on ") + m.st.include.Inherit(m.st.title).Render("learning networks")
		if !strings.Contains(v, title) {
			t.Errorf("Color %v: title should stay in the title style around its marked term %q:\n%q", tc.color, title, v)
		}
	}
}

func TestLoopSearchRestricts(t *testing.T) {
	db := newReview(t, 5)
	cfg := testConfig()
	restrict := func(ctx context.Context, q string) (*screening.Session, int, error) {
		if q == "bad(" {
			return nil, 0, fmt.Errorf("%w: unbalanced (", index.ErrQuery)
		}
		only := map[int64]bool{4: true}
		if q == "" {
			only = nil
		}
		s, err := screening.Open(ctx, db, screening.Options{Reviewer: "cecilie", Config: &cfg, Only: only})
		return s, len(only), err
	}
	m := newModel(t, db, cfg, screening.TitleAbstract, Options{Restrict: restrict})
	press(m, "/", "bad(", "enter")
	if v := m.View().Content; !strings.Contains(v, "Search: ") || !strings.Contains(v, "Study 1 on") {
		t.Errorf("bad query should be reported and keep study 1:\n%s", v)
	}
	press(m, "/", "four")
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if v := m.View().Content; cmd == nil || !strings.Contains(v, `Searching "four"…`) {
		t.Fatalf("enter should start the search in the background and say so:\n%s", v)
	}
	m.Update(tea.KeyPressMsg{Code: 'i', Text: "i"}) // waits for the search: not a decision on study 1
	if got := stored(t, db); got != "" {
		t.Errorf("a key during the search stored %q", got)
	}
	m.Update(cmd())
	v := m.View().Content
	if !strings.Contains(v, `1 studies match "four"`) || !strings.Contains(v, "Study 4 on") || !strings.Contains(v, `search "four"`) {
		t.Errorf("after search:\n%s", v)
	}
	press(m, "i")
	if !strings.Contains(m.View().Content, `Nothing left for cecilie at title-abstract among the studies "four" matches`) {
		t.Errorf("restricted queue should be empty:\n%s", m.View().Content)
	}
	press(m, "/", "ctrl+u", "enter")
	if v := m.View().Content; !strings.Contains(v, "Search cleared") || !strings.Contains(v, "Study 1 on") {
		t.Errorf("cleared search:\n%s", v)
	}
	if got := stored(t, db); got != "4:include::" {
		t.Errorf("stored = %q, want 4:include::", got)
	}
}

func TestLoopStoppingInformation(t *testing.T) {
	ctx := context.Background()
	for _, order := range []string{"file", "random"} {
		t.Run(order, func(t *testing.T) {
			db := newReview(t, 40)
			cfg := testConfig()
			o, err := screening.ParseOrder(order, 7)
			if err != nil {
				t.Fatal(err)
			}
			s, err := screening.Open(ctx, db, screening.Options{Reviewer: "cecilie", Config: &cfg, Order: o})
			if err != nil {
				t.Fatal(err)
			}
			m, err := New(ctx, db, s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			m.Update(tea.WindowSizeMsg{Width: 140, Height: 30})
			press(m, "i", "m", "i")
			for range 19 {
				press(m, "e", "1")
			}
			press(m, "u") // the run counts standing decisions only
			v := m.View().Content
			if !strings.Contains(v, "18 excluded in a row") {
				t.Errorf("view lacks \"18 excluded in a row\":\n%s", v)
			}
			recall := strings.Contains(v, "estimated recall ≈ ") && strings.Contains(v, "(heuristic, not a guarantee); from your last 21 decisions")
			if want := order == "random"; recall != want {
				t.Errorf("recall estimate shown = %v, want %v:\n%s", recall, want, v)
			}
			if strings.Contains(v, "100%") {
				t.Errorf("view claims 100%%:\n%s", v)
			}
			// A new loop on the same review picks the run up from the database.
			s2, err := screening.Open(ctx, db, screening.Options{Reviewer: "cecilie", Config: &cfg, Order: o})
			if err != nil {
				t.Fatal(err)
			}
			m2, err := New(ctx, db, s2, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := m2.stopping(), m.stopping(); got != want {
				t.Errorf("resumed stopping line = %q, want %q", got, want)
			}
		})
	}
}

func TestLoopCriteriaFit(t *testing.T) {
	db := newReview(t, 1)
	crit := strings.Repeat("Population: health and care services; intervention: learning networks. ", 6) + "END"
	for _, tc := range []struct {
		w, h     int
		want     string
		abstract int // abstract lines at least
	}{{120, 40, "END", 5}, {60, 30, "? shows the criteria in full", 5}, {60, 18, "Criteria: Population", 3}} {
		m := newModel(t, db, testConfig(), screening.TitleAbstract, Options{Criteria: crit})
		m.Update(tea.WindowSizeMsg{Width: tc.w, Height: tc.h})
		v := m.View().Content
		if !strings.Contains(v, tc.want) {
			t.Errorf("%dx%d: view lacks %q:\n%s", tc.w, tc.h, tc.want, v)
		}
		if n := abstractLines(v); n < tc.abstract {
			t.Errorf("%dx%d: %d abstract lines shown, want at least %d:\n%s", tc.w, tc.h, n, tc.abstract, v)
		}
		press(m, "?")
		if v := m.View().Content; tc.h >= 30 && !strings.Contains(v, "END") {
			t.Errorf("%dx%d: help lacks the criteria in full:\n%s", tc.w, tc.h, v)
		}
	}
}

var scrolled = regexp.MustCompile(`Abstract \(lines 1–(\d+) of (\d+)`)

// abstractLines is how many abstract lines a view shows (all of it when
// it is not scrolled).
func abstractLines(view string) int {
	m := scrolled.FindStringSubmatch(view)
	if m == nil {
		return 1 << 30
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
