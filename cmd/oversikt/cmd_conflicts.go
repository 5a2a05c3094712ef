package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/screening"
)

func init() { register(newConflictsCmd) }

func newConflictsCmd(app *App) *cobra.Command {
	var stage string
	cmd := &cobra.Command{
		Use:   "conflicts",
		Short: "List the studies whose reviewers disagree",
		Long: `List the unresolved disagreements at a stage: studies with every needed
decision in, where the decisions differ (after the maybe rule, see
'oversikt screen config'). Each line shows every reviewer's decision; all
of them have decided, so this does not break blinding. Settle them with
'oversikt resolve'.

Exit codes: 0 listed (also when there are none); 1 error; 2 usage.`,
		Example: `  oversikt conflicts
  oversikt conflicts --stage ft --json | jq '.conflicts | length'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := parseStage(stage)
			if err != nil {
				return err
			}
			db, cfg, err := app.openScreening(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			cs, err := screening.Conflicts(ctx, db, cfg, st)
			if err != nil {
				return err
			}
			if app.JSON {
				if cs == nil {
					cs = []screening.StudyConflict{}
				}
				return app.printJSON(map[string]any{"stage": st, "maybe_rule": cfg.MaybeRule(), "conflicts": cs})
			}
			if len(cs) == 0 {
				fmt.Fprintf(app.Out, "No conflicts at %s (%s).\n", st.Long(), cfg.MaybeRule())
				return nil
			}
			for _, c := range cs {
				fmt.Fprintf(app.Out, "%d\t%s\t%s\n", c.StudyID, decisionsLine(c), c.Title)
			}
			fmt.Fprintf(app.Err, "%d conflicts at %s (%s). Resolve: oversikt resolve --stage %s STUDY include|exclude\n", len(cs), st.Long(), cfg.MaybeRule(), st)
			return nil
		},
	}
	cmd.Flags().StringVar(&stage, "stage", "ta", "ta (title-abstract) or ft (full-text)")
	return cmd
}

func decisionsLine(c screening.StudyConflict) string {
	var parts []string
	for _, d := range c.Decisions {
		p := d.Reviewer + "=" + d.Verdict
		if d.Reason != "" {
			p += " (" + d.Reason + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}
