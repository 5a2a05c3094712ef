package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
)

func init() { register(newHighlightCmd) }

func newHighlightCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "highlight",
		Short: "Keep the review's highlighting lists (include and exclude terms)",
		Long: `The screening loop marks include terms (signs a study belongs in the
review) and exclude terms (signs it does not) in titles and abstracts.
A term is a word or a phrase; a word ending in * matches any ending
("collaborat*"). Matching ignores case.`,
		Example: `  oversikt highlight add --include "learning collaborative*" --include "læringsnettverk*" --exclude "rat*"
  oversikt highlight list
  oversikt highlight remove "rat*"`,
	}
	cmd.AddCommand(newHighlightAddCmd(app), newHighlightListCmd(app), newHighlightRemoveCmd(app))
	return cmd
}

func newHighlightAddCmd(app *App) *cobra.Command {
	var include, exclude []string
	cmd := &cobra.Command{
		Use:   "add --include TERM | --exclude TERM ...",
		Short: "Add include or exclude terms",
		Long: `Add terms to the include or the exclude list. Each --include and
--exclude takes one term (quote phrases); repeat the flag for more. A term
already on its list is left as it is.

Exit codes: 0 success; 1 error; 2 usage (no term given).`,
		Example: `  oversikt highlight add --include "learning collaborative*" --exclude "rat*" --exclude mice`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(include)+len(exclude) == 0 {
				return usagef(`oversikt highlight add --include "quality improvement" --exclude "rat*"`, "no term given")
			}
			for _, t := range append(append([]string{}, include...), exclude...) {
				if !hasWord(t) {
					return usagef(`oversikt highlight add --include "learning network*"`, "term %q has no letter or digit", t)
				}
			}
			ctx := cmd.Context()
			db, err := app.openDB(ctx, true)
			if err != nil {
				return err
			}
			defer db.Close()
			ni, err := db.AddHighlightTerms(ctx, data.HighlightInclude, app.Reviewer, include...)
			if err != nil {
				return err
			}
			ne, err := db.AddHighlightTerms(ctx, data.HighlightExclude, app.Reviewer, exclude...)
			if err != nil {
				return err
			}
			if app.JSON {
				return app.printJSON(map[string]int{"include_added": ni, "exclude_added": ne})
			}
			fmt.Fprintf(app.Err, "Added %d include and %d exclude terms.\n", ni, ne)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&include, "include", nil, "a term that suggests inclusion (repeatable)")
	cmd.Flags().StringArrayVar(&exclude, "exclude", nil, "a term that suggests exclusion (repeatable)")
	return cmd
}

func hasWord(s string) bool {
	for _, r := range s {
		if r != '*' && r != ' ' && r != '"' && r != '-' {
			return true
		}
	}
	return false
}

func newHighlightListCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the include and exclude terms",
		Long: `List the highlighting terms, include terms first, each in the order added.

Exit codes: 0 success; 1 error; 2 usage.`,
		Example: `  oversikt highlight list --json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			terms, err := db.HighlightTerms(ctx)
			if err != nil {
				return err
			}
			if app.JSON {
				if terms == nil {
					terms = []data.HighlightTerm{}
				}
				return app.printJSON(map[string]any{"terms": terms})
			}
			if len(terms) == 0 {
				fmt.Fprintln(app.Err, `No highlighting terms yet. Try: oversikt highlight add --include "TERM" --exclude "TERM"`)
				return nil
			}
			for _, t := range terms {
				fmt.Fprintf(app.Out, "%s\t%s\n", t.Kind, t.Term)
			}
			return nil
		},
	}
}

func newHighlightRemoveCmd(app *App) *cobra.Command {
	var include, exclude bool
	cmd := &cobra.Command{
		Use:   "remove [--include|--exclude] TERM...",
		Short: "Remove terms from the lists",
		Long: `Remove each TERM (spelt exactly as listed) from the include list, the
exclude list, or both when neither flag is given.

Exit codes: 0 success; 1 error (a term on neither list); 2 usage.`,
		Example: `  oversikt highlight remove "rat*"
  oversikt highlight remove --include "learning collaborative*"`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind := ""
			switch {
			case include && exclude:
				return usagef(`oversikt highlight remove "rat*"`, "--include and --exclude together: give neither to remove from both lists")
			case include:
				kind = data.HighlightInclude
			case exclude:
				kind = data.HighlightExclude
			}
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			var missing error
			removed := 0
			for _, t := range args {
				err := db.RemoveHighlightTerm(ctx, kind, t)
				switch {
				case errors.Is(err, data.ErrNotFound):
					missing = fmt.Errorf("%q is not a highlighting term (see oversikt highlight list)", t)
					fmt.Fprintf(app.Err, "Not found: %q\n", t)
				case err != nil:
					return err
				default:
					removed++
				}
			}
			if app.JSON {
				if err := app.printJSON(map[string]int{"removed": removed}); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(app.Err, "Removed %d terms.\n", removed)
			}
			return missing
		},
	}
	cmd.Flags().BoolVar(&include, "include", false, "only from the include list")
	cmd.Flags().BoolVar(&exclude, "exclude", false, "only from the exclude list")
	return cmd
}
