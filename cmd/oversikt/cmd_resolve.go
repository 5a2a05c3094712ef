package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
)

func init() { register(newResolveCmd) }

type resolveOptions struct {
	stage, method, note string
}

func newResolveCmd(app *App) *cobra.Command {
	var o resolveOptions
	cmd := &cobra.Command{
		Use:   "resolve [--stage ta|ft] [STUDY include|exclude]",
		Short: "Settle disagreements between reviewers",
		Long: `Record the final verdict on a study whose reviewers disagree, with who
resolved it (--reviewer) and how (--method consensus or third-reviewer).
STUDY is a study id, a record id or a DOI. A resolution made here stands
even if a reviewer changes their decision later.

Without arguments it walks the stage's conflicts: it prints each one with
every reviewer's decision and reads one line: i (include), e (exclude),
s (skip), q (quit); "i NOTE" keeps a note with the resolution.

Exit codes: 0 done; 1 error; 2 usage.`,
		Example: `  oversikt resolve --reviewer cem --stage ta 12 include
  oversikt resolve --reviewer cem --stage ft 12 exclude --method third-reviewer
  oversikt resolve --reviewer cem --stage ta        # walk the conflicts`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 0 && len(args) != 2 {
				return usagef("oversikt resolve --stage ta STUDY include|exclude, or no arguments to walk the conflicts", "want STUDY and a verdict, or nothing")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runResolve(cmd.Context(), app, o, args) },
	}
	f := cmd.Flags()
	f.StringVar(&o.stage, "stage", "ta", "ta (title-abstract) or ft (full-text)")
	f.StringVar(&o.method, "method", "consensus", "consensus|third-reviewer")
	f.StringVar(&o.note, "note", "", "a note kept with the resolution")
	return cmd
}

func runResolve(ctx context.Context, app *App, o resolveOptions, args []string) error {
	resolver, err := app.requireReviewer()
	if err != nil {
		return err
	}
	st, err := parseStage(o.stage)
	if err != nil {
		return err
	}
	if o.method != data.MethodConsensus && o.method != data.MethodThirdReviewer {
		return usagef("--method consensus or --method third-reviewer", "unknown method %q", o.method)
	}
	db, err := app.openDB(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(args) == 2 {
		id, err := findStudy(ctx, db, args[0])
		if err != nil {
			return err
		}
		verdict, err := screening.ParseVerdict(args[1])
		if err != nil || verdict == data.VerdictMaybe {
			return usagef("include or exclude", "a resolution is include or exclude, not %q", args[1])
		}
		r, err := screening.Resolve(ctx, db, id, st, verdict, o.method, resolver, o.note)
		if err != nil {
			return inputErr(err, "oversikt resolve --help")
		}
		if app.JSON {
			return app.printJSON(r)
		}
		fmt.Fprintf(app.Out, "resolved: study %d at %s: %s (%s by %s)\n", id, st, r.Verdict, r.Method, r.Resolver)
		return nil
	}
	return walkConflicts(ctx, app, db, st, o, resolver)
}

// walkConflicts shows each conflict and reads one line per conflict.
func walkConflicts(ctx context.Context, app *App, db *data.DB, st screening.Stage, o resolveOptions, resolver string) error {
	cfg, err := screening.LoadConfig(ctx, db)
	if err != nil {
		return err
	}
	cs, err := screening.Conflicts(ctx, db, cfg, st)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		fmt.Fprintf(app.Out, "No conflicts at %s.\n", st.Long())
		return nil
	}
	fmt.Fprintf(app.Out, "%d conflicts at %s (%s). For each: i [NOTE] include, e [NOTE] exclude, s skip, q quit.\n", len(cs), st.Long(), cfg.MaybeRule())
	sc := bufio.NewScanner(app.In)
	resolved := 0
	for i, c := range cs {
		rec, err := db.StudyRecord(ctx, c.StudyID)
		if err != nil {
			return err
		}
		fmt.Fprintf(app.Out, "\n── Conflict %d of %d: study %d\nTitle:    %s\nDecisions: %s\nAbstract: %s\n", i+1, len(cs), c.StudyID, orNone(rec.Title), decisionsLine(c), orNone(rec.Abstract))
		for _, d := range c.Decisions {
			if d.Note != "" {
				fmt.Fprintf(app.Out, "Note (%s): %s\n", d.Reviewer, d.Note)
			}
		}
		for {
			if !sc.Scan() {
				fmt.Fprintf(app.Out, "Resolved %d of %d.\n", resolved, len(cs))
				return sc.Err()
			}
			cmd, note, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
			note = strings.TrimSpace(note)
			if note == "" {
				note = o.note
			}
			var verdict string
			switch strings.ToLower(cmd) {
			case "i", "include":
				verdict = data.VerdictInclude
			case "e", "exclude":
				verdict = data.VerdictExclude
			case "s", "skip":
				fmt.Fprintf(app.Out, "skipped: study %d\n", c.StudyID)
			case "q", "quit":
				fmt.Fprintf(app.Out, "Resolved %d of %d.\n", resolved, len(cs))
				return nil
			default:
				fmt.Fprintf(app.Err, "unknown command %q: i, e, s or q\n", cmd)
				continue
			}
			if verdict != "" {
				if _, err := screening.Resolve(ctx, db, c.StudyID, st, verdict, o.method, resolver, note); err != nil {
					return err
				}
				resolved++
				fmt.Fprintf(app.Out, "resolved: study %d: %s (%s by %s)\n", c.StudyID, verdict, o.method, resolver)
			}
			break
		}
	}
	fmt.Fprintf(app.Out, "Resolved %d of %d.\n", resolved, len(cs))
	return nil
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
