package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// column is what a table column means for a record.
type column int

const (
	colExtra column = iota // kept in Record.Extra under its header name
	colTitle
	colAbstract
	colAuthors
	colYear
	colJournal
	colVolume
	colIssue
	colPages
	colPageStart
	colPageEnd
	colDOI
	colPMID
	colPMCID
	colISBN
	colURL
	colKeywords
	colLanguage
	colType
	colKey
	colSource   // Embase/Cochrane "Source": a journal or a whole citation
	colCitation // PubMed "Citation": kept, and read for volume, issue, pages
)

// columnNames lists, per record field, the header names (lower case) the
// exporters use for it, best first. When a row has values in several
// columns of one field, the first non-empty one in this order wins and the
// others are kept in Extra. Keyword columns are all taken.
//
// Exporters covered (see ../shared/corpus/csv, tsv, dedup, labelled):
// Scopus, Embase (also re-saved by Excel), CINAHL/EBSCO, Cochrane CENTRAL,
// Covidence, Rayyan, PubMed, Google Scholar, OpenAlex, Zotero, Lens,
// RefWorks, Abstrackr, ASReview datasets and ASySD.
var columnNames = []struct {
	col   column
	names []string
}{
	{colTitle, []string{"title", "article title", "title primary", "document title", "primary title", "primary_title", "display_name"}},
	{colAbstract, []string{"abstract", "abstract note", "abstracts"}},
	{colAuthors, []string{"authors", "author", "author names", "author(s)", "author/s", "authors, primary",
		"authorships.author.display_name", "author full names", "authorships.raw_author_name", "first_authors"}},
	{colYear, []string{"year", "publication year", "published year", "pub year", "publication_year", "py",
		"date", "publication date", "date published", "date of publication", "publication_date", "pub date"}},
	{colJournal, []string{"source title", "journal", "journal title", "publication title", "periodical full",
		"journal/book", "publication", "secondary title", "journal name", "primary_location.source.display_name",
		"abbreviated source title", "journal abbreviation", "periodical abbrev"}},
	{colVolume, []string{"volume", "biblio.volume"}},
	{colIssue, []string{"issue", "issue number", "number", "biblio.issue"}},
	{colPages, []string{"pages", "page", "pagination"}},
	{colPageStart, []string{"page start", "first page", "start page", "biblio.first_page", "sp", "art. no."}},
	{colPageEnd, []string{"page end", "last page", "end page", "other pages", "biblio.last_page"}},
	{colDOI, []string{"doi", "ids.doi"}},
	{colPMID, []string{"pmid", "pubmed id", "pubmedid", "pubmed_id", "medline pmid", "ids.pmid"}},
	{colPMCID, []string{"pmcid", "pmc_id", "pmc id", "ids.pmcid"}},
	{colISBN, []string{"isbn", "issn", "issn/isbn", "issns", "eissn", "primary_location.source.issn_l"}},
	{colURL, []string{"url", "link", "plink", "external url", "full text link", "embase link",
		"primary_location.landing_page_url", "links", "source urls"}},
	{colKeywords, []string{"keywords", "author keywords", "index keywords", "manual tags", "automatic tags",
		"subjects", "mesh terms", "keywords.display_name"}},
	{colLanguage, []string{"language", "article language", "language of original document"}},
	{colType, []string{"item type", "document type", "publication type", "doctype", "reference type", "type",
		"type_crossref"}},
	{colKey, []string{"key", "id", "record_id", "(internal) id", "covidence #", "eid", "central id", "lens id",
		"reference id", "embase accession id", "pui", "accession number"}},
	{colSource, []string{"source"}},
	{colCitation, []string{"citation"}},
}

// columnRank maps a lower-case header name to its column and its rank
// among the names of that column (0 is best).
var columnRank = func() map[string][2]int {
	m := map[string][2]int{}
	for _, c := range columnNames {
		for i, n := range c.names {
			m[n] = [2]int{int(c.col), i}
		}
	}
	return m
}()

// headerKey is how a header name is looked up: lower case, single spaces.
func headerKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// isKnownColumn reports whether name is a column we map or a label column.
func isKnownColumn(name string) bool {
	k := headerKey(name)
	if _, ok := columnRank[k]; ok {
		return true
	}
	return isLabelColumn(k)
}

// columnMap turns the cells of a table row into a record.
type columnMap struct {
	names  []string // header names, a repeated name as "name (2)"
	cols   []column
	ranks  []int
	hasKey bool
}

// newColumnMap reads a header row.
func newColumnMap(header []string) *columnMap {
	m := &columnMap{names: make([]string, len(header)), cols: make([]column, len(header)), ranks: make([]int, len(header))}
	seen := map[string]int{}
	hasJournal := false
	for i, h := range header {
		name := strings.TrimSpace(h)
		if name == "" {
			name = "column " + strconv.Itoa(i+1)
		}
		key := headerKey(name)
		seen[key]++
		if n := seen[key]; n > 1 { // kept, as data, under a name of its own
			m.names[i] = fmt.Sprintf("%s (%d)", name, n)
			continue
		}
		m.names[i] = name
		if cr, ok := columnRank[key]; ok {
			m.cols[i], m.ranks[i] = column(cr[0]), cr[1]
			hasJournal = hasJournal || m.cols[i] == colJournal
			m.hasKey = m.hasKey || m.cols[i] == colKey
		}
	}
	if hasJournal { // Scopus "Source" names the database, ASySD's the duplicate status
		for i, c := range m.cols {
			if c == colSource {
				m.cols[i] = colExtra
			}
		}
	}
	return m
}

