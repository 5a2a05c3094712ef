package ingest

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/oversikt/oversikt/data"
)

// maxHTMLBytes caps a saved page read into memory to be parsed.
const maxHTMLBytes = 64 << 20

// readHTML reads a saved or fetched web page as one record, from its
// metadata in this order of precedence: Highwire citation_* meta (and
// PRISM for the journal), JSON-LD, Dublin Core, OpenGraph, then <title> and the page's main text (the
// abstract is its first ~1000 characters when no metadata describes the
// page). Type is "webpage" unless the metadata names another. URL is the
// canonical link, else og:url. Metadata not taken is kept in Extra under
// its meta name. Line is 1; Raw is the whole page.
func readHTML(r io.Reader, emit func(Parsed) error) error {
	b, err := io.ReadAll(io.LimitReader(r, maxHTMLBytes+1))
	if err != nil {
		return err
	}
	if len(b) > maxHTMLBytes {
		return fmt.Errorf("page larger than %d MB: save the article's text alone and ingest that", maxHTMLBytes>>20)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("read page: %w", err)
	}
	rec := pageRecord(doc)
	rec.Line, rec.Raw = 1, string(b)
	return emit(Parsed{Record: rec})
}

// pageRecord builds the record of a parsed page.
func pageRecord(doc *goquery.Document) data.Record {
	m := readMeta(doc)
	ld := readJSONLD(doc)
	var rec data.Record

	titleTag := CleanText(doc.Find("title").First().Text())
	site := m.peek("og:site_name")
	rec.Title = m.pick(meta("citation_title"), value(ld.title), meta("dc.title"),
		value(stripSiteName(m.peek("og:title"), site)), value(pageTitle(doc, titleTag, site)))
	if rec.Title == stripSiteName(m.peek("og:title"), site) {
		m.take("og:title")
	}

	rec.Authors = m.takeAll("citation_author")
	if len(rec.Authors) == 0 {
		rec.Authors = ld.authors
	}
	for _, name := range []string{"dc.creator", "article:author", "author"} {
		if len(rec.Authors) == 0 {
			rec.Authors = personNames(m.takeAll(name))
		}
	}

	date := m.pick(meta("citation_publication_date"), meta("citation_date"), meta("citation_year"),
		meta("citation_online_date"), value(ld.date), meta("dc.date"), meta("dc.date.issued"), meta("article:published_time"))
	if rec.Year = ParseYear(date); date != "" {
		rec.Extra = append(rec.Extra, data.Field{Name: "date", Value: date})
	}

	rec.Type = m.pick(value(citationType(m)), value(ld.typ), meta("dc.type"), value("webpage"))
	rec.Journal = m.pick(meta("citation_journal_title"), meta("citation_conference_title"), meta("prism.publicationname"))
	rec.Volume = m.pick(meta("citation_volume"), meta("prism.volume"))
	rec.Issue = m.pick(meta("citation_issue"), meta("prism.number"))
	rec.Pages = joinPages(m.pick(meta("citation_firstpage"), meta("prism.startingpage")),
		m.pick(meta("citation_lastpage"), meta("prism.endingpage")))
	rec.DOI = m.pick(meta("citation_doi"), value(ld.identifier), value(doiOf(m.peek("dc.identifier"))), meta("prism.doi"))
	if rec.DOI != "" && NormalizeDOI(m.peek("dc.identifier")) == NormalizeDOI(rec.DOI) {
		m.take("dc.identifier")
	}
	rec.PMID = m.pick(meta("citation_pmid"))
	rec.ISBN = m.pick(meta("citation_isbn"), meta("citation_issn"))
	if rec.Abstract = description(m, ld); rec.Abstract == "" {
		rec.Abstract = clip(mainText(doc), 1000)
	}
	rec.Keywords = metaKeywords(m.takeAll("citation_keywords"))
	for _, kw := range [][]string{ld.keywords, m.takeAll("dc.subject"), metaKeywords(m.takeAll("keywords")), m.takeAll("article:tag")} {
		if len(rec.Keywords) == 0 {
			rec.Keywords = kw
		}
	}
	htmlLang, _ := doc.Find("html").Last().Attr("lang")
	rec.Language = m.pick(meta("citation_language"), value(ld.language), meta("dc.language"), value(htmlLang))
	canonical, _ := doc.Find(`link[rel="canonical"]`).First().Attr("href")
	rec.URL = m.pick(value(strings.TrimSpace(canonical)), meta("og:url"), value(ld.url), meta("citation_abstract_html_url"),
		meta("citation_public_url"))
	if titleTag != "" && titleTag != rec.Title {
		rec.Extra = append(rec.Extra, data.Field{Name: "title", Value: titleTag})
	}
	rec.Extra = append(rec.Extra, m.rest(rec.Title, rec.URL, rec.Abstract)...)
	return rec
}

