package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
)

func init() { register(newFulltextCmd) }

func newFulltextCmd(app *App) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "fulltext",
		Short: "Link full texts to studies, or record them as not retrieved",
		Long: `Keep track of full texts for the full-text stage. 'attach' links a PDF or
page to a study (a file by absolute path and SHA-256; the file stays where
it is), 'missing' records that the full text was sought but not retrieved
(PRISMA counts these). The screening loop shows what is attached; o opens
it.`,
		Example: `  oversikt fulltext attach 12 papers/smith2011.pdf
  oversikt fulltext attach 12 https://example.org/report.html
  oversikt fulltext missing 13 --note "library could not supply"`,
	}
	attach := &cobra.Command{
		Use:   "attach STUDY FILE|URL",
		Short: "Link a full text to a study",
		Long: `Link a PDF or page to a study (STUDY: a study id, record id or DOI). A
file is kept by absolute path and SHA-256; a URL as given.

Exit codes: 0 linked; 1 error (e.g. the file cannot be read); 2 usage.`,
		Example: `  oversikt fulltext attach 12 papers/smith2011.pdf`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			id, err := findStudy(ctx, db, args[0])
			if err != nil {
				return err
			}
			f, err := screening.Attach(ctx, db, id, args[1], app.Reviewer, note)
			if err != nil {
				return err
			}
			return printFulltext(app, f)
		},
	}
	missing := &cobra.Command{
		Use:   "missing STUDY",
		Short: "Record a full text as sought but not retrieved",
		Long: `Record that the full text of a study (STUDY: a study id, record id or DOI)
was sought but not retrieved; PRISMA 2020 reports the number.

Exit codes: 0 recorded; 1 error; 2 usage.`,
		Example: `  oversikt fulltext missing 13 --note "not held by any library"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			id, err := findStudy(ctx, db, args[0])
			if err != nil {
				return err
			}
			f, err := screening.MarkMissing(ctx, db, id, app.Reviewer, note)
			if err != nil {
				return err
			}
			return printFulltext(app, f)
		},
	}
	for _, c := range []*cobra.Command{attach, missing} {
		c.Flags().StringVar(&note, "note", "", "a note kept with the record")
		cmd.AddCommand(c)
	}
	return cmd
}

func printFulltext(app *App, f data.Fulltext) error {
	if app.JSON {
		return app.printJSON(f)
	}
	if f.Missing {
		fmt.Fprintf(app.Out, "study %d: full text sought but not retrieved\n", f.StudyID)
		return nil
	}
	hash := ""
	if f.SHA256 != "" {
		hash = " (sha256 " + f.SHA256[:12] + "…)"
	}
	fmt.Fprintf(app.Out, "study %d: full text %s%s\n", f.StudyID, f.Path, hash)
	return nil
}
