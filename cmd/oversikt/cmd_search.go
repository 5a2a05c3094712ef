package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/oversikt/oversikt/index"
)

func init() { register(newSearchCmd) }

type searchOptions struct {
	limit, offset int
	status        []string
}

func newSearchCmd(app *App) *cobra.Command {
	var o searchOptions
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY...",
		Short: "Search the review's studies (full text, English and Norwegian)",
		Long: `Search the titles, abstracts, authors, keywords and identifiers of the
review's studies and print the best matches with their score and the
matching passages marked.

QUERY is bleve query-string syntax (the words of several arguments are
joined with spaces):
  learning network          studies with either word, best first
  +learning +network        studies with both words
  "learning network"        the phrase (also its inflections)
  -children                 without the word
  title:leadership          in one field: title (ti), abstract (ab),
                            author (au), keyword (kw), journal (jo), source,
                            doi, pmid, year (py), lang, ta_status, ft_status
  year:>=2010 year:<2020    a range of years
  colaborative~1            one edit away (fuzzy)
  collaborat*               any ending (prefix); /regexp/ also works
  leder^2 ledelse           boost a term
Words match inflections in English and Norwegian (ledelse finds ledelsen);
compounds are not split (læringsnettverk is not found by nettverk: use
*nettverk*). "*" alone matches every study (with --status).

The index lives beside the database (DB.index/) and is built or updated
first when needed; when another process is updating it the search runs on
the index as it is and says so on stderr. Screening status comes from
resolutions only: another reviewer's decisions are never shown.

Exit codes: 0 success (also when nothing matched); 1 error; 2 usage (bad
query or flag).`,
		Example: `  oversikt search 'læringsnettverk kvalitetsforbedring'
  oversikt search '+title:"learning collaborative" year:>=2010' --limit 20
  oversikt search '*' --status unscreened --json | jq '.hits[].study_id'
  oversikt search 'author:nolan -protocol' --status ta-included`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runSearch(cmd, app, o, strings.Join(args, " ")) },
	}
	f := cmd.Flags()
	f.IntVarP(&o.limit, "limit", "n", 10, "how many hits to show")
	f.IntVar(&o.offset, "offset", 0, "skip this many hits first (paging)")
	f.StringSliceVar(&o.status, "status", nil, "only studies in this screening state: "+strings.Join(index.StatusFilters(), "|")+" (repeatable)")
	return cmd
}

func runSearch(cmd *cobra.Command, app *App, o searchOptions, q string) error {
	ctx := cmd.Context()
	if o.limit < 1 || o.offset < 0 {
		return usagef("--limit 10 --offset 0", "--limit must be at least 1 and --offset not negative")
	}
	db, err := app.openDB(ctx, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ix, err := index.Open(ctx, db, index.Options{Log: app.Err})
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Search(ctx, index.Request{Query: q, Status: o.status, Limit: o.limit, Offset: o.offset})
	if errors.Is(err, index.ErrQuery) {
		return usagef(`oversikt search --help (e.g. oversikt search 'title:"learning network" year:>=2010')`, "%s", err)
	}
	if err != nil {
		return err
	}
	if app.JSON {
		return app.printJSON(searchJSON(res))
	}
	printHits(app, res, q, o.offset)
	return nil
}

type searchHitJSON struct {
	StudyID   int64    `json:"study_id"`
	Title     string   `json:"title"`
	Year      int      `json:"year"`
	Score     float64  `json:"score"`
	TAStatus  string   `json:"ta_status"`
	FTStatus  string   `json:"ft_status"`
	Fragments []string `json:"fragments"`
}

// searchJSON is the --json document: fragments as text with [[marks]].
func searchJSON(res *index.Result) any {
	hits := make([]searchHitJSON, 0, len(res.Hits))
	for _, h := range res.Hits {
		j := searchHitJSON{StudyID: h.StudyID, Title: h.Title, Year: h.Year, Score: h.Score,
			TAStatus: h.TAStatus, FTStatus: h.FTStatus, Fragments: []string{}}
		for _, f := range h.Fragments {
			j.Fragments = append(j.Fragments, f.Render(index.Brackets))
		}
		hits = append(hits, j)
	}
	return struct {
		Total uint64          `json:"total"`
		Hits  []searchHitJSON `json:"hits"`
	}{res.Total, hits}
}

// markStyle returns how marks are shown on w: bold yellow on a terminal
// (unless NO_COLOR is set), [[brackets]] otherwise.
func markStyle(w any) func(kind, s string) string {
	if !isTerminal(w) || os.Getenv("NO_COLOR") != "" {
		return index.Brackets
	}
	return func(kind, s string) string {
		switch kind {
		case index.MarkExclude:
			return "\033[1;31m" + s + "\033[0m"
		case index.MarkInclude:
			return "\033[1;32m" + s + "\033[0m"
		}
		return "\033[1;33m" + s + "\033[0m"
	}
}

func printHits(app *App, res *index.Result, q string, offset int) {
	style := markStyle(app.Out)
	if len(res.Hits) == 0 {
		fmt.Fprintf(app.Err, "No study matches %q (%d matched in all).\n", q, res.Total)
		return
	}
	fmt.Fprintf(app.Out, "%d studies match; showing %d–%d.\n", res.Total, offset+1, offset+len(res.Hits))
	for _, h := range res.Hits {
		year := "    "
		if h.Year != 0 {
			year = fmt.Sprint(h.Year)
		}
		fmt.Fprintf(app.Out, "\nstudy %d  %s  score %.3f  ta:%s ft:%s\n", h.StudyID, year, h.Score, h.TAStatus, h.FTStatus)
		title := h.Title
		frags := h.Fragments
		if len(frags) > 0 && frags[0].Field == "title" {
			title, frags = frags[0].Render(style), frags[1:]
		}
		fmt.Fprintf(app.Out, "  %s\n", title)
		for _, f := range frags {
			fmt.Fprintf(app.Out, "    %s\n", f.Render(style))
		}
	}
}
