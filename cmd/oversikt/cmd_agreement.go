package main

import (
	"fmt"
	"math"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/screening"
)

func init() { register(newAgreementCmd) }

func newAgreementCmd(app *App) *cobra.Command {
	var stage string
	var codes bool
	cmd := &cobra.Command{
		Use:   "agreement",
		Short: "Report how well the reviewers agreed",
		Long: `Report agreement at a stage over the studies two reviewers both decided:
n, percent agreement, Cohen's kappa with a 95% confidence interval (the
large-sample standard error of Fleiss, Cohen & Everitt 1969), PABAK (Byrt,
Bishop & Carlin 1993), Gwet's AC1 (Gwet 2008) and the Landis & Koch label
of kappa; for every pair of reviewers, and pooled over the pairs. How
"maybe" counts is stated (default: as include; see 'oversikt screen config').
--coding reports agreement per code of the codebook instead (kappa, or
percent agreement where kappa is undefined).

Exit codes: 0 reported; 1 error; 2 usage.`,
		Example: `  oversikt agreement
  oversikt agreement --stage ft --json | jq .kappa
  oversikt agreement --coding`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if codes {
				return runCodingAgreement(ctx, app)
			}
			st, err := parseStage(stage)
			if err != nil {
				return err
			}
			db, cfg, err := app.openScreening(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			rep, err := screening.Agreement(ctx, db, cfg, st)
			if err != nil {
				return err
			}
			if app.JSON {
				return app.printJSON(rep)
			}
			fmt.Fprintf(app.Out, "Agreement at %s (%s)\n", st.Long(), rep.MaybeRule)
			if rep.N == 0 {
				fmt.Fprintln(app.Out, "No study has been decided by two reviewers yet.")
				return nil
			}
			fmt.Fprintf(app.Out, "%-20s %6s %8s %8s %17s %7s %7s  %s\n", "pair", "n", "agree%", "kappa", "95% CI", "PABAK", "AC1", "label")
			for _, p := range rep.Pairs {
				printStatsLine(app, p.A+" & "+p.B, p.Stats)
			}
			if len(rep.Pairs) > 1 {
				printStatsLine(app, "all pairs", rep.Stats)
			}
			fmt.Fprintf(app.Out, "CI: %s.\n", screening.SEMethod)
			return nil
		},
	}
	cmd.Flags().StringVar(&stage, "stage", "ta", "ta (title-abstract) or ft (full-text)")
	cmd.Flags().BoolVar(&codes, "coding", false, "agreement per code of the codebook")
	return cmd
}

func printStatsLine(app *App, name string, s screening.Stats) {
	f := func(n screening.Num) string {
		if math.IsNaN(float64(n)) {
			return "—"
		}
		return fmt.Sprintf("%.3f", float64(n))
	}
	ci := "—"
	if !math.IsNaN(float64(s.KappaCI[0])) {
		ci = fmt.Sprintf("[%s, %s]", f(s.KappaCI[0]), f(s.KappaCI[1]))
	}
	label := s.Label
	if label == "" {
		label = "kappa undefined (one category only)"
	}
	fmt.Fprintf(app.Out, "%-20s %6d %8.1f %8s %17s %7s %7s  %s\n", name, s.N, float64(s.PercentAgreement), f(s.Kappa), ci, f(s.PABAK), f(s.AC1), label)
}
