package index

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

// smallDB is a review of 250 real records: the first of the Bannach-Brown
// set and the PubMed restoration export.
func smallDB(t testing.TB) *data.DB {
	t.Helper()
	db := mustOpenDB(t)
	importRecords(t, db, "Bannach-Brown", labelledRecords(t, "bannach-brown_2019.csv")[:150])
	if _, err := ingest.File(context.Background(), db, filepath.Join(corpusDir, "medline/pubmed_restoration_revtools.nbib"), ingest.Options{}); err != nil {
		t.Skipf("ingest the PubMed corpus file: %v", err)
	}
	return db
}

var syncQueries = []string{"depression", `"major depression"`, "restor*", "author:whistler", "year:>=2010 +rat", "læringsnettverk", "*"}

type hitKey struct {
	id    int64
	score float64
}

// results runs syncQueries (with the given status filters) and returns
// every query's hits with their scores.
func results(t testing.TB, db *data.DB, status ...string) map[string][]hitKey {
	t.Helper()
	ctx := context.Background()
	ix := mustOpenIndex(t, db)
	defer ix.Close()
	out := map[string][]hitKey{}
	for _, q := range syncQueries {
		res, err := ix.Search(ctx, Request{Query: q, Status: status, Limit: 1000})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		for _, h := range res.Hits {
			out[q] = append(out[q], hitKey{h.StudyID, h.Score})
		}
	}
	return out
}

// sameResults compares hits in score order; hits with equal scores come
// in the index's internal order, which differs between a rebuilt and an
// updated index, so they are compared by id.
func sameResults(t *testing.T, what string, got, want map[string][]hitKey) {
	t.Helper()
	byScore := func(hs []hitKey) []hitKey {
		hs = slices.Clone(hs)
		slices.SortStableFunc(hs, func(a, b hitKey) int {
			if math.Abs(a.score-b.score) > 1e-9 {
				return cmp.Compare(b.score, a.score)
			}
			return cmp.Compare(a.id, b.id)
		})
		return hs
	}
	for _, q := range syncQueries {
		g, w := byScore(got[q]), byScore(want[q])
		if len(g) != len(w) {
			t.Errorf("%s: %q: %d hits, want %d", what, q, len(g), len(w))
			continue
		}
		for i := range g {
			if g[i].id != w[i].id || math.Abs(g[i].score-w[i].score) > 1e-9 {
				t.Errorf("%s: %q hit %d = %+v, want %+v", what, q, i, g[i], w[i])
				break
			}
		}
	}
}

