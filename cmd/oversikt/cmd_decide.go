package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
)

func init() { register(newDecideCmd) }

func newDecideCmd(app *App) *cobra.Command {
	var stage, reason, note string
	cmd := &cobra.Command{
		Use:   "decide --stage ta|ft STUDY include|exclude|maybe",
		Short: "Record one screening decision",
		Long: `Record your decision on one study at a stage, as the screening loop would,
and resolve the study when every needed decision agrees. STUDY is a study
id, a record id or a DOI. Exclusions at full text need --reason (a number
or text from the stage's list, see 'oversikt screen config').

The output says only what you decided: other reviewers' decisions stay
hidden (blinding).

Exit codes: 0 stored; 1 error; 2 usage (unknown study, decision or reason).`,
		Example: `  oversikt decide --reviewer anna --stage ta 12 include
  oversikt decide --reviewer anna --stage ft 10.1186/s13643-023-02257-7 exclude --reason "wrong design"
  oversikt decide --reviewer bo --stage ft 12 exclude --reason 5 --note "before-after study"`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			reviewer, err := app.requireReviewer()
			if err != nil {
				return err
			}
			st, err := parseStage(stage)
			if err != nil {
				return err
			}
			verdict, err := screening.ParseVerdict(args[1])
			if err != nil {
				return usagef("include, exclude or maybe", "%v", err)
			}
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			id, err := findStudy(ctx, db, args[0])
			if err != nil {
				return err
			}
			cfg, err := screening.LoadConfig(ctx, db)
			if err != nil {
				return err
			}
			d := data.Decision{StudyID: id, Reviewer: reviewer, Stage: string(st), Verdict: verdict, Reason: reason, Note: note, ShownBy: "scripted"}
			if err := screening.Record(ctx, db, cfg, &d); err != nil {
				return inputErr(err, "oversikt decide --help")
			}
			if app.JSON {
				return app.printJSON(d)
			}
			why := ""
			if d.Reason != "" {
				why = " (" + d.Reason + ")"
			}
			fmt.Fprintf(app.Out, "saved: %s study %d at %s%s\n", d.Verdict, d.StudyID, st, why)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&stage, "stage", "ta", "ta (title-abstract) or ft (full-text)")
	f.StringVar(&reason, "reason", "", "exclusion reason: a number or text from the stage's list")
	f.StringVar(&note, "note", "", "a note stored with the decision")
	return cmd
}

// findStudy resolves a study id, record id or DOI, with a usage error
// when nothing matches.
func findStudy(ctx context.Context, db *data.DB, ref string) (int64, error) {
	id, err := db.FindStudy(ctx, ref)
	if errors.Is(err, data.ErrNotFound) {
		return 0, usagef("a study id, record id or DOI from 'oversikt export studies'", "no study %q in the review", ref)
	}
	return id, err
}

// inputErr turns a screening.InputError (or a full-text decision on a
// study not included at title/abstract) into a usage error.
func inputErr(err error, try string) error {
	var ie *screening.InputError
	if errors.As(err, &ie) || errors.Is(err, screening.ErrNotAtFullText) {
		return usagef(try, "%v", err)
	}
	return err
}
