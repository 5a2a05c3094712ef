package dedup

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// importRecords stores recs as one source and returns their ids.
func importRecords(t *testing.T, db *data.DB, name string, recs ...data.Record) []int64 {
	t.Helper()
	ctx := context.Background()
	imp, err := db.BeginImport(ctx, &data.Source{Name: name, File: name, Format: "ris", Kind: data.KindDatabase, SHA256: name, Encoding: "utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		r.Line, r.Raw = i+1, fmt.Sprint(i)
		if err := imp.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := imp.Finish(0); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	db.Records(ctx, data.RecordFilter{}, func(r data.Record) error {
		ids = append(ids, r.ID)
		return nil
	})
	return ids[len(ids)-len(recs):]
}

func studyOf(t *testing.T, db *data.DB, id int64) int64 {
	t.Helper()
	r, err := db.RecordByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r.StudyID
}

func checkStore(t *testing.T, db *data.DB) {
	t.Helper()
	problems, err := db.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if p != "" {
			t.Errorf("store check: %s", p)
		}
	}
}

func TestRunMergesAndKeepsDecisions(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	bare := with(func(r *data.Record) { r.DOI = ""; r.Abstract = "" })
	full := with(func(r *data.Record) { r.Abstract = "Background: learning networks …"; r.PMID = "25000000" })
	other := data.Record{Title: "Barriers to implementing falls prevention in home care", Authors: []string{"Olsen, Kari"}, Year: 2019}
	ids := importRecords(t, db, "a", bare, other)
	// The second source's copy with abstract and DOI: found by fuzzy match.
	ids = append(ids, importRecords(t, db, "b", full)...)
	bareID, otherID, fullID := ids[0], ids[1], ids[2]

	// A reviewer already screened both copies before deduplication.
	for _, s := range []int64{bareID, fullID} {
		if _, err := db.SQL().Exec(`INSERT INTO decision(study_id, reviewer, stage, verdict, decided_at) VALUES(?, 'anna', 'ta', 'include', '2026-01-01T00:00:00Z')`, s); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := Run(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := data.DedupCounts{Records: 3, Studies: 2, Merged: 1, Uncertain: 0}
	if sum.DedupCounts != want {
		t.Errorf("Run() counts = %+v, want %+v", sum.DedupCounts, want)
	}
	if s := studyOf(t, db, fullID); s != bareID {
		t.Errorf("study of the copy = %d, want the smaller study id %d", s, bareID)
	}
	if s := studyOf(t, db, otherID); s != otherID {
		t.Errorf("study of the other record = %d, want %d", s, otherID)
	}
	var rep int64
	db.SQL().QueryRow("SELECT rep_id FROM study WHERE id = ?", bareID).Scan(&rep)
	if rep != fullID {
		t.Errorf("representative = %d, want the record with abstract and DOI %d", rep, fullID)
	}
	var moved int
	db.SQL().QueryRow("SELECT COUNT(*) FROM decision WHERE study_id = ?", bareID).Scan(&moved)
	if moved != 2 {
		t.Errorf("decisions on the surviving study = %d, want 2 (both re-pointed)", moved)
	}
	var merges []data.Merge
	db.Merges(ctx, func(m data.Merge) error { merges = append(merges, m); return nil })
	if len(merges) != 1 || merges[0].RecordID != fullID || merges[0].MatchedID != bareID || merges[0].Method != data.MethodFuzzy ||
		merges[0].DecidedBy != data.DecidedByMatcher || len(merges[0].Fields) == 0 {
		t.Errorf("merges = %+v, want one fuzzy merge of %d into %d with agreeing fields", merges, fullID, bareID)
	}
	checkStore(t, db)

	// Split the copy back out: it gets its own id back as a study, the
	// decisions stay, the merge is undone, and a re-run respects it.
	newStudy, err := db.SplitRecord(ctx, fullID, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if newStudy != fullID {
		t.Errorf("SplitRecord() study = %d, want %d", newStudy, fullID)
	}
	db.SQL().QueryRow("SELECT COUNT(*) FROM decision WHERE study_id = ?", bareID).Scan(&moved)
	if moved != 2 {
		t.Errorf("after split, decisions on the old study = %d, want 2", moved)
	}
	m, _ := db.MergeByID(ctx, merges[0].ID)
	if m.UndoneAt.IsZero() {
		t.Errorf("merge %d not marked undone after split", m.ID)
	}
	if _, err := Run(ctx, db, Options{All: true}); err != nil {
		t.Fatal(err)
	}
	if s := studyOf(t, db, fullID); s == studyOf(t, db, bareID) {
		t.Errorf("re-run merged the split record back into study %d", s)
	}
	if _, err := db.SplitRecord(ctx, otherID, "anna"); !errors.Is(err, data.ErrNotMerged) {
		t.Errorf("SplitRecord(alone) error = %v, want ErrNotMerged", err)
	}
	checkStore(t, db)
}

func TestRunIncrementalAndManualDecisions(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	abstract := with(func(r *data.Record) {
		r.Journal, r.Year, r.Volume, r.Issue, r.Pages, r.DOI = "BMJ Quality & Safety Conference Abstracts", 2014, "23", "Suppl 1", "A12", ""
	})
	ids := importRecords(t, db, "a", article, abstract)
	sum, err := Run(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Uncertain != 1 || sum.Studies != 2 {
		t.Fatalf("Run() = %+v, want 2 studies and 1 uncertain pair (abstract vs article)", sum)
	}
	pending, err := db.PendingPairs(ctx)
	if err != nil || len(pending) != 1 || pending[0].A != ids[0] || pending[0].B != ids[1] {
		t.Fatalf("PendingPairs() = %+v, %v; want the pair %d–%d", pending, err, ids[0], ids[1])
	}
	if _, err := db.DecidePair(ctx, ids[0], ids[1], data.PairDifferent, "anna"); err != nil {
		t.Fatal(err)
	}

	// Another import brings an exact copy of the article (same DOI): only
	// it is compared; the abstract stays apart as decided.
	copyID := importRecords(t, db, "b", article)[0]
	sum, err = Run(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := studyOf(t, db, copyID); got != ids[0] {
		t.Errorf("copy's study = %d, want %d", got, ids[0])
	}
	if studyOf(t, db, ids[1]) == ids[0] {
		t.Errorf("the abstract was merged despite the reviewer's decision")
	}
	if sum.Compared > 3 {
		t.Errorf("incremental run compared %d pairs, want at most 3 (only the new record's)", sum.Compared)
	}
	if sum.Uncertain != 0 {
		t.Errorf("uncertain after decision = %d, want 0", sum.Uncertain)
	}

	// A reviewer says "same" for the abstract after all: merged, manual.
	m, err := db.DecidePair(ctx, ids[1], copyID, data.PairSame, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if m == nil || m.Method != data.MethodManual || studyOf(t, db, ids[1]) != ids[0] {
		t.Errorf("DecidePair(same) = %+v; abstract's study %d, want a manual merge into %d", m, studyOf(t, db, ids[1]), ids[0])
	}
	checkStore(t, db)
}

// TestRunNoBridgeAcrossDOIs: a record without DOI that matches two
// articles with different DOIs must not join them into one study.
func TestRunNoBridgeAcrossDOIs(t *testing.T) {
	db := openDB(t)
	part1 := with(func(r *data.Record) { r.Title = article.Title + " in Norway" })
	part2 := with(func(r *data.Record) { r.Title = article.Title + " in Sweden"; r.DOI = "10.1136/bmjqs-2014-003001" })
	bridge := with(func(r *data.Record) { r.Title = article.Title + " in Norway"; r.DOI = "" })
	ids := importRecords(t, db, "a", part1, part2, bridge)
	if _, err := Run(context.Background(), db, Options{}); err != nil {
		t.Fatal(err)
	}
	if studyOf(t, db, ids[0]) == studyOf(t, db, ids[1]) {
		t.Errorf("records %d and %d with different DOIs were merged through %d", ids[0], ids[1], ids[2])
	}
	if studyOf(t, db, ids[2]) != studyOf(t, db, ids[0]) {
		t.Errorf("the DOI-less copy %d was not merged with its article %d", ids[2], ids[0])
	}
}
