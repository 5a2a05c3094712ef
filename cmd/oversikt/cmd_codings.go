package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/screening/coding"
)

func init() { register(newCodingsCmd) }

func newCodingsCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "codings",
		Short: "Codings made elsewhere: import them from CSV",
		Long: `Work with codings as files. "codings import" reads codings made in a
spreadsheet or another tool.`,
		Example: `  oversikt codings import codings.csv`,
	}
	cmd.AddCommand(newCodingsImportCmd(app))
	return cmd
}

func newCodingsImportCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Import codings from a CSV file",
		Long: `Read codings from CSV with a header row. Columns (any order; others are
ignored): reviewer, code, value, quote, location, note, done, and the study
named by study (id, DOI or pmid:N), doi, pmid or title (the start of the
title) — the first that matches is used. A grounding column is kept in the
note. Each study × reviewer in the file is marked done unless its done
column says "no". Each value is checked against the codebook in force and
the study must be included at full text; a bad row is reported with file
and line, and the good rows are stored.

Exit codes: 0 every row stored; 1 error; 3 some rows rejected (listed on
stderr, or in --json).`,
		Example: `  oversikt codings import codings.csv
  oversikt codings import --json codings.csv | jq '.problems'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			res, err := coding.Import(ctx, db, args[0], f, coding.ImportOptions{})
			if err != nil {
				return err
			}
			if app.JSON {
				if err := app.printJSON(res); err != nil {
					return err
				}
			} else {
				for _, p := range res.Problems {
					fmt.Fprintln(app.Err, p.Error())
				}
				fmt.Fprintf(app.Err, "%s: %d codings stored, %d study × reviewer pairs marked done, %d rows rejected.\n",
					args[0], res.Stored, res.Studies, len(res.Problems))
			}
			if len(res.Problems) > 0 {
				return errProblems
			}
			return nil
		},
	}
}

// runCodingAgreement prints per-code agreement of the review's codings; it
// is what `oversikt agreement --coding` runs.
func runCodingAgreement(ctx context.Context, app *App) error {
	db, err := app.openDB(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	as, err := coding.Agreement(ctx, db)
	if err != nil {
		return err
	}
	if app.JSON {
		if as == nil {
			as = []coding.CodeAgreement{}
		}
		return app.printJSON(map[string]any{"coding": as})
	}
	fmt.Fprintf(app.Out, "%-24s %4s %7s %7s  %-16s %s\n", "code", "n", "agree%", "kappa", "95% CI", "")
	for _, a := range as {
		k, ci := "—", ""
		if a.Kappa != nil {
			k = fmt.Sprintf("%.2f", *a.Kappa)
			if a.KappaLow != nil && a.KappaHigh != nil {
				ci = fmt.Sprintf("%.2f to %.2f", *a.KappaLow, *a.KappaHigh)
			}
		}
		pct := "—"
		if a.N > 0 {
			pct = fmt.Sprintf("%.0f", a.Percent)
		}
		note := a.Label
		if a.Note != "" {
			note = a.Note
		}
		fmt.Fprintf(app.Out, "%-24s %4d %7s %7s  %-16s %s\n", a.Code, a.N, pct, k, ci, note)
	}
	return nil
}
