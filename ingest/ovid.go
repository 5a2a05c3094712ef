package ingest

import (
	"io"
	"regexp"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// ovidHeaderLine reports whether text is an Ovid record header, "<12. >".
func ovidHeaderLine(text []byte) bool {
	if len(text) < 4 || text[0] != '<' || text[len(text)-1] != '>' {
		return false
	}
	i := 1
	for i < len(text) && text[i] >= '0' && text[i] <= '9' {
		i++
	}
	return i > 1 && i < len(text) && text[i] == '.'
}

// readOvid reads Ovid's own export ("Ovid citation" / "Reference Manager
// (RIS)" as saved from ovidsp): each record opens with "<n. >", tags are
// "XX  - value", continuation lines are indented or plain text. The SO
// field is parsed into journal, volume, issue, pages and year where the
// record has no separate fields for them.
func readOvid(r io.Reader, emit func(Parsed) error) error {
	t := newTaggedReader(newLineScanner(r), "\n", emit, func(rec *data.Record, fs []data.Field, b *recBuilder) string {
		assign(fs, rec, b, ovidTarget)
		parseOvidSource(rec)
		if len(fs) == 0 {
			return "record has no fields"
		}
		return ""
	})
	sc, b := t.sc, &t.b
	for {
		text, raw, ok := sc.next()
		if !ok {
			break
		}
		if ovidHeaderLine(text) {
			if b.open {
				if err := t.finish(); err != nil {
					return err
				}
			}
			b.start(sc.num)
			b.add(raw)
			continue
		}
		if !b.open {
			continue
		}
		if err := t.fits(raw, "is this an Ovid export?"); err != nil {
			return err
		}
		off := b.add(raw)
		if valStart, tag := risTagLine(text); tag {
			b.addField(off, text, 2, valStart)
		} else {
			b.addCont(off, text, 0)
		}
	}
	return t.end(`no Ovid record found (no "<1. >" header line)`)
}

// ovidSource matches Ovid's SO field: "Journal. 12(3):123-130, 2018 Mar."
// (MEDLINE) and "Journal. 12 (3) (pp 123-130), 2018. Date of …" (Embase).
var ovidSource = regexp.MustCompile(`^(.+?)\.\s+(\d+[A-Za-z]?)\s*(?:\(([^)]*)\))?\s*(?:\((?:pp\s*)?([^)]*)\)|:\s*([A-Za-z0-9-]+))?,\s*(\d{4})`)

// parseOvidSource fills journal, volume, issue, pages and year from the SO
// field kept in Extra, when the record lacks them.
func parseOvidSource(rec *data.Record) {
	so := rec.ExtraValue("SO")
	if so == "" {
		return
	}
	m := ovidSource.FindStringSubmatch(strings.ReplaceAll(so, "\n", " "))
	if m == nil {
		if rec.Journal == "" {
			if i := strings.Index(so, ". "); i > 0 {
				rec.Journal = so[:i]
			}
		}
		return
	}
	fill := func(p *string, v string) {
		if *p == "" && v != "no pagination" {
			*p = v
		}
	}
	fill(&rec.Journal, m[1])
	fill(&rec.Volume, m[2])
	fill(&rec.Issue, m[3])
	fill(&rec.Pages, m[4]+m[5])
	if rec.Year == 0 {
		rec.Year = quickYear(m[6])
	}
}

// ovidTarget maps Ovid's tags (MEDLINE, Embase, PsycINFO, ERIC segments):
// UI/AN is the key, JN/JT/JA the journal, YR/PY the year.
func ovidTarget(tag string) target {
	switch tag {
	case "UI":
		return target{slotKey, 0}
	case "AN":
		return target{slotKey, 1}
	case "TI":
		return target{slotTitle, 0}
	case "AB":
		return target{slotAbstract, 0}
	case "AU", "FA":
		return target{slotAuthor, 0}
	case "YR":
		return target{slotYear, 0}
	case "PY":
		return target{slotYear, 1}
	case "DP":
		return target{slotYear, 2}
	case "JN", "JT":
		return target{slotJournal, 0}
	case "JA":
		return target{slotJournal, 1}
	case "VO", "VI":
		return target{slotVolume, 0}
	case "IP":
		return target{slotIssue, 0}
	case "PG":
		return target{slotStartPage, 0}
	case "DO":
		return target{slotDOI, 0}
	case "UR", "XL":
		return target{slotURL, 0}
	case "LG":
		return target{slotLanguage, 0}
	case "PT":
		return target{slotType, 0}
	case "ST":
		return target{slotType, 1}
	case "IB":
		return target{slotISBN, 0}
	case "IS":
		return target{slotISBN, 1}
	case "KW", "ID":
		return target{slotKeywordList, 0}
	}
	return target{}
}
