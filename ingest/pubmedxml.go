package ingest

import (
	"fmt"
	"io"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// readPubMedXML reads PubMed XML as efetch and the PubMed web site write it
// (<PubmedArticleSet> of <PubmedArticle> and <PubmedBookArticle>), in any
// layout, with or without a DOCTYPE. It decodes one article at a time, so
// memory stays flat however long the file; articles are decoded on
// several cores and emitted in file order. Author keywords and MeSH
// descriptor names both go to Keywords (author keywords first), because
// screening searches both; each full MeSH heading, with its qualifiers and
// "*" for a major topic as MEDLINE writes it, is kept in Extra as "MH".
// An article with malformed XML is a problem and reading goes on; a file
// that breaks off inside an article yields the articles before it and a
// *LineError at the broken one.
func readPubMedXML(r io.Reader, emit func(Parsed) error) error {
	n, root, err := splitXML(r, pubmedNames, decodePubMed, emit)
	if err == nil && n == 0 && root != "PubmedArticleSet" {
		err = fmt.Errorf("no <PubmedArticle> in the file (its root element is <%s>): it is not PubMed XML", root)
	}
	return err
}

// pubmedSkip are the elements of an article we keep in Raw but do not
// decode: they are often most of its text.
var pubmedSkip = []string{"ReferenceList", "AffiliationInfo"}

// decodePubMed turns one <PubmedArticle> or <PubmedBookArticle> into a
// record, or a problem when its XML is malformed.
// It takes pmScanner's fast path when the article's XML allows, else
// encoding/xml's (decodePubMedStd); both give the same record.
func decodePubMed(x *xmlRecord) Parsed {
	var a pmArticle
	if decodePubMedFast(blankElements(x.raw, pubmedSkip), &a) {
		rec := a.record()
		rec.Line, rec.Raw = x.line, x.raw
		return Parsed{Record: rec}
	}
	return decodePubMedStd(x)
}

// decodePubMedStd decodes an article with encoding/xml.
func decodePubMedStd(x *xmlRecord) Parsed {
	return decodeArticle(x, pubmedSkip, new(pmArticle))
}

// pmArticle is one <PubmedArticle> or <PubmedBookArticle>, reduced to what
// we keep.
type pmArticle struct {
	Citation  pmCitation `xml:"MedlineCitation"`
	Book      pmBook     `xml:"BookDocument"`
	IDs       []pmTyped  `xml:"PubmedData>ArticleIdList>ArticleId"`
	BookIDs   []pmTyped  `xml:"PubmedBookData>ArticleIdList>ArticleId"`
	PubStatus xmlText    `xml:"PubmedData>PublicationStatus"`
}

// pmCitation is a <MedlineCitation>.
type pmCitation struct {
	Status  string  `xml:"Status,attr"`
	PMID    xmlText `xml:"PMID"`
	Article struct {
		Journal struct {
			ISSN  []pmTyped `xml:"ISSN"`
			Issue struct {
				Volume  xmlText `xml:"Volume"`
				Issue   xmlText `xml:"Issue"`
				PubDate pmDate  `xml:"PubDate"`
			} `xml:"JournalIssue"`
			Title  xmlText `xml:"Title"`
			Abbrev xmlText `xml:"ISOAbbreviation"`
		} `xml:"Journal"`
		Title       xmlText    `xml:"ArticleTitle"`
		Vernacular  xmlText    `xml:"VernacularTitle"`
		Pages       pmPages    `xml:"Pagination"`
		ELocation   []pmTyped  `xml:"ELocationID"`
		Abstract    pmAbstract `xml:"Abstract"`
		Authors     []pmAuthor `xml:"AuthorList>Author"`
		Language    []xmlText  `xml:"Language"`
		PubTypes    []xmlText  `xml:"PublicationTypeList>PublicationType"`
		ArticleDate []pmDate   `xml:"ArticleDate"`
	} `xml:"Article"`
	JournalInfo struct {
		Country   xmlText `xml:"Country"`
		MedlineTA xmlText `xml:"MedlineTA"`
		NlmID     xmlText `xml:"NlmUniqueID"`
	} `xml:"MedlineJournalInfo"`
	Chemicals []xmlText       `xml:"ChemicalList>Chemical>NameOfSubstance"`
	Mesh      []pmMeshHeading `xml:"MeshHeadingList>MeshHeading"`
	Keywords  []xmlText       `xml:"KeywordList>Keyword"`
	Coi       xmlText         `xml:"CoiStatement"`
}

// pmBook is a <BookDocument>.
type pmBook struct {
	PMID xmlText `xml:"PMID"`
	Book struct {
		Publisher xmlText    `xml:"Publisher>PublisherName"`
		Place     xmlText    `xml:"Publisher>PublisherLocation"`
		Title     xmlText    `xml:"BookTitle"`
		PubDate   pmDate     `xml:"PubDate"`
		Authors   []pmAuthor `xml:"AuthorList>Author"`
		Volume    xmlText    `xml:"Volume"`
		ISBN      []xmlText  `xml:"Isbn"`
	} `xml:"Book"`
	Title     xmlText    `xml:"ArticleTitle"`
	Pages     pmPages    `xml:"Pagination"`
	Abstract  pmAbstract `xml:"Abstract"`
	Authors   []pmAuthor `xml:"AuthorList>Author"`
	Language  []xmlText  `xml:"Language"`
	PubTypes  []xmlText  `xml:"PublicationType"`
	Keywords  []xmlText  `xml:"KeywordList>Keyword"`
	ArticleID []pmTyped  `xml:"ArticleIdList>ArticleId"`
}

// pmQualifier is a MeSH heading's <QualifierName>.
type pmQualifier struct {
	Major string `xml:"MajorTopicYN,attr"`
	Name  string `xml:",chardata"`
}

// pmTyped is an element whose type is in an attribute (ArticleId IdType,
// ELocationID EIdType, ISSN IssnType).
type pmTyped struct {
	IDType  string `xml:"IdType,attr"`
	EIDType string `xml:"EIdType,attr"`
	ISSN    string `xml:"IssnType,attr"`
	Value   string `xml:",chardata"`
}

type pmDate struct {
	Year        string `xml:"Year"`
	Month       string `xml:"Month"`
	Season      string `xml:"Season"`
	MedlineDate string `xml:"MedlineDate"`
}

type pmPages struct {
	MedlinePgn string `xml:"MedlinePgn"`
	Start      string `xml:"StartPage"`
	End        string `xml:"EndPage"`
}

func (p pmPages) String() string {
	if p.MedlinePgn != "" {
		return p.MedlinePgn
	}
	if p.End != "" && p.Start != "" {
		return p.Start + "-" + p.End
	}
	return p.Start
}

type pmAbstract struct {
	Parts     []labelledText `xml:"AbstractText"`
	Copyright xmlText        `xml:"CopyrightInformation"`
}

// text joins the parts of a structured abstract as "LABEL: text"
// paragraphs.
func (a pmAbstract) text() string {
	paras := make([]string, 0, len(a.Parts))
	for _, p := range a.Parts {
		t := strings.TrimSpace(p.Text)
		if l := strings.TrimSpace(p.attr("Label")); l != "" && t != "" {
			t = l + ": " + t
		}
		if t != "" {
			paras = append(paras, t)
		}
	}
	return strings.Join(paras, "\n\n")
}

type pmAuthor struct {
	Valid      string  `xml:"ValidYN,attr"`
	Last       xmlText `xml:"LastName"`
	Fore       xmlText `xml:"ForeName"`
	Initials   xmlText `xml:"Initials"`
	Suffix     xmlText `xml:"Suffix"`
	Collective xmlText `xml:"CollectiveName"`
}

// name returns "Family, Given" (given names, else initials), or the
// collective name in braces, which NormalizeAuthor keeps whole.
func (a pmAuthor) name() string {
	if a.Last == "" {
		return braced(string(a.Collective))
	}
	given := firstNonEmpty(string(a.Fore), string(a.Initials))
	if given == "" {
		return string(a.Last)
	}
	return string(a.Last) + ", " + given
}

type pmMeshHeading struct {
	Descriptor struct {
		Major string `xml:"MajorTopicYN,attr"`
		Name  string `xml:",chardata"`
	} `xml:"DescriptorName"`
	Qualifiers []pmQualifier `xml:"QualifierName"`
}

// medline writes the heading as MEDLINE's MH field does:
// "Asthma/drug therapy*".
func (h pmMeshHeading) medline() string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(h.Descriptor.Name))
	if h.Descriptor.Major == "Y" {
		b.WriteByte('*')
	}
	for _, q := range h.Qualifiers {
		b.WriteString("/" + strings.TrimSpace(q.Name))
		if q.Major == "Y" {
			b.WriteByte('*')
		}
	}
	return b.String()
}

