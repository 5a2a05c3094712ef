package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/coding"
)

func init() { register(newReconcileCmd) }

type reconcileOptions struct {
	study, code, value, note string
	list                     bool
}

func newReconcileCmd(app *App) *cobra.Command {
	var o reconcileOptions
	cmd := &cobra.Command{
		Use:   "reconcile",
		Short: "Settle the differences between two reviewers' codings",
		Long: `For every study two reviewers have finished coding, values both gave alike
are recorded first as final, with method "agreement". Then each code on
which they differ is shown with both values (and their quotes) side by
side; answer a or b to take one reviewer's value, type the agreed value
(or "none" for not present), s to skip, q to quit. Each answer is
recorded with method "consensus", who settled it (--reviewer) and when.

--list prints what is still to settle; --study S --code C --value V settles
one item without the loop.

Exit codes: 0 done; 1 error; 2 usage (no reviewer).`,
		Example: `  oversikt reconcile --reviewer cecilie
  oversikt reconcile --list
  oversikt reconcile --reviewer cecilie --study 12 --code design --value cba --note "control units, not randomised"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runReconcile(cmd.Context(), app, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.study, "study", "", "the study to settle (with --code and --value)")
	f.StringVar(&o.code, "code", "", "the code to settle")
	f.StringVar(&o.value, "value", "", `the agreed value ("none": not present)`)
	f.StringVar(&o.note, "note", "", "why, in a few words")
	f.BoolVar(&o.list, "list", false, "only list what is still to settle")
	return cmd
}

func runReconcile(ctx context.Context, app *App, o reconcileOptions) error {
	db, err := app.openDB(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if o.list {
		return listUnsettled(ctx, app, db)
	}
	resolver, err := app.requireReviewer()
	if err != nil {
		return err
	}
	if o.study != "" || o.code != "" {
		if o.study == "" || o.code == "" || o.value == "" {
			return usagef(`oversikt reconcile --study S --code C --value V (V "none": not present)`, "--study, --code and --value go together")
		}
		id, err := coding.FindStudy(ctx, db, o.study)
		if err != nil {
			return err
		}
		f, err := coding.Resolve(ctx, db, id, o.code, o.value, resolver, o.note)
		if err != nil {
			return err
		}
		if app.JSON {
			return app.printJSON(f)
		}
		fmt.Fprintf(app.Err, "Study %d: %s settled as %s by %s.\n", f.StudyID, f.Code, orNotPresent(f.Value), resolver)
		return nil
	}
	auto, err := coding.AutoAgree(ctx, db, resolver)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Err, "%d values both reviewers gave alike recorded as final (method agreement).\n", len(auto))
	return reconcileLoop(ctx, app, db, resolver)
}

func orNotPresent(v string) string {
	if v == "" {
		return "not present"
	}
	return v
}

func unsettled(ctx context.Context, db *data.DB) ([]coding.Item, error) {
	items, err := coding.Items(ctx, db)
	if err != nil {
		return nil, err
	}
	var open []coding.Item
	for _, it := range items {
		if !it.Settled() {
			open = append(open, it)
		}
	}
	return open, nil
}

func listUnsettled(ctx context.Context, app *App, db *data.DB) error {
	open, err := unsettled(ctx, db)
	if err != nil {
		return err
	}
	if app.JSON {
		if open == nil {
			open = []coding.Item{}
		}
		return app.printJSON(map[string]any{"unsettled": open})
	}
	for _, it := range open {
		fmt.Fprintf(app.Out, "%d\t%s\t%s=%s\t%s=%s\n", it.StudyID, it.Code, it.A.Reviewer, orNotPresent(it.A.Value), it.B.Reviewer, orNotPresent(it.B.Value))
	}
	fmt.Fprintf(app.Err, "%d differences to settle.\n", len(open))
	return nil
}

func reconcileLoop(ctx context.Context, app *App, db *data.DB, resolver string) error {
	open, err := unsettled(ctx, db)
	if err != nil {
		return err
	}
	b, err := coding.InForce(ctx, db)
	if err != nil {
		return err
	}
	in := bufio.NewScanner(app.In)
	settled := 0
	for i, it := range open {
		rec, _ := db.StudyRecord(ctx, it.StudyID)
		label := it.Code
		if c, ok := b.Code(it.Code); ok {
			label = fmt.Sprintf("%s (%s)", it.Code, c.Labels.EN)
		}
		fmt.Fprintf(app.Out, "\n[%d/%d] Study %d: %s\n%s\n", i+1, len(open), it.StudyID, coding.Cite(rec), label)
		for _, s := range []struct {
			key  string
			side coding.Side
		}{{"a", it.A}, {"b", it.B}} {
			fmt.Fprintf(app.Out, "  %s) %-12s %s", s.key, s.side.Reviewer, orNotPresent(s.side.Value))
			if s.side.Quote != "" {
				fmt.Fprintf(app.Out, "  “%s”", s.side.Quote)
			}
			if s.side.Location != "" {
				fmt.Fprintf(app.Out, " (%s)", s.side.Location)
			}
			if s.side.Note != "" {
				fmt.Fprintf(app.Out, "  note: %s", s.side.Note)
			}
			fmt.Fprintln(app.Out)
		}
		for {
			fmt.Fprint(app.Out, "a, b, the agreed value, none, s(kip) or q: ")
			if !in.Scan() {
				fmt.Fprintln(app.Out)
				fmt.Fprintf(app.Err, "%d settled.\n", settled)
				return nil
			}
			ans := strings.TrimSpace(in.Text())
			value := ans
			switch strings.ToLower(ans) {
			case "":
				continue
			case "q", "quit":
				fmt.Fprintf(app.Err, "%d settled.\n", settled)
				return nil
			case "s", "skip":
			case "a":
				value = it.A.Value
			case "b":
				value = it.B.Value
			}
			if strings.EqualFold(ans, "s") || strings.EqualFold(ans, "skip") {
				break
			}
			if value == "" {
				value = "none"
			}
			if _, err := coding.Resolve(ctx, db, it.StudyID, it.Code, value, resolver, ""); err != nil {
				fmt.Fprintf(app.Err, "error: %v\n", err)
				continue
			}
			settled++
			break
		}
	}
	fmt.Fprintf(app.Err, "%d settled; nothing left to reconcile.\n", settled)
	return nil
}
