package coding

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oversikt/oversikt/data"
)

// testRecord is one study of a test review.
type testRecord struct {
	title, doi, pmid string
	year             int
	include          bool // included at full text
}

// newReview opens a fresh review holding recs, each its own study, with
// a full-text resolution of include for those marked so. It returns the
// database and the study ids in order.
func newReview(t testing.TB, recs ...testRecord) (*data.DB, []int64) {
	t.Helper()
	ctx := context.Background()
	db, err := data.Open(ctx, filepath.Join(t.TempDir(), "review.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	src := &data.Source{Name: "Test", File: "t.ris", Format: "ris", Kind: data.KindDatabase, SHA256: "t", Encoding: "utf-8"}
	imp, err := db.BeginImport(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		if err := imp.Add(data.Record{Line: i + 1, Raw: r.title, Title: r.title, DOI: r.doi, PMID: r.pmid, Year: r.year,
			Authors: []string{fmt.Sprintf("Author%d, A", i+1)}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := imp.Finish(0); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	err = db.Records(ctx, data.RecordFilter{}, func(r data.Record) error { ids = append(ids, r.StudyID); return nil })
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		verdict := data.VerdictExclude
		if r.include {
			verdict = data.VerdictInclude
		}
		// Full text is read only after an inclusion at title/abstract.
		if err := db.AddResolution(ctx, &data.Resolution{StudyID: ids[i], Stage: "ta", Verdict: data.VerdictInclude, Method: data.MethodAgreement}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddResolution(ctx, &data.Resolution{StudyID: ids[i], Stage: "ft", Verdict: verdict, Method: data.MethodAgreement}); err != nil {
			t.Fatal(err)
		}
	}
	return db, ids
}

func mustSet(t *testing.T, db *data.DB, e Entry) {
	t.Helper()
	if _, err := Set(context.Background(), db, e); err != nil {
		t.Fatalf("Set(%+v): %v", e, err)
	}
}

func TestSetChecksStudyAndValue(t *testing.T) {
	db, ids := newReview(t, testRecord{title: "Included", include: true}, testRecord{title: "Excluded"})
	ctx := context.Background()
	tests := []struct {
		e   Entry
		err string
	}{
		{Entry{StudyID: ids[0], Reviewer: "ana", Code: "fac_team"}, ""},
		{Entry{StudyID: ids[1], Reviewer: "ana", Code: "fac_team"}, fmt.Sprintf("study %d is not included at full text; only included studies are coded", ids[1])},
		{Entry{StudyID: ids[0], Reviewer: "ana", Code: "design", Value: "cohort"}, `design: "cohort" is not one of rct, crct, nrct, cba, its, uba, xsec, qual, mixed, sr, eval_report`},
		{Entry{StudyID: ids[0], Reviewer: "", Code: "fac_team"}, "no reviewer given"},
	}
	for _, tt := range tests {
		_, err := Set(ctx, db, tt.e)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err {
			t.Errorf("Set(%+v) error = %q, want %q", tt.e, got, tt.err)
		}
	}
	b, err := InForce(ctx, db)
	if err != nil || b.Version != 1 {
		t.Errorf("InForce() version = %d, %v; want 1 (the default, stored with the first coding)", b.Version, err)
	}
}

// twoReviewers codes three included studies by ana and ben with two
// disagreements: study 0 design (cba vs nrct) and study 1 fac_leader_anchor
// (ben did not flag it).
func twoReviewers(t *testing.T) (*data.DB, []int64) {
	db, ids := newReview(t,
		testRecord{title: "Collaborative A", doi: "10.1/a", include: true},
		testRecord{title: "Collaborative B", pmid: "123", include: true},
		testRecord{title: "Collaborative C", include: true})
	ctx := context.Background()
	for _, e := range []Entry{
		{StudyID: ids[0], Reviewer: "ana", Code: "design", Value: "cba", Quote: "compared with control hospitals", Location: "p. 3"},
		{StudyID: ids[0], Reviewer: "ana", Code: "fac_team"},
		{StudyID: ids[0], Reviewer: "ben", Code: "design", Value: "nrct"},
		{StudyID: ids[0], Reviewer: "ben", Code: "fac_team", Quote: "teams that worked well", Location: "p. 6"},
		{StudyID: ids[1], Reviewer: "ana", Code: "design", Value: "qual"},
		{StudyID: ids[1], Reviewer: "ana", Code: "fac_leader_anchor"},
		{StudyID: ids[1], Reviewer: "ben", Code: "design", Value: "qual"},
		{StudyID: ids[2], Reviewer: "ana", Code: "design", Value: "uba"},
		{StudyID: ids[2], Reviewer: "ben", Code: "design", Value: "uba"},
	} {
		mustSet(t, db, e)
	}
	for _, id := range ids {
		for _, r := range []string{"ana", "ben"} {
			if err := MarkDone(ctx, db, id, r, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	return db, ids
}

func TestAgreementPerCode(t *testing.T) {
	db, _ := twoReviewers(t)
	got, err := Agreement(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]CodeAgreement{}
	for _, a := range got {
		by[a.Code] = a
	}
	// design: ana cba,qual,uba; ben nrct,qual,uba: po = 2/3,
	// pe = 3 × (1/3 × 1/3) for qual and uba = 2/9; κ = (6/9 − 2/9)/(7/9) = 4/7.
	// fac_leader_anchor: ana yes,no... per study: yes/no, no/no, no/no → po 2/3,
	// pe = (1/3)(0) + (2/3)(1) = 2/3, κ = 0.
	tests := []struct {
		code  string
		n, ag int
		kappa float64
		undef bool
	}{
		{"design", 3, 2, 4.0 / 7, false},
		{"fac_leader_anchor", 3, 2, 0, false},
		{"fac_team", 3, 3, 1, false},
		{"fac_culture", 3, 3, 0, true},
	}
	for _, tt := range tests {
		a := by[tt.code]
		if a.N != tt.n || a.Agree != tt.ag {
			t.Errorf("%s: n=%d agree=%d, want %d, %d", tt.code, a.N, a.Agree, tt.n, tt.ag)
		}
		switch {
		case tt.undef && a.Kappa != nil:
			t.Errorf("%s: Kappa()=%.3f, want undefined", tt.code, *a.Kappa)
		case !tt.undef && (a.Kappa == nil || abs(*a.Kappa-tt.kappa) > 1e-9):
			t.Errorf("%s: Kappa()=%v, want %.3f", tt.code, a.Kappa, tt.kappa)
		}
	}
	if by["fac_culture"].Percent != 100 || !strings.Contains(by["fac_culture"].Note, "undefined") {
		t.Errorf("fac_culture = %+v, want 100%% and a note that kappa is undefined", by["fac_culture"])
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestReconcile(t *testing.T) {
	db, ids := twoReviewers(t)
	ctx := context.Background()
	items, err := Items(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var differ []string
	for _, it := range items {
		if !it.Settled() {
			differ = append(differ, fmt.Sprintf("%d %s %s|%s", it.StudyID-ids[0], it.Code, it.A.Value, it.B.Value))
		}
	}
	if got, want := strings.Join(differ, "; "), "0 design cba|nrct; 1 fac_leader_anchor yes|"; got != want {
		t.Errorf("differences = %s, want %s", got, want)
	}
	auto, err := AutoAgree(ctx, db, "cleo")
	if err != nil {
		t.Fatal(err)
	}
	// fac_team on 0, design on 1 and 2.
	if len(auto) != 3 || auto[0].Code != "fac_team" || auto[0].Quote != "teams that worked well" || auto[0].Method != data.MethodAgreement {
		t.Errorf("AutoAgree() = %+v, want 3 finals, the first fac_team with ben's quote", auto)
	}
	if again, _ := AutoAgree(ctx, db, "cleo"); len(again) != 0 {
		t.Errorf("AutoAgree() again stored %d, want 0", len(again))
	}
	f, err := Resolve(ctx, db, ids[0], "design", "cba", "cleo", "control group not randomised, before and after")
	if err != nil {
		t.Fatal(err)
	}
	if f.Method != data.MethodConsensus || f.Resolver != "cleo" || f.Quote != "compared with control hospitals" || f.Location != "p. 3" {
		t.Errorf("Resolve() = %+v, want consensus by cleo with ana's quote", f)
	}
	if _, err := Resolve(ctx, db, ids[1], "fac_leader_anchor", "none", "cleo", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(ctx, db, ids[1], "design", "cohort", "cleo", ""); err == nil {
		t.Errorf("Resolve(design=cohort) succeeded, want an error")
	}
	m, err := Matrix(ctx, db, EvidenceFactor)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range m.Header {
		col[h] = i
	}
	if m.Unsettled != 0 || m.Rows[0][col["fac_team"]] != "1" || m.Rows[1][col["fac_leader_anchor"]] != "0" || m.Rows[2][col["status"]] != "settled" {
		t.Errorf("Matrix() = %v (unsettled %d), want fac_team 1 on study 0, fac_leader_anchor 0 on study 1, all settled", m.Rows, m.Unsettled)
	}
	long, err := Long(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var design0 []string
	for _, r := range long {
		if r.StudyID == ids[0] && r.Code == "design" {
			design0 = append(design0, r.Coder+"="+r.Value+" "+r.Method)
		}
	}
	if got, want := strings.Join(design0, "; "), "ana=cba ; ben=nrct ; final=cba consensus by cleo"; got != want {
		t.Errorf("Long() design rows of study 0 = %s, want %s", got, want)
	}
}

func TestUseReportsAffectedCodings(t *testing.T) {
	db, ids := twoReviewers(t)
	ctx := context.Background()
	src := strings.Replace(string(defaultYAML), "          - slug: nrct\n            labels: {en: Non-randomised controlled trial, nb: Ikke-randomisert kontrollert studie}\n", "", 1)
	src = strings.Replace(src, "      - slug: fac_team\n        labels: {en: Functioning multidisciplinary team, nb: Velfungerende team}\n        type: flag\n", "", 1)
	if src == string(defaultYAML) {
		t.Fatal("test codebook edit did not apply")
	}
	_, affected, err := Use(ctx, db, "new.yaml", []byte(src), "cleo", false)
	if !errors.Is(err, ErrAffected) {
		t.Fatalf("Use() error = %v, want ErrAffected", err)
	}
	var got []string
	for _, a := range affected {
		got = append(got, fmt.Sprintf("%d %s %s: %s", a.StudyID-ids[0], a.Reviewer, a.Code, a.Reason))
	}
	want := []string{
		"0 ana fac_team: code removed",
		`0 ben design: design: "nrct" is not one of rct, crct, cba, its, uba, xsec, qual, mixed, sr, eval_report`,
		"0 ben fac_team: code removed",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("affected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if b, _ := InForce(ctx, db); b.Version != 1 {
		t.Errorf("version after refused Use = %d, want 1", b.Version)
	}
	// A compatible change (a label edited) is stored as version 2.
	ok := strings.Replace(string(defaultYAML), "nb: Lederforankring", "nb: Forankring hos ledere", 1)
	b, affected, err := Use(ctx, db, "ok.yaml", []byte(ok), "cleo", false)
	if err != nil || len(affected) != 0 || b.Version != 2 {
		t.Errorf("Use(compatible) = version %d, %d affected, %v; want 2, 0, nil", b.Version, len(affected), err)
	}
}

func TestImportCSV(t *testing.T) {
	db, ids := newReview(t,
		testRecord{title: "Collaborative A", doi: "10.1/a", include: true},
		testRecord{title: "Collaborative B", pmid: "123", include: true},
		testRecord{title: "Excluded C", include: false},
		testRecord{title: "Collaborative A, other report", doi: "10.1/a", include: false})
	csvText := `study,doi,pmid,title,reviewer,code,value,quote,location,grounding
,10.1/A,,,ana,design,cba,"compared with ""control"" units",p. 3,
,,123,,ana,fac_team,,,,
,,,collaborative b,ben,fac_team,yes,,,
,,999,,ben,fac_team,yes,,,
,,,Excluded C,ben,fac_team,,,,
pmid:123,,,,ben,design,cohort,,,
,,,Collaborative,ben,design,qual,,,
`
	res, err := Import(context.Background(), db, "c.csv", strings.NewReader(csvText), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var probs []string
	for _, p := range res.Problems {
		probs = append(probs, p.Error())
	}
	want := []string{
		"c.csv:5: study PMID 999: not found",
		fmt.Sprintf("c.csv:6: study %d is not included at full text; only included studies are coded", ids[2]),
		`c.csv:7: design: "cohort" is not one of rct, crct, nrct, cba, its, uba, xsec, qual, mixed, sr, eval_report`,
		`c.csv:8: title "Collaborative"… matches 3 studies; give its study id`,
	}
	if strings.Join(probs, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(probs, "\n"), strings.Join(want, "\n"))
	}
	if res.Stored != 3 || res.Studies != 3 {
		t.Errorf("stored %d codings, %d studies done; want 3, 3", res.Stored, res.Studies)
	}
	cs, _ := db.CurrentCodings(context.Background(), ids[0], "ana")
	if len(cs) != 1 || cs[0].Quote != `compared with "control" units` || cs[0].Via != "import" {
		t.Errorf("ana's codings of study A = %+v", cs)
	}
}
