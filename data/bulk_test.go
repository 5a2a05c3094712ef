package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// newBuild starts a bulk build of review.db in a fresh directory and
// returns it with the path it publishes at.
func newBuild(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "review.db")
	db, err := CreateBulk(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db, path
}

// column runs a query of one text column and returns its rows.
func column(t *testing.T, db *DB, query string) []string {
	t.Helper()
	rows, err := db.sql.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// schemaOf lists the database's tables, indexes and triggers with their
// SQL, and its schema version and journal mode.
func schemaOf(t *testing.T, db *DB) []string {
	t.Helper()
	out := column(t, db, "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name")
	var version int
	var mode string
	db.sql.QueryRow("PRAGMA user_version").Scan(&version)
	db.sql.QueryRow("PRAGMA journal_mode").Scan(&mode)
	return append(out, "version "+strconv.Itoa(version), "journal "+mode)
}

// recordsOf lists every record's columns, every study and every source's
// counts, in id order.
func recordsOf(t *testing.T, db *DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT id || '|' || source_id || '|' || study_id || '|' || line || '|' || raw || '|' || title || '|' || authors || '|' || extra FROM record ORDER BY id",
		"SELECT id || '|' || rep_id FROM study ORDER BY id",
		"SELECT id || '|' || sha256 || '|' || records || '|' || rejected || '|' || complete FROM source ORDER BY id",
	} {
		out = append(out, column(t, db, q)...)
	}
	return out
}

// fillReview imports three sources into db, one of which is taken back
// out again, as a --strict rejection does.
func fillReview(t *testing.T, db *DB) {
	t.Helper()
	importRecords(t, db, "aa", "Learning networks", "Quality collaboratives")
	ctx := context.Background()
	src := &Source{Name: "Test", File: "bb.ris", Format: "ris", Kind: KindDatabase, SHA256: "bb", Encoding: "utf-8"}
	imp, err := db.BeginImport(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	imp.Add(Record{Line: 1, Raw: "TY  - JOUR", Title: "Rejected with its file"})
	if err := imp.Abort(); err != nil {
		t.Fatal(err)
	}
	importRecords(t, db, "cc", "Communities of practice", "Breakthrough series", "Improvement science")
}

var fixedNow = func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }

// TestBulkBuildMatchesOpen builds a review in bulk and another the normal
// way with the same imports: after Publish both have the same schema
// (indexes included, WAL mode) and the same rows, and nothing but the
// database is left in the directory.
func TestBulkBuildMatchesOpen(t *testing.T) {
	ctx := context.Background()
	want := MustOpenDB(t)
	fillReview(t, want)

	db, path := newBuild(t)
	dir := filepath.Dir(path)
	db.Now = fixedNow
	if !db.Building() || db.Path == path {
		t.Fatalf("CreateBulk gave Path %q, Building %v; want a temporary file", db.Path, db.Building())
	}
	fillReview(t, db)
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s exists before Publish (%v)", path, err)
	}
	if err := db.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if g, w := schemaOf(t, got), schemaOf(t, want); !reflect.DeepEqual(g, w) {
		t.Errorf("schema after Publish:\n%q\nwant\n%q", g, w)
	}
	if g, w := recordsOf(t, got), recordsOf(t, want); !reflect.DeepEqual(g, w) {
		t.Errorf("rows after Publish:\n%q\nwant\n%q", g, w)
	}
	if problems, err := got.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check() = %v, %v", problems, err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	// The open connection has its WAL files beside the database.
	for _, n := range names {
		if n != "review.db" && n != "review.db-wal" && n != "review.db-shm" {
			t.Errorf("left in the directory: %v; want only the database", names)
			break
		}
	}
}

// TestBulkPublishLeavesAnotherDatabaseAlone creates a database at the
// path while a build is about to be linked there: Publish says so, the
// other database keeps exactly what it had, and the build is gone.
func TestBulkPublishLeavesAnotherDatabaseAlone(t *testing.T) {
	ctx := context.Background()
	db, path := newBuild(t)
	db.Now = fixedNow
	fillReview(t, db)
	tmp := db.Path
	beforeLink = func(p string) {
		other, err := Open(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		other.Now = fixedNow
		importRecords(t, other, "dd", "Created meanwhile")
		other.Close()
	}
	defer func() { beforeLink = nil }()
	if err := db.Publish(ctx); !errors.Is(err, ErrExists) {
		t.Fatalf("Publish with a database created meanwhile: %v; want ErrExists", err)
	}
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if c, err := other.Count(ctx); err != nil || c != (Counts{Sources: 1, Records: 1, Studies: 1}) {
		t.Errorf("the other database holds %+v, %v; want its one record only", c, err)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the build %s is left (%v)", tmp, err)
	}
	if _, err := CreateBulk(ctx, path); !errors.Is(err, ErrExists) {
		t.Errorf("CreateBulk on an existing database: %v; want ErrExists", err)
	}
}

// TestBulkDiscard closes a build without publishing it: nothing is left.
func TestBulkDiscard(t *testing.T) {
	db, path := newBuild(t)
	dir := filepath.Dir(path)
	importRecords(t, db, "aa", "Learning networks")
	db.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("after closing an unpublished build the directory holds %v; want nothing", entries)
	}
}

