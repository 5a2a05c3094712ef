package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/coding"
	"github.com/oversikt/oversikt/synthesis"
)

func init() { register(newCertaintyCmd) }

func newCertaintyCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "certainty",
		Short: "Rate how certain the evidence is: GRADE per outcome, CERQual per factor or barrier",
		Long: `Record and show how much the evidence can be trusted. An outcome (patient,
process, organisational, experience, sustainability, cost — the
codebook's outcome codes) is rated with GRADE: it starts high when every
contributing study is randomised and low otherwise (or where --start
says), loses a level for each serious and two for each very serious
concern, and gains for a large effect, a dose–response gradient and
plausible confounding. A finding on a success factor or barrier (a fac_ or
bar_ code) is rated CERQual-style from concerns about methodological
limitations, coherence, adequacy of data and relevance.`,
		Example: `  oversikt certainty set --outcome process --risk-of-bias serious --imprecision serious
  oversikt certainty set --finding fac_leader_anchor --adequacy moderate
  oversikt certainty show`,
	}
	cmd.AddCommand(newCertaintySetCmd(app), newCertaintyShowCmd(app))
	return cmd
}

// certaintyFlags are the ratings `certainty set` takes; only the flags a
// user gives change the assessment in force.
type certaintyFlags struct {
	outcome, finding, note                      string
	start                                       string
	rob, inconsistency, indirectness            string
	imprecision, publicationBias                string
	largeEffect, veryLargeEffect                bool
	doseResponse, confounding                   bool
	limitations, coherence, adequacy, relevance string
}

func (o *certaintyFlags) register(f *pflag.FlagSet) {
	f.StringVar(&o.outcome, "outcome", "", "outcome to rate with GRADE: patient|process|organisational|experience|sustainability|cost (or its code)")
	f.StringVar(&o.finding, "finding", "", "factor or barrier code to rate CERQual-style, e.g. fac_leader_anchor")
	f.StringVar(&o.start, "start", "", "GRADE start level: high|low|auto (auto: high when every study is randomised)")
	for _, d := range []struct {
		p    *string
		name string
	}{{&o.rob, "risk-of-bias"}, {&o.inconsistency, "inconsistency"}, {&o.indirectness, "indirectness"},
		{&o.imprecision, "imprecision"}, {&o.publicationBias, "publication-bias"}} {
		f.StringVar(d.p, d.name, "", "GRADE concern: none|serious|very-serious")
	}
	f.BoolVar(&o.largeEffect, "large-effect", false, "GRADE: upgrade one level for a large effect")
	f.BoolVar(&o.veryLargeEffect, "very-large-effect", false, "GRADE: upgrade two levels for a very large effect")
	f.BoolVar(&o.doseResponse, "dose-response", false, "GRADE: upgrade for a dose–response gradient")
	f.BoolVar(&o.confounding, "confounding", false, "GRADE: upgrade because plausible confounding would reduce the effect shown")
	for _, d := range []struct {
		p    *string
		name string
	}{{&o.limitations, "limitations"}, {&o.coherence, "coherence"}, {&o.adequacy, "adequacy"}, {&o.relevance, "relevance"}} {
		f.StringVar(d.p, d.name, "", "CERQual concerns: no|minor|moderate|serious")
	}
	f.StringVar(&o.note, "note", "", "why the evidence was rated so")
}

var gradeFlags = []string{"start", "risk-of-bias", "inconsistency", "indirectness", "imprecision", "publication-bias",
	"large-effect", "very-large-effect", "dose-response", "confounding"}

var cerqualFlags = []string{"limitations", "coherence", "adequacy", "relevance"}

// apply changes c by the flags the user gave.
func (o *certaintyFlags) apply(f *pflag.FlagSet, c *data.Certainty) {
	set := func(name string, dst *string, v string) {
		if f.Changed(name) {
			if v == "none" || v == "auto" {
				v = ""
			}
			*dst = v
		}
	}
	set("start", &c.Start, o.start)
	set("risk-of-bias", &c.RiskOfBias, o.rob)
	set("inconsistency", &c.Inconsistency, o.inconsistency)
	set("indirectness", &c.Indirectness, o.indirectness)
	set("imprecision", &c.Imprecision, o.imprecision)
	set("publication-bias", &c.PublicationBias, o.publicationBias)
	set("limitations", &c.Limitations, o.limitations)
	set("coherence", &c.Coherence, o.coherence)
	set("adequacy", &c.Adequacy, o.adequacy)
	set("relevance", &c.Relevance, o.relevance)
	if f.Changed("large-effect") {
		c.LargeEffect = map[bool]int{true: 1}[o.largeEffect]
	}
	if f.Changed("very-large-effect") {
		c.LargeEffect = map[bool]int{true: 2}[o.veryLargeEffect]
	}
	if f.Changed("dose-response") {
		c.DoseResponse = o.doseResponse
	}
	if f.Changed("confounding") {
		c.Confounding = o.confounding
	}
	if f.Changed("note") {
		c.Note = o.note
	}
}

