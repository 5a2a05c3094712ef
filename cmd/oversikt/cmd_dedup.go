package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest/dedup"
)

func init() {
	register(newDedupCmd)
	registerExport(newExportDuplicatesCmd)
}

func newDedupCmd(app *App) *cobra.Command {
	var review, all bool
	cmd := &cobra.Command{
		Use:   "dedup",
		Short: "Link records that report the same study",
		Long: `Cluster the review's records into studies. Records sharing a DOI or PMID are
merged when their titles agree (an erratum or a supplement's shared DOI is
not); other candidates, found by blocking keys (title start and end, year
with first author, journal with volume and page), are compared on folded
title, authors, year, journal, volume and pages. Certain pairs are merged,
uncertain ones are queued for review, the rest stay apart. Records are
never deleted: a study keeps all its records and names the most complete one
as its representative. Every merge is stored with its method (doi, pmid,
fuzzy, manual), score and the fields that agreed (see export duplicates).

A re-run compares only records imported since the last run (--all compares
everything again); earlier merges and reviewers' decisions are kept.

--review walks the uncertain pairs side by side and asks: s (same study),
d (different), k (skip), q (quit). It reads one answer per line, so answers
can be piped in. Decisions are stored under --reviewer and every later run
respects them.

--json prints {"records":N,"studies":N,"merged":N,"uncertain":N}.

Exit codes: 0 done; 1 error; 2 usage (e.g. --review without a reviewer).`,
		Example: `  oversikt dedup
  oversikt dedup --json
  oversikt dedup --review --reviewer anna
  printf 's\nd\nq\n' | oversikt dedup --review --reviewer anna
  oversikt dedup split 1234`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var reviewer string
			if review {
				var err error
				if reviewer, err = app.requireReviewer(); err != nil {
					return err
				}
			}
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			if review {
				return reviewPairs(ctx, app, db, reviewer)
			}
			sum, err := dedup.Run(ctx, db, dedup.Options{All: all})
			if err != nil {
				return err
			}
			app.refreshIndex(ctx, db)
			if app.JSON {
				return app.printJSON(sum.DedupCounts)
			}
			fmt.Fprintf(app.Out, "%d records in %d studies: %d merged (%d by this run), %d uncertain pairs to review.\n",
				sum.Records, sum.Studies, sum.Merged, sum.NewMerges, sum.Uncertain)
			if sum.Uncertain > 0 {
				fmt.Fprintln(app.Err, "Review them: oversikt dedup --review --reviewer NAME")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&review, "review", false, "decide the uncertain pairs, one by one")
	cmd.Flags().BoolVar(&all, "all", false, "compare every record again, not only those imported since the last run")
	cmd.AddCommand(newDedupSplitCmd(app))
	return cmd
}

func newDedupSplitCmd(app *App) *cobra.Command {
	var merge int64
	cmd := &cobra.Command{
		Use:   "split [RECORD]",
		Short: "Undo a merge: take a record out of its study",
		Long: `Take a record (or the record of merge --merge ID, see export duplicates) out
of its study into a study of its own. The study it leaves keeps its id and
every screening decision, resolution and full text; the split record starts
with none. The record is stored as different from each record left behind,
so later dedup runs do not merge it back.

Exit codes: 0 done; 1 error (e.g. the record is alone in its study); 2 usage.`,
		Example: `  oversikt dedup split 1234
  oversikt dedup split --merge 17 --reviewer anna`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if (len(args) == 1) == (merge != 0) {
				return usagef("oversikt dedup split RECORD, or oversikt dedup split --merge ID", "give a record id or --merge, not both or neither")
			}
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			var record int64
			if merge != 0 {
				m, err := db.MergeByID(ctx, merge)
				if err != nil {
					return err
				}
				record = m.RecordID
			} else if record, err = strconv.ParseInt(args[0], 10, 64); err != nil || record <= 0 {
				return usagef("oversikt export records (record_id column)", "%q is not a record id", args[0])
			}
			by := app.Reviewer
			if by == "" {
				by = "split"
			}
			study, err := db.SplitRecord(ctx, record, by)
			if err != nil {
				return err
			}
			if app.JSON {
				return app.printJSON(map[string]int64{"record": record, "study": study})
			}
			fmt.Fprintf(app.Out, "Record %d is now study %d.\n", record, study)
			return nil
		},
	}
	cmd.Flags().Int64Var(&merge, "merge", 0, "split the record of this merge id")
	return cmd
}

