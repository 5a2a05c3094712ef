package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
)

// buildOversikt builds the binary into a temporary directory.
func buildOversikt(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "oversikt")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run runs the built binary with stdin and returns stdout, stderr and the
// exit code.
func run(t *testing.T, bin, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// mustRun runs the binary and fails the test unless it exits 0.
func mustRun(t *testing.T, bin, stdin string, args ...string) string {
	t.Helper()
	out, errs, code := run(t, bin, stdin, args...)
	if code != 0 {
		t.Fatalf("oversikt %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// lines repeats the commands for the first n studies: cmd(i) for study i.
func lines(n int, cmd func(i int) string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(cmd(i) + "\n")
	}
	return b.String()
}

// TestScreenBinary builds the binary once and drives it: end to end, two
// reviewers at once, and a loop killed with SIGKILL.
func TestScreenBinary(t *testing.T) {
	bin := buildOversikt(t)
	t.Run("end to end", func(t *testing.T) { screeningEndToEnd(t, bin) })
	t.Run("two reviewers at once", func(t *testing.T) { twoReviewersAtOnce(t, bin) })
	t.Run("killed loop", func(t *testing.T) { killedLoopKeepsAcknowledgedDecisions(t, bin) })
}

// screeningEndToEnd drives the built binary the way two reviewers and
// a third resolving one use it: line-mode screening of a real RIS export,
// conflicts, resolution, agreement, status, full text and blind export.
func screeningEndToEnd(t *testing.T, bin string) {
	needCorpus(t)
	db := tempDB(t)
	mustRun(t, bin, "", "--db", db, "ingest", filepath.Join(corpusDir, "ris/avian_ecology_revtools.ris"))

	// anna includes studies 1–8; bo includes 1–6 and 9–10: conflicts on 7–10.
	anna := lines(20, func(i int) string {
		if i <= 8 {
			return "i"
		}
		return "e"
	})
	bo := lines(20, func(i int) string {
		if i <= 6 || i == 9 || i == 10 {
			return "i"
		}
		return "e off topic"
	})
	out := mustRun(t, bin, "n ANNA-SECRET\n"+anna, "--db", db, "screen", "--reviewer", "anna", "--stage", "ta")
	if n := strings.Count(out, "saved: "); n != 20 || !strings.Contains(out, "Queue empty") {
		t.Fatalf("anna: %d saved, queue empty %v\n%s", n, strings.Contains(out, "Queue empty"), out)
	}
	// Blind: bo's export before he screens shows nothing of anna's.
	if csv := mustRun(t, bin, "", "--db", db, "export", "decisions", "--reviewer", "bo"); strings.Count(csv, "\n") != 1 {
		t.Errorf("bo's blind export before screening has rows:\n%s", csv)
	}
	out = mustRun(t, bin, bo+"i\n", "--db", db, "screen", "--reviewer", "bo")
	if n := strings.Count(out, "saved: "); n != 20 || strings.Contains(out, "ANNA-SECRET") {
		t.Fatalf("bo: %d saved (want 20), shows anna's note %v", n, strings.Contains(out, "ANNA-SECRET"))
	}

	var conflicts struct {
		Conflicts []struct {
			StudyID int64 `json:"study_id"`
		} `json:"conflicts"`
	}
	jsonOf(t, mustRun(t, bin, "", "--db", db, "--json", "conflicts", "--stage", "ta"), &conflicts)
	if len(conflicts.Conflicts) != 4 {
		t.Fatalf("conflicts = %+v, want 4 (studies 7–10)", conflicts)
	}

	var agree struct {
		Stage            string     `json:"stage"`
		N                int        `json:"n"`
		PercentAgreement float64    `json:"percent_agreement"`
		Kappa            float64    `json:"kappa"`
		KappaCI          [2]float64 `json:"kappa_ci"`
		PABAK            float64    `json:"pabak"`
		AC1              float64    `json:"ac1"`
		MaybeRule        string     `json:"maybe_rule"`
		Pairs            []struct {
			A, B string
			N    int `json:"n"`
		} `json:"pairs"`
	}
	jsonOf(t, mustRun(t, bin, "", "--db", db, "--json", "agreement", "--stage", "ta"), &agree)
	// Table anna×bo: include/include 6, include/exclude 2, exclude/include 2,
	// exclude/exclude 10: pₒ = 0.8, pₑ = 0.4·0.4 + 0.6·0.6 = 0.52,
	// κ = 0.28/0.48 = 0.583, PABAK = 0.6, AC1: π = 0.4, pₑ = 0.48, 0.615.
	checks := []struct {
		name      string
		got, want float64
	}{{"n", float64(agree.N), 20}, {"percent_agreement", agree.PercentAgreement, 80}, {"kappa", agree.Kappa, 0.5833},
		{"pabak", agree.PABAK, 0.6}, {"ac1", agree.AC1, 0.6154}}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 0.0005 {
			t.Errorf("agreement %s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if agree.Stage != "ta" || len(agree.Pairs) != 1 || agree.Pairs[0].A != "anna" || agree.KappaCI[0] >= agree.Kappa || agree.MaybeRule == "" {
		t.Errorf("agreement JSON = %+v", agree)
	}

	// cem walks the conflicts: include 7, exclude 8, skip 9, then resolves 9
	// and 10 by command.
	out = mustRun(t, bin, "i\ne\ns\n", "--db", db, "resolve", "--reviewer", "cem", "--stage", "ta")
	if !strings.Contains(out, "Resolved 2 of 4") {
		t.Errorf("resolve walk:\n%s", out)
	}
	mustRun(t, bin, "", "--db", db, "resolve", "--reviewer", "cem", "--stage", "ta", "--method", "third-reviewer", "9", "include")
	mustRun(t, bin, "", "--db", db, "resolve", "--reviewer", "cem", "--stage", "ta", "10", "exclude")
	var status struct {
		Studies int `json:"studies"`
		Stages  []struct {
			Stage                                   string
			Conflicts, Resolved, Included, Excluded int
			Eligible                                int
		} `json:"stages"`
	}
	jsonOf(t, mustRun(t, bin, "", "--db", db, "--json", "status"), &status)
	ta := status.Stages[0]
	if status.Studies != 20 || ta.Conflicts != 0 || ta.Resolved != 20 || ta.Included != 8 || ta.Excluded != 12 || status.Stages[1].Eligible != 8 {
		t.Errorf("status = %+v; want 20 resolved at ta, 8 included, 12 excluded, 8 eligible at ft", status)
	}

	// Full text: a reason is needed to exclude; attached files are shown.
	pdf := writeFile(t, "paper.pdf", "%PDF-1.4 test")
	mustRun(t, bin, "", "--db", db, "fulltext", "attach", "1", pdf)
	mustRun(t, bin, "", "--db", db, "fulltext", "missing", "2")
	out, errs, code := run(t, bin, "e\ne 5\ni\n", "--db", db, "screen", "--reviewer", "anna", "--stage", "ft")
	if code != 0 || !strings.Contains(errs, "need a reason") || !strings.Contains(out, "saved: exclude study 1 (wrong design)") ||
		!strings.Contains(out, pdf) || !strings.Contains(out, "sought but not retrieved") {
		t.Errorf("ft screening: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}

	// Export: anna sees her own and, where both decided, bo's; --unblind all.
	csv := mustRun(t, bin, "", "--db", db, "export", "decisions", "--reviewer", "anna", "--stage", "ft")
	if strings.Count(csv, "\n") != 3 || !strings.Contains(csv, "decision_id,study_id,reviewer") {
		t.Errorf("anna's ft export:\n%s", csv)
	}
	csv = mustRun(t, bin, "", "--db", db, "export", "decisions", "--unblind", "--stage", "ta")
	if strings.Count(csv, "\n") != 41 {
		t.Errorf("unblinded ta export has %d lines, want 41", strings.Count(csv, "\n"))
	}
	// No reviewer: only decisions on resolved studies (the 20 at ta).
	csv = mustRun(t, bin, "", "--db", db, "export", "decisions", "--stage", "ft")
	if strings.Count(csv, "\n") != 1 {
		t.Errorf("export of ft decisions without a reviewer (nothing resolved at ft) has rows:\n%s", csv)
	}
}

func TestDecideAndImportCommands(t *testing.T) {
	needCorpus(t)
	db := tempDB(t)
	runCLI(t, "", "--db", db, "ingest", filepath.Join(corpusDir, "ris/avian_ecology_revtools.ris"))
	cases := []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"decide", "--reviewer", "anna", "--stage", "ta", "3", "include"}, 0, "saved: include study 3 at ta"},
		{[]string{"decide", "--reviewer", "anna", "--stage", "ta", "10.1016/j.jnc.2016.02.001", "exclude", "--note", "n"}, 0, "saved: exclude study 1"},
		{[]string{"decide", "--reviewer", "anna", "--stage", "ta", "999", "include"}, exitUsage, ""},
		{[]string{"decide", "--reviewer", "anna", "--stage", "xx", "3", "include"}, exitUsage, ""},
		{[]string{"decide", "--reviewer", "anna", "--stage", "ft", "3", "include"}, exitUsage, ""},
		{[]string{"decide", "--stage", "ta", "3", "include"}, exitUsage, ""},
	}
	for _, c := range cases {
		out, errs, code := runCLI(t, "", append([]string{"--db", db}, c.args...)...)
		if code != c.wantCode || !strings.Contains(out, c.wantOut) {
			t.Errorf("%v: exit %d, out %q, err %q; want exit %d and %q", c.args, code, out, errs, c.wantCode, c.wantOut)
		}
	}
	file := writeFile(t, "d.csv", "study,reviewer,decision\n3,bo,include\n1,bo,exclude\n77,bo,include\n")
	out, errs, code := runCLI(t, "", "--db", db, "decisions", "import", file)
	if code != exitProblems || !strings.Contains(out, "2 decisions imported") || !strings.Contains(errs, "d.csv:4:") {
		t.Errorf("decisions import: exit %d\n%s\n%s", code, out, errs)
	}
	out, _, _ = runCLI(t, "", "--db", db, "status")
	if !strings.Contains(out, "resolved                   2") {
		t.Errorf("status after import:\n%s", out)
	}
}

func jsonOf(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
}

// synthReview writes a RIS file of n studies and ingests it with the
// built binary, returning the database path.
func synthReview(t *testing.T, bin string, n int) string {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "TY  - JOUR\nTI  - Learning networks in primary care, study %d\nPY  - 2011\nAB  - Abstract %d.\nER  - \n\n", i, i)
	}
	file := writeFile(t, "synth.ris", b.String())
	db := tempDB(t)
	mustRun(t, bin, "", "--db", db, "ingest", file)
	return db
}

// longOr returns long when OVERSIKT_LONG is set, short otherwise.
func longOr(short, long int) int {
	if os.Getenv("OVERSIKT_LONG") != "" {
		return long
	}
	return short
}

// twoReviewersAtOnce runs two screening processes on one database at
// the same time: every decision lands exactly once and no "database is
// locked" reaches the user. OVERSIKT_LONG=1 runs thousands each.
func twoReviewersAtOnce(t *testing.T, bin string) {
	n := longOr(300, 3000)
	db := synthReview(t, bin, n)
	start := time.Now()
	var wg sync.WaitGroup
	type result struct {
		out, errs string
		code      int
	}
	results := make([]result, 2)
	for k, who := range []string{"anna", "bo"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := lines(n, func(i int) string { return [...]string{"i", "e", "m"}[(i+k)%3] })
			cmd := exec.Command(bin, "--db", db, "screen", "--reviewer", who)
			cmd.Stdin = strings.NewReader(in)
			var out, errb strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			results[k] = result{out.String(), errb.String(), cmd.ProcessState.ExitCode()}
			if err != nil && cmd.ProcessState == nil {
				results[k].code = -1
			}
		}()
	}
	wg.Wait()
	t.Logf("two reviewers, %d decisions each, at once: %v", n, time.Since(start).Round(time.Millisecond))
	for k, r := range results {
		if r.code != 0 || strings.Contains(r.errs, "locked") || strings.Contains(r.errs, "busy") {
			t.Errorf("reviewer %d: exit %d, stderr %s", k, r.code, r.errs)
		}
		if got := strings.Count(r.out, "saved: "); got != n {
			t.Errorf("reviewer %d acknowledged %d decisions, want %d", k, got, n)
		}
	}
	store, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var events, dups, resolved int
	q := store.SQL()
	q.QueryRow("SELECT COUNT(*) FROM decision").Scan(&events)
	q.QueryRow("SELECT COUNT(*) FROM (SELECT 1 FROM decision GROUP BY study_id, reviewer, stage HAVING COUNT(*) > 1)").Scan(&dups)
	q.QueryRow("SELECT COUNT(DISTINCT study_id) FROM resolution").Scan(&resolved)
	if events != 2*n || dups != 0 {
		t.Errorf("stored %d decision events with %d duplicated (study, reviewer), want %d and 0", events, dups, 2*n)
	}
	// (i+0)%3 and (i+1)%3 never match, but maybe counts as include: anna's
	// maybe meets bo's include on a third of the studies.
	if resolved != n/3 {
		t.Errorf("%d studies resolved by agreement, want %d", resolved, n/3)
	}
}