// cell cleans one cell: Excel's ="…" text guard and R's NA go.
func cell(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 3 && strings.HasPrefix(v, `="`) && strings.HasSuffix(v, `"`) {
		v = strings.TrimSpace(v[2 : len(v)-1])
	}
	if v == "NA" {
		return ""
	}
	return v
}

// record maps one row. Cells beyond the header are kept as "column N".
func (m *columnMap) record(row []string) data.Record {
	best := map[column]int{} // column → index of the winning cell
	for i, v := range row {
		if i >= len(m.cols) || m.cols[i] == colExtra || m.cols[i] == colKeywords || cell(v) == "" {
			continue
		}
		if j, ok := best[m.cols[i]]; !ok || m.ranks[i] < m.ranks[j] {
			best[m.cols[i]] = i
		}
	}
	var r rowRecord
	for i, v := range row {
		if v = cell(v); v == "" {
			continue
		}
		name := "column " + strconv.Itoa(i+1)
		if i < len(m.names) {
			name = m.names[i]
		}
		if i >= len(m.cols) || m.cols[i] == colExtra || (m.cols[i] != colKeywords && best[m.cols[i]] != i) || !r.set(m.cols[i], v) {
			r.rec.Extra = append(r.rec.Extra, data.Field{Name: name, Value: v})
		}
	}
	if r.rec.Pages == "" {
		r.rec.Pages = joinPages(r.start, r.end)
	}
	r.rec.Keywords = uniqueFold(r.rec.Keywords)
	if r.rec.Key == "" && !m.hasKey {
		r.rec.Key = NormalizePMID(r.rec.PMID)
	}
	return r.rec
}

// rowRecord is a record being filled from a row.
type rowRecord struct {
	rec        data.Record
	start, end string // first and last page, joined when no pages column
}

// set puts v into the record's field for c. It reports whether the value
// was taken whole; otherwise the caller keeps it in Extra too.
func (r *rowRecord) set(c column, v string) bool {
	rec := &r.rec
	switch c {
	case colTitle:
		rec.Title = v
	case colAbstract:
		rec.Abstract = v
	case colAuthors:
		rec.Authors = splitAuthors(v)
	case colYear:
		rec.Year = ParseYear(v)
		return rec.Year != 0 && v == strconv.Itoa(rec.Year)
	case colJournal:
		rec.Journal = v
	case colVolume:
		rec.Volume = v
	case colIssue:
		rec.Issue = v
	case colPages:
		rec.Pages = v
	case colPageStart:
		r.start = v
	case colPageEnd:
		r.end = v
	case colDOI:
		rec.DOI = v
		return NormalizeDOI(v) != ""
	case colPMID:
		if strings.Trim(NormalizePMID(v), "0") == "" {
			return false
		}
		rec.PMID = v
	case colPMCID:
		rec.PMCID = v
	case colISBN:
		rec.ISBN = v
	case colURL:
		rec.URL = v
	case colKeywords:
		rec.Keywords = append(rec.Keywords, splitList(v)...)
	case colLanguage:
		rec.Language = v
	case colType:
		rec.Type = v
	case colKey:
		rec.Key = v
	case colSource:
		return readSourceCitation(rec, v)
	case colCitation:
		readPubMedCitation(rec, v)
		return false
	}
	return true
}

// uniqueFold drops blank and repeated (ignoring case) entries: Scopus and
// Zotero give the same term in several keyword columns.
func uniqueFold(list []string) []string {
	seen := map[string]bool{}
	out := list[:0]
	for _, s := range list {
		s = strings.TrimSpace(s)
		if k := strings.ToLower(s); s != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func joinPages(start, end string) string {
	switch {
	case start == "" || start == end:
		return end
	case end == "":
		return start
	}
	return start + "-" + end
}

// embaseSource reads Embase's "Source": "Endoscopic Ultrasound (2014) 3:3
// (152-160). Date of Publication: 2014".
var embaseSource = regexp.MustCompile(`^(.+?) \(((?:1[5-9]|20)\d\d)\)(?: ([^\s:(]+)(?::([^\s(]+))?)?(?: \(([^)]+)\))?`)

// readSourceCitation fills the journal (and, from an Embase citation, the
// year, volume, issue and pages where still empty). It reports whether the
// value was a plain journal name, taken whole.
func readSourceCitation(rec *data.Record, v string) bool {
	m := embaseSource.FindStringSubmatch(v)
	if m == nil {
		rec.Journal = v
		return true
	}
	rec.Journal = m[1]
	if rec.Year == 0 {
		rec.Year, _ = strconv.Atoi(m[2])
	}
	fillEmpty(&rec.Volume, m[3])
	fillEmpty(&rec.Issue, m[4])
	fillEmpty(&rec.Pages, m[5])
	return false
}

// pubmedCitation reads "Eur J Med Genet. 2020 Feb;63(2):103640. doi: …".
var pubmedCitation = regexp.MustCompile(`;([^;():\s]+)(?:\(([^)]+)\))?:([^.;\s]+)`)

// readPubMedCitation fills volume, issue and pages where still empty.
func readPubMedCitation(rec *data.Record, v string) {
	if m := pubmedCitation.FindStringSubmatch(v); m != nil {
		fillEmpty(&rec.Volume, m[1])
		fillEmpty(&rec.Issue, m[2])
		fillEmpty(&rec.Pages, m[3])
	}
}

func fillEmpty(p *string, v string) {
	if *p == "" {
		*p = v
	}
}
