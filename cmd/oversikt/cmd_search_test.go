package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestSearchCommand(t *testing.T) {
	needCorpus(t)
	db := tempDB(t)
	if _, errOut, code := runCLI(t, "", "--db", db, "ingest", filepath.Join(corpusDir, "medline/pubmed_restoration_revtools.nbib")); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}

	out, errOut, code := runCLI(t, "", "--db", db, "search", "--json", "--limit", "3", `"ecological restoration"`)
	if code != 0 {
		t.Fatalf("search --json: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "Building the search index") {
		t.Errorf("first search stderr = %q, want the index build said", errOut)
	}
	var doc struct {
		Total int `json:"total"`
		Hits  []struct {
			StudyID   int64    `json:"study_id"`
			Title     string   `json:"title"`
			Year      int      `json:"year"`
			Score     float64  `json:"score"`
			Fragments []string `json:"fragments"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("search --json printed %q: %v", out, err)
	}
	if doc.Total == 0 || len(doc.Hits) == 0 || len(doc.Hits) > 3 {
		t.Fatalf("search --json: total %d, %d hits; want some, at most 3", doc.Total, len(doc.Hits))
	}
	for _, h := range doc.Hits {
		if h.StudyID == 0 || h.Title == "" || h.Score <= 0 || len(h.Fragments) == 0 {
			t.Errorf("hit %+v lacks id, title, score or fragments", h)
		}
		if !strings.Contains(strings.ToLower(strings.Join(h.Fragments, " ")), "[[ecological restoration]]") {
			t.Errorf("fragments %q do not mark the phrase", h.Fragments)
		}
	}

	out, errOut, code = runCLI(t, "", "--db", db, "search", "restor*", "--status", "unscreened", "-n", "2")
	if code != 0 || !strings.Contains(out, "studies match") || !strings.Contains(out, "[[") || strings.Contains(out, "\033[") {
		t.Errorf("search text: exit %d, stdout %q, stderr %q; want hits with [[marks]] and no ANSI", code, out, errOut)
	}
	if strings.Contains(errOut, "Building") {
		t.Errorf("second search rebuilt the index: %q", errOut)
	}

	for _, args := range [][]string{{"search", "nosuchfield:x"}, {"search", "x", "--status", "done"}, {"search", "x", "--limit", "0"}} {
		if _, errOut, code := runCLI(t, "", append([]string{"--db", db}, args...)...); code != 2 || !strings.Contains(errOut, "Try:") {
			t.Errorf("%v: exit %d, stderr %q; want usage error 2 with a hint", args, code, errOut)
		}
	}

	if out, errOut, code := runCLI(t, "", "--db", db, "--json", "index", "rebuild"); code != 0 || !strings.Contains(out, `"rebuilt": true`) {
		t.Errorf("index rebuild: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestHighlightCommand(t *testing.T) {
	db := tempDB(t)
	if _, errOut, code := runCLI(t, "", "--db", db, "highlight", "add", "--include", "learning collaborative*", "--include", "læringsnettverk*", "--exclude", "rat*"); code != 0 {
		t.Fatalf("highlight add: exit %d: %s", code, errOut)
	}
	out, _, code := runCLI(t, "", "--db", db, "highlight", "list")
	want := "include\tlearning collaborative*\ninclude\tlæringsnettverk*\nexclude\trat*\n"
	if code != 0 || out != want {
		t.Errorf("highlight list = %q (exit %d), want %q", out, code, want)
	}
	if _, errOut, code := runCLI(t, "", "--db", db, "highlight", "remove", "rat*"); code != 0 {
		t.Errorf("highlight remove: exit %d: %s", code, errOut)
	}
	if _, _, code := runCLI(t, "", "--db", db, "highlight", "remove", "rat*"); code != 1 {
		t.Errorf("removing a missing term: exit %d, want 1", code)
	}
	out, _, _ = runCLI(t, "", "--db", db, "--json", "highlight", "list")
	var doc struct {
		Terms []struct{ Kind, Term string } `json:"terms"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Terms) != 2 {
		t.Errorf("highlight list --json = %q (%v), want 2 terms", out, err)
	}
	if _, errOut, code := runCLI(t, "", "--db", db, "highlight", "add"); code != 2 {
		t.Errorf("highlight add without terms: exit %d (%s), want 2", code, errOut)
	}
}