// TestRemoveStaleBuilds removes what builds that no process runs any more
// left (their file, or a journal whose file is gone), and keeps a running
// build's file however old it looks, and other files.
func TestRemoveStaleBuilds(t *testing.T) {
	ctx := context.Background()
	running, path := newBuild(t)
	dir := filepath.Dir(path)
	defer running.Close()
	past := processStart.Add(-time.Hour)
	write := func(name string, when time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, when, when)
		return p
	}
	stale := []string{
		write("review.db.importing-4000001", past),
		write("review.db.importing-4000001-journal", past),
		write("review.db.importing-4000002-wal", past), // its file is gone
		write("review.db.importing-4000005-00c0ffee", past),
		write("review.db.importing-4000005-00c0ffee-shm", past),
	}
	kept := []string{
		write("review.db.importing-4000003", time.Now().Add(time.Hour)), // younger than this process
		write("review.db.importing-notapid", past),
		write("review.db.importing-4000006-xyz", past),
		write("other.db.importing-4000001", past),
		running.Path,
	}
	os.Chtimes(running.Path, past, past)
	// What a build killed after linking its file to the review, before
	// removing its own name, leaves: a second name of a review in use.
	published := filepath.Join(dir, "published.db")
	pub, err := Open(ctx, published)
	if err != nil {
		t.Fatal(err)
	}
	pub.Now = fixedNow
	importRecords(t, pub, "pp", "Published")
	pub.Close() // RemoveStaleBuilds runs before this process opens the review
	link := filepath.Join(dir, "published.db.importing-4000004")
	if err := os.Link(published, link); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(link, past, past)
	stale = append(stale, link)
	RemoveStaleBuilds(published)
	RemoveStaleBuilds(path)
	for _, p := range stale {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is left (%v); want it removed", filepath.Base(p), err)
		}
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed (%v); want it kept", filepath.Base(p), err)
		}
	}
	if pub, err = Open(ctx, published); err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	if c, err := pub.Count(ctx); err != nil || c.Records != 1 {
		t.Errorf("the review whose second name was removed holds %+v, %v; want its record", c, err)
	}
	importRecords(t, running, "aa", "Still building")
	if err := running.Publish(ctx); err != nil {
		t.Fatalf("Publish after RemoveStaleBuilds: %v", err)
	}
}

// indexNames lists the indexes on the record table.
func indexNames(t *testing.T, db *DB) []string {
	t.Helper()
	return column(t, db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'record' AND sql IS NOT NULL ORDER BY name")
}

// TestBulkSparseIndexes imports records that all have a DOI and one in
// ten a PMID: the build drops the DOI index for Publish to build and keeps
// the PMID index up; the published review has both, and they answer.
func TestBulkSparseIndexes(t *testing.T) {
	ctx := context.Background()
	db, path := newBuild(t)
	defer db.Close()
	if got, want := indexNames(t, db), []string{"record_doi", "record_pmid", "record_source", "record_study"}; !reflect.DeepEqual(got, want) {
		t.Errorf("indexes as the build begins: %v; want %v", got, want)
	}
	src := &Source{Name: "Test", File: "a.ris", Format: "ris", Kind: KindDatabase, SHA256: "aa", Encoding: "utf-8"}
	imp, err := db.BeginImport(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	const n = 3*importBatch + 7
	for i := range n {
		r := Record{Line: i + 1, Raw: "TY  - JOUR", Title: "T" + strconv.Itoa(i), DOI: "10.1000/" + strconv.Itoa(n-i)}
		if i%10 == 0 {
			r.PMID = strconv.Itoa(1000 + i)
		}
		if err := imp.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := imp.Finish(0); err != nil {
		t.Fatal(err)
	}
	if got, want := indexNames(t, db), []string{"record_pmid", "record_source", "record_study"}; !reflect.DeepEqual(got, want) {
		t.Errorf("indexes after the import: %v; want %v", got, want)
	}
	if err := db.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	pub, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	if got, want := indexNames(t, pub), []string{"record_doi", "record_pmid", "record_source", "record_study"}; !reflect.DeepEqual(got, want) {
		t.Errorf("indexes after Publish: %v; want %v", got, want)
	}
	var id int
	if err := pub.sql.QueryRow("SELECT id FROM record WHERE doi = '10.1000/5'").Scan(&id); err != nil || id != n-4 {
		t.Errorf("record with DOI 10.1000/5: %d, %v; want %d", id, err, n-4)
	}
	if problems, err := pub.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check() = %v, %v", problems, err)
	}
}