// reviewPairs asks about each pending uncertain pair and stores the
// answers.
func reviewPairs(ctx context.Context, app *App, db *data.DB, reviewer string) error {
	pairs, err := db.PendingPairs(ctx)
	if err != nil {
		return err
	}
	in := bufio.NewReader(app.In)
	width := 80
	if f, ok := app.Out.(interface{ Fd() uintptr }); ok && isTerminal(app.Out) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 40 {
			width = w
		}
	}
	var same, different, skipped int
loop:
	for n, p := range pairs {
		a, err := db.RecordByID(ctx, p.A)
		if err != nil {
			return err
		}
		b, err := db.RecordByID(ctx, p.B)
		if err != nil {
			return err
		}
		if a.StudyID == b.StudyID {
			continue // merged meanwhile
		}
		fmt.Fprintf(app.Out, "\nPair %d of %d (score %.2f, agreeing: %s)\n", n+1, len(pairs), p.Score, strings.Join(p.Fields, ", "))
		writeSideBySide(app.Out, &a, &b, width)
		for {
			fmt.Fprint(app.Err, "Same study? [s]ame, [d]ifferent, s[k]ip, [q]uit: ")
			line, err := in.ReadString('\n')
			answer := strings.ToLower(strings.TrimSpace(line))
			if answer == "" && err != nil {
				if errors.Is(err, io.EOF) {
					fmt.Fprintln(app.Err)
					break loop
				}
				return err
			}
			switch answer {
			case "s", "same":
				if _, err := db.DecidePair(ctx, p.A, p.B, data.PairSame, reviewer); err != nil {
					return err
				}
				same++
			case "d", "different":
				if _, err := db.DecidePair(ctx, p.A, p.B, data.PairDifferent, reviewer); err != nil {
					return err
				}
				different++
			case "k", "skip":
				skipped++
			case "q", "quit":
				break loop
			default:
				fmt.Fprintf(app.Err, "%q: answer s, d, k or q\n", answer)
				continue
			}
			break
		}
	}
	counts, err := db.DedupCounts(ctx)
	if err != nil {
		return err
	}
	if app.JSON {
		return app.printJSON(struct {
			data.DedupCounts
			Same      int `json:"same"`
			Different int `json:"different"`
			Skipped   int `json:"skipped"`
		}{counts, same, different, skipped})
	}
	fmt.Fprintf(app.Out, "\n%d same, %d different, %d skipped; %d uncertain pairs left.\n", same, different, skipped, counts.Uncertain)
	return nil
}

