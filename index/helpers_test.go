package index

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// corpusDir is the shared corpus of real exports (MANIFEST.md there).
const corpusDir = "../../shared/corpus"

// mustOpenDB opens a fresh review database in a temporary directory.
func mustOpenDB(tb testing.TB) *data.DB {
	tb.Helper()
	db, err := data.Open(context.Background(), filepath.Join(tb.TempDir(), "review.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// mustOpenIndex opens db's index (brought up to date); the caller closes it.
func mustOpenIndex(tb testing.TB, db *data.DB) *Index {
	tb.Helper()
	ix, err := Open(context.Background(), db, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

// importRecords stores recs as one source named name.
func importRecords(tb testing.TB, db *data.DB, name string, recs []data.Record) {
	tb.Helper()
	ctx := context.Background()
	imp, err := db.BeginImport(ctx, &data.Source{Name: name, File: name + ".csv", Format: "csv", Kind: data.KindDatabase,
		SHA256: fmt.Sprintf("%s-%d", name, len(recs)), Encoding: "utf-8"})
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range recs {
		if err := imp.Add(r); err != nil {
			tb.Fatal(err)
		}
	}
	if err := imp.Finish(0); err != nil {
		tb.Fatal(err)
	}
}

// labelledRecords reads one of the corpus's labelled screening sets
// (labelled/*.csv: an id, title, abstract and, in some, authors and year)
// into records, skipping the test when the corpus is absent.
func labelledRecords(tb testing.TB, file string) []data.Record {
	tb.Helper()
	path := filepath.Join(corpusDir, "labelled", file)
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("corpus file %s not available (%v): the shared corpus is needed for this test", path, err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var recs []data.Record
	for n, row := range rows[1:] {
		r := data.Record{Line: n + 2, Title: get(row, "title"), Abstract: get(row, "abstract"), Raw: strings.Join(row, ",")}
		r.Key = get(row, "record_id") + get(row, "id") + get(row, "pubmedID")
		if a := get(row, "authors"); a != "" {
			for _, s := range strings.Split(strings.ReplaceAll(a, " and ", ", "), ", ") {
				if s = strings.TrimSpace(s); s != "" {
					r.Authors = append(r.Authors, s)
				}
			}
		}
		r.Year, _ = strconv.Atoi(get(row, "year"))
		if p := get(row, "pubmedID"); p != "" {
			r.PMID = p
		}
		recs = append(recs, r)
	}
	return recs
}
