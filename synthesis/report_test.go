package synthesis

import (
	"context"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/coding"
)

// codedReview is smallReview (studies a and w1 included) coded by two
// reviewers: a is a cluster RCT with an improved patient outcome and leader
// anchoring; w1 an experience report with a positive trend and cost as a
// barrier; the two disagree on a's process outcome, which stays unsettled.
func codedReview(t *testing.T) *data.DB {
	t.Helper()
	db, _ := smallReview(t)
	var b strings.Builder
	b.WriteString("title,doi,pmid,reviewer,code,value,quote,location\n")
	for _, r := range []string{"Anne", "Bjørn"} {
		for _, row := range [][3]string{
			{"10.1000/a", "source_type", "src_primary"}, {"10.1000/a", "design", "crct"}, {"10.1000/a", "out_patient", "improved"},
			{"10.1000/a", "fac_leader_anchor", "yes"}, {"10.1000/w1", "source_type", "src_experience"},
			{"10.1000/w1", "out_patient", "trend_ns"}, {"10.1000/w1", "bar_cost", "yes"},
		} {
			b.WriteString(",")
			b.WriteString(row[0] + ",," + r + "," + row[1] + "," + row[2] + ",,\n")
		}
	}
	b.WriteString(",10.1000/a,,Anne,out_process,improved,,\n,10.1000/a,,Bjørn,out_process,worse,,\n")
	res, err := coding.Import(context.Background(), db, "codings.csv", strings.NewReader(b.String()), coding.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("coding import problems: %v", res.Problems)
	}
	return db
}

func TestEffectsByEvidenceType(t *testing.T) {
	ctx := context.Background()
	db := codedReview(t)
	ev, err := LoadEvidence(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Studies) != 2 {
		t.Fatalf("%d included studies, want 2", len(ev.Studies))
	}
	effects := ev.Effects()
	if len(effects) != 1 || effects[0].Code.Slug != "out_patient" {
		var got []string
		for _, o := range effects {
			got = append(got, o.Code.Slug)
		}
		t.Fatalf("outcomes %v, want only out_patient (out_process is unsettled)", got)
	}
	o := effects[0]
	var groups []string
	for _, g := range o.Groups {
		groups = append(groups, g.Evidence)
	}
	if strings.Join(groups, " ") != "src_primary src_experience" {
		t.Errorf("groups %v, want src_primary then src_experience", groups)
	}
	if o.Votes.Positive != 2 || o.Votes.N() != 2 {
		t.Errorf("votes %+v, want 2 positive of 2 (a trend counts by its direction)", o.Votes)
	}
	if o.Rating != nil {
		t.Errorf("rating %+v, want none recorded", o.Rating)
	}
	f := ev.Findings(coding.EvidenceFactor)
	if len(f) != 1 || f[0].Code.Slug != "fac_leader_anchor" || len(f[0].By[EvidencePrimary]) != 1 {
		t.Errorf("factors %+v, want leader anchoring in 1 primary study", f)
	}
	rows := ev.EffectRows()
	if len(rows) != 2 || rows[0].Design != "crct" || rows[1].Evidence != EvidenceExperience || rows[1].Vote != 1 {
		t.Errorf("effect rows %+v", rows)
	}
}

