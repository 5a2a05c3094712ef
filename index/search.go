package index

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Request is one search.
type Request struct {
	// Query is in bleve's query-string syntax: words, "phrases", +must,
	// -mustnot, field:value (see QueryFields), year:>=2010, fuzzy~1,
	// prefix*, /regexp/. Empty or "*" matches every study.
	Query string
	// Status keeps only studies in every one of these screening states
	// (see ParseStatus): "unscreened", "ta-included", "ft-excluded" …
	Status []string
	Limit  int // 0 means 10
	Offset int
}

// Result is one page of hits, best first, and how many studies matched.
type Result struct {
	Total uint64        `json:"total"`
	Hits  []Hit         `json:"hits"`
	Took  time.Duration `json:"-"`
}

// Hit is one matching study. Status comes from resolutions only (blind):
// it never shows a reviewer's decision.
type Hit struct {
	StudyID   int64      `json:"study_id"`
	Title     string     `json:"title"`
	Year      int        `json:"year,omitempty"`
	Score     float64    `json:"score"`
	TAStatus  string     `json:"ta_status"`
	FTStatus  string     `json:"ft_status"`
	Fragments []Fragment `json:"fragments"`
}

// stages and statuses a filter may name.
var (
	filterStages   = map[string]string{"ta": fTAStatus, "ft": fFTStatus}
	filterStatuses = []string{StatusUnscreened, StatusScreening, StatusIncluded, StatusExcluded}
)

// StatusFilters lists the values ParseStatus accepts.
func StatusFilters() []string {
	out := []string{StatusUnscreened}
	for _, stage := range []string{"ta", "ft"} {
		for _, s := range filterStatuses {
			out = append(out, stage+"-"+s)
		}
	}
	return out
}

// ParseStatus turns a status filter into a query: "unscreened" (nobody
// has decided at title/abstract), or STAGE-STATUS with STAGE ta or ft and
// STATUS unscreened, screening (decided by someone, not resolved),
// included or excluded (resolved). It wraps ErrQuery for anything else.
func ParseStatus(s string) (query.Query, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == StatusUnscreened {
		s = "ta-" + s
	}
	stage, status, _ := strings.Cut(s, "-")
	field, ok := filterStages[stage]
	if ok && containsString(filterStatuses, status) {
		q := bleve.NewTermQuery(status)
		q.SetField(field)
		return q, nil
	}
	return nil, fmt.Errorf("%w: status %q; use one of %s", ErrQuery, s, strings.Join(StatusFilters(), ", "))
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// build makes the bleve query of a request.
func (req Request) build() (query.Query, error) {
	q, err := parseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	if len(req.Status) == 0 {
		return q, nil
	}
	parts := []query.Query{q}
	for _, s := range req.Status {
		f, err := ParseStatus(s)
		if err != nil {
			return nil, err
		}
		parts = append(parts, f)
	}
	return bleve.NewConjunctionQuery(parts...), nil
}

// Search runs req. Errors in the query wrap ErrQuery.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	q, err := req.build()
	if err != nil {
		return nil, err
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 10
	}
	sr := bleve.NewSearchRequestOptions(q, limit, req.Offset, false)
	sr.Fields = []string{fTAStatus, fFTStatus}
	res, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	if len(res.Hits) == 0 {
		out.Took = time.Since(start)
		return out, nil
	}
	locations, err := ix.locations(ctx, q, res.Hits)
	if err != nil {
		return nil, err
	}
	texts, err := ix.texts(ctx, res.Hits)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		id, _ := strconv.ParseInt(h.ID, 10, 64)
		t := texts[id]
		hit := Hit{StudyID: id, Title: t.title, Year: t.year, Score: h.Score,
			TAStatus: fieldString(h.Fields[fTAStatus]), FTStatus: fieldString(h.Fields[fFTStatus]), Fragments: []Fragment{}}
		loc := locations[h.ID]
		if marks := joinAdjacent(t.title, fieldMarks(loc, fTitle, fTitleEN, fTitleNO)); len(marks) > 0 {
			hit.Fragments = append(hit.Fragments, Fragment{Field: fTitle, Text: t.title, Marks: marks})
		}
		hit.Fragments = append(hit.Fragments, fragments(fAbstract, t.abstract, joinAdjacent(t.abstract, fieldMarks(loc, fAbstract, fAbstractEN, fAbstractNO)), 2)...)
		out.Hits = append(out.Hits, hit)
	}
	out.Took = time.Since(start)
	return out, nil
}

