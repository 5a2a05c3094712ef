package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
)

func init() {
	register(newDecisionsCmd)
	registerExport(newExportDecisionsCmd)
}

func newDecisionsCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "decisions",
		Short: "Work with screening decisions made elsewhere",
		Long: `Import screening decisions made outside oversikt (another tool, a
spreadsheet); see 'oversikt decisions import --help'. Export them with
'oversikt export decisions'.

Exit codes: those of the subcommand.`,
		Example: `  oversikt decisions import rayyan-decisions.csv`,
	}
	var stage string
	imp := &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Import screening decisions from CSV",
		Long: `Import decisions from a CSV file with a header row. Columns (any order,
case-insensitive): study (or study_id, record, record_id, doi), reviewer,
stage (ta|ft; default --stage), decision (include|exclude|maybe), reason,
note. Each decision is stored as if the reviewer had made it now, with
shown_by "import", and studies whose needed decisions agree are resolved.
A row repeating the reviewer's current decision adds nothing, so importing
the same file twice changes nothing. Bad rows are reported with their line
and skipped. Full-text rows are taken as given (the study need not be
included at title/abstract in this review).

Exit codes: 0 all rows imported; 1 error; 2 usage; 3 some rows were
rejected (listed on stderr, or in --json).`,
		Example: `  oversikt decisions import decisions.csv
  oversikt decisions import --stage ft fulltext.csv --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := parseStage(stage)
			if err != nil {
				return err
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			db, cfg, err := app.openScreening(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			res, err := screening.ImportDecisions(ctx, db, cfg, f, st)
			if err != nil {
				return inputErr(fmt.Errorf("%s: %w", args[0], err), "oversikt decisions import --help")
			}
			for _, p := range res.Problems {
				fmt.Fprintf(app.Err, "%s:%d: %s; skipped\n", args[0], p.Line, p.Message)
			}
			if app.JSON {
				if res.Problems == nil {
					res.Problems = []screening.ImportProblem{}
				}
				if err := app.printJSON(res); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(app.Out, "%s: %d rows, %d decisions imported, %d unchanged, %d rejected\n", args[0], res.Rows, res.Imported, res.Unchanged, len(res.Problems))
			}
			if len(res.Problems) > 0 {
				return errProblems
			}
			return nil
		},
	}
	imp.Flags().StringVar(&stage, "stage", "ta", "stage of rows without a stage column")
	cmd.AddCommand(imp)
	return cmd
}

// decisionRow is one line of `export decisions`.
type decisionRow struct {
	ID        int64  `csv:"decision_id"`
	StudyID   int64  `csv:"study_id"`
	Reviewer  string `csv:"reviewer"`
	Stage     string `csv:"stage"`
	Verdict   string `csv:"decision"`
	Reason    string `csv:"reason"`
	Note      string `csv:"note"`
	ShownBy   string `csv:"shown_by"`
	RankingID string `csv:"ranking_id"`
	Position  string `csv:"position"`
	DecidedAt string `csv:"decided_at"`
}

func newExportDecisionsCmd(app *App) *cobra.Command {
	var o tableOptions
	var stage string
	var unblind bool
	cmd := &cobra.Command{
		Use:   "decisions",
		Short: "Export screening decisions as CSV",
		Long: `Write every screening decision event (retractions included, oldest first)
as CSV: decision_id, study_id, reviewer, stage, decision, reason, note,
shown_by, ranking_id, position, decided_at. The decision that counts is a
reviewer's latest on a study and stage.

Blind by default: you get your own decisions (--reviewer) and the other
reviewers' only on studies that are resolved or that you and everyone
needed have decided; without --reviewer, the decisions on resolved studies.
--unblind exports everyone's decisions (for the review's lead once
screening is done; it is said on stderr).

Exit codes: 0 written; 1 error; 2 usage.`,
		Example: `  oversikt export decisions --reviewer anna > anna.csv
  oversikt export decisions --unblind --stage ft --out ft-decisions.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st := ""
			if stage != "" {
				s, err := parseStage(stage)
				if err != nil {
					return err
				}
				st = string(s)
			}
			db, cfg, err := app.openScreening(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			switch {
			case unblind:
				fmt.Fprintln(app.Err, "unblinded: exporting every reviewer's decisions")
			case app.Reviewer == "":
				fmt.Fprintln(app.Err, "blind: no --reviewer, so only decisions on resolved studies (--reviewer NAME adds yours, --unblind gives all)")
			}
			return exportDecisions(ctx, app, db, cfg, o, st, unblind)
		},
	}
	o.register(cmd.Flags())
	cmd.Flags().StringVar(&stage, "stage", "", "only this stage (ta or ft; default both)")
	cmd.Flags().BoolVar(&unblind, "unblind", false, "every reviewer's decisions, breaking blinding")
	return cmd
}

func exportDecisions(ctx context.Context, app *App, db *data.DB, cfg screening.Config, o tableOptions, stage string, unblind bool) error {
	var rows []decisionRow
	err := screening.VisibleDecisions(ctx, db, cfg, stage, app.Reviewer, unblind, func(d data.Decision) error {
		r := decisionRow{ID: d.ID, StudyID: d.StudyID, Reviewer: d.Reviewer, Stage: d.Stage, Verdict: d.Verdict, Reason: d.Reason,
			Note: d.Note, ShownBy: d.ShownBy, DecidedAt: d.DecidedAt.Format("2006-01-02T15:04:05.000Z07:00")}
		if d.RankingID != 0 {
			r.RankingID = fmt.Sprint(d.RankingID)
		}
		if d.Position != 0 {
			r.Position = fmt.Sprint(d.Position)
		}
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		return err
	}
	return app.writeCSV(o, rows)
}