// killedLoopKeepsAcknowledgedDecisions kills a screening loop with
// SIGKILL: every decision it acknowledged is stored, and at most the one
// in flight more.
func killedLoopKeepsAcknowledgedDecisions(t *testing.T, bin string) {
	n := longOr(100, 1000)
	db := synthReview(t, bin, 3*n)
	stored := func(reviewer string) int {
		store, err := data.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		var c int
		store.SQL().QueryRow("SELECT COUNT(*) FROM decision WHERE reviewer = ?", reviewer).Scan(&c)
		return c
	}
	// killAfter starts a loop, feeds it input, kills it once it has
	// acknowledged n decisions and returns how many it acknowledged in all.
	killAfter := func(reviewer, input string) int {
		cmd := exec.Command(bin, "--db", db, "screen", "--reviewer", reviewer)
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { stdin.Write([]byte(input)) }()
		sc := bufio.NewScanner(stdout)
		acked := 0
		done := make(chan struct{})
		go func() {
			defer close(done)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "saved: ") {
					acked++
					if acked == n {
						cmd.Process.Kill() // SIGKILL
					}
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Minute):
			cmd.Process.Kill()
			t.Fatal("loop did not finish")
		}
		cmd.Wait()
		return acked
	}
	// Exactly n commands: the loop waits for more input when killed.
	if acked := killAfter("anna", lines(n, func(int) string { return "i" })); acked != n || stored("anna") != n {
		t.Errorf("killed after %d acknowledged: %d stored, want %d", acked, stored("anna"), n)
	}
	// A flood of commands: the loop races on while the kill arrives.
	acked := killAfter("bo", lines(3*n, func(int) string { return "e" }))
	if got := stored("bo"); got < acked || got > acked+1 {
		t.Errorf("flooded loop: %d acknowledged, %d stored; want stored = acknowledged (+1 in flight)", acked, got)
	}
	// The next session resumes after the last stored decision.
	out := mustRun(t, bin, "q\n", "--db", db, "screen", "--reviewer", "anna")
	if want := fmt.Sprintf("── Study %d ──", n+1); !strings.Contains(out, want) {
		t.Errorf("resumed session does not show %q:\n%.300s", want, out)
	}
}