// candidate is one source of a field: a meta name or a value found
// elsewhere.
type candidate struct{ meta, value string }

func meta(name string) candidate { return candidate{meta: name} }
func value(v string) candidate   { return candidate{value: v} }

// pick returns the first candidate with a value, taking only that meta
// value (the others stay for Extra).
func (m *pageMeta) pick(cands ...candidate) string {
	for _, c := range cands {
		if c.meta == "" {
			if c.value != "" {
				return c.value
			}
			continue
		}
		if v := m.peek(c.meta); v != "" {
			return m.take(c.meta)
		}
	}
	return ""
}

// description is the page's abstract from its metadata, by precedence,
// except that a description cut short ("…", "(...)") gives way to the
// longest one.
func description(m *pageMeta, ld pageLD) string {
	cands := []string{m.peek("citation_abstract"), ld.description, m.peek("dc.description"),
		m.peek("og:description"), m.peek("description")}
	best := firstNonEmpty(cands...)
	if isClipped(best) {
		longest, whole := best, ""
		for _, c := range cands {
			if len(c) > len(longest) {
				longest = c
			}
			if c != "" && !isClipped(c) && len(c) > len(whole) {
				whole = c
			}
		}
		best = firstNonEmpty(whole, longest)
	}
	for _, name := range []string{"citation_abstract", "dc.description", "og:description", "description"} {
		if m.peek(name) == best {
			m.take(name)
		}
	}
	return best
}

func isClipped(s string) bool {
	for _, end := range []string{"...", "…", "(...)", "[...]"} {
		if strings.HasSuffix(s, end) {
			return true
		}
	}
	return false
}

// citationType names the kind of work Highwire tags describe, or "".
func citationType(m *pageMeta) string {
	switch {
	case m.peek("citation_journal_title") != "" || m.peek("citation_doi") != "" && m.peek("citation_volume") != "":
		return "journal article"
	case m.peek("citation_conference_title") != "":
		return "conference paper"
	case m.peek("citation_technical_report_institution") != "":
		return "report"
	case m.peek("citation_dissertation_institution") != "":
		return "thesis"
	}
	return ""
}

// pageTitle is the title when no metadata gives one: the <title>, less a
// site name around " | " (or the page's first <h1> when the <title>
// contains it).
func pageTitle(doc *goquery.Document, title, site string) string {
	var h1 string
	doc.Find("h1").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		h := CleanText(s.Text())
		if h != "" && len(h) < len(title) && strings.Contains(title, h) && len(h) > len(h1) {
			h1 = h
		}
		return true
	})
	if h1 != "" {
		return h1
	}
	if t := stripSiteName(title, site); t != title {
		return t
	}
	parts := strings.Split(title, " | ")
	best := parts[0]
	for _, p := range parts[1:] {
		if len(strings.TrimSpace(p)) > len(best) {
			best = strings.TrimSpace(p)
		}
	}
	return strings.TrimSpace(best)
}

// stripSiteName removes " - Site", " | Site" and the like from a title.
func stripSiteName(title, site string) string {
	title, site = CleanText(title), CleanText(site)
	if site == "" || title == site {
		return title
	}
	for _, sep := range []string{" - ", " | ", " – ", " — ", " :: ", " · "} {
		if t, ok := strings.CutSuffix(title, sep+site); ok {
			return t
		}
		if t, ok := strings.CutPrefix(title, site+sep); ok {
			return t
		}
	}
	return title
}

