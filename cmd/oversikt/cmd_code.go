package main

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/coding"
)

func init() { register(newCodeCmd) }

func newCodeCmd(app *App) *cobra.Command {
	var lang string
	var line bool
	cmd := &cobra.Command{
		Use:   "code",
		Short: "Code your included studies against the codebook",
		Long: `Show each study of your queue — studies included at full text that you have
not finished and that fewer than two reviewers (setting coding.reviewers)
have taken up — and take your codings.

On a terminal this is a full-screen form: the study on the left, the
codebook with your values on the right; ↑↓ choose a code, space or enter
sets a flag or steps through the options, e types a value, x clears, q and
l add the quote and location, d marks the study done and goes on, n/p move
between studies, esc quits. --line (or stdin that is not a terminal) gives
the line mode, which reads commands, one a line:

  set CODE [VALUE] [--quote "…"] [--location "p. 4"] [--note "…"]
  unset CODE · show · codes [GROUP] · done · next · help · q

Every value is stored before the next line is read; q (or the end of the
input) quits with everything kept. You see only your own codings: the
other reviewer's appear only once reconciled. Commands read from stdin, so
the loop can be scripted (printf 'set design cba\ndone\n' | oversikt code).

Subcommands code one value without the loop: set, unset, done, show.

Exit codes: 0 finished or quit; 1 error; 2 usage (no reviewer); 130 interrupted.`,
		Example: `  oversikt code --reviewer anne
  oversikt code set --study 12 --code fac_leader_anchor --quote "the head of department chaired" --location "p. 4"
  oversikt code set --study 10.1136/bmj.c309 --code design --value uba
  oversikt code done --study 12`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reviewer, err := app.requireReviewer()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			var sum coding.LoopSummary
			if isTerminal(app.In) && isTerminal(app.Out) && !line && !app.JSON {
				sum, err = runCodeForm(ctx, app, db, reviewer, lang)
			} else {
				l := &coding.Loop{DB: db, Reviewer: reviewer, In: app.In, Out: app.Out, Err: app.Err, Lang: lang}
				if isTerminal(app.In) {
					l.Prompt = "> "
				}
				sum, err = l.Run(ctx)
			}
			if err != nil {
				return err
			}
			if app.JSON {
				return app.printJSON(sum)
			}
			fmt.Fprintf(app.Err, "%d values set, %d studies done, %d left in your queue.\n", sum.Set, sum.Done, sum.Left)
			return nil
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "en", "codebook labels in nb|en")
	cmd.Flags().BoolVar(&line, "line", false, "line mode even on a terminal")
	cmd.AddCommand(newCodeSetCmd(app), newCodeUnsetCmd(app), newCodeDoneCmd(app), newCodeShowCmd(app))
	return cmd
}

// codeTarget is the study and code a scripted coding command names.
type codeTarget struct{ study, code string }

func (t *codeTarget) register(cmd *cobra.Command, withCode bool) {
	cmd.Flags().StringVar(&t.study, "study", "", "the study: id, DOI, pmid:N or the start of its title")
	if withCode {
		cmd.Flags().StringVar(&t.code, "code", "", "the code's slug, e.g. fac_leader_anchor")
	}
}

// open checks the flags and the reviewer, opens the database and resolves
// the study.
func (t *codeTarget) open(ctx context.Context, app *App, withCode bool) (*data.DB, int64, string, error) {
	reviewer, err := app.requireReviewer()
	if err != nil {
		return nil, 0, "", err
	}
	if t.study == "" || withCode && t.code == "" {
		return nil, 0, "", usagef("oversikt code set --study S --code C [--value V]", "--study and --code are required")
	}
	db, err := app.openDB(ctx, false)
	if err != nil {
		return nil, 0, "", err
	}
	id, err := coding.FindStudy(ctx, db, t.study)
	if err != nil {
		db.Close()
		if errors.Is(err, data.ErrNotFound) {
			return nil, 0, "", usagef("oversikt export studies, to see the study ids", "%v", err)
		}
		return nil, 0, "", err
	}
	return db, id, reviewer, nil
}

// runCodeForm runs the full-screen coding form on the terminal.
func runCodeForm(ctx context.Context, app *App, db *data.DB, reviewer, lang string) (coding.LoopSummary, error) {
	f, err := coding.NewForm(ctx, db, reviewer, lang)
	if err != nil {
		return coding.LoopSummary{}, err
	}
	if _, err := tea.NewProgram(f, tea.WithContext(ctx), tea.WithInput(app.In), tea.WithOutput(app.Out)).Run(); err != nil {
		return f.Summary, err
	}
	return f.Summary, f.Err()
}

