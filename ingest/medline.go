package ingest

import (
	"io"

	"github.com/oversikt/oversikt/data"
)

// medlineTagLine reports whether text is a MEDLINE tag line: a tag of up
// to four letters or digits padded to four columns, then "- " ("PMID- ",
// "AU  - "; ERIC's "ISSN - " too). It returns where the value starts.
func medlineTagLine(text []byte) (tagEnd, valStart int, ok bool) {
	if len(text) < 5 || !isUpper(text[0]) {
		return 0, 0, false
	}
	tagEnd = 1
	for tagEnd < 4 && isUpperOrDigit(text[tagEnd]) {
		tagEnd++
	}
	d := tagEnd
	for d < len(text) && d < 6 && text[d] == ' ' {
		d++
	}
	if d >= len(text) || text[d] != '-' || d != 4 && !(d == 5 && tagEnd == 4) {
		return 0, 0, false
	}
	if d+1 < len(text) && text[d+1] != ' ' {
		return 0, 0, false
	}
	return tagEnd, d + 1, true
}

// readMedline reads MEDLINE/.nbib text as PubMed writes it: "TAG - value"
// lines, continuation lines indented by six spaces, records separated by
// blank lines (a PMID line also starts a new record).
func readMedline(r io.Reader, emit func(Parsed) error) error {
	t := newTaggedReader(newLineScanner(r), " ", emit, func(rec *data.Record, fs []data.Field, b *recBuilder) string {
		assign(fs, rec, b, medlineTarget)
		if rec.PMID != "" {
			rec.Key = rec.PMID
		}
		return ""
	})
	sc, b := t.sc, &t.b
	for {
		text, raw, ok := sc.next()
		if !ok {
			break
		}
		tagEnd, valStart, tag := medlineTagLine(text)
		if isBlank(text) {
			if b.open {
				if err := t.finish(); err != nil {
					return err
				}
			}
			continue
		}
		if b.open && tag && tagEnd == 4 && string(text[:4]) == "PMID" {
			if err := t.finish(); err != nil {
				return err
			}
		}
		if !b.open {
			if !tag {
				continue
			}
			b.start(sc.num)
		}
		if err := t.fits(raw, "are the blank lines between records missing?"); err != nil {
			return err
		}
		off := b.add(raw)
		if tag {
			b.addField(off, text, tagEnd, valStart)
		} else {
			b.addCont(off, text, 0)
		}
	}
	return t.end(`no MEDLINE record found (no line starts with "PMID- ")`)
}

func isBlank(text []byte) bool {
	for _, c := range text {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// medlineTarget maps MEDLINE tags: full author names (FAU) over short ones
// (AU), the full journal title (JT) over the abbreviation (TA), the DOI
// from LID or AID "[doi]", MeSH headings (MH) and other terms (OT) as
// keywords.
func medlineTarget(tag string) target {
	switch tag {
	case "PMID":
		return target{slotPMID, 0}
	case "TI":
		return target{slotTitle, 0}
	case "BTI":
		return target{slotTitle, 1}
	case "TT":
		return target{slotTitle, 2}
	case "AB":
		return target{slotAbstract, 0}
	case "FAU":
		return target{slotAuthor, 0}
	case "AU":
		return target{slotAuthorAlt, 0}
	case "DP":
		return target{slotYear, 0}
	case "DEP":
		return target{slotYear, 1}
	case "JT":
		return target{slotJournal, 0}
	case "TA":
		return target{slotJournal, 1}
	case "VI":
		return target{slotVolume, 0}
	case "IP":
		return target{slotIssue, 0}
	case "PG":
		return target{slotStartPage, 0}
	case "LID":
		return target{slotDOI, 0}
	case "AID":
		return target{slotDOI, 1}
	case "PMC":
		return target{slotPMCID, 0}
	case "ISBN":
		return target{slotISBN, 0}
	case "LA":
		return target{slotLanguage, 0}
	case "PT":
		return target{slotType, 0}
	case "MH", "OT":
		return target{slotKeyword, 0}
	}
	return target{}
}