func TestReportCertaintyWording(t *testing.T) {
	ctx := context.Background()
	db := codedReview(t)
	r, err := BuildReport(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	md := r.Markdown("en", "prisma.svg", "effects.svg")
	for _, want := range []string{"The certainty of the evidence has not been assessed (GRADE).", "**From primary research** (1 study):",
		"leader anchoring (1 study)", "cost in time and resources (1 study)"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if p, e := strings.Index(md, "From primary research"), strings.Index(md, "From experience"); p < 0 || e < p {
		t.Errorf("primary research at %d, experience at %d: want primary first", p, e)
	}
	c := &data.Certainty{Kind: data.CertaintyOutcome, Subject: "out_patient", RiskOfBias: "serious", RatedBy: "Anne"}
	if err := db.AddCertainty(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, SettingSubjectNB, "læringsnettverk"); err != nil {
		t.Fatal(err)
	}
	if r, err = BuildReport(ctx, db); err != nil {
		t.Fatal(err)
	}
	// A cluster RCT and a design not settled: GRADE starts low, serious risk of bias takes it to very low.
	md = r.Markdown("nb", "prisma.svg", "effects.svg")
	want := "Svært lav tillit: vi vet ikke om læringsnettverk påvirker pasientutfall. ⊕◯◯◯"
	if !strings.Contains(md, want) {
		t.Errorf("nb report lacks %q:\n%s", want, md[:min(len(md), 1500)])
	}
}

func TestVancouver(t *testing.T) {
	r := data.Record{Authors: []string{"Schouten, Loes M T", "Hulscher, Marlies E J L", "van Everdingen, Jannes J E", "Huijsman, Robbert", "Grol, Richard P T M"},
		Title: "Evidence for the impact of quality improvement collaboratives: systematic review", Journal: "BMJ", Year: 2008,
		Volume: "336", Issue: "7659", Pages: "1491-1494", DOI: "10.1136/bmj.39570.749884.be", Raw: "DO  - 10.1136/bmj.39570.749884.BE\n"}
	want := "Schouten LM, Hulscher ME, van Everdingen JJ, Huijsman R, Grol RP. Evidence for the impact of quality improvement collaboratives: systematic review. BMJ. 2008;336(7659):1491-4. doi:10.1136/bmj.39570.749884.BE"
	if got := Vancouver(r); got != want {
		t.Errorf("Vancouver()=\n%q\nwant\n%q", got, want)
	}
	r.Authors = []string{"A, B", "C, D", "E, F", "G, H", "I, J", "K, L", "M, N"}
	if got := Vancouver(r); !strings.HasPrefix(got, "A B, C D, E F, G H, I J, K L, et al. Evidence") {
		t.Errorf("seven authors: %q, want six then et al.", got)
	}
}

func TestShortPages(t *testing.T) {
	for _, c := range []struct{ in, want string }{{"1491-1494", "1491-4"}, {"19-31", "19-31"}, {"345-351", "345-51"}, {"e0221919", "e0221919"}, {"99-100", "99-100"}} {
		if got := shortPages(c.in); got != c.want {
			t.Errorf("shortPages(%q)=%q, want %q", c.in, got, c.want)
		}
	}
}

func TestVoteByDirectionNotSignificance(t *testing.T) {
	for _, c := range []struct {
		dir  string
		want int
	}{{DirImproved, 1}, {DirTrend, 1}, {DirWorse, -1}, {DirNoDifference, 0}, {DirMixed, 0}, {DirUnclear, 0}} {
		if got := Vote(c.dir); got != c.want {
			t.Errorf("Vote(%q)=%d, want %d", c.dir, got, c.want)
		}
	}
}

func TestMarkdownEscapesTitles(t *testing.T) {
	if got, want := mdEscape("a|b *c* <d>"), `a\|b \*c\* \<d\>`; got != want {
		t.Errorf("mdEscape()=%q, want %q", got, want)
	}
}

func TestReportNamesTheRankingUsed(t *testing.T) {
	ctx := context.Background()
	db := codedReview(t)
	r, err := BuildReport(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if md := r.Markdown("en", "p.svg", "e.svg"); strings.Contains(md, "### Prioritisation") {
		t.Errorf("report has a prioritisation section though no ranking ordered the queue")
	}
	rk := &data.Ranking{Stage: "ta", Model: "nb+tfidf", TrainedIncluded: 3, TrainedExcluded: 7, Ranked: 11, Order: []int64{1, 2}}
	if err := db.AddRanking(ctx, rk); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, "UPDATE decision SET ranking_id = ? WHERE id IN (SELECT id FROM decision LIMIT 3)", rk.ID); err != nil {
		t.Fatal(err)
	}
	if r, err = BuildReport(ctx, db); err != nil {
		t.Fatal(err)
	}
	want := "prioritised by a machine-learning model (nb+tfidf) trained on 3 included and 7 excluded decisions; it ranked 11 studies"
	if md := r.Markdown("en", "p.svg", "e.svg"); !strings.Contains(md, want) {
		t.Errorf("report lacks %q", want)
	}
}

func TestReasonWordsNB(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"risk of bias: very-serious", "risiko for systematiske skjevheter: svært alvorlig"},
		{"inconsistency: serious", "inkonsistens: alvorlig"},
		{"coherence: serious concerns", "sammenheng: alvorlige betenkeligheter"},
		{"very large effect", "svært stor effekt"},
	} {
		if got := reasonWords(c.in, "nb"); got != c.want {
			t.Errorf("reasonWords(%q, nb)=%q, want %q", c.in, got, c.want)
		}
	}
}
