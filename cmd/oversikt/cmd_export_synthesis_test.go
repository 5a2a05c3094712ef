package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// update rewrites golden files under testdata/ instead of comparing:
// go test ./cmd/oversikt -run TestDemoPRISMAGolden -update
var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// demoDB runs `oversikt demo` into a temporary directory and returns its
// review database.
func demoDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, "", "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	return filepath.Join(dir, "review.db")
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\ngot  %q\nwant %q\n(run with -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

// TestDemoPRISMAGolden: the worked example's PRISMA2020 CSV, as a user
// exports it.
func TestDemoPRISMAGolden(t *testing.T) {
	db := demoDB(t)
	out, stderr, code := runCLI(t, "", "--db", db, "export", "prisma")
	if code != 0 {
		t.Fatalf("export prisma: exit %d: %s", code, stderr)
	}
	golden(t, "demo_prisma.csv", out)

	var flow struct {
		Databases struct {
			Identified, Duplicates, Screened, Included int
		} `json:"databases_registers"`
	}
	out, _, code = runCLI(t, "", "--db", db, "--json", "export", "prisma")
	if code != 0 || json.Unmarshal([]byte(out), &flow) != nil {
		t.Fatalf("export prisma --json: exit %d, output %q", code, out)
	}
	if d := flow.Databases; d.Screened != d.Identified-d.Duplicates || d.Included == 0 {
		t.Errorf("export prisma --json: %+v; want screened = identified − duplicates and some included", d)
	}
}

func TestExportSynthesisTables(t *testing.T) {
	db := demoDB(t)
	tests := []struct {
		args []string
		want []string // substrings of the output
	}{
		{[]string{"export", "studies"}, []string{
			"study_id,title,authors,year,journal,doi,pmid,records,sources,prisma_column,ta,ft,not_retrieved,exclusion_reason,included\n",
			",2,PubMed; Embase,databases and registers,include,include,false,,true\n"}},
		{[]string{"export", "studies", "--excel"}, []string{"\uFEFFstudy_id;title;"}},
		{[]string{"export", "labelled"}, []string{"record_id,title,abstract,authors,year,doi,label_included\n", ",1\n", ",0\n"}},
		{[]string{"export", "included", "--format", "ris"}, []string{"TY  - JOUR\r\n", "ER  - \r\n"}},
		{[]string{"export", "prisma", "--format", "svg", "--lang", "nb"}, []string{"<svg ", "Identifisering", "Duplikater fjernet", "</svg>"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, stderr, code := runCLI(t, "", append([]string{"--db", db}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q; starts %q", w, out[:min(len(out), 300)])
				}
			}
		})
	}
	// The included RIS holds as many records as the PRISMA CSV has studies.
	ris, _, _ := runCLI(t, "", "--db", db, "export", "included")
	csv, _, _ := runCLI(t, "", "--db", db, "export", "prisma")
	n := strings.Count(ris, "TY  - ")
	if !strings.Contains(csv, ",new_studies.html,"+strconv.Itoa(n)+"\n") {
		t.Errorf("export included wrote %d records; the PRISMA CSV says otherwise:\n%s", n, csv)
	}
	if _, stderr, code := runCLI(t, "", "--db", db, "export", "prisma", "--lang", "de"); code != 2 || !strings.Contains(stderr, "Try:") {
		t.Errorf("export prisma --lang de: exit %d, %q; want a usage error", code, stderr)
	}
}

func TestCertaintyCommands(t *testing.T) {
	db := demoDB(t)
	run := func(args ...string) (string, string, int) {
		return runCLI(t, "", append([]string{"--db", db, "--reviewer", "Anne"}, args...)...)
	}
	out, stderr, code := run("certainty", "set", "--outcome", "process", "--start", "high", "--risk-of-bias", "serious")
	if code != 0 || out != "out_process: ⊕⊕⊕◯ moderate (risk of bias: serious)\n" {
		t.Fatalf("certainty set: exit %d, %q, %s", code, out, stderr)
	}
	// Only the ratings given change: risk of bias stays.
	out, _, _ = run("certainty", "set", "--outcome", "out_process", "--imprecision", "very-serious", "--note", "small samples")
	if out != "out_process: ⊕◯◯◯ very low (risk of bias: serious; imprecision: very-serious)\n" {
		t.Errorf("second certainty set = %q", out)
	}
	out, _, _ = run("certainty", "set", "--outcome", "process", "--imprecision", "none")
	if out != "out_process: ⊕⊕⊕◯ moderate (risk of bias: serious)\n" {
		t.Errorf("certainty set --imprecision none = %q", out)
	}
	if out, _, code = run("certainty", "set", "--finding", "bar_cost", "--adequacy", "serious", "--coherence", "minor"); code != 0 ||
		out != "bar_cost: ⊕⊕◯◯ low (coherence: minor concerns; adequacy: serious concerns)\n" {
		t.Errorf("certainty set --finding = exit %d, %q", code, out)
	}
	for _, bad := range [][]string{
		{"certainty", "set", "--outcome", "wellbeing"},
		{"certainty", "set", "--finding", "bar_cost", "--risk-of-bias", "serious"},
		{"certainty", "set", "--outcome", "patient", "--adequacy", "minor"},
		{"certainty", "set", "--outcome", "patient", "--risk-of-bias", "grave"},
		{"certainty", "set", "--outcome", "patient", "--finding", "bar_cost"},
		{"certainty", "set", "--finding", "patient"},
	} {
		if _, stderr, code := run(bad...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", bad, code, stderr)
		}
	}
	if _, stderr, code := runCLI(t, "", "--db", db, "certainty", "set", "--outcome", "patient"); code != 2 || !strings.Contains(stderr, "reviewer") {
		t.Errorf("certainty set without a reviewer: exit %d, %q", code, stderr)
	}
	out, _, code = run("certainty", "show")
	if code != 0 || !strings.Contains(out, "out_process") || !strings.Contains(out, "note: small samples") || !strings.Contains(out, "bar_cost") {
		t.Errorf("certainty show: exit %d\n%s", code, out)
	}
	var rows []struct {
		Subject string `json:"subject"`
		Level   string `json:"level"`
		Symbols string `json:"symbols"`
	}
	out, _, _ = run("--json", "certainty", "show")
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("certainty show --json: %v", err)
	}
	levels := map[string]string{}
	for _, r := range rows {
		levels[r.Subject] = r.Level + " " + r.Symbols
	}
	if levels["out_process"] != "moderate ⊕⊕⊕◯" || levels["bar_cost"] != "low ⊕⊕◯◯" {
		t.Errorf("certainty show --json = %+v, want out_process moderate ⊕⊕⊕◯ and bar_cost low ⊕⊕◯◯", rows)
	}
}