func TestScreenConfigAndAllocate(t *testing.T) {
	needCorpus(t)
	db := tempDB(t)
	runCLI(t, "", "--db", db, "ingest", filepath.Join(corpusDir, "ris/avian_ecology_revtools.ris"))
	cases := []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"screen", "config"}, 0, "decisions per study (k): 2"},
		{[]string{"screen", "config", "--k", "1", "--calibration", "0.25", "--seed", "9"}, 0, "calibration share screened twice: 0.25"},
		{[]string{"screen", "config", "--k", "5"}, exitUsage, ""},
		{[]string{"screen", "config"}, 0, "decisions per study (k): 1"}, // the bad --k was not kept
		{[]string{"screen", "config", "--maybe", "separate", "--reasons-ta", "off topic;not empirical"}, 0, "exclusion reasons ta: off topic; not empirical"},
		{[]string{"screen", "allocate", "anna", "bo"}, 0, "studies allocated to bo"},
		{[]string{"screen", "allocate", "--clear"}, 0, "allocation removed"},
		{[]string{"screen", "allocate"}, exitUsage, ""},
		{[]string{"screen", "--reviewer", "anna", "--order", "sideways"}, exitUsage, ""},
		{[]string{"screen", "--order", "file"}, exitUsage, ""},
		{[]string{"screen", "--reviewer", "anna", "--order", "priority", "--model", "forest"}, exitUsage, ""},
		{[]string{"screen", "--reviewer", "anna", "--model", "pairs"}, exitUsage, ""}, // file order has no model
		{[]string{"screen", "--reviewer", "cai", "--order", "priority", "--model", "pairs"}, 0, "priority #1"},
	}
	for _, c := range cases {
		out, errs, code := runCLI(t, "", append([]string{"--db", db}, c.args...)...)
		if code != c.wantCode || !strings.Contains(out, c.wantOut) {
			t.Errorf("%v: exit %d\nout: %s\nerr: %s\nwant exit %d and %q", c.args, code, out, errs, c.wantCode, c.wantOut)
		}
	}
	// k=1 with a 25 % calibration share: a single reviewer resolves most
	// studies alone; the calibration studies wait for a second one.
	out, _, code := runCLI(t, lines(20, func(int) string { return "e 1" }), "--db", db, "screen", "--reviewer", "anna")
	if code != 0 || strings.Count(out, "saved: exclude") != 20 {
		t.Fatalf("single screening: exit %d\n%s", code, out)
	}
	out, _, _ = runCLI(t, "", "--db", db, "--json", "status")
	var st struct {
		Stages []struct {
			ScreenedByOne int `json:"screened_by_one"`
			Resolved      int `json:"resolved"`
		} `json:"stages"`
	}
	jsonOf(t, out, &st)
	if ta := st.Stages[0]; ta.Resolved+ta.ScreenedByOne != 20 || ta.ScreenedByOne == 0 || ta.Resolved < 10 {
		t.Errorf("after single screening with calibration: %+v; want most resolved, some waiting for a second reviewer", ta)
	}
}
