package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenFile compares got with the file at path, or rewrites it under
// -update (the flag of cmd_export_synthesis_test.go).
func goldenFile(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
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

// TestDemoReportGolden runs the demo (import, dedup, dual screening,
// coding, report) and compares the report in both languages and the
// PRISMA CSV with synthesis/testdata; then checks that `oversikt report`
// on the demo's database writes the same bytes again and every file the
// issue lists.
func TestDemoReportGolden(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, "", "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	goldenDir := filepath.Join("..", "..", "synthesis", "testdata")
	for _, f := range []string{"report.nb.md", "report.en.md", "prisma.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		goldenFile(t, filepath.Join(goldenDir, "demo_"+f+".golden"), got)
	}
	again := filepath.Join(t.TempDir(), "again")
	if _, stderr, code := runCLI(t, "", "--db", filepath.Join(dir, "review.db"), "report", "--out", again); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"report.nb.md", "report.en.md", "report.nb.html", "report.en.html", "prisma.svg", "prisma.csv",
		"effects.svg", "tables/studies.csv", "tables/decisions.csv", "tables/codings.csv", "tables/effects.csv",
		"tables/factors.csv", "tables/barriers.csv", "tables/prisma.csv"} {
		got, err := os.ReadFile(filepath.Join(again, f))
		if err != nil {
			t.Errorf("report did not write %s: %v", f, err)
			continue
		}
		if len(got) == 0 {
			t.Errorf("%s is empty", f)
		}
		if first, err := os.ReadFile(filepath.Join(dir, f)); err == nil && f != "tables/decisions.csv" && !bytes.Equal(first, got) {
			t.Errorf("%s differs between the demo and a second report run of the same database", f)
		}
	}
}

func TestReportLangLimitsFiles(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, "", "demo", "--out", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "en")
	if _, stderr, code := runCLI(t, "", "--db", filepath.Join(dir, "review.db"), "report", "--lang", "en", "--out", out); code != 0 {
		t.Fatalf("report --lang en: exit %d: %s", code, stderr)
	}
	for f, want := range map[string]bool{"report.en.md": true, "report.en.html": true, "report.nb.md": false, "report.nb.html": false} {
		_, err := os.Stat(filepath.Join(out, f))
		if got := err == nil; got != want {
			t.Errorf("--lang en: %s written = %v, want %v", f, got, want)
		}
	}
	if _, _, code := runCLI(t, "", "--db", filepath.Join(dir, "review.db"), "report", "--lang", "de", "--out", out); code != 2 {
		t.Errorf("--lang de: exit %d, want 2", code)
	}
	stdout, stderr, code := runCLI(t, "", "--db", filepath.Join(dir, "review.db"), "export", "effects")
	if code != 0 {
		t.Fatalf("export effects: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if want := "outcome,outcome_label,evidence_type,design,study_id,ref,study,direction,vote,certainty"; lines[0] != want {
		t.Errorf("export effects header %q, want %q", lines[0], want)
	}
	// The demo's patient outcomes: Horbar (no difference), Landon (trend), Schouten 2010 (mixed), Pronovost 2006 (improved).
	var patient []string
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "out_patient,") {
			f := strings.Split(l, ",")
			patient = append(patient, f[len(f)-3]+"/"+f[len(f)-2])
		}
	}
	if got, want := strings.Join(patient, " "), "no_difference/0 trend_ns/1 mixed/0 improved/1"; got != want {
		t.Errorf("patient outcome directions/votes %q, want %q", got, want)
	}
}
