package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
)

// maxXLSXBytes caps the workbook read into memory (a zip needs random
// access).
const maxXLSXBytes = 200 << 20

// maxSharedStrings caps the text of a workbook's shared strings, which
// are held in memory while the sheet streams.
const maxSharedStrings = 256 << 20

// maxColumns is Excel's own column limit (XFD).
const maxColumns = 16384

// readXLSX reads the first sheet of an Excel workbook with our own small
// reader (archive/zip and encoding/xml): shared strings, inline strings,
// numbers, dates (numbers in a date style, written as ISO dates) and
// booleans, the header found as for CSV, the rows streamed
// through the same column map. Line is the spreadsheet's row number; Raw
// is the row's cells joined by tabs.
func readXLSX(r io.Reader, emit func(Parsed) error) error {
	return readXLSXLimit(r, maxXLSXBytes, emit)
}

func readXLSXLimit(r io.Reader, limit int64, emit func(Parsed) error) error {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return err
	}
	if int64(len(b)) > limit {
		return fmt.Errorf("workbook larger than %d MB: save the sheet as CSV and ingest that", limit>>20)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fmt.Errorf("read workbook: not a valid XLSX (zip) file: %w", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	sheet, err := firstSheet(files)
	if err != nil {
		return err
	}
	shared, err := sharedStrings(files["xl/sharedStrings.xml"])
	if err != nil {
		return err
	}
	dates, err := dateStyles(files["xl/styles.xml"], files["xl/workbook.xml"])
	if err != nil {
		return err
	}
	f, ok := files[sheet]
	if !ok {
		return fmt.Errorf("read workbook: sheet %s is missing", sheet)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("read workbook sheet: %w", err)
	}
	defer rc.Close()
	return readSheet(rc, shared, dates, emit)
}

// dateSystem is how a workbook counts days: from 1900 (Excel's
// default) or from 1904 (old Excel for Mac).
type dateSystem int

const (
	noDates dateSystem = iota
	dates1900
	dates1904
)

// dateStyles reads xl/styles.xml and says of each cell style (a cell's s
// attribute) whether it shows numbers as dates, and in which day count
// (from xl/workbook.xml): Excel stores a date as a number of days.
func dateStyles(f, workbook *zip.File) ([]dateSystem, error) {
	if f == nil {
		return nil, nil
	}
	system := dates1900
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
	}
	if decodePart(workbook, &wb) == nil && (wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true") {
		system = dates1904
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmt int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := decodePart(f, &st); err != nil {
		return nil, fmt.Errorf("read workbook styles: %w", err)
	}
	custom := map[int]bool{}
	for _, n := range st.NumFmts {
		custom[n.ID] = isDateFormat(n.Code)
	}
	dates := make([]dateSystem, len(st.Xfs))
	for i, x := range st.Xfs {
		id := x.NumFmt // built-in date formats: 14–17, 22, 27–36, 50–58
		if id >= 14 && id <= 17 || id == 22 || id >= 27 && id <= 36 || id >= 50 && id <= 58 || custom[id] {
			dates[i] = system
		}
	}
	return dates, nil
}

// isDateFormat reports whether a number format code shows a date: it
// has a day or year part outside quoted text, escapes and [colour] or
// [$-locale] sections.
func isDateFormat(code string) bool {
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case bracket:
		case c == 'd' || c == 'D' || c == 'y' || c == 'Y':
			return true
		}
	}
	return false
}

// excelDate turns a date cell's number into an ISO date, with the time
// when it has one. In the 1900 system day 1 is 1 January 1900 and Excel
// counts a 29 February 1900; in the 1904 system day 0 is 1 January 1904.
func excelDate(v string, system dateSystem) (string, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f >= 2958466 { // up to 9999-12-31
		return "", false
	}
	days := math.Floor(f)
	secs := int(math.Round((f - days) * 86400))
	base := time.Date(1899, 12, 30, 0, 0, secs, 0, time.UTC)
	switch {
	case system == dates1904:
		base = time.Date(1904, 1, 1, 0, 0, secs, 0, time.UTC)
	case days < 1:
		return "", false
	case days < 61:
		days++ // before Excel's 29 February 1900
	}
	t := base.AddDate(0, 0, int(days))
	if secs == 0 {
		return t.Format("2006-01-02"), true
	}
	return t.Format("2006-01-02 15:04:05"), true
}

