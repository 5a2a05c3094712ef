package screening

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
)

// newReview opens a fresh review in a temporary directory holding n
// studies (one record each, titled "Study i"), with a clock that ticks a
// second per call.
func newReview(tb testing.TB, n int) *data.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := data.Open(ctx, filepath.Join(tb.TempDir(), "review.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tick := 0
	db.Now = func() time.Time { tick++; return t0.Add(time.Duration(tick) * time.Second) }
	im, err := db.BeginImport(ctx, &data.Source{Name: "test", File: "test.ris", Format: "ris", Kind: data.KindDatabase,
		SHA256: fmt.Sprintf("sha-%d", n), Encoding: "utf-8"})
	if err != nil {
		tb.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		rec := data.Record{Line: i, Title: fmt.Sprintf("Study %d", i), Abstract: fmt.Sprintf("Abstract of study %d about learning networks.", i),
			Authors: []string{"Nordmann, Kari"}, Year: 2000 + i%20, DOI: fmt.Sprintf("10.1000/s%d", i)}
		if err := im.Add(rec); err != nil {
			tb.Fatal(err)
		}
	}
	if err := im.Finish(0); err != nil {
		tb.Fatal(err)
	}
	return db
}

// decide records one decision or fails the test.
func decide(tb testing.TB, db *data.DB, cfg Config, study int64, reviewer string, st Stage, verdict, reason string) {
	tb.Helper()
	d := data.Decision{StudyID: study, Reviewer: reviewer, Stage: string(st), Verdict: verdict, Reason: reason, ShownBy: "scripted"}
	if err := Record(context.Background(), db, cfg, &d); err != nil {
		tb.Fatalf("Record(%d, %s, %s): %v", study, reviewer, verdict, err)
	}
}

// open opens a session or fails the test.
func open(tb testing.TB, db *data.DB, cfg Config, reviewer string, st Stage) *Session {
	tb.Helper()
	s, err := Open(context.Background(), db, Options{Reviewer: reviewer, Stage: st, Config: &cfg})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// resolution returns the current resolution of a study ("" when none).
func resolution(tb testing.TB, db *data.DB, study int64, st Stage) string {
	tb.Helper()
	r, err := db.LatestResolution(context.Background(), study, string(st))
	if err != nil {
		tb.Fatal(err)
	}
	if r == nil || r.Void {
		return ""
	}
	return r.Verdict + "/" + r.Method
}
