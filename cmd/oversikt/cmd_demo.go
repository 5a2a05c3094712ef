package main

import (
	"context"
	"embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
	"github.com/oversikt/oversikt/ingest/dedup"
	"github.com/oversikt/oversikt/screening"
	"github.com/oversikt/oversikt/screening/coding"
	"github.com/oversikt/oversikt/screening/term"
)

func init() { register(newDemoCmd) }

//go:embed example
var example embed.FS

// demoSources are the worked example's files and how they are imported.
var demoSources = []struct{ file, name, kind, date string }{
	{"pubmed.ris", "PubMed", data.KindDatabase, "2026-10-01"},
	{"embase.ris", "Embase", data.KindDatabase, "2026-10-01"},
	{"grey.ris", "Knowledge Centre and IHI websites", data.KindOrganisation, "2026-10-02"},
}

// demoCertainty are the worked example's certainty ratings, following what
// the Knowledge Centre's 2011 report says of the evidence: weak designs
// (risk of bias) and mixed results (inconsistency) for effects; findings on
// factors and barriers from few studies (adequacy).
var demoCertainty = []data.Certainty{
	{Kind: data.CertaintyOutcome, Subject: "out_patient", RiskOfBias: "serious", Inconsistency: "serious",
		Note: "Mostly uncontrolled or controlled before-after designs; results differ between studies."},
	{Kind: data.CertaintyOutcome, Subject: "out_process", RiskOfBias: "serious",
		Note: "Few controlled studies; improvement cannot be attributed to the network."},
	{Kind: data.CertaintyFinding, Subject: "fac_leader_anchor", Limitations: "moderate", Coherence: "minor", Adequacy: "moderate", Relevance: "minor",
		Note: "Reported across reviews and case studies; one Norwegian study did not find leadership significant."},
	{Kind: data.CertaintyFinding, Subject: "bar_team_dropout", Limitations: "moderate", Coherence: "no", Adequacy: "moderate", Relevance: "minor"},
}

func newDemoCmd(app *App) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole pipeline on the worked example shipped inside the binary",
		Long: `Build a review from the worked example inside the binary — real literature on
learning networks (quality-improvement collaboratives) plus records a
screener should exclude — and run every stage on it: import, deduplication,
dual screening with conflicts and their resolution, agreement, coding and
the report. The review database and the report go to --out DIR (default
./oversikt-demo); a review database left there by an earlier demo is
replaced.`,
		Example: `  oversikt demo
  oversikt demo --out /tmp/demo && oversikt --db /tmp/demo/review.db status`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDemo(cmd.Context(), app, out)
		},
	}
	cmd.Flags().StringVar(&out, "out", "oversikt-demo", "directory for the demo review and its report")
	return cmd
}

func runDemo(ctx context.Context, app *App, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	dbPath := filepath.Join(out, "review.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	if err := os.RemoveAll(dbPath + ".index"); err != nil {
		return err
	}
	db, err := data.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Now = app.Now
	if err := db.SetSetting(ctx, "title", "Learning networks as a tool for quality improvement (worked example)"); err != nil {
		return err
	}
	for st, c := range map[screening.Stage]string{
		screening.TitleAbstract: "Include: learning networks or quality-improvement collaboratives in health and care services, evaluated or reviewed (any design, any country). Exclude: other topics; descriptions of a model without evaluation.",
		screening.FullText:      "Include: reports effects of, experiences with, or success factors and barriers for learning networks. Exclude with a reason.",
	} {
		if err := db.SetSetting(ctx, term.SettingCriteria(st), c); err != nil {
			return err
		}
	}
	say := func(format string, args ...any) { fmt.Fprintf(app.Out, format+"\n", args...) }
	say("Worked example: learning networks in quality improvement → %s", dbPath)

	say("\n1. Import")
	for _, s := range demoSources {
		b, err := example.ReadFile("example/" + s.file)
		if err != nil {
			return err
		}
		res, err := ingest.Bytes(ctx, db, s.file, b, ingest.Options{Name: s.name, Kind: s.kind, SearchDate: s.date})
		if err != nil {
			return err
		}
		say("   %-12s %-36s %-12s %2d records", s.file, s.name, s.kind, res.New)
	}
	c, err := db.Count(ctx)
	if err != nil {
		return err
	}
	say("   %d records from %d sources", c.Records, c.Sources)

	say("\n2. Deduplication")
	sum, err := dedup.Run(ctx, db, dedup.Options{})
	if err != nil {
		return err
	}
	say("   %d records → %d studies (%d merged, %d uncertain pairs for a reviewer)", sum.Records, sum.Studies, sum.Merged, sum.Uncertain)

	say("\n3. Dual screening")
	if err := demoScreen(ctx, db, say); err != nil {
		return err
	}

	say("\n4. Coding in pairs")
	imp, err := coding.LoadDemo(ctx, db)
	if err != nil {
		return err
	}
	settled, err := coding.ReconcileDemo(ctx, db, "Anne")
	if err != nil {
		return err
	}
	agreements, err := coding.Agreement(ctx, db)
	if err != nil {
		return err
	}
	agree, n := 0, 0
	for _, a := range agreements {
		agree, n = agree+a.Agree, n+a.N
	}
	say("   %d codings by two reviewers on %d study × reviewer pairs; %d values reconciled", imp.Stored, imp.Studies, settled)
	if n > 0 {
		say("   agreement over %d codes: %.1f %% of %d study × code pairs", len(agreements), 100*float64(agree)/float64(n), n)
	}
	for _, c := range demoCertainty {
		c.RatedBy = "Anne"
		if err := db.AddCertainty(ctx, &c); err != nil {
			return err
		}
	}
	say("   certainty rated for %d outcomes and findings (GRADE, CERQual)", len(demoCertainty))

	say("\n5. Report")
	return demoReport(ctx, app, db, out, say)
}