func TestRebuildAfterDeletionGivesSameResults(t *testing.T) {
	db := smallDB(t)
	before := results(t, db)
	if len(before["depression"]) == 0 || len(before["restor*"]) == 0 {
		t.Fatalf("queries found nothing: %v", before)
	}
	if err := os.RemoveAll(Path(db.Path)); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	ix, err := Open(context.Background(), db, Options{Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if !strings.Contains(log.String(), "Building the search index because there is none yet") {
		t.Errorf("log = %q, want the rebuild said", log.String())
	}
	sameResults(t, "after deleting the index", results(t, db), before)
}

func TestUpdateIsIncremental(t *testing.T) {
	ctx := context.Background()
	db := smallDB(t)
	results(t, db) // builds
	update := func(wantStudies int) {
		t.Helper()
		st, err := Update(ctx, db, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if st.Rebuilt || st.Studies != wantStudies {
			t.Errorf("Update() = %+v, want %d studies indexed incrementally", st, wantStudies)
		}
	}
	ids := func(q string, status ...string) []int64 {
		t.Helper()
		ix, err := Open(ctx, db, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		got, err := ix.IDs(ctx, Request{Query: q, Status: status})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		return got
	}
	exec := func(q string, args ...any) {
		t.Helper()
		err := db.Update(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, q, args...); return err })
		if err != nil {
			t.Fatal(err)
		}
	}

	// A copy left by a killed update is cleaned up by the next one.
	leftover := Path(db.Path) + ".new-999999"
	if err := os.MkdirAll(filepath.Join(leftover, "store"), 0o700); err != nil {
		t.Fatal(err)
	}

	// New records.
	if got := ids("læringsnettverk"); len(got) != 0 {
		t.Fatalf("found %v before the Norwegian records were imported", got)
	}
	importRecords(t, db, "Norsk", norwegianRecords)
	update(len(norwegianRecords))
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("leftover copy %s still there after an update (%v)", leftover, err)
	}
	nb := ids("læringsnettverk")
	if len(nb) != 3 {
		t.Fatalf("læringsnettverk after import: %v, want 3 studies", nb)
	}

	// Decisions and resolutions.
	a, b := nb[0], nb[1]
	exec("INSERT INTO decision(study_id, reviewer, stage, verdict, decided_at) VALUES(?, 'ann', 'ta', 'include', 'now'), (?, 'bob', 'ta', 'exclude', 'now')", a, b)
	update(2)
	if got := ids("læringsnettverk", "ta-screening"); !slices.Equal(got, []int64{a, b}) {
		t.Errorf("ta-screening = %v, want %v", got, []int64{a, b})
	}
	if got := ids("læringsnettverk", "unscreened"); !slices.Equal(got, []int64{nb[2]}) {
		t.Errorf("unscreened = %v, want %v", got, nb[2:])
	}
	exec("INSERT INTO resolution(study_id, stage, verdict, method, resolved_at) VALUES(?, 'ta', 'include', 'consensus', 'now')", a)
	exec("INSERT INTO decision(study_id, reviewer, stage, verdict, decided_at) VALUES(?, 'bob', 'ta', 'retract', 'now')", b)
	update(2)
	if got := ids("læringsnettverk", "ta-included"); !slices.Equal(got, []int64{a}) {
		t.Errorf("ta-included = %v, want [%d]", got, a)
	}
	if got := ids("læringsnettverk", "unscreened"); !slices.Equal(got, []int64{b, nb[2]}) {
		t.Errorf("unscreened after retraction = %v, want %v", got, []int64{b, nb[2]})
	}

	// A dedup merge (records a and b are the studies' only records, with
	// the same ids): b's record joins a's study; b's study goes.
	if _, err := db.DecidePair(ctx, a, b, data.PairSame, "ann"); err != nil {
		t.Fatal(err)
	}
	update(2)
	if got := ids("læringsnettverk"); !slices.Equal(got, []int64{a, nb[2]}) {
		t.Errorf("after merge: %v, want %v", got, []int64{a, nb[2]})
	}
	// Undone, and merged again.
	split, err := db.SplitRecord(ctx, b, "ann")
	if err != nil {
		t.Fatal(err)
	}
	update(2)
	if got := ids("læringsnettverk"); !slices.Equal(got, []int64{a, split, nb[2]}) {
		t.Errorf("after split: %v, want %v", got, []int64{a, split, nb[2]})
	}
	if _, err := db.DecidePair(ctx, a, b, data.PairSame, "ann"); err != nil {
		t.Fatal(err)
	}
	update(2)
	if got := ids("læringsnettverk"); !slices.Equal(got, []int64{a, nb[2]}) {
		t.Errorf("after merging again: %v, want %v", got, []int64{a, nb[2]})
	}

	// Removing a source; then a new import may reuse its ids.
	srcs, err := db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemoveSource(ctx, srcs[len(srcs)-1].ID); err != nil {
		t.Fatal(err)
	}
	update(len(norwegianRecords) - 1) // one study held two of them
	if got := ids("læringsnettverk"); len(got) != 0 {
		t.Errorf("after removing the source: %v, want none", got)
	}
	importRecords(t, db, "Norsk igjen", norwegianRecords[3:])
	st, err := Update(ctx, db, Options{})
	if err != nil || st.Rebuilt {
		t.Fatalf("Update() = %+v, %v", st, err)
	}
	if got := ids("ledelse"); len(got) != 2 {
		t.Errorf("ledelse after re-import: %v, want 2 studies", got)
	}

	// Whatever happened, a rebuild agrees with the updated index.
	statuses := [][]string{nil, {"unscreened"}, {"ta-included"}}
	var updated []map[string][]hitKey
	for _, status := range statuses {
		updated = append(updated, results(t, db, status...))
	}
	if _, err := Rebuild(ctx, db, Options{}); err != nil {
		t.Fatal(err)
	}
	for i, status := range statuses {
		sameResults(t, fmt.Sprintf("rebuild vs update (status %v)", status), results(t, db, status...), updated[i])
	}
}

func TestStaleIndexIsRebuilt(t *testing.T) {
	ctx := context.Background()
	db := smallDB(t)
	want := results(t, db)
	setMeta := func(change func(*meta)) {
		bi, err := bleve.Open(Path(db.Path))
		if err != nil {
			t.Fatal(err)
		}
		m, err := readMeta(bi)
		if err != nil {
			t.Fatal(err)
		}
		change(&m)
		if err := writeStudies(ctx, db.SQL(), bi, nil, &m, updateChunk); err != nil {
			t.Fatal(err)
		}
		bi.Close()
	}
	tests := []struct {
		name, wantLog string
		spoil         func()
	}{
		{"other version", "built by another version", func() { setMeta(func(m *meta) { m.Version = "oversikt-index-0" }) }},
		{"other database", "built from another database", func() { setMeta(func(m *meta) { m.Token = "elsewhere" }) }},
		{"unreadable", "unreadable", func() {
			if err := os.WriteFile(filepath.Join(Path(db.Path), "index_meta.json"), []byte("{garbage"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"no metadata", "unreadable", func() {
			if err := os.RemoveAll(filepath.Join(Path(db.Path), "store")); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spoil()
			var log bytes.Buffer
			ix, err := Open(ctx, db, Options{Log: &log})
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()
			if !strings.Contains(log.String(), tt.wantLog) {
				t.Errorf("log = %q, want it to say %q", log.String(), tt.wantLog)
			}
			sameResults(t, tt.name, results(t, db), want)
		})
	}
}

func TestReaderWhileWriterHoldsLock(t *testing.T) {
	ctx := context.Background()
	db := smallDB(t)
	want := results(t, db)
	lock, ok, err := tryLock(lockPath(db.Path))
	if err != nil || !ok {
		t.Fatalf("tryLock() = %v, %v", ok, err)
	}
	defer lock.unlock()
	if _, err := Update(ctx, db, Options{}); err == nil {
		t.Error("Update() while another writer holds the lock: no error, want ErrBusy")
	}
	importRecords(t, db, "Norsk", norwegianRecords) // the writer's work, not yet indexed
	var log bytes.Buffer
	ix, err := Open(ctx, db, Options{Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.Stale || !strings.Contains(log.String(), "results may miss") {
		t.Errorf("Stale = %v, log %q; want a stale search said so", ix.Stale, log.String())
	}
	res, err := ix.Search(ctx, Request{Query: "depression", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if int(res.Total) != len(want["depression"]) {
		t.Errorf("stale search found %d, want %d", res.Total, len(want["depression"]))
	}
}

// TestReaderWhileWriterWrites runs readers in another process (this test
// binary again) while this one writes the index.
func TestReaderWhileWriterWrites(t *testing.T) {
	ctx := context.Background()
	db := smallDB(t)
	results(t, db)
	recs := labelledRecords(t, "bannach-brown_2019.csv")[150:]
	importRecords(t, db, "Bannach-Brown, rest", recs)

	var wg sync.WaitGroup
	wg.Add(1)
	var st Stats
	var uerr error
	go func() {
		defer wg.Done()
		st, uerr = Update(ctx, db, Options{})
	}()
	var outs []string
	for range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperReader$")
		cmd.Env = append(os.Environ(), "OVERSIKT_INDEX_HELPER_DB="+db.Path)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("reader process: %v\n%s", err, out)
		}
		outs = append(outs, string(out))
	}
	wg.Wait()
	if uerr != nil || st.Studies != len(recs) {
		t.Errorf("Update() = %+v, %v; want %d studies", st, uerr, len(recs))
	}
	for _, out := range outs {
		if !strings.Contains(out, "reader found") {
			t.Errorf("reader process said %q, want its hits", out)
		}
	}
	t.Logf("reader processes said:\n%s", strings.Join(outs, ""))
}

// TestHelperReader is the reader process of TestReaderWhileWriterWrites.
func TestHelperReader(t *testing.T) {
	path := os.Getenv("OVERSIKT_INDEX_HELPER_DB")
	if path == "" {
		t.Skip("run by TestReaderWhileWriterWrites")
	}
	ctx := context.Background()
	db, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	var log bytes.Buffer
	ix, err := Open(ctx, db, Options{Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(ctx, Request{Query: "depression"})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("reader found %d in %s (stale %v) %s\n", res.Total, time.Since(start).Round(time.Millisecond), ix.Stale, strings.TrimSpace(log.String()))
}

func TestReadOnlyWithoutIndex(t *testing.T) {
	db := smallDB(t)
	start := time.Now()
	_, err := Open(context.Background(), db, Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "index rebuild") {
		t.Errorf("Open(ReadOnly) without an index = %v, want an error saying to rebuild", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Open(ReadOnly) took %s with no writer to wait for", d)
	}
}
