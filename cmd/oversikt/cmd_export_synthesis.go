package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/synthesis"
)

func init() {
	registerExport(newExportStudiesCmd)
	registerExport(newExportPRISMACmd)
	registerExport(newExportIncludedCmd)
	registerExport(newExportLabelledCmd)
}

// withDB opens the review read-only in spirit (it must exist) and runs fn.
func (app *App) withDB(ctx context.Context, fn func(db *data.DB) error) error {
	db, err := app.openDB(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

func newExportStudiesCmd(app *App) *cobra.Command {
	var o tableOptions
	cmd := &cobra.Command{
		Use:   "studies",
		Short: "One row per study: its representative record, sources and screening verdicts",
		Long: `Write the study table: one row per study (a deduplicated cluster of
records) with its representative record's title, authors, year, journal,
DOI and PMID; how many records it has and from which sources; the PRISMA
column it is counted in; its resolved title/abstract (ta) and full-text
(ft) verdicts (empty while unresolved); whether its full text could not be
retrieved; the exclusion reason; and whether it is included in the review.
--json prints the rows as JSON instead.

Exit codes: 0 written; 1 error.`,
		Example: `  oversikt export studies > studies.csv
  oversikt export studies --excel --out studies.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.withDB(cmd.Context(), func(db *data.DB) error {
				rows, err := synthesis.StudyRows(cmd.Context(), db)
				if err != nil {
					return err
				}
				if app.JSON {
					return app.printJSON(rows)
				}
				return app.writeCSV(o, rows)
			})
		},
	}
	o.register(cmd.Flags())
	return cmd
}

func newExportPRISMACmd(app *App) *cobra.Command {
	var o tableOptions
	var format, lang string
	cmd := &cobra.Command{
		Use:   "prisma",
		Short: "PRISMA 2020 counts as the PRISMA2020 package's CSV, or the flow diagram as SVG",
		Long: `Count the review's PRISMA 2020 flow from its records, studies, screening
resolutions and full-text records, check that the counts add up, and write
them as the CSV the PRISMA2020 R package and Shiny app read (columns
data,node,box,description,boxtext,tooltips,url,n; exclusion reasons in n
as "Reason, 12; Reason, 7"). --format svg draws the flow diagram instead
(--lang nb|en); --json prints the counts as JSON.

Records are counted per source; a study found by a database or register is
counted in that column, and other methods' records of it are duplicates
there. Studies not yet screened are counted as awaiting, not dropped.

Exit codes: 0 written; 1 error, including counts that do not add up (the
message names the numbers).`,
		Example: `  oversikt export prisma --out prisma.csv
  oversikt export prisma --format svg --lang nb --out prisma.svg
  oversikt export prisma --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if lang != "nb" && lang != "en" {
				return usagef("--lang nb or --lang en", "unknown language %q", lang)
			}
			if format != "csv" && format != "svg" {
				return usagef("--format csv or --format svg", "unknown format %q", format)
			}
			return app.withDB(cmd.Context(), func(db *data.DB) error {
				f, err := synthesis.PRISMA(cmd.Context(), db)
				if err != nil {
					return err
				}
				switch {
				case app.JSON:
					return app.printJSON(f)
				case format == "svg":
					return app.writeTo(o, func(w io.Writer) error { return synthesis.WriteSVG(w, f, lang) })
				}
				return app.writeCSV(o, synthesis.PRISMARows(f))
			})
		},
	}
	o.register(cmd.Flags())
	cmd.Flags().StringVar(&format, "format", "csv", "csv (the PRISMA2020 package's) or svg (the flow diagram)")
	cmd.Flags().StringVar(&lang, "lang", "en", "language of the diagram: nb or en")
	return cmd
}

func newExportIncludedCmd(app *App) *cobra.Command {
	var o tableOptions
	var format string
	cmd := &cobra.Command{
		Use:   "included",
		Short: "The included studies as RIS, for a reference manager",
		Long: `Write the representative record of every study included in the review
(resolved include at title/abstract and at full text) as RIS that EndNote,
Zotero and Mendeley import; each record's ID is its study id. --json prints
the records as JSON instead.

Exit codes: 0 written; 1 error.`,
		Example: `  oversikt export included --format ris --out included.ris`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "ris" {
				return usagef("--format ris", "unknown format %q (included studies are written as RIS)", format)
			}
			return app.withDB(cmd.Context(), func(db *data.DB) error {
				if app.JSON {
					recs, err := synthesis.IncludedRecords(cmd.Context(), db)
					if err != nil {
						return err
					}
					return app.printJSON(recs)
				}
				return app.writeTo(o, func(w io.Writer) error { return synthesis.WriteIncludedRIS(cmd.Context(), db, w) })
			})
		},
	}
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "write to this file instead of stdout")
	cmd.Flags().StringVar(&format, "format", "ris", "ris")
	return cmd
}

func newExportLabelledCmd(app *App) *cobra.Command {
	var o tableOptions
	cmd := &cobra.Command{
		Use:   "labelled",
		Short: "A labelled dataset for ASReview (and oversikt simulate)",
		Long: `Write one row per study — record_id (the study id), title, abstract,
authors, year, doi — with label_included from the title/abstract
resolution: 1 included, 0 excluded, empty while unresolved. ASReview
LAB imports it as a fully or partly labelled dataset, and oversikt
simulate reads it.

Exit codes: 0 written; 1 error.`,
		Example: `  oversikt export labelled --out labelled.csv
  oversikt simulate labelled.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return app.withDB(cmd.Context(), func(db *data.DB) error {
				rows, err := synthesis.LabelledRows(cmd.Context(), db)
				if err != nil {
					return err
				}
				if app.JSON {
					return app.printJSON(rows)
				}
				return app.writeCSV(o, rows)
			})
		},
	}
	o.register(cmd.Flags())
	return cmd
}

// writeTo runs write on the --out file or stdout and closes it.
func (app *App) writeTo(o tableOptions, write func(io.Writer) error) error {
	w, closeOut, err := app.output(o)
	if err != nil {
		return err
	}
	err = write(w)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", outName(o), err)
	}
	return nil
}

func outName(o tableOptions) string {
	if o.out == "" {
		return "stdout"
	}
	return o.out
}