func (a *pmArticle) record() data.Record {
	if a.Book.PMID != "" || a.Book.Book.Title != "" {
		return a.bookRecord()
	}
	c, art := &a.Citation, &a.Citation.Article
	rec := data.Record{
		PMID:     string(c.PMID),
		Title:    pubmedTitle(firstNonEmpty(string(art.Title), string(art.Vernacular))),
		Abstract: art.Abstract.text(),
		Journal:  string(art.Journal.Title),
		Volume:   string(art.Journal.Issue.Volume),
		Issue:    string(art.Journal.Issue.Issue),
		Pages:    art.Pages.String(),
		Type:     joinText(art.PubTypes, "; "),
		Language: joinText(art.Language, "; "),
	}
	rec.Key = rec.PMID
	for _, au := range art.Authors {
		rec.Authors = append(rec.Authors, au.name())
	}
	rec.Year = art.Journal.Issue.PubDate.year()
	for _, d := range art.ArticleDate {
		if rec.Year == 0 {
			rec.Year = d.year()
		}
	}
	for _, e := range art.ELocation {
		if e.EIDType == "doi" && rec.DOI == "" {
			rec.DOI = e.Value
		}
	}
	a.setIDs(&rec, a.IDs)
	for _, k := range c.Keywords {
		rec.Keywords = append(rec.Keywords, string(k))
	}
	for _, h := range c.Mesh {
		rec.Keywords = append(rec.Keywords, strings.TrimSpace(h.Descriptor.Name))
	}
	extra := fieldList{}
	extra.add("ISOAbbreviation", string(art.Journal.Abbrev))
	for _, s := range art.Journal.ISSN {
		extra.add("ISSN", s.Value+typeSuffix(s.ISSN))
	}
	extra.add("MedlineTA", string(c.JournalInfo.MedlineTA))
	extra.add("NlmUniqueID", string(c.JournalInfo.NlmID))
	extra.add("Country", string(c.JournalInfo.Country))
	extra.add("PubDate", art.Journal.Issue.PubDate.String())
	for _, d := range art.ArticleDate {
		extra.add("ArticleDate", d.String())
	}
	extra.add("Status", c.Status)
	extra.add("PublicationStatus", string(a.PubStatus))
	for _, h := range c.Mesh {
		extra.add("MH", h.medline())
	}
	for _, ch := range c.Chemicals {
		extra.add("Chemical", string(ch))
	}
	extra.add("CopyrightInformation", string(art.Abstract.Copyright))
	extra.add("CoiStatement", string(c.Coi))
	rec.Extra = extra
	return rec
}

