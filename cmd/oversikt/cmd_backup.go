package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func init() {
	register(newBackupCmd)
	register(newCheckCmd)
}

func newBackupCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the review database",
		Long: `Write a consistent copy of the review database to FILE (SQLite's VACUUM
INTO), safe while other reviewers keep working. FILE must not exist.`,
		Example: `  oversikt backup backups/review-$(date +%F).db`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := os.Stat(args[0]); err == nil {
				return usagef("a new file name", "%s exists; backup never overwrites", args[0])
			}
			db, err := app.openDB(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.Backup(cmd.Context(), args[0]); err != nil {
				return err
			}
			if app.JSON {
				return app.printJSON(map[string]string{"backup": args[0]})
			}
			fmt.Fprintf(app.Err, "Backed up %s to %s\n", app.DBPath, args[0])
			return nil
		},
	}
}

func newCheckCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the database's integrity and the review's invariants",
		Long: `Run SQLite's integrity check and the store's own invariants (every record
in an existing study, every study with records, record counts per source,
no import left incomplete). Exit code 1 when anything is wrong.`,
		Example: `  oversikt check
  oversikt check --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := app.openDB(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer db.Close()
			problems, err := db.Check(cmd.Context())
			if err != nil {
				return err
			}
			if app.JSON {
				if err := app.printJSON(map[string]any{"ok": len(problems) == 0, "problems": append([]string{}, problems...)}); err != nil {
					return err
				}
			} else if len(problems) == 0 {
				fmt.Fprintln(app.Out, "ok")
			}
			for _, p := range problems {
				fmt.Fprintln(app.Err, p)
			}
			if len(problems) > 0 {
				return errors.New("the check found problems (listed above)")
			}
			return nil
		},
	}
}
