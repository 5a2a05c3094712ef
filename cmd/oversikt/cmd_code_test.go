package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/coding"
)

const codingRIS = `TY  - JOUR
AU  - Landon, Bruce E
TI  - Effects of a quality improvement collaborative on the outcome of care of patients with HIV infection
PY  - 2004
N1  - PMID: 15172903
ER  - 

TY  - JOUR
AU  - Carter, Penny
TI  - How collaborative are quality improvement collaboratives: a qualitative study in stroke care
PY  - 2014
DO  - 10.1186/1748-5908-9-32
ER  - 

TY  - JOUR
AU  - Kaplan, Edward
TI  - Nonparametric estimation from incomplete observations
PY  - 1958
ER  - 
`

// codingReview ingests three records and includes the first two at full
// text; it returns the database path.
func codingReview(t *testing.T) string {
	t.Helper()
	dbPath := tempDB(t)
	ris := writeFile(t, "refs.ris", codingRIS)
	if _, stderr, code := runCLI(t, "", "--db", dbPath, "ingest", ris); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	ctx := context.Background()
	db, err := data.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range []int64{1, 2} {
		for _, stage := range []string{"ta", "ft"} {
			if err := db.AddResolution(ctx, &data.Resolution{StudyID: id, Stage: stage, Verdict: data.VerdictInclude, Method: data.MethodAgreement}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dbPath
}

// TestCodingEndToEnd drives the coding loop in line mode for one reviewer,
// the scripted commands for the other, then reconciliation, agreement and
// the exports, the way a user types them.
func TestCodingEndToEnd(t *testing.T) {
	dbPath := codingReview(t)
	script := `codes barriers
set design cba --quote "compared with control clinics" --location "p. 3"
set design cohort
set out_patient trend_ns --location "Table 2"
show
done
set design qual
set bar_competing_demands --quote "other priorities crowded it out" --location p.7
set bar_measurement_burden
done
`
	stdout, stderr, code := runCLI(t, script, "--db", dbPath, "code", "--reviewer", "anne")
	if code != 0 {
		t.Fatalf("code loop: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"2 studies to code for anne (codebook version 1)",
		"── Study 1 (1 of 2) ──\nLandon 2004: Effects of a quality improvement collaborative",
		"bar_measurement_burden   Measurement burden [flag]",
		"set design = cba",
		"set out_patient = trend_ns",
		"design                   cba  “compared with control clinics” (p. 3)",
		"Study 1 done.",
		"── Study 2 (2 of 2) ──",
		"End of the queue: 2 studies marked done this session.",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("loop output lacks %q\n--- output:\n%s", want, stdout)
		}
	}
	if want := `error: design: "cohort" is not one of rct, crct, nrct, cba, its, uba, xsec, qual, mixed, sr, eval_report`; !strings.Contains(stderr, want) {
		t.Errorf("loop stderr lacks %q\n--- stderr:\n%s", want, stderr)
	}

	for _, args := range [][]string{
		{"code", "set", "--study", "pmid:15172903", "--code", "design", "--value", "cba"},
		{"code", "set", "--study", "15172903", "--code", "out_patient", "--value", "no_difference"},
		{"code", "set", "--study", "How collaborative", "--code", "design", "--value", "qual"},
		{"code", "set", "--study", "10.1186/1748-5908-9-32", "--code", "bar_competing_demands", "--quote", "competing priorities"},
		{"code", "done", "--study", "1"},
		{"code", "done", "--study", "2"},
	} {
		if _, stderr, code := runCLI(t, "", append([]string{"--db", dbPath, "--reviewer", "bjorn"}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	// Blind: bjørn's show lists only his own codings.
	stdout, _, _ = runCLI(t, "", "--db", dbPath, "--reviewer", "bjorn", "code", "show", "--study", "1")
	if strings.Contains(stdout, "trend_ns") || !strings.Contains(stdout, "no_difference") {
		t.Errorf("bjorn's show = %q, want his own out_patient only", stdout)
	}
	if _, stderr, code := runCLI(t, "", "--db", dbPath, "--reviewer", "bjorn", "code", "set", "--study", "3", "--code", "design", "--value", "rct"); code != 1 ||
		!strings.Contains(stderr, "study 3 is not included at full text") {
		t.Errorf("coding an excluded study: exit %d, %q; want 1 and why", code, stderr)
	}

	stdout, _, code = runCLI(t, "", "--db", dbPath, "reconcile", "--list")
	if want := "1\tout_patient\tanne=trend_ns\tbjorn=no_difference\n2\tbar_measurement_burden\tanne=yes\tbjorn=not present\n"; code != 0 || stdout != want {
		t.Errorf("reconcile --list = %q (exit %d), want %q", stdout, code, want)
	}
	stdout, stderr, code = runCLI(t, "a\nmaybe\nnone\n", "--db", dbPath, "--reviewer", "cecilie", "reconcile")
	if code != 0 || !strings.Contains(stderr, "3 values both reviewers gave alike recorded as final") || !strings.Contains(stderr, "2 settled; nothing left") {
		t.Errorf("reconcile: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, `error: bar_measurement_burden is a flag: value yes or no, not "maybe"`) {
		t.Errorf("reconcile did not reject a bad value: %s", stderr)
	}

	stdout, stderr, code = runCLI(t, "", "--db", dbPath, "export", "barriers")
	wantCSV := "study_id,study,doi,pmid,bar_no_leader_support,bar_org_not_promoting,bar_missing_data,bar_team_dropout,bar_cost,bar_reorganisation,bar_competing_demands,bar_measurement_burden,bar_poor_fit,bar_low_reach,status\n" +
		"1,Landon 2004: Effects of a quality improvement collaborative on the outcome of care of patients with HIV infection,,15172903,0,0,0,0,0,0,0,0,0,0,settled\n" +
		"2,Carter 2014: How collaborative are quality improvement collaboratives: a qualitative study in stroke care,10.1186/1748-5908-9-32,,0,0,0,0,0,0,1,0,0,0,settled\n"
	if code != 0 || stdout != wantCSV || stderr != "" {
		t.Errorf("export barriers = exit %d\n%s\nstderr %q\nwant\n%s", code, stdout, stderr, wantCSV)
	}
	stdout, _, _ = runCLI(t, "", "--db", dbPath, "export", "codings")
	for _, want := range []string{
		"1,Landon 2004: Effects of a quality improvement collaborative on the outcome of care of patients with HIV infection,,15172903,outcome,out_patient,final,trend_ns,,Table 2,,consensus by cecilie,1,",
		",design,anne,cba,compared with control clinics,p. 3,,,1,",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("export codings lacks %q\n%s", want, stdout)
		}
	}

	var out, errb bytes.Buffer
	app := &App{Streams: Streams{Out: &out, Err: &errb}, DBPath: dbPath}
	if err := runCodingAgreement(context.Background(), app); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"design                      2     100    1.00  1.00 to 1.00     almost perfect",
		"out_patient                 2      50    0.33",
		"bar_cost                    2     100       —                   kappa undefined",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("coding agreement lacks %q\n%s", want, out.String())
		}
	}
}

func TestCodebookCommands(t *testing.T) {
	bad := writeFile(t, "bad.yaml", "name: x\ngroups:\n  - slug: factors\n    labels: {en: F, nb: F}\n    evidence: factor\n    codes:\n      - slug: fac_a\n        labels: {en: A, nb: A}\n        type: flag\n        colour: red\n")
	_, stderr, code := runCLI(t, "", "codebook", "check", bad)
	want := bad + `:10:9: unknown field "colour"
   7 |       - slug: fac_a
   8 |         labels: {en: A, nb: A}
   9 |         type: flag
> 10 |         colour: red
               ^
Error: ` + bad + ": 1 mistake\n"
	if code != 1 || stderr != want {
		t.Errorf("codebook check bad.yaml: exit %d\n%s\nwant exit 1\n%s", code, stderr, want)
	}
	stdout, _, code := runCLI(t, "", "codebook", "init", "--out", "-")
	if code != 0 || !bytes.Equal([]byte(stdout), coding.DefaultYAML()) {
		t.Errorf("codebook init --out - = exit %d, %d bytes; want the default codebook", code, len(stdout))
	}
	good := writeFile(t, "codebook.yaml", stdout)
	if stdout, _, code := runCLI(t, "", "codebook", "check", good); code != 0 || !strings.Contains(stdout, "valid codebook \"learning-networks\": 6 groups, 32 codes") {
		t.Errorf("codebook check default = exit %d, %q", code, stdout)
	}

	dbPath := codingReview(t)
	runCLI(t, "", "--db", dbPath, "--reviewer", "anne", "code", "set", "--study", "1", "--code", "fac_team")
	edited := writeFile(t, "edited.yaml", strings.Replace(stdout, "      - slug: fac_team\n        labels: {en: Functioning multidisciplinary team, nb: Velfungerende team}\n        type: flag\n", "", 1))
	_, stderr, code = runCLI(t, "", "--db", dbPath, "codebook", "use", edited)
	if code != 1 || !strings.Contains(stderr, `study 1, anne, fac_team = "yes": code removed`) {
		t.Errorf("codebook use (removing a used code): exit %d, %s", code, stderr)
	}
	if _, stderr, code = runCLI(t, "", "--db", dbPath, "codebook", "use", "--force", edited); code != 0 || !strings.Contains(stderr, "installed as version 2") {
		t.Errorf("codebook use --force: exit %d, %s", code, stderr)
	}
	if stdout, _, _ := runCLI(t, "", "--db", dbPath, "codebook", "show", "--lang", "nb"); !strings.Contains(stdout, "(version 2)") || strings.Contains(stdout, "fac_team") ||
		!strings.Contains(stdout, "fac_leader_anchor        Lederforankring — flag") {
		t.Errorf("codebook show after use:\n%s", stdout)
	}
}
