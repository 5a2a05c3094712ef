package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

// buildFiles lists what bulk builds left beside the database at db.
func buildFiles(t *testing.T, db string) []string {
	t.Helper()
	m, err := filepath.Glob(db + ".importing-*")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// importedAt matches the import time in `sources --json`.
var importedAt = regexp.MustCompile(`"imported": "[^"]*"`)

// firstDiff returns the first line, counted from 1, where got and want
// differ, and those lines; 0 when they are equal.
func firstDiff(got, want string) (int, string, string) {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b || i >= len(g) || i >= len(w) {
			return i + 1, a, b
		}
	}
	return 0, "", ""
}

// TestIngestNewReviewMatchesExisting imports the same files into a review
// the command creates (built in bulk and published) and into one that
// exists already (the normal import): what the command prints, its exit
// code and what the review holds afterwards are the same.
func TestIngestNewReviewMatchesExisting(t *testing.T) {
	needCorpus(t)
	bad := writeFile(t, "bad.ris", badRIS)
	files := []string{
		filepath.Join(corpusDir, "ris/embase_cff.ris"),
		filepath.Join(corpusDir, "medline/pubmed_restoration_revtools.nbib"),
		bad,
		filepath.Join(corpusDir, "ris/embase_cff.ris"), // the same bytes again
	}
	tests := []struct {
		name string
		args []string
	}{
		{"plain", files},
		{"json", append([]string{"--json"}, files...)},
		{"strict", append([]string{"--strict"}, files...)},
		{"missing file", []string{filepath.Join(corpusDir, "ris/embase_cff.ris"), "no-such-file.ris"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			existing := tempDB(t)
			if _, stderr, code := runCLI(t, "", "--db", existing, "init"); code != 0 {
				t.Fatalf("init: exit %d, %s", code, stderr)
			}
			fresh := tempDB(t)
			var outs [2][3]string
			built := false
			for i, db := range []string{existing, fresh} {
				beforePublish = func(string) { built = true }
				stdout, stderr, code := runCLI(t, "", append([]string{"--db", db, "ingest"}, tt.args...)...)
				beforePublish = nil
				if built != (i == 1) {
					t.Fatalf("ingest into %s built in bulk: %v; want only the new review built so", db, built)
				}
				records, _, _ := runCLI(t, "", "--db", db, "export", "records")
				sources, _, _ := runCLI(t, "", "--db", db, "--json", "sources")
				check, _, _ := runCLI(t, "", "--db", db, "check")
				sources = importedAt.ReplaceAllString(sources, `"imported": "…"`) // the minute may turn between the two
				outs[i] = [3]string{strings.ReplaceAll(stdout+stderr, db, "DB") + "exit " + string(rune('0'+code)), records + sources, check}
			}
			if !strings.Contains(outs[0][0], "new") {
				t.Errorf("ingest printed %q; want results", outs[0][0])
			}
			if line, got, want := firstDiff(outs[1][0], outs[0][0]); line > 0 {
				t.Errorf("new review printed at line %d\n%s\nwant, as into an existing one,\n%s", line, got, want)
			}
			if line, got, want := firstDiff(outs[1][1], outs[0][1]); line > 0 {
				t.Errorf("new review holds at line %d of its export and sources\n%.2000s\nwant, as an existing one,\n%.2000s", line, got, want)
			}
			if strings.TrimSpace(outs[1][2]) != "ok" {
				t.Errorf("check of the new review: %s", outs[1][2])
			}
			if left := buildFiles(t, fresh); len(left) != 0 {
				t.Errorf("left beside the review: %v", left)
			}
		})
	}
}

// TestIngestNewReviewCreatedMeanwhile creates the review, and imports one
// of the files into it, while the command builds its own: the command
// imports into that review instead, every record once, and prints its
// results once.
func TestIngestNewReviewCreatedMeanwhile(t *testing.T) {
	needCorpus(t)
	a := filepath.Join(corpusDir, "ris/embase_cff.ris")
	b := filepath.Join(corpusDir, "medline/pubmed_restoration_revtools.nbib")
	path := tempDB(t)
	var want int
	beforePublish = func(p string) {
		db, err := data.Open(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		res, err := ingest.File(context.Background(), db, a, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want = res.New
	}
	defer func() { beforePublish = nil }()
	stdout, stderr, code := runCLI(t, "", "--db", path, "--json", "ingest", a, b)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	got := ingestJSONOf(t, stdout)
	if len(got.Files) != 2 || !got.Files[0].AlreadyImported || got.Files[1].New == 0 {
		t.Fatalf("ingest --json = %+v; want the first file already imported, the second new", got)
	}
	want += got.Files[1].New
	db, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if c, err := db.Count(context.Background()); err != nil || c != (data.Counts{Sources: 2, Records: want, Studies: want}) {
		t.Errorf("review holds %+v, %v; want 2 sources and %d records", c, err, want)
	}
	if left := buildFiles(t, path); len(left) != 0 {
		t.Errorf("left beside the review: %v", left)
	}
}