func newCertaintySetCmd(app *App) *cobra.Command {
	var o certaintyFlags
	cmd := &cobra.Command{
		Use:   "set (--outcome OUTCOME | --finding CODE) [ratings]",
		Short: "Record the certainty of an outcome (GRADE) or a finding (CERQual)",
		Long: `Record a reviewer's rating of one outcome or one factor/barrier finding. Only
the ratings given change: the rest of the assessment in force is kept, and
the whole new assessment is appended (the history is never rewritten).
Give none (GRADE) or no (CERQual) to take a concern back, --start auto to
let the designs decide, --large-effect=false to drop an upgrade. It prints
the resulting level (--json: the rating as JSON).

Exit codes: 0 recorded; 1 error; 2 usage (unknown outcome or rating, GRADE
flags on a finding or CERQual flags on an outcome, no reviewer).`,
		Example: `  oversikt certainty set --outcome patient --risk-of-bias serious --inconsistency serious
  oversikt certainty set --outcome process --start high --note "two cluster RCTs"
  oversikt certainty set --finding fac_leader_anchor --limitations minor --adequacy moderate`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			reviewer, err := app.requireReviewer()
			if err != nil {
				return err
			}
			typed, want := o.outcome, data.CertaintyOutcome
			if (o.outcome == "") == (o.finding == "") {
				return usagef("--outcome patient, or --finding fac_leader_anchor", "give one of --outcome and --finding")
			}
			if o.finding != "" {
				typed, want = o.finding, data.CertaintyFinding
			}
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			book, err := coding.InForce(ctx, db)
			if err != nil {
				return err
			}
			kind, slug, err := synthesis.Subject(book.Codebook, typed)
			if err != nil {
				return usagef("oversikt codebook show", "%v", err)
			}
			if kind != want {
				return usagef("--outcome for outcome codes, --finding for fac_ and bar_ codes", "%s is a %s, not a%s", slug, kind, map[string]string{data.CertaintyOutcome: "n outcome", data.CertaintyFinding: " finding"}[want])
			}
			wrong := cerqualFlags
			if kind == data.CertaintyFinding {
				wrong = gradeFlags
			}
			for _, name := range wrong {
				if cmd.Flags().Changed(name) {
					return usagef("oversikt certainty set --help", "--%s does not apply to a %s", name, kind)
				}
			}
			current, err := synthesis.Assessments(ctx, db)
			if err != nil {
				return err
			}
			c := current[slug]
			c.ID, c.Kind, c.Subject, c.RatedBy = 0, kind, slug, reviewer
			o.apply(cmd.Flags(), &c)
			r, err := rate(ctx, db, c)
			if err != nil {
				return usagef("oversikt certainty set --help", "%v", err)
			}
			if err := db.AddCertainty(ctx, &c); err != nil {
				return err
			}
			r.Certainty = c
			if app.JSON {
				return app.printJSON(r)
			}
			fmt.Fprintf(app.Out, "%s: %s %s%s\n", slug, r.Level.Symbols(), r.Level, reasonsSuffix(r))
			return nil
		},
	}
	o.register(cmd.Flags())
	return cmd
}

// rate computes the level of c, with the designs behind an outcome.
func rate(ctx context.Context, db *data.DB, c data.Certainty) (synthesis.Rating, error) {
	if c.Kind == data.CertaintyFinding {
		return synthesis.CERQual(c)
	}
	var designs []string
	if c.Start == "" {
		all, err := synthesis.OutcomeDesigns(ctx, db)
		if err != nil {
			return synthesis.Rating{}, err
		}
		designs = all[c.Subject]
	}
	return synthesis.GRADE(c, designs)
}

func reasonsSuffix(r synthesis.Rating) string {
	if len(r.Reasons) == 0 {
		return ""
	}
	return " (" + strings.Join(r.Reasons, "; ") + ")"
}

// certaintyRow is one line of `certainty show --json`.
type certaintyRow struct {
	synthesis.Rating
	Symbols string `json:"symbols"`
	Label   string `json:"label"`
}

func newCertaintyShowCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "List the certainty ratings in force",
		Long: `List every rated outcome and finding with its level (GRADE symbols ⊕⊕⊕◯),
where it started, what moved it, who rated it and the note. Outcomes that
start from their designs use the designs coded for the included studies
that measured them.

Exit codes: 0 listed; 1 error.`,
		Example: `  oversikt certainty show
  oversikt certainty show --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return app.withDB(ctx, func(db *data.DB) error {
				book, err := coding.InForce(ctx, db)
				if err != nil {
					return err
				}
				ratings, err := synthesis.Ratings(ctx, db)
				if err != nil {
					return err
				}
				slugs := make([]string, 0, len(ratings))
				for s := range ratings {
					slugs = append(slugs, s)
				}
				sort.Strings(slugs)
				rows := make([]certaintyRow, 0, len(slugs))
				for _, s := range slugs {
					r := ratings[s]
					row := certaintyRow{Rating: r, Symbols: r.Level.Symbols(), Label: s}
					if c, ok := book.Code(s); ok {
						row.Label = c.Labels.In("en")
					}
					rows = append(rows, row)
				}
				if app.JSON {
					return app.printJSON(rows)
				}
				if len(rows) == 0 {
					fmt.Fprintln(app.Out, "No certainty ratings yet. Try: oversikt certainty set --outcome patient --risk-of-bias serious")
					return nil
				}
				tw := tabwriter.NewWriter(app.Out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "SUBJECT\tKIND\tLEVEL\t\tFROM\tRATED BY\tWHY")
				for _, r := range rows {
					why := strings.Join(r.Reasons, "; ")
					if r.Note != "" {
						why = strings.TrimPrefix(why+"; ", "; ") + "note: " + r.Note
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Subject, r.Kind, r.Symbols, r.Level, r.From, r.RatedBy, why)
				}
				return tw.Flush()
			})
		},
	}
}
