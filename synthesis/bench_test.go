package synthesis

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// bigDB is the benchmarks' review, built once per test binary.
var bigDB struct {
	once sync.Once
	db   *data.DB
	err  error
}

// bigReview returns the 100 000-record review, building it the first time.
func bigReview(b *testing.B) *data.DB {
	b.Helper()
	bigDB.once.Do(func() {
		dir, err := os.MkdirTemp("", "oversikt-bench-")
		if err != nil {
			bigDB.err = err
			return
		}
		bigDB.db, bigDB.err = buildBigReview(filepath.Join(dir, "review.db"), 100_000)
	})
	if bigDB.err != nil {
		b.Fatal(bigDB.err)
	}
	return bigDB.db
}

// buildBigReview stores n records from two databases and a website, screened
// at title/abstract by two agreeing reviewers (every tenth included) and
// at full text (every hundredth included, the rest of those sought
// excluded for a reason), without going through the parsers.
func buildBigReview(path string, n int) (*data.DB, error) {
	ctx := context.Background()
	db, err := data.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	kinds := []struct{ name, kind string }{{"PubMed", data.KindDatabase}, {"Embase", data.KindDatabase}, {"Websites", data.KindWebsite}}
	for si, k := range kinds {
		src := &data.Source{Name: k.name, File: k.name + ".ris", Format: "ris", Kind: k.kind, SHA256: fmt.Sprint(si), Encoding: "utf-8"}
		im, err := db.BeginImport(ctx, src)
		if err != nil {
			return nil, err
		}
		for i := si; i < n; i += len(kinds) {
			rec := data.Record{Line: i + 1, Raw: "TY  - JOUR", Title: fmt.Sprintf("Study %d of learning networks", i),
				Authors: []string{"Author, A"}, Year: 2000 + i%25, DOI: fmt.Sprintf("10.1000/%d", i)}
			if err := im.Add(rec); err != nil {
				return nil, err
			}
		}
		if err := im.Finish(0); err != nil {
			return nil, err
		}
	}
	ids, err := db.StudyOrder(ctx)
	if err != nil {
		return nil, err
	}
	agree := func(cur []data.Decision, latest *data.Resolution) *data.Resolution {
		if len(cur) == 2 && cur[0].Verdict == cur[1].Verdict && cur[0].Verdict != data.VerdictMaybe {
			return &data.Resolution{Verdict: cur[0].Verdict, Method: data.MethodAgreement, Reason: cur[0].Reason}
		}
		return nil
	}
	for _, stage := range []string{"ta", "ft"} {
		var ds []data.Decision
		for i, id := range ids {
			verdict, reason := "exclude", ""
			switch {
			case stage == "ta" && i%10 == 0, stage == "ft" && i%100 == 0:
				verdict = "include"
			case stage == "ft" && i%10 != 0:
				continue // not at full text
			case stage == "ft":
				reason = []string{"wrong population", "wrong design", "wrong outcome"}[i%3]
			}
			for _, r := range []string{"Anne", "Bjørn"} {
				ds = append(ds, data.Decision{StudyID: id, Reviewer: r, Stage: stage, Verdict: verdict, Reason: reason})
			}
		}
		if err := db.AddDecisions(ctx, ds, func(data.Decision) data.ResolveFunc { return agree }); err != nil {
			return nil, err
		}
	}
	return db, nil
}

// BenchmarkPRISMA100k: counts, CSV and both diagrams of a review of
// 100 000 records and 1 000 included studies.
func BenchmarkPRISMA100k(b *testing.B) {
	db := bigReview(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		f, err := PRISMA(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		if f.TotalStudies() != 1000 {
			b.Fatalf("included %d, want 1000", f.TotalStudies())
		}
		var buf bytes.Buffer
		if err := WritePRISMACSV(&buf, f); err != nil {
			b.Fatal(err)
		}
		for _, lang := range []string{"nb", "en"} {
			if err := WriteSVG(&buf, f, lang); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkStudyRows100k: the study table of the same review.
func BenchmarkStudyRows100k(b *testing.B) {
	db := bigReview(b)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		rows, err := StudyRows(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		if len(rows) != 100_000 {
			b.Fatalf("%d rows, want 100000", len(rows))
		}
	}
}
