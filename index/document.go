package index

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/document"
)

// Screening status values in the ta_status and ft_status fields. Only
// resolutions decide included/excluded; "screening" means some reviewer
// has decided (it never says how), "unscreened" that nobody has.
const (
	StatusUnscreened = "unscreened"
	StatusScreening  = "screening"
	StatusIncluded   = "included"
	StatusExcluded   = "excluded"
)

// studyDoc is what the index holds of one study: its representative
// record's text, identifiers and source names of all its records, and its
// screening status per stage.
type studyDoc struct {
	id                 int64
	title, abstract    string
	authors, keywords  string
	journal, language  string
	year               int
	dois, pmids, srcs  []string
	taStatus, ftStatus string
}

// document returns the study as bleve indexes it (see newMapping), every
// field made by ta: bleve's mapping and analysers would give the same
// terms, positions and offsets (TestDocumentMatchesBleve), at about three
// times the cost.
func (d *studyDoc) document(key string, ta *textAnalyser) *document.Document {
	titleLang, abstractLang := languages(d.title, d.abstract, d.language)
	doc := document.NewDocument(key)
	title, titleStem := ta.analyse(d.title, fTitle, fTitle+"_"+titleLang, titleLang)
	abstract, abstractStem := ta.analyse(d.abstract, fAbstract, fAbstract+"_"+abstractLang, abstractLang)
	doc.AddField(title)
	doc.AddField(titleStem)
	doc.AddField(abstract)
	doc.AddField(abstractStem)
	for _, f := range []struct {
		name  string
		value string
	}{{fAuthors, d.authors}, {fKeywords, d.keywords}, {fJournal, d.journal}} {
		if f.value != "" {
			doc.AddField(ta.plainField(f.name, false, f.value))
		}
	}
	if len(d.srcs) > 0 {
		doc.AddField(ta.plainField(fSource, true, d.srcs...))
	}
	lang := abstractLang
	if d.abstract == "" {
		lang = titleLang
	}
	doc.AddField(newKeywordField(fLang, false, lang))
	doc.AddField(newKeywordField(fTAStatus, true, d.taStatus))
	doc.AddField(newKeywordField(fFTStatus, true, d.ftStatus))
	if len(d.dois) > 0 {
		doc.AddField(newKeywordField(fDOI, false, d.dois...))
	}
	if len(d.pmids) > 0 {
		doc.AddField(newKeywordField(fPMID, false, d.pmids...))
	}
	if d.year > 0 {
		doc.AddField(newKeywordField(fYear, false, yearTerm(d.year)))
		doc.AddField(newKeywordField(fDecade, false, decadeTerm(d.year/10)))
	}
	doc.SetIndexed()
	return doc
}

// yearTerm is the term of a year from 1 to 9999: four digits, so that
// years sort as their terms do.
func yearTerm(year int) string { return fmt.Sprintf("%04d", year) }

// decadeTerm is the term of a decade (a year divided by ten): three
// digits.
func decadeTerm(decade int) string { return fmt.Sprintf("%03d", decade) }

// loadStudies reads the documents of the given studies; a study id with no
// records is absent from the result (it was deleted or emptied).
func loadStudies(ctx context.Context, db *sql.DB, ids []int64) (map[int64]*studyDoc, error) {
	docs := make(map[int64]*studyDoc, len(ids))
	if len(ids) == 0 {
		return docs, nil
	}
	in, args := inList(ids)
	rows, err := db.QueryContext(ctx, `SELECT r.study_id, r.id = s.rep_id,
			CASE WHEN r.id = s.rep_id THEN r.title ELSE '' END, CASE WHEN r.id = s.rep_id THEN r.abstract ELSE '' END,
			CASE WHEN r.id = s.rep_id THEN r.authors ELSE '' END, CASE WHEN r.id = s.rep_id THEN r.keywords ELSE '' END,
			r.journal, r.language, r.year, r.doi, r.pmid, src.name
		FROM record r JOIN study s ON s.id = r.study_id JOIN source src ON src.id = r.source_id
		WHERE r.study_id IN (`+in+`) ORDER BY r.study_id, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read studies to index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id                                int64
			rep                               bool
			title, abstract, authors, kws     string
			journal, lang, doi, pmid, srcName string
			year                              int
		)
		if err := rows.Scan(&id, &rep, &title, &abstract, &authors, &kws, &journal, &lang, &year, &doi, &pmid, &srcName); err != nil {
			return nil, fmt.Errorf("read studies to index: %w", err)
		}
		d := docs[id]
		if d == nil {
			d = &studyDoc{id: id, taStatus: StatusUnscreened, ftStatus: StatusUnscreened}
			docs[id] = d
		}
		if rep {
			d.title, d.abstract, d.authors, d.keywords = title, abstract, authors, kws
			d.journal, d.language, d.year = journal, lang, year
		} else {
			d.journal = firstNonEmpty(d.journal, journal)
			d.language = firstNonEmpty(d.language, lang)
			if d.year == 0 {
				d.year = year
			}
		}
		d.dois = addUnique(d.dois, doi)
		d.pmids = addUnique(d.pmids, pmid)
		d.srcs = addUnique(d.srcs, srcName)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read studies to index: %w", err)
	}
	rows.Close()
	if err := loadStatus(ctx, db, in, args, docs); err != nil {
		return nil, err
	}
	return docs, nil
}

// loadStatus sets each document's status per stage: the latest resolution
// when there is one, else "screening" when a reviewer's latest decision is
// not a retraction, else "unscreened".
func loadStatus(ctx context.Context, db *sql.DB, in string, args []any, docs map[int64]*studyDoc) error {
	set := func(id int64, stage, status string) {
		d := docs[id]
		if d == nil {
			return
		}
		if stage == "ft" {
			d.ftStatus = status
		} else {
			d.taStatus = status
		}
	}
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT study_id, stage FROM decision WHERE id IN
		(SELECT MAX(id) FROM decision WHERE study_id IN (`+in+`) GROUP BY study_id, stage, reviewer) AND verdict <> 'retract'`, args...)
	if err != nil {
		return fmt.Errorf("read decisions to index: %w", err)
	}
	for rows.Next() {
		var id int64
		var stage string
		if err := rows.Scan(&id, &stage); err != nil {
			rows.Close()
			return err
		}
		set(id, stage, StatusScreening)
	}
	rows.Close()
	rows, err = db.QueryContext(ctx, `SELECT study_id, stage, verdict FROM resolution WHERE id IN
		(SELECT MAX(id) FROM resolution WHERE study_id IN (`+in+`) GROUP BY study_id, stage) AND void = 0`, args...)
	if err != nil {
		return fmt.Errorf("read resolutions to index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var stage, verdict string
		if err := rows.Scan(&id, &stage, &verdict); err != nil {
			return err
		}
		status := StatusExcluded
		if verdict == "include" {
			status = StatusIncluded
		}
		set(id, stage, status)
	}
	return rows.Err()
}

// inList returns "?,?,…" and the arguments for an SQL IN list.
func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?,", len(ids)), ","), args
}

func addUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// sortedIDs returns the keys of set in ascending order.
func sortedIDs(set map[int64]bool) []int64 {
	ids := make([]int64, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}