// writeSideBySide prints two records' fields aligned in two columns.
func writeSideBySide(w io.Writer, a, b *data.Record, width int) {
	col := (width - 12) / 2
	year := func(y int) string {
		if y == 0 {
			return ""
		}
		return strconv.Itoa(y)
	}
	authors := func(as []string) string {
		if len(as) > 4 {
			return strings.Join(as[:4], "; ") + fmt.Sprintf("; … (%d)", len(as))
		}
		return strings.Join(as, "; ")
	}
	rows := []struct{ name, a, b string }{
		{"record", fmt.Sprintf("%d (study %d)", a.ID, a.StudyID), fmt.Sprintf("%d (study %d)", b.ID, b.StudyID)},
		{"title", a.Title, b.Title},
		{"authors", authors(a.Authors), authors(b.Authors)},
		{"year", year(a.Year), year(b.Year)},
		{"journal", a.Journal, b.Journal},
		{"volume", a.Volume, b.Volume},
		{"issue", a.Issue, b.Issue},
		{"pages", a.Pages, b.Pages},
		{"doi", a.DOI, b.DOI},
		{"pmid", a.PMID, b.PMID},
		{"type", a.Type, b.Type},
	}
	for _, r := range rows {
		if r.a == "" && r.b == "" {
			continue
		}
		mark := " "
		if r.name != "record" && !strings.EqualFold(r.a, r.b) {
			mark = "≠"
		}
		la, lb := wrap(r.a, col), wrap(r.b, col)
		for i := 0; i < max(len(la), len(lb)); i++ {
			name := ""
			if i == 0 {
				name = r.name
			}
			var x, y string
			if i < len(la) {
				x = la[i]
			}
			if i < len(lb) {
				y = lb[i]
			}
			if i > 0 {
				mark = " "
			}
			fmt.Fprintf(w, "%-8s %s %-*s │ %s\n", name, mark, col, x, y)
		}
	}
}

// wrap breaks s into lines of at most width runes, at spaces where it can.
func wrap(s string, width int) []string {
	if width < 10 {
		width = 10
	}
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(s) {
		rw := []rune(word)
		for len(rw) > width {
			if len(cur) > 0 {
				lines, cur = append(lines, string(cur)), nil
			}
			lines, rw = append(lines, string(rw[:width])), rw[width:]
		}
		switch {
		case len(cur) == 0:
			cur = rw
		case len(cur)+1+len(rw) <= width:
			cur = append(append(cur, ' '), rw...)
		default:
			lines, cur = append(lines, string(cur)), rw
		}
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// duplicateRow is one line of `export duplicates`.
type duplicateRow struct {
	MergeID   int64   `csv:"merge_id"`
	StudyID   int64   `csv:"study_id"`
	RecordID  int64   `csv:"record_id"`
	MatchedID int64   `csv:"matched_id"`
	Method    string  `csv:"method"`
	Score     float64 `csv:"score"`
	Fields    string  `csv:"fields"`
	DecidedBy string  `csv:"decided_by"`
	MergedAt  string  `csv:"merged_at"`
	UndoneAt  string  `csv:"undone_at"`
}

func newExportDuplicatesCmd(app *App) *cobra.Command {
	var o tableOptions
	var undone bool
	cmd := &cobra.Command{
		Use:   "duplicates",
		Short: "Every merge of deduplication: which record joined which study, how and why",
		Long: `Write one row per merge: the merge id (for dedup split --merge), the study,
the record that joined it and the record it matched, the method (doi, pmid,
fuzzy, manual), the score, the fields that agreed (separated by |) and who
decided (oversikt, or the reviewer). Undone merges are left out unless
--undone is given, which adds them with their undone_at time.`,
		Example: `  oversikt export duplicates > duplicates.csv
  oversikt export duplicates --undone --excel --out merges.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := app.openDB(ctx, false)
			if err != nil {
				return err
			}
			defer db.Close()
			rows := []duplicateRow{}
			err = db.Merges(ctx, func(m data.Merge) error {
				if !m.UndoneAt.IsZero() && !undone {
					return nil
				}
				row := duplicateRow{MergeID: m.ID, StudyID: m.StudyID, RecordID: m.RecordID, MatchedID: m.MatchedID, Method: m.Method,
					Score: m.Score, Fields: strings.Join(m.Fields, "|"), DecidedBy: m.DecidedBy, MergedAt: m.MergedAt.Format("2006-01-02T15:04:05Z")}
				if !m.UndoneAt.IsZero() {
					row.UndoneAt = m.UndoneAt.Format("2006-01-02T15:04:05Z")
				}
				rows = append(rows, row)
				return nil
			})
			if err != nil {
				return err
			}
			return app.writeCSV(o, rows)
		},
	}
	o.register(cmd.Flags())
	cmd.Flags().BoolVar(&undone, "undone", false, "include undone merges")
	return cmd
}