func (a *pmArticle) bookRecord() data.Record {
	b := &a.Book
	rec := data.Record{
		PMID:     string(b.PMID),
		Title:    pubmedTitle(firstNonEmpty(string(b.Title), string(b.Book.Title))),
		Abstract: b.Abstract.text(),
		Volume:   string(b.Book.Volume),
		Pages:    b.Pages.String(),
		Type:     joinText(b.PubTypes, "; "),
		Language: joinText(b.Language, "; "),
		ISBN:     joinText(b.Book.ISBN, "; "),
		Year:     b.Book.PubDate.year(),
	}
	rec.Key = rec.PMID
	if b.Title != "" {
		rec.Journal = string(b.Book.Title)
	}
	authors := b.Authors
	if len(authors) == 0 {
		authors = b.Book.Authors
	}
	for _, au := range authors {
		rec.Authors = append(rec.Authors, au.name())
	}
	a.setIDs(&rec, b.ArticleID)
	a.setIDs(&rec, a.BookIDs)
	for _, k := range b.Keywords {
		rec.Keywords = append(rec.Keywords, string(k))
	}
	extra := fieldList{}
	extra.add("Publisher", string(b.Book.Publisher))
	extra.add("PublisherLocation", string(b.Book.Place))
	extra.add("PubDate", b.Book.PubDate.String())
	if b.Title != "" && len(b.Authors) > 0 {
		for _, au := range b.Book.Authors {
			extra.add("BookAuthor", au.name())
		}
	}
	rec.Extra = extra
	return rec
}

// setIDs fills DOI, PMID and PMCID from an ArticleIdList.
func (a *pmArticle) setIDs(rec *data.Record, ids []pmTyped) {
	for _, id := range ids {
		v := strings.TrimSpace(id.Value)
		switch id.IDType {
		case "doi":
			rec.DOI = v // the article's own DOI beats an ELocationID
		case "pmc":
			if rec.PMCID == "" {
				rec.PMCID = v
			}
		case "pubmed":
			if rec.PMID == "" {
				rec.PMID, rec.Key = v, v
			}
		}
	}
}

func (d pmDate) year() int {
	if y := ParseYear(d.Year); y != 0 {
		return y
	}
	return ParseYear(d.MedlineDate)
}

func (d pmDate) String() string {
	if d.MedlineDate != "" {
		return strings.TrimSpace(d.MedlineDate)
	}
	return strings.Join(strings.Fields(d.Year+" "+d.Season+" "+d.Month), " ")
}

// pubmedTitle drops the full stop PubMed ends every title with and the
// brackets it puts around a translated title.
func pubmedTitle(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
		s = s[:len(s)-1]
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") && strings.Count(s, "[") == 1 {
		s = s[1 : len(s)-1]
	}
	return s
}

func typeSuffix(t string) string {
	if t == "" {
		return ""
	}
	return " (" + t + ")"
}
