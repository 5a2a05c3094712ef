package data

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// MustOpenDB opens a fresh review database in a temporary directory with a
// fixed clock.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "review.db"))
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }
	tb.Cleanup(func() { db.Close() })
	return db
}

func importRecords(tb testing.TB, db *DB, sha string, titles ...string) *Source {
	tb.Helper()
	ctx := context.Background()
	src := &Source{Name: "Test", File: sha + ".ris", Format: "ris", Kind: KindDatabase, SHA256: sha, Encoding: "utf-8"}
	imp, err := db.BeginImport(ctx, src)
	if err != nil {
		tb.Fatal(err)
	}
	for i, t := range titles {
		if err := imp.Add(Record{Line: i*10 + 1, Raw: "TY  - JOUR\nTI  - " + t, Title: t, Authors: []string{"Bakke, Kari", "Udness, E"},
			Extra: []Field{{"XX", "kept"}}}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := imp.Finish(0); err != nil {
		tb.Fatal(err)
	}
	return src
}

func TestImportStoresRecordsAndStudies(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	src := importRecords(t, db, "aa", "Learning networks", "Quality collaboratives")
	var got []Record
	if err := db.Records(ctx, RecordFilter{SourceID: src.ID}, func(r Record) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("Records() = %d records, want 2", len(got))
	}
	r := got[1]
	if r.Title != "Quality collaboratives" || r.Line != 11 || r.StudyID != r.ID || len(r.Authors) != 2 || r.ExtraValue("XX") != "kept" {
		t.Errorf("record = %+v", r)
	}
	c, err := db.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c != (Counts{Sources: 1, Records: 2, Studies: 2}) {
		t.Errorf("Count() = %+v, want 1 source, 2 records, 2 studies", c)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check() = %v, %v; want no problems", problems, err)
	}
}

func TestIncompleteImportIsReplaced(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	src := &Source{Name: "T", File: "t.ris", Format: "ris", Kind: KindDatabase, SHA256: "bb", Encoding: "utf-8"}
	imp, err := db.BeginImport(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	imp.Add(Record{Title: "half", Raw: "x"})
	if err := imp.flush(); err != nil { // as if killed after one batch
		t.Fatal(err)
	}
	if problems, _ := db.Check(ctx); len(problems) != 1 {
		t.Errorf("Check() after an interrupted import = %v, want the incomplete source reported", problems)
	}
	importRecords(t, db, "bb", "one", "two")
	c, _ := db.Count(ctx)
	if c.Records != 2 || c.Studies != 2 || c.Sources != 1 {
		t.Errorf("Count() after re-import = %+v, want 2 records, 2 studies, 1 source", c)
	}
}

func TestRemoveSourceCountsDependents(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	a := importRecords(t, db, "a1", "kept")
	b := importRecords(t, db, "b1", "removed")
	var studyB int64
	db.Records(ctx, RecordFilter{SourceID: b.ID}, func(r Record) error { studyB = r.StudyID; return nil })
	if _, err := db.SQL().ExecContext(ctx, "INSERT INTO decision(study_id, reviewer, stage, verdict, decided_at) VALUES(?, 'ana', 'ta', 'include', 'x')", studyB); err != nil {
		t.Fatal(err)
	}
	if n, err := db.SourceDependents(ctx, b.ID); err != nil || n != 1 {
		t.Errorf("SourceDependents(b) = %d, %v; want 1", n, err)
	}
	if n, err := db.SourceDependents(ctx, a.ID); err != nil || n != 0 {
		t.Errorf("SourceDependents(a) = %d, %v; want 0", n, err)
	}
	if n, err := db.RemoveSource(ctx, b.ID); err != nil || n != 1 {
		t.Fatalf("RemoveSource() = %d, %v", n, err)
	}
	var decisions int
	db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM decision").Scan(&decisions)
	if decisions != 0 {
		t.Errorf("decisions left on a removed study: %d", decisions)
	}
	if _, err := db.RemoveSource(ctx, b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("RemoveSource(again) = %v, want ErrNotFound", err)
	}
	if problems, _ := db.Check(ctx); len(problems) != 0 {
		t.Errorf("Check() = %v", problems)
	}
}

func TestNewerDatabaseIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.SQL().Exec("PRAGMA user_version = 9999")
	db.Close()
	if _, err := Open(context.Background(), path); !errors.Is(err, ErrTooNew) {
		t.Errorf("Open(newer db) = %v, want ErrTooNew", err)
	}
}

func TestBackup(t *testing.T) {
	db := MustOpenDB(t)
	importRecords(t, db, "cc", "one")
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	cp, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if c, _ := cp.Count(context.Background()); c.Records != 1 {
		t.Errorf("backup holds %d records, want 1", c.Records)
	}
}

// TestConcurrentOpenMigratesOnce opens one new database from several
// goroutines at once, as two reviewers starting together would.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			db, err := Open(context.Background(), path)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Open: %v", err)
		}
	}
}

func TestNewDatabaseUsesLargePages(t *testing.T) {
	db := MustOpenDB(t)
	var size int
	var mode string
	db.SQL().QueryRow("PRAGMA page_size").Scan(&size)
	db.SQL().QueryRow("PRAGMA journal_mode").Scan(&mode)
	if size != pageSize || mode != "wal" {
		t.Errorf("new database: page size %d, journal %q; want %d and wal", size, mode, pageSize)
	}
}

func TestEncodeFieldsMatchesJSON(t *testing.T) {
	cases := [][]Field{
		nil,
		{{"N1", "plain note"}},
		{{"U2", "L373791783"}, {"Y2", "2019/01/28"}},
		{{"AD", "Oslo <Norway> & \"Bergen\"\n\ttab \\ back"}, {"ÆØ", "naïve café \u2028 \x01"}},
		{{"XX", "bad \xff utf-8"}, {"", ""}},
	}
	for _, fs := range cases {
		want := "[]"
		if fs != nil {
			b, err := json.Marshal(fs)
			if err != nil {
				t.Fatal(err)
			}
			want = string(b)
		}
		if got := encodeFields(fs); got != want {
			t.Errorf("encodeFields(%q) = %s, want %s", fs, got, want)
		}
	}
}
