package screening

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/rank"
)

// bigReview is a review of n studies in which another reviewer has already
// decided the first half.
func bigReview(tb testing.TB, n int) (*data.DB, Config) {
	tb.Helper()
	db := newReview(tb, n)
	db.Now = func() time.Time { return time.Now().UTC() }
	cfg := DefaultConfig()
	ds := make([]data.Decision, 0, n/2)
	for id := int64(1); id <= int64(n/2); id++ {
		ds = append(ds, data.Decision{StudyID: id, Reviewer: "bo", Stage: "ta", Verdict: data.VerdictExclude, ShownBy: "file"})
	}
	if err := db.AddDecisions(context.Background(), ds, func(d data.Decision) data.ResolveFunc { return cfg.autoResolve(2) }); err != nil {
		tb.Fatal(err)
	}
	return db, cfg
}

// step is one keypress in the loop: decide on the study shown and show the
// next one (the store write and the queue update).
func step(tb testing.TB, s *Session, i int) {
	ctx := context.Background()
	if _, err := s.Next(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.Decide(ctx, [...]string{data.VerdictInclude, data.VerdictExclude, data.VerdictMaybe}[i%3], ""); err != nil {
		tb.Fatal(err)
	}
	if it, err := s.Next(ctx); err != nil || it == nil {
		tb.Fatalf("Next() = %v, %v", it, err)
	}
}

// BenchmarkDecideNext100k measures one keypress (decide, commit, show the
// next study) in a review of 100 000 studies:
//
//	go test ./screening -run '^$' -bench DecideNext100k -benchtime 2000x
func BenchmarkDecideNext100k(b *testing.B) {
	db, cfg := bigReview(b, 100000)
	s := open(b, db, cfg, "anna", TitleAbstract)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step(b, s, i)
	}
}

// TestKeypressLatency100k reports the median and 95th percentile of one
// keypress (decide + commit + next study) with 100 000 studies, half of
// them decided by another reviewer; the target is a median under 20 ms.
//
//	OVERSIKT_LONG=1 go test ./screening -run KeypressLatency100k -v
func TestKeypressLatency100k(t *testing.T) {
	if os.Getenv("OVERSIKT_LONG") == "" {
		t.Skip("set OVERSIKT_LONG=1 to time keypresses in a review of 100 000 studies")
	}
	db, cfg := bigReview(t, 100000)
	ctx := context.Background()
	t0 := time.Now()
	s := open(t, db, cfg, "anna", TitleAbstract)
	t.Logf("file order: open session (load the queue of 100000 studies): %v", time.Since(t0))
	median := presses(t, s, "file order", 2000)
	if median > 20*time.Millisecond {
		t.Errorf("median keypress %v, want under 20 ms", median)
	}
	t0 = time.Now()
	p, err := NewPriority(ctx, db, "cem", rank.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, db, Options{Reviewer: "cem", Config: &cfg, Order: p})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("priority order: build features and open session: %v", time.Since(t0))
	presses(t, s, "priority order (re-rank every 10)", 200)
}

// presses times n keypresses and logs the median, 95th percentile and
// maximum; it returns the median.
func presses(t *testing.T, s *Session, what string, n int) time.Duration {
	lat := make([]time.Duration, n)
	for i := range lat {
		start := time.Now()
		step(t, s, i)
		lat[i] = time.Since(start)
	}
	slices.Sort(lat)
	t.Logf("%s: keypress (decide + commit + next) over %d presses: median %v, p95 %v, max %v", what, n, lat[n/2], lat[n*95/100], lat[n-1])
	return lat[n/2]
}
