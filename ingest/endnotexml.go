package ingest

import (
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// readEndNoteXML reads EndNote XML (<xml><records><record>…), as EndNote
// desktop writes it (text wrapped in <style> elements) and as Mendeley
// writes it (the whole file on one line), a few records at a time, decoded
// on several cores and emitted in file order. Every
// field it does not map is kept in Extra under its element path
// ("pub-location", "urls/pdf-urls/url"). Lines are those of the <record>
// start tags; since a one-line file puts every record on line 1, problems
// also give the record's byte offset.
func readEndNoteXML(r io.Reader, emit func(Parsed) error) error {
	n, root, err := splitXML(r, []string{"record"}, decodeEndNote, emit)
	if err == nil && n == 0 && root != "xml" && root != "records" {
		err = fmt.Errorf("no <record> in the file (its root element is <%s>): it is not EndNote XML", root)
	}
	return err
}

// decodeEndNote turns one <record> into a record, or a problem when its
// XML is malformed or it has no title or identifier.
func decodeEndNote(x *xmlRecord) Parsed {
	var fields []xmlField
	err := x.decode(nil, func(d *xml.Decoder, _ *xml.StartElement) error {
		var err error
		fields, err = flattenXML(d)
		return err
	})
	if err != nil {
		return Parsed{Record: data.Record{Line: x.line, Raw: x.raw}, Problem: err.Error()}
	}
	rec := endnoteRecord(fields)
	rec.Line, rec.Raw = x.line, x.raw
	p := Parsed{Record: rec}
	if rec.Title == "" && NormalizeDOI(rec.DOI) == "" && rec.PMID == "" && rec.Key == "" {
		p.Problem = fmt.Sprintf("the <record> at byte offset %d has no title or identifier", x.off)
	}
	return p
}

// xmlField is the text of one element of a record, named by its path below
// the record ("titles/title"); attr holds its name="…" attribute if any.
type xmlField struct {
	path, text, attr string
}

// flattenXML reads a record element to its end and returns its fields in
// document order. <style> wrappers are not part of a path: their text
// belongs to the element around them.
func flattenXML(d *xml.Decoder) ([]xmlField, error) {
	type frame struct {
		name, attr string
		style      bool
		text       strings.Builder
	}
	var stack []*frame
	var path []string
	var out []xmlField
	for {
		tok, err := d.Token()
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			f := &frame{name: t.Name.Local, style: t.Name.Local == "style"}
			for _, a := range t.Attr {
				if a.Name.Local == "name" {
					f.attr = a.Value
				}
			}
			if !f.style {
				path = append(path, f.name)
			}
			stack = append(stack, f)
		case xml.EndElement:
			if len(stack) == 0 {
				return out, nil
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.style {
				continue
			}
			if text := strings.TrimSpace(f.text.String()); text != "" || f.attr != "" {
				out = append(out, xmlField{path: strings.Join(path, "/"), text: text, attr: f.attr})
			}
			path = path[:len(path)-1]
		case xml.CharData:
			for i := len(stack) - 1; i >= 0; i-- {
				if !stack[i].style {
					stack[i].text.Write(t)
					break
				}
			}
		}
	}
}

// foreignAccession names databases whose accession numbers are not PMIDs.
var foreignAccession = regexp.MustCompile(`(?i)embase|psyc|cinahl|scopus|web of science|wos|eric|cochrane|proquest|ebsco`)

func endnoteRecord(fields []xmlField) data.Record {
	var rec data.Record
	var fullTitle, secondary, accession, remoteDB string
	extra := fieldList{}
	for _, f := range fields {
		switch f.path {
		case "remote-database-name", "remote-database-provider":
			remoteDB += " " + f.text
		}
	}
	for _, f := range fields {
		v := f.text
		switch f.path {
		case "rec-number":
			rec.Key = v
		case "ref-type":
			rec.Type = firstNonEmpty(f.attr, v)
		case "titles/title":
			rec.Title = v
		case "titles/secondary-title":
			secondary = v
		case "periodical/full-title":
			fullTitle = v
		case "contributors/authors/author":
			if org, ok := strings.CutSuffix(v, ","); ok {
				v = braced(strings.TrimSpace(org)) // EndNote's mark of an organisation
			}
			rec.Authors = append(rec.Authors, v)
		case "dates/year":
			rec.Year = ParseYear(v)
		case "volume":
			rec.Volume = v
		case "number", "issue":
			rec.Issue = firstNonEmpty(rec.Issue, v)
		case "pages":
			rec.Pages = v
		case "electronic-resource-num":
			if rec.DOI == "" && NormalizeDOI(v) != "" {
				rec.DOI = v
			} else {
				extra.add(f.path, v)
			}
		case "abstract":
			rec.Abstract = v
		case "keywords/keyword":
			rec.Keywords = append(rec.Keywords, v)
		case "urls/related-urls/url", "urls/web-urls/url":
			if rec.URL == "" {
				rec.URL = v
			} else {
				extra.add(f.path, v)
			}
		case "isbn":
			rec.ISBN = v
		case "language":
			rec.Language = v
		case "accession-num":
			accession = v
			extra.add(f.path, v)
		case "database", "foreign-keys/key", "source-app":
			// Library bookkeeping of the exporting program.
		default:
			extra.add(f.path, firstNonEmpty(v, f.attr))
		}
	}
	rec.Journal = firstNonEmpty(fullTitle, secondary)
	if secondary != "" && secondary != rec.Journal {
		extra.add("titles/secondary-title", secondary)
	}
	if isDigits(accession) && len(accession) <= 8 && !foreignAccession.MatchString(remoteDB) {
		rec.PMID = accession
	}
	if rec.Key == "" {
		rec.Key = accession
	}
	rec.Extra = extra
	return rec
}
