package ingest

import (
	"io"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// wosTagLine reports whether text is a Web of Science tag line: two
// capitals (or a capital and a digit), then a space and the value.
func wosTagLine(text []byte) bool {
	return len(text) >= 2 && isUpper(text[0]) && isUpperOrDigit(text[1]) && (len(text) == 2 || text[2] == ' ')
}

// readWoS reads Web of Science tagged text (also Zoological Record and the
// other Clarivate databases): an FN/VR header, records from PT to ER with
// two-letter tags and three-space continuation lines, EF at the end. In
// lists (AU, AF, CR …) each continuation line is one more item.
func readWoS(r io.Reader, emit func(Parsed) error) error {
	t := newTaggedReader(newLineScanner(r), "\n", emit, func(rec *data.Record, fs []data.Field, b *recBuilder) string {
		assign(fs, rec, b, wosTarget)
		for i, a := range rec.Authors {
			rec.Authors[i] = stripEmail(a)
		}
		if rec.Key == "" {
			rec.Key = rec.ExtraValue("AN")
		}
		return ""
	})
	sc, b := t.sc, &t.b
	for {
		text, raw, ok := sc.next()
		if !ok {
			break
		}
		tag := wosTagLine(text)
		if !b.open {
			if !tag || isWoSFileTag(text) {
				continue
			}
			b.start(sc.num)
		} else if tag && text[0] == 'P' && text[1] == 'T' && len(b.fields) > 0 {
			if err := t.finish(); err != nil { // ER missing
				return err
			}
			b.start(sc.num)
		}
		if err := t.fits(raw, "is an ER line missing?"); err != nil {
			return err
		}
		off := b.add(raw)
		switch {
		case tag && text[0] == 'E' && text[1] == 'R' && len(text) == 2:
			if err := t.finish(); err != nil {
				return err
			}
		case tag:
			b.addField(off, text, 2, 2)
		default:
			b.addCont(off, text, 0)
		}
	}
	// A record opens on a tag line other than ER, so an open one has fields.
	return t.end(`no Web of Science record found (no line starts with "PT ")`)
}

// isWoSFileTag reports the header and footer lines of a whole file.
func isWoSFileTag(text []byte) bool {
	t := string(text[:2])
	return t == "FN" || t == "VR" || t == "EF" || t == "ER"
}

// stripEmail removes the e-mail address Zoological Record puts after a
// name: "Stillman, Andrew N. (andrew.stillman@uconn.edu)".
func stripEmail(a string) string {
	if i := strings.LastIndexByte(a, '('); i > 0 && strings.Contains(a[i:], "@") {
		return strings.TrimSpace(a[:i])
	}
	return a
}

// wosTarget maps Web of Science tags: full names (AF) over short ones (AU),
// the accession number UT as key, author keywords (DE) and Keywords Plus
// (ID) split at ";".
func wosTarget(tag string) target {
	switch tag {
	case "UT":
		return target{slotKey, 0}
	case "TI":
		return target{slotTitle, 0}
	case "AB":
		return target{slotAbstract, 0}
	case "AF":
		return target{slotAuthor, 0}
	case "AU":
		return target{slotAuthorAlt, 0}
	case "PY":
		return target{slotYear, 0}
	case "EA":
		return target{slotYear, 1}
	case "SO":
		return target{slotJournal, 0}
	case "SE":
		return target{slotJournal, 1}
	case "VL":
		return target{slotVolume, 0}
	case "IS":
		return target{slotIssue, 0}
	case "BP":
		return target{slotStartPage, 0}
	case "PS":
		return target{slotStartPage, 1}
	case "AR":
		return target{slotStartPage, 2}
	case "EP":
		return target{slotEndPage, 0}
	case "DI":
		return target{slotDOI, 0}
	case "D2":
		return target{slotDOI, 1}
	case "PM":
		return target{slotPMID, 0}
	case "BN":
		return target{slotISBN, 0}
	case "LA":
		return target{slotLanguage, 0}
	case "DT":
		return target{slotType, 0}
	case "PT":
		return target{slotType, 1}
	case "DE", "ID":
		return target{slotKeywordList, 0}
	}
	return target{}
}