func newCodeSetCmd(app *App) *cobra.Command {
	var t codeTarget
	var e coding.Entry
	cmd := &cobra.Command{
		Use:   "set --study S --code C [--value V]",
		Short: "Give one code a value on one study",
		Long: `Store your value of a code on a study, with the quote and location that
support it. A flag needs no --value (it means yes; --value no takes it as
absent); one_of and direction codes take an option slug, many_of codes a
comma-separated list, number and text codes what they say.

Exit codes: 0 stored; 1 the value does not fit the code, or the study is not
included at full text; 2 usage.`,
		Example: `  oversikt code set --study 12 --code fac_leader_anchor --quote "the head of department chaired" --location "p. 4"
  oversikt code set --study 12 --code out_patient --value trend_ns --location "Table 2"
  oversikt code set --study pmid:15172903 --code country --value US`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, id, reviewer, err := t.open(cmd.Context(), app, true)
			if err != nil {
				return err
			}
			defer db.Close()
			e.StudyID, e.Reviewer, e.Code, e.Via = id, reviewer, t.code, "scripted"
			c, err := coding.Set(cmd.Context(), db, e)
			if err != nil {
				return err
			}
			if app.JSON {
				return app.printJSON(c)
			}
			fmt.Fprintf(app.Err, "Study %d: %s = %s (%s).\n", c.StudyID, c.Code, c.Value, c.Reviewer)
			return nil
		},
	}
	t.register(cmd, true)
	f := cmd.Flags()
	f.StringVar(&e.Value, "value", "", "the value (a flag needs none)")
	f.StringVar(&e.Quote, "quote", "", "the text that supports the value")
	f.StringVar(&e.Location, "location", "", `where the quote is: "p. 4", "Results", "Table 2"`)
	f.StringVar(&e.Note, "note", "", "a note")
	return cmd
}

func newCodeUnsetCmd(app *App) *cobra.Command {
	var t codeTarget
	cmd := &cobra.Command{
		Use:   "unset --study S --code C",
		Short: "Take your value of a code on a study back",
		Long: `Append an event that clears your value of the code on the study (the
earlier events stay in the log).

Exit codes: 0 cleared; 1 error; 2 usage.`,
		Example: `  oversikt code unset --study 12 --code fac_team`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, id, reviewer, err := t.open(cmd.Context(), app, true)
			if err != nil {
				return err
			}
			defer db.Close()
			return coding.Clear(cmd.Context(), db, id, reviewer, t.code, "scripted")
		},
	}
	t.register(cmd, true)
	return cmd
}

func newCodeDoneCmd(app *App) *cobra.Command {
	var t codeTarget
	var reopen bool
	cmd := &cobra.Command{
		Use:   "done --study S",
		Short: "Mark your coding of a study finished (or --reopen it)",
		Long: `Mark that you have finished coding the study. Reconciliation and per-code
agreement use the studies two reviewers have finished; codes you did not
set count as absent.

Exit codes: 0 marked; 1 error; 2 usage.`,
		Example: `  oversikt code done --study 12
  oversikt code done --study 12 --reopen`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, id, reviewer, err := t.open(cmd.Context(), app, false)
			if err != nil {
				return err
			}
			defer db.Close()
			return coding.MarkDone(cmd.Context(), db, id, reviewer, !reopen)
		},
	}
	t.register(cmd, false)
	cmd.Flags().BoolVar(&reopen, "reopen", false, "reopen the study instead")
	return cmd
}

func newCodeShowCmd(app *App) *cobra.Command {
	var t codeTarget
	cmd := &cobra.Command{
		Use:   "show --study S",
		Short: "Print your codings of a study (and its reconciled values)",
		Long: `Print your current codings of the study and any reconciled values. Other
reviewers' codings are not shown (blind); "reconcile" shows both sides once
two reviewers have finished.

Exit codes: 0 printed; 1 error; 2 usage.`,
		Example: `  oversikt code show --study 12
  oversikt code show --study 12 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, id, reviewer, err := t.open(ctx, app, false)
			if err != nil {
				return err
			}
			defer db.Close()
			mine, err := db.CurrentCodings(ctx, id, reviewer)
			if err != nil {
				return err
			}
			finals, err := db.CodingFinals(ctx, id)
			if err != nil {
				return err
			}
			if app.JSON {
				if mine == nil {
					mine = []data.Coding{}
				}
				if finals == nil {
					finals = []data.CodingFinal{}
				}
				return app.printJSON(map[string]any{"study_id": id, "reviewer": reviewer, "codings": mine, "final": finals})
			}
			for _, c := range mine {
				fmt.Fprintf(app.Out, "%s\t%s\t%s\t%s\n", c.Code, c.Value, c.Quote, c.Location)
			}
			for _, f := range finals {
				fmt.Fprintf(app.Out, "%s\t%s\tfinal (%s by %s)\n", f.Code, f.Value, f.Method, f.Resolver)
			}
			return nil
		},
	}
	t.register(cmd, false)
	return cmd
}
