package ingest

import (
	"io"

	"github.com/oversikt/oversikt/data"
)

// risTagLine reports whether text is a RIS-style tag line, "XX  - value",
// "XX  -" or "XX -  value", and where its value starts.
func risTagLine(text []byte) (valStart int, ok bool) {
	if len(text) < 5 || !isUpper(text[0]) || !isUpperOrDigit(text[1]) || text[2] != ' ' {
		return 0, false
	}
	i := 3
	if text[i] == ' ' {
		i++
	}
	if text[i] != '-' {
		return 0, false
	}
	i++
	if i < len(text) && text[i] != ' ' && text[i] != '\t' {
		return 0, false
	}
	return i, true
}

func isUpper(c byte) bool        { return c >= 'A' && c <= 'Z' }
func isUpperOrDigit(c byte) bool { return isUpper(c) || c >= '0' && c <= '9' }

// readRIS reads RIS in the dialects real exporters write: a BOM (removed
// before), CRLF or bare CR line ends, "TY  -  " with two spaces, Ovid's
// numbered records, Cochrane's "Record #n of m" preamble, continuation
// lines and a missing ER at the end of the file. Lines outside a record
// that are not tags are skipped; a record that does not start with TY is
// reported with its line.
func readRIS(r io.Reader, emit func(Parsed) error) error {
	return readRISLines(newLineScanner(r), emit)
}

// readRISLines is readRIS on lines from sc, which may start anywhere a
// record starts (see splitRIS).
func readRISLines(sc *lineScanner, emit func(Parsed) error) error {
	hasTY := false
	t := newTaggedReader(sc, "\n", emit, func(rec *data.Record, fs []data.Field, b *recBuilder) string {
		mapRIS(fs, rec, b)
		if !hasTY {
			return "record does not start with a TY line"
		}
		return ""
	})
	b := &t.b
	afterER := false // the open record saw its ER; only tag lines right after it still belong to it
	for {
		text, raw, ok := sc.next()
		if !ok {
			break
		}
		valStart, tag := risTagLine(text)
		isTY := tag && text[0] == 'T' && text[1] == 'Y'
		if b.open && (isTY && len(b.fields) > 0 || afterER && !tag) {
			if err := t.finish(); err != nil {
				return err
			}
		}
		if !b.open {
			if !tag || text[0] == 'E' && text[1] == 'R' {
				continue // blank lines, "1.", "Record #3 of 18", "Provider: …", a stray ER
			}
			b.start(sc.num)
			hasTY, afterER = isTY, false
		}
		if err := t.fits(raw, "is an ER line missing?"); err != nil {
			return err
		}
		off := b.add(raw)
		switch {
		case tag && text[0] == 'E' && text[1] == 'R':
			afterER = true // Ovid writes NL after ER: wait for the next line
		case tag:
			b.addField(off, text, 2, valStart)
		default:
			b.addCont(off, text, 0)
		}
	}
	return t.end(`no RIS record found (no line starts with "TY  - ")`)
}

// mapRIS maps RIS tags onto rec. Title: TI, T1, CT, BT; journal: JF, T2,
// JO, JA, J1, J2; year: PY, DA, Y1; key: ID, AN, Embase's U2; authors:
// AU and A1.
func mapRIS(fs []data.Field, rec *data.Record, b *recBuilder) {
	assign(fs, rec, b, risTarget)
	if rec.Key != "" {
		return
	}
	// Embase.com puts its accession number ("L373791783") in U2.
	for i, f := range rec.Extra {
		if f.Name == "U2" && len(f.Value) > 5 && f.Value[0] == 'L' && isDigits(f.Value[1:]) {
			rec.Key = f.Value
			rec.Extra = append(rec.Extra[:i], rec.Extra[i+1:]...)
			return
		}
	}
}

func risTarget(tag string) target {
	switch tag {
	case "TY":
		return target{slotType, 0}
	case "TI":
		return target{slotTitle, 0}
	case "T1":
		return target{slotTitle, 1}
	case "CT":
		return target{slotTitle, 2}
	case "BT":
		return target{slotTitle, 3}
	case "AU", "A1":
		return target{slotAuthor, 0}
	case "AB":
		return target{slotAbstract, 0}
	case "N2":
		return target{slotAbstract, 1}
	case "PY":
		return target{slotYear, 0}
	case "DA":
		return target{slotYear, 1}
	case "Y1": // deprecated: DA wins over it
		return target{slotYear, 2}
	case "JF":
		return target{slotJournal, 0}
	case "T2":
		return target{slotJournal, 1}
	case "JO":
		return target{slotJournal, 2}
	case "JA":
		return target{slotJournal, 3}
	case "J1":
		return target{slotJournal, 4}
	case "J2":
		return target{slotJournal, 5}
	case "VL":
		return target{slotVolume, 0}
	case "VO":
		return target{slotVolume, 1}
	case "IS":
		return target{slotIssue, 0}
	case "SP":
		return target{slotStartPage, 0}
	case "EP":
		return target{slotEndPage, 0}
	case "DO":
		return target{slotDOI, 0}
	case "DI":
		return target{slotDOI, 1}
	case "UR":
		return target{slotURL, 0}
	case "LA":
		return target{slotLanguage, 0}
	case "SN":
		return target{slotISBN, 0}
	case "BN":
		return target{slotISBN, 1}
	case "ID":
		return target{slotKey, 0}
	case "AN":
		return target{slotKey, 1}
	case "KW":
		return target{slotKeyword, 0}
	}
	return target{}
}
