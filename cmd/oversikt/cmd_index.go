package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/index"
)

func init() { register(newIndexCmd) }

func newIndexCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Build or update the full-text search index",
		Long: `The search index lives beside the database (DB.index/) and is derived
from it: deleting it loses nothing. search builds it when it is missing,
stale or unreadable and updates it incrementally after imports, dedup and
decisions; these commands do the same on demand.`,
		Example: `  oversikt index rebuild
  oversikt index update --json`,
	}
	cmd.AddCommand(newIndexRunCmd(app, "rebuild", "Build the index from scratch",
		`Build the search index from scratch in a new directory and swap it in
when complete; searches in other processes keep working meanwhile.

Exit codes: 0 success; 1 error (also when another process is writing the
index: try again when it finishes).`, index.Rebuild))
	cmd.AddCommand(newIndexRunCmd(app, "update", "Index what changed since the last update",
		`Index what changed since the last update (new records, dedup merges,
removed sources, decisions and resolutions), or build the index when it is
missing, stale or unreadable.

Exit codes: 0 success; 1 error (also when another process is writing the
index: try again when it finishes).`, index.Update))
	return cmd
}

func newIndexRunCmd(app *App, name, short, long string, run func(context.Context, *data.DB, index.Options) (index.Stats, error)) *cobra.Command {
	return &cobra.Command{
		Use:     name,
		Short:   short,
		Long:    long,
		Example: "  oversikt index " + name,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			if stop := profileIngest(app); stop != nil {
				defer stop()
			}
			st, err := run(ctx, db, index.Options{Log: app.Err})
			if errors.Is(err, index.ErrBusy) {
				return fmt.Errorf("%w; try again when it finishes", err)
			}
			if err != nil {
				return err
			}
			if app.JSON {
				return app.printJSON(st)
			}
			what := "updated"
			if st.Rebuilt {
				what = "built"
			}
			fmt.Fprintf(app.Err, "Search index %s: %d studies indexed in %s (%s).\n", what, st.Studies,
				st.Duration.Round(time.Millisecond), index.Path(db.Path))
			return nil
		},
	}
}
