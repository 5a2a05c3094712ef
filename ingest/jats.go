package ingest

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// readJATS reads PMC (JATS/NLM) article XML: one <article> per file, or a
// <pmc-articleset> holding several, each decoded on its own. It keeps the
// bibliographic front matter (title, abstract, authors, journal, dates,
// identifiers, keywords); the body is left in Raw only. An article with
// malformed XML is a problem; a file that breaks off inside an article
// yields the articles before it and a *LineError.
func readJATS(r io.Reader, emit func(Parsed) error) error {
	n, root, err := splitXML(r, []string{"article"}, decodeJATS, emit)
	if err == nil && n == 0 {
		err = fmt.Errorf("no <article> in the file (its root element is <%s>): it is not JATS article XML", root)
	}
	return err
}

// decodeJATS turns one <article> into a record, or a problem when its XML
// is malformed.
func decodeJATS(x *xmlRecord) Parsed {
	return decodeArticle(x, nil, new(jatsArticle))
}

type jatsArticle struct {
	Attr    []xml.Attr `xml:",any,attr"`
	Journal struct {
		Titles    []xmlText `xml:"journal-title-group>journal-title"`
		OldTitle  xmlText   `xml:"journal-title"`
		Abbrev    []xmlText `xml:"journal-title-group>abbrev-journal-title"`
		ISSN      []xmlText `xml:"issn"`
		Publisher xmlText   `xml:"publisher>publisher-name"`
	} `xml:"front>journal-meta"`
	Meta struct {
		IDs      []jatsTyped    `xml:"article-id"`
		Subjects []xmlText      `xml:"article-categories>subj-group>subject"`
		Title    xmlText        `xml:"title-group>article-title"`
		Subtitle xmlText        `xml:"title-group>subtitle"`
		Contribs []jatsContrib  `xml:"contrib-group>contrib"`
		PubDates []jatsDate     `xml:"pub-date"`
		Volume   xmlText        `xml:"volume"`
		Issue    xmlText        `xml:"issue"`
		FPage    xmlText        `xml:"fpage"`
		LPage    xmlText        `xml:"lpage"`
		ELoc     xmlText        `xml:"elocation-id"`
		Abstract []jatsAbstract `xml:"abstract"`
		Keywords []xmlText      `xml:"kwd-group>kwd"`
	} `xml:"front>article-meta"`
}

type jatsTyped struct {
	Type  string `xml:"pub-id-type,attr"`
	Value string `xml:",chardata"`
}

type jatsContrib struct {
	Type    string  `xml:"contrib-type,attr"`
	Surname xmlText `xml:"name>surname"`
	Given   xmlText `xml:"name>given-names"`
	Collab  xmlText `xml:"collab"`
}

type jatsDate struct {
	PubType  string `xml:"pub-type,attr"`
	DateType string `xml:"date-type,attr"`
	Year     string `xml:"year"`
	Month    string `xml:"month"`
	Day      string `xml:"day"`
}

// jatsAbstract is an abstract's paragraphs, each section's paragraphs led
// by its title ("Background: …").
type jatsAbstract struct {
	Type  string
	Paras []string
}

// UnmarshalXML implements xml.Unmarshaler.
func (a *jatsAbstract) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for _, at := range start.Attr {
		if at.Name.Local == "abstract-type" {
			a.Type = at.Value
		}
	}
	label := ""
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.EndElement:
			if tok.Name.Local == start.Name.Local {
				return nil
			}
		case xml.StartElement:
			switch tok.Name.Local {
			case "title", "p":
				t, err := innerText(d)
				if err != nil {
					return err
				}
				t = strings.TrimSpace(t)
				switch {
				case tok.Name.Local == "title":
					label = t
				case label != "":
					a.Paras, label = append(a.Paras, label+": "+t), ""
				case t != "":
					a.Paras = append(a.Paras, t)
				}
			}
		}
	}
}

func (a *jatsArticle) record() data.Record {
	m := &a.Meta
	rec := data.Record{
		Title:   string(m.Title),
		Journal: firstNonEmpty(joinText(a.Journal.Titles, "; "), string(a.Journal.OldTitle)),
		Volume:  string(m.Volume),
		Issue:   string(m.Issue),
		Pages:   string(m.FPage),
	}
	if m.Subtitle != "" {
		rec.Title += ": " + string(m.Subtitle)
	}
	if m.LPage != "" && m.LPage != m.FPage {
		rec.Pages += "-" + string(m.LPage)
	}
	if rec.Pages == "" {
		rec.Pages = string(m.ELoc) // online-only journals number articles, not pages
	}
	for _, at := range a.Attr {
		switch at.Name.Local {
		case "article-type":
			rec.Type = at.Value
		case "lang":
			rec.Language = at.Value
		}
	}
	for _, id := range m.IDs {
		v := strings.TrimSpace(id.Value)
		switch id.Type {
		case "doi":
			rec.DOI = v
		case "pmid":
			rec.PMID = v
		case "pmc", "pmcid":
			if !strings.HasPrefix(v, "PMC") {
				v = "PMC" + v
			}
			rec.PMCID = v
		}
	}
	rec.Key = firstNonEmpty(rec.PMCID, rec.PMID, rec.DOI)
	var editors []string
	for _, c := range m.Contribs {
		name := braced(string(c.Collab))
		if c.Surname != "" {
			name = string(c.Surname)
			if c.Given != "" {
				name += ", " + string(c.Given)
			}
		}
		switch c.Type {
		case "author", "":
			rec.Authors = append(rec.Authors, name)
		case "editor":
			editors = append(editors, name)
		}
	}
	rec.Year = jatsYear(m.PubDates)
	for _, ab := range m.Abstract {
		if rec.Abstract == "" && (ab.Type == "" || ab.Type == "abstract") {
			rec.Abstract = strings.Join(ab.Paras, "\n\n")
		}
	}
	if rec.Abstract == "" && len(m.Abstract) > 0 {
		rec.Abstract = strings.Join(m.Abstract[0].Paras, "\n\n")
	}
	for _, k := range m.Keywords {
		rec.Keywords = append(rec.Keywords, string(k))
	}
	extra := fieldList{}
	for _, ab := range a.Journal.Abbrev {
		extra.add("abbrev-journal-title", string(ab))
	}
	for _, s := range a.Journal.ISSN {
		extra.add("issn", string(s))
	}
	extra.add("publisher", string(a.Journal.Publisher))
	extra.add("elocation-id", string(m.ELoc))
	for _, s := range m.Subjects {
		extra.add("subject", string(s))
	}
	for _, e := range editors {
		extra.add("editor", e)
	}
	for _, d := range m.PubDates {
		extra.add("pub-date", strings.TrimSpace(firstNonEmpty(d.PubType, d.DateType)+" "+strings.Trim(d.Year+"-"+d.Month+"-"+d.Day, "-")))
	}
	rec.Extra = extra
	return rec
}

// jatsYear picks the publication year: the print or issue date first, then
// the electronic one, then any.
func jatsYear(dates []jatsDate) int {
	for _, want := range []string{"ppub", "collection", "pub", "epub", "epub-ppub", ""} {
		for _, d := range dates {
			if y := ParseYear(d.Year); y != 0 && (want == "" || d.PubType == want || d.DateType == want) {
				return y
			}
		}
	}
	return 0
}