// IDs returns every study matching req, best first, ignoring Limit and
// Offset: what the screening loop shows for "screen --query".
func (ix *Index) IDs(ctx context.Context, req Request) ([]int64, error) {
	q, err := req.build()
	if err != nil {
		return nil, err
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(q, int(max(n, 1)), 0, false)
	res, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	ids := make([]int64, 0, len(res.Hits))
	for _, h := range res.Hits {
		id, _ := strconv.ParseInt(h.ID, 10, 64)
		ids = append(ids, id)
	}
	return ids, nil
}

// locations runs q again over the page's hits only, asking where the terms
// matched (cheaper than asking for every match of a broad query).
func (ix *Index) locations(ctx context.Context, q query.Query, hits search.DocumentMatchCollection) (map[string]search.FieldTermLocationMap, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	sr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
	sr.IncludeLocations = true
	res, err := ix.bi.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make(map[string]search.FieldTermLocationMap, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Locations
	}
	return out, nil
}

type studyText struct {
	title, abstract string
	year            int
}

// texts reads the hits' titles and abstracts from the database (the index
// stores no text).
func (ix *Index) texts(ctx context.Context, hits search.DocumentMatchCollection) (map[int64]studyText, error) {
	ids := make([]int64, 0, len(hits))
	for _, h := range hits {
		id, _ := strconv.ParseInt(h.ID, 10, 64)
		ids = append(ids, id)
	}
	in, args := inList(ids)
	rows, err := ix.db.SQL().QueryContext(ctx, `SELECT s.id, r.title, r.abstract, r.year FROM study s JOIN record r ON r.id = s.rep_id
		WHERE s.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read hits: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]studyText, len(ids))
	for rows.Next() {
		var id int64
		var t studyText
		if err := rows.Scan(&id, &t.title, &t.abstract, &t.year); err != nil {
			return nil, err
		}
		out[id] = t
	}
	return out, rows.Err()
}

func fieldString(v any) string {
	s, _ := v.(string)
	return s
}

// fieldMarks merges the matched spans of one text's indexed copies.
func fieldMarks(loc search.FieldTermLocationMap, fields ...string) []Mark {
	var marks []Mark
	for _, f := range fields {
		for _, ls := range loc[f] {
			for _, l := range ls {
				marks = append(marks, Mark{Start: int(l.Start), End: int(l.End), Kind: MarkMatch})
			}
		}
	}
	return mergeMarks(marks)
}

// mergeMarks sorts marks and joins overlapping ones.
func mergeMarks(marks []Mark) []Mark {
	if len(marks) == 0 {
		return nil
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i].Start < marks[j].Start })
	out := marks[:1]
	for _, m := range marks[1:] {
		last := &out[len(out)-1]
		if m.Start < last.End {
			last.End = max(last.End, m.End)
			continue
		}
		out = append(out, m)
	}
	return out
}

// joinAdjacent joins marks of the same kind separated only by spaces, so
// a matched phrase is marked as one.
func joinAdjacent(text string, marks []Mark) []Mark {
	var out []Mark
	for _, m := range marks {
		if n := len(out); n > 0 && out[n-1].Kind == m.Kind && out[n-1].End <= m.Start && m.End <= len(text) &&
			strings.TrimSpace(text[out[n-1].End:m.Start]) == "" {
			out[n-1].End = m.End
			continue
		}
		out = append(out, m)
	}
	return out
}