// personNames drops values that are links (article:author often is) and
// splits "A and B".
func personNames(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = CleanText(v); v == "" || strings.HasPrefix(v, "http") {
			continue
		}
		out = append(out, v)
	}
	return out
}

// metaKeywords splits keyword meta written as one list.
func metaKeywords(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, k := range splitList(v) {
			if k = CleanText(k); k != "" {
				out = append(out, k)
			}
		}
	}
	return out
}

// doiOf returns s when it holds a DOI, else "".
func doiOf(s string) string {
	if NormalizeDOI(s) == "" {
		return ""
	}
	return s
}

// clip cuts s to at most n bytes, at the end of a sentence or else a word.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	if i := strings.LastIndex(cut, ". "); i > n/2 {
		return cut[:i+1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		return cut[:i]
	}
	return strings.ToValidUTF8(cut, "")
}

// pageMeta holds a page's <meta> name/property values in page order, with
// which of them the record took.
type pageMeta struct {
	vals []metaValue
}

type metaValue struct {
	name, value string
	used        bool
}

// readMeta collects <meta name|property=… content=…>, names in lower case,
// "dcterms." read as "dc.".
func readMeta(doc *goquery.Document) *pageMeta {
	m := &pageMeta{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", s.AttrOr("property", ""))
		name = strings.ToLower(strings.TrimSpace(name))
		if rest, ok := strings.CutPrefix(name, "dcterms."); ok {
			name = "dc." + rest
		}
		content := CleanText(s.AttrOr("content", ""))
		if name != "" && content != "" {
			m.vals = append(m.vals, metaValue{name: name, value: content})
		}
	})
	return m
}

// take returns the first value of name and marks it taken.
func (m *pageMeta) take(name string) string {
	for i := range m.vals {
		if m.vals[i].name == name {
			m.vals[i].used = true
			return m.vals[i].value
		}
	}
	return ""
}

// takeAll returns every value of name and marks them taken.
func (m *pageMeta) takeAll(name string) []string {
	var out []string
	for i := range m.vals {
		if m.vals[i].name == name {
			m.vals[i].used = true
			out = append(out, m.vals[i].value)
		}
	}
	return out
}

// peek returns the first value of name without taking it.
func (m *pageMeta) peek(name string) string {
	for _, v := range m.vals {
		if v.name == name {
			return v.value
		}
	}
	return ""
}

// metaFamilies are the meta names kept in Extra when the record did not
// take them (images and site furniture are left out).
var metaFamilies = []string{"citation_", "dc.", "og:", "article:", "prism.", "description", "author", "keywords"}

// rest returns the bibliographic meta values not taken, without values
// that repeat a taken one or one of known.
func (m *pageMeta) rest(known ...string) []data.Field {
	taken := map[string]bool{}
	for _, k := range known {
		taken[k] = true
	}
	for _, v := range m.vals {
		if v.used {
			taken[v.value] = true
		}
	}
	var out []data.Field
	for _, v := range m.vals {
		if v.used || taken[v.value] || strings.HasPrefix(v.name, "og:image") {
			continue
		}
		for _, f := range metaFamilies {
			if strings.HasPrefix(v.name, f) {
				out = append(out, data.Field{Name: v.name, Value: v.value})
				taken[v.value] = true
				break
			}
		}
	}
	return out
}

// mainText is the page's running text: the long paragraphs (80 characters
// or more) of the article, main or articleBody element with most of them,
// else of the body; navigation, headers, footers, asides and forms left
// out.
func mainText(doc *goquery.Document) string {
	best := ""
	doc.Find(`[itemprop="articleBody"], article, main, [role="main"]`).Each(func(_ int, s *goquery.Selection) {
		if t := paragraphs(s); len(t) > len(best) {
			best = t
		}
	})
	if best == "" {
		best = paragraphs(doc.Find("body"))
	}
	return best
}

func paragraphs(s *goquery.Selection) string {
	var parts []string
	s.Find("p").Each(func(_ int, p *goquery.Selection) {
		if p.Closest("nav, header, footer, aside, form").Length() > 0 {
			return
		}
		if t := CleanText(p.Text()); len(t) >= 80 {
			parts = append(parts, t)
		}
	})
	return strings.Join(parts, "\n\n")
}
