package synthesis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
	"github.com/oversikt/oversikt/ingest/dedup"
	"github.com/oversikt/oversikt/screening"
)

// openDB opens a fresh review database with a fixed clock.
func openDB(t *testing.T) *data.DB {
	t.Helper()
	db, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "review.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	return db
}

// ris writes one RIS record per key: title "Study <key> …" and DOI
// 10.1000/<key>, so records with the same key are duplicates.
func ris(keys ...string) []byte {
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "TY  - JOUR\r\nTI  - Study %s on learning networks number %s in quality improvement\r\nAU  - Author%s, A\r\nPY  - 2020\r\nJO  - Journal %s\r\nDO  - 10.1000/%s\r\nER  - \r\n\r\n", k, k, k, k, k)
	}
	return []byte(b.String())
}

// smallReview builds a review whose PRISMA counts are worked out by hand in
// TestPRISMACounts, and returns it with its studies by key.
func smallReview(t *testing.T) (*data.DB, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	db := openDB(t)
	for _, s := range []struct {
		file, name, kind string
		keys             []string
	}{
		{"pubmed.ris", "PubMed", data.KindDatabase, []string{"a", "b", "c", "d", "e", "f", "i"}},
		{"embase.ris", "Embase", data.KindDatabase, []string{"a", "b", "g"}},
		{"ctgov.ris", "ClinicalTrials.gov", data.KindRegister, []string{"h"}},
		{"ihi.ris", "IHI website", data.KindWebsite, []string{"a", "w1"}},
		{"refs.ris", "Reference lists", data.KindCitation, []string{"w2"}},
	} {
		if _, err := ingest.Bytes(ctx, db, s.file, ris(s.keys...), ingest.Options{Name: s.name, Kind: s.kind}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := dedup.Run(ctx, db, dedup.Options{}); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	err := db.Records(ctx, data.RecordFilter{}, func(r data.Record) error {
		ids[strings.TrimPrefix(r.DOI, "10.1000/")] = r.StudyID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 11 {
		t.Fatalf("built %d distinct keys, want 11", len(ids))
	}
	cfg, err := screening.LoadConfig(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	decide := func(key string, st screening.Stage, reviewer, verdict, reason string) {
		t.Helper()
		d := &data.Decision{StudyID: ids[key], Reviewer: reviewer, Stage: string(st), Verdict: verdict, Reason: reason}
		if err := screening.Record(ctx, db, cfg, d); err != nil {
			t.Fatalf("%s %s %s: %v", key, st, verdict, err)
		}
	}
	both := func(key string, st screening.Stage, verdict, reason string) {
		decide(key, st, "Anne", verdict, reason)
		decide(key, st, "Bjørn", verdict, reason)
	}
	ta, ft := screening.TitleAbstract, screening.FullText
	for _, k := range []string{"a", "b", "c", "d", "i", "w1"} {
		both(k, ta, "include", "")
	}
	for _, k := range []string{"e", "f", "w2"} {
		both(k, ta, "exclude", "")
	}
	// g: a conflict settled by consensus; h is never screened.
	decide("g", ta, "Anne", "include", "")
	decide("g", ta, "Bjørn", "exclude", "")
	if _, err := screening.Resolve(ctx, db, ids["g"], ta, "include", data.MethodConsensus, "Cecilie", ""); err != nil {
		t.Fatal(err)
	}
	both("a", ft, "include", "")
	both("w1", ft, "include", "")
	both("b", ft, "exclude", "wrong population")
	// c: both exclude, for different reasons: the alphabetically first wins the tie.
	decide("c", ft, "Anne", "exclude", "wrong outcome")
	decide("c", ft, "Bjørn", "exclude", "wrong design")
	// d: excluded because the full text could not be had: not retrieved.
	both("d", ft, "exclude", "not retrievable")
	// i: marked missing; g: marked missing, then found (awaiting assessment).
	for _, k := range []string{"i", "g"} {
		if _, err := screening.MarkMissing(ctx, db, ids[k], "Anne", "library has no access"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := screening.Attach(ctx, db, ids["g"], "https://example.org/g.pdf", "Anne", "found via the author"); err != nil {
		t.Fatal(err)
	}
	return db, ids
}

func TestPRISMACounts(t *testing.T) {
	db, _ := smallReview(t)
	f, err := PRISMA(context.Background(), db)
	if err != nil {
		t.Fatalf("PRISMA: %v", err)
	}
	want := Flow{
		Databases: Column{
			Identified: 11,
			Sources: []SourceCount{{data.KindDatabase, "PubMed", 7}, {data.KindDatabase, "Embase", 3},
				{data.KindRegister, "ClinicalTrials.gov", 1}},
			Duplicates: 2, // a and b found twice
			Screened:   9, ScreenExcluded: 2, AwaitingScreening: 1,
			Sought: 6, NotRetrieved: 2, Assessed: 4,
			Excluded: 2, Reasons: []ReasonCount{{"wrong design", 1}, {"wrong population", 1}},
			AwaitingAssessment: 1,
			Included:           1, Reports: 1, // a: one article, found in PubMed, Embase and on the IHI website
		},
		Other: Column{
			Identified: 3,
			Sources:    []SourceCount{{data.KindWebsite, "IHI website", 2}, {data.KindCitation, "Reference lists", 1}},
			Duplicates: 1, // the website's copy of a, which the databases found
			Screened:   2, ScreenExcluded: 1,
			Sought: 1, Assessed: 1, Reasons: []ReasonCount{},
			Included: 1, Reports: 1,
		},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("PRISMA() =\n%+v\nwant\n%+v", f, want)
	}
	if got := f.TotalStudies(); got != 2 {
		t.Errorf("TotalStudies() = %d, want 2", got)
	}
	if got := f.TotalReports(); got != 2 {
		t.Errorf("TotalReports() = %d, want 2", got)
	}
}

func TestPRISMAEmptyReview(t *testing.T) {
	f, err := PRISMA(context.Background(), openDB(t))
	if err != nil {
		t.Fatalf("PRISMA on an empty review: %v", err)
	}
	if f.TotalStudies() != 0 || f.Databases.Identified != 0 {
		t.Errorf("PRISMA on an empty review = %+v, want zeros", f)
	}
}

func TestPRISMACheckNamesTheNumbers(t *testing.T) {
	db, _ := smallReview(t)
	good, err := PRISMA(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(f *Flow)
		want   string
	}{
		{"screened", func(f *Flow) { f.Databases.Screened = 12 },
			"databases and registers: records screened (12) ≠ identified (11) − removed (2)"},
		{"assessed", func(f *Flow) { f.Other.Assessed = 5 },
			"other methods: reports assessed (5) ≠ sought (1) − not retrieved (0)"},
		{"included", func(f *Flow) { f.Databases.Included = 3; f.Databases.AwaitingAssessment = -1 },
			"databases and registers: studies included (3) > assessed (4) − excluded (2)"},
		{"reasons", func(f *Flow) { f.Databases.Reasons[0].N = 5 },
			"databases and registers: reports excluded (2) ≠ the sum over reasons (6)"},
		{"identified", func(f *Flow) { f.Other.Identified = 4 },
			"other methods: records identified (4) ≠ the sum over sources (3)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := good
			f.Databases.Reasons = append([]ReasonCount(nil), good.Databases.Reasons...)
			tt.mutate(&f)
			err := f.Check()
			if !errors.Is(err, ErrInvariant) {
				t.Fatalf("Check() = %v, want an ErrInvariant", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check() = %q, want it to say %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "PRISMA: ") {
				t.Errorf("Check() = %q, want it to start with \"PRISMA: \"", err)
			}
		})
	}
}

func TestPRISMARowsFollowTheTemplate(t *testing.T) {
	db, _ := smallReview(t)
	f, err := PRISMA(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range PRISMARows(f) {
		if r.Data != "NA" {
			got[r.Data] = r.N
		}
	}
	want := map[string]string{
		"database_results": "10", "database_specific_results": "PubMed, 7; Embase, 3",
		"register_results": "1", "register_specific_results": "ClinicalTrials.gov, 1",
		"website_results": "2", "organisation_results": "0", "citations_results": "1",
		"duplicates": "2", "excluded_automatic": "0", "excluded_other": "0",
		"records_screened": "9", "records_excluded": "2",
		"dbr_sought_reports": "6", "dbr_notretrieved_reports": "2", "dbr_assessed": "4",
		"dbr_excluded":         "wrong design, 1; wrong population, 1",
		"other_sought_reports": "1", "other_notretrieved_reports": "0", "other_assessed": "1", "other_excluded": "0",
		"new_studies": "2", "new_reports": "2", "total_studies": "2", "total_reports": "2",
		"previous_studies": "0", "previous_reports": "0", "total_studies_ma": "0", "total_reports_ma": "0",
		"identification": "0", "screening": "0", "included": "0",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PRISMARows n =\n%v\nwant\n%v", got, want)
	}
	var buf bytes.Buffer
	if err := WritePRISMACSV(&buf, f); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 35 || lines[0] != "data,node,box,description,boxtext,tooltips,url,n" {
		t.Errorf("WritePRISMACSV: %d lines, header %q; want 35 lines and the template's header", len(lines), lines[0])
	}
}

func TestReasonListKeepsThePackageSyntax(t *testing.T) {
	got := reasonList([]ReasonCount{{"wrong population; adults, not children", 3}, {"other", 1}})
	want := "wrong population – adults – not children, 3; other, 1"
	if got != want {
		t.Errorf("reasonList() = %q, want %q", got, want)
	}
}

// TestReportsOfIncludedStudies: copies of one article count as one report;
// two publications a reviewer linked into one study count as two.
func TestReportsOfIncludedStudies(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if _, err := ingest.Bytes(ctx, db, "pubmed.ris", ris("x", "y"), ingest.Options{Name: "PubMed", Kind: data.KindDatabase}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Bytes(ctx, db, "embase.ris", ris("x"), ingest.Options{Name: "Embase", Kind: data.KindDatabase}); err != nil {
		t.Fatal(err)
	}
	if _, err := dedup.Run(ctx, db, dedup.Options{}); err != nil {
		t.Fatal(err)
	}
	var recs []data.Record
	if err := db.Records(ctx, data.RecordFilter{}, func(r data.Record) error { recs = append(recs, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecidePair(ctx, recs[0].ID, recs[1].ID, data.PairSame, "Anne"); err != nil {
		t.Fatal(err)
	}
	study, err := db.FindStudy(ctx, "10.1000/x")
	if err != nil {
		t.Fatal(err)
	}
	cfg := screening.DefaultConfig()
	cfg.K = 1
	for _, st := range []screening.Stage{screening.TitleAbstract, screening.FullText} {
		if err := screening.Record(ctx, db, cfg, &data.Decision{StudyID: study, Reviewer: "Anne", Stage: string(st), Verdict: "include"}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := PRISMA(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if f.Databases.Identified != 3 || f.Databases.Included != 1 || f.Databases.Reports != 2 {
		t.Errorf("identified %d, included %d, reports %d; want 3 records, 1 study, 2 reports",
			f.Databases.Identified, f.Databases.Included, f.Databases.Reports)
	}
}

// TestIncludedAgree: the included studies asked of SQLite are the ones the
// study table and the flow count.
func TestIncludedAgree(t *testing.T) {
	ctx := context.Background()
	db, ids := smallReview(t)
	got, err := IncludedStudies(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := StudyRows(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	for _, r := range rows {
		if r.Included {
			want = append(want, r.StudyID)
		}
	}
	if !reflect.DeepEqual(got, want) || len(got) != 2 || got[0] != min(ids["a"], ids["w1"]) {
		t.Errorf("IncludedStudies() = %v, study table %v; want the studies of a and w1", got, want)
	}
	recs, err := IncludedRecords(ctx, db)
	if err != nil || len(recs) != 2 {
		t.Errorf("IncludedRecords() = %d records, %v; want 2", len(recs), err)
	}
}