// firstSheet finds the first sheet's part name through xl/workbook.xml and
// its relationships, falling back to xl/worksheets/sheet1.xml.
func firstSheet(files map[string]*zip.File) (string, error) {
	const fallback = "xl/worksheets/sheet1.xml"
	var wb struct {
		Sheets []struct {
			ID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(files["xl/workbook.xml"], &wb); err != nil || len(wb.Sheets) == 0 {
		if _, ok := files[fallback]; ok {
			return fallback, nil
		}
		return "", errors.New("read workbook: no sheet found (xl/workbook.xml lists none)")
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(files["xl/_rels/workbook.xml.rels"], &rels); err == nil {
		for _, rel := range rels.Rel {
			if rel.ID != wb.Sheets[0].ID {
				continue
			}
			if strings.HasPrefix(rel.Target, "/") {
				return strings.TrimPrefix(rel.Target, "/"), nil
			}
			return path.Join("xl", rel.Target), nil
		}
	}
	return fallback, nil
}

// decodePart unmarshals one small XML part of the workbook.
func decodePart(f *zip.File, v any) error {
	if f == nil {
		return errors.New("missing")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 16<<20)).Decode(v)
}

// sharedStrings reads xl/sharedStrings.xml: each <si> is one string, the
// text of its <t> elements (rich-text runs joined; phonetic runs skipped).
func sharedStrings(f *zip.File) ([]string, error) {
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("read shared strings: %w", err)
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var out []string
	var cur strings.Builder
	inT, inPhonetic, total := false, 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read shared strings: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				cur.Reset()
			case "t":
				inT = true
			case "rPh":
				inPhonetic++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				out = append(out, cur.String())
			case "t":
				inT = false
			case "rPh":
				inPhonetic--
			}
		case xml.CharData:
			if inT && inPhonetic == 0 {
				cur.Write(t)
				if total += len(t); total > maxSharedStrings {
					return nil, fmt.Errorf("read shared strings: more than %d MB of text", maxSharedStrings>>20)
				}
			}
		}
	}
}

// sheetCell is the cell being read.
type sheetCell struct {
	col   int
	typ   string
	date  dateSystem // a number in a date style: its day count
	value strings.Builder
}

// readSheet streams a worksheet's rows into records.
func readSheet(r io.Reader, shared []string, dates []dateSystem, emit func(Parsed) error) error {
	d := xml.NewDecoder(r)
	var (
		row     []string
		rowNum  int
		cell    *sheetCell
		inValue bool
		table   sheetTable
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return table.flush(emit)
		}
		if err != nil {
			return &LineError{Line: rowNum, Err: fmt.Errorf("read sheet: %w", err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				rowNum++
				if n, err := strconv.Atoi(attr(t, "r")); err == nil && n > 0 {
					rowNum = n
				}
				row = row[:0]
			case "c":
				cell = &sheetCell{col: len(row), typ: attr(t, "t")}
				if i, err := strconv.Atoi(attr(t, "s")); err == nil && i >= 0 && i < len(dates) {
					if cell.typ == "" || cell.typ == "n" {
						cell.date = dates[i]
					}
				}
				if c, ok := columnIndex(attr(t, "r")); ok {
					cell.col = c
				}
			case "v", "t":
				inValue = cell != nil
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inValue = false
			case "c":
				if cell != nil && cell.col < maxColumns {
					for len(row) <= cell.col {
						row = append(row, "")
					}
					row[cell.col] = cellValue(cell, shared)
				}
				cell = nil
			case "row":
				if err := table.row(row, rowNum, emit); err != nil {
					return err
				}
			}
		case xml.CharData:
			if inValue {
				cell.value.Write(t)
			}
		}
	}
}

// sheetTable finds the header among a sheet's first rows, as sniffTable
// does for text: the first row with two known column names, else the
// first row. Rows before the header is known are held (at most 50).
type sheetTable struct {
	cols    *columnMap
	pending [][]string
	lines   []int
}

const headerRows = 50

func (s *sheetTable) row(row []string, num int, emit func(Parsed) error) error {
	if blankRow(row) {
		return nil
	}
	if s.cols != nil {
		return s.emit(row, num, emit)
	}
	known := 0
	for _, v := range row {
		if isKnownColumn(v) {
			known++
		}
	}
	if known >= 2 {
		s.cols, s.pending, s.lines = newColumnMap(row), nil, nil
		return nil
	}
	s.pending = append(s.pending, append([]string(nil), row...))
	s.lines = append(s.lines, num)
	if len(s.pending) < headerRows {
		return nil
	}
	return s.flush(emit)
}

// flush settles for the first held row as the header and emits the rest.
func (s *sheetTable) flush(emit func(Parsed) error) error {
	if s.cols != nil || len(s.pending) == 0 {
		return nil
	}
	s.cols = newColumnMap(s.pending[0])
	for i, row := range s.pending[1:] {
		if err := s.emit(row, s.lines[i+1], emit); err != nil {
			return err
		}
	}
	s.pending, s.lines = nil, nil
	return nil
}

func (s *sheetTable) emit(row []string, num int, emit func(Parsed) error) error {
	rec := s.cols.record(row)
	rec.Line, rec.Raw = num, strings.Join(row, "\t")
	return emit(Parsed{Record: rec})
}

// cellValue is a cell's text: shared and inline strings as written,
// booleans as TRUE/FALSE, dates as ISO dates, other numbers as stored.
func cellValue(c *sheetCell, shared []string) string {
	v := c.value.String()
	if c.date != noDates {
		if d, ok := excelDate(v, c.date); ok {
			return d
		}
	}
	switch c.typ {
	case "s":
		if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && i >= 0 && i < len(shared) {
			return shared[i]
		}
		return ""
	case "b":
		if strings.TrimSpace(v) == "1" {
			return "TRUE"
		}
		return "FALSE"
	}
	return v
}

// columnIndex reads the column of a cell reference ("B12" → 1).
func columnIndex(ref string) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		n = n*26 + int(ref[i]-'A'+1)
		if n > maxColumns {
			return 0, false
		}
	}
	return n - 1, i > 0
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
