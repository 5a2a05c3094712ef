package ingest

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
)

// makeXLSX writes a minimal valid workbook whose first sheet (named by the
// workbook's relationships, not sheet1.xml) holds sheetData, with the
// given shared strings.
func makeXLSX(t *testing.T, sheetData string, shared string) []byte {
	t.Helper()
	return makeXLSXStyled(t, sheetData, shared, "", "")
}

// makeXLSXStyled is makeXLSX with xl/styles.xml holding styles (the
// <numFmts> and <cellXfs> elements) when it is not "", and workbookPr
// (e.g. `<workbookPr date1904="1"/>`) in xl/workbook.xml.
func makeXLSXStyled(t *testing.T, sheetData, shared, styles, workbookPr string) []byte {
	t.Helper()
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` + workbookPr + `<sheets><sheet name="Records" sheetId="1" r:id="rId7"/><sheet name="Other" sheetId="2" r:id="rId8"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + shared + `</sst>`},
		{"xl/worksheets/data.xml", `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>`},
	}
	if styles != "" {
		parts = append(parts, struct{ name, body string }{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + styles + `</styleSheet>`})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		// Stored, not deflated: damage in TestXLSXMutations reaches the XML.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testWorkbook has a preamble row, shared strings (one rich text with a
// phonetic run), inline strings, numbers, a boolean label, a sparse row
// and an empty row.
func testWorkbook(t *testing.T) []byte {
	shared := `<si><t>Title</t></si><si><t>Authors</t></si><si><t>Publication Year</t></si><si><t>DOI</t></si>` +
		`<si><r><t>Rich </t></r><r><rPr><b/></rPr><t>title</t></r><rPh><t>ignored</t></rPh></si>` +
		`<si><t>Smith, J; Jones, K</t></si><si><t>included</t></si><si><t>Notes</t></si><si><t>Søren &amp; Åse</t></si>`
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>SEARCH QUERY</t></is></c><c r="B1" t="inlineStr"><is><t>dinosaur:ti</t></is></c></row>` +
		`<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v></c><c r="D3" t="s"><v>3</v></c><c r="E3" t="s"><v>6</v></c><c r="F3" t="s"><v>7</v></c></row>` +
		`<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" t="s"><v>5</v></c><c r="C4"><v>2019</v></c><c r="D4" t="str"><v>10.1000/XYZ</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="s"><v>8</v></c></row>` +
		`<row r="5"></row>` +
		`<row r="6"><c r="A6" t="inlineStr"><is><t>Sparse</t></is></c><c r="E6"><v>0</v></c></row>`
	return makeXLSX(t, rows, shared)
}

func TestXLSX(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.xlsx")
	if err := os.WriteFile(path, testWorkbook(t), 0o600); err != nil {
		t.Fatal(err)
	}
	var recs []data.Record
	res, err := ReadFile(path, FormatAuto, func(r data.Record) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		t.Fatalf("ReadFile: %v", err)
	}
	if res.Format != FormatXLSX || len(recs) != 2 {
		t.Fatalf("format %s, %d records (%v); want xlsx, 2", res.Format, len(recs), res.Problems)
	}
	r := recs[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"Line", r.Line, 4}, {"Title", r.Title, "Rich title"}, {"Authors", strings.Join(r.Authors, "|"), "Smith, J|Jones, K"},
		{"Year", r.Year, 2019}, {"DOI", r.DOI, "10.1000/xyz"}, {"Notes", r.ExtraValue("Notes"), "Søren & Åse"},
		{"Raw", r.Raw, "Rich title\tSmith, J; Jones, K\t2019\t10.1000/XYZ\tTRUE\tSøren & Åse"},
		{"second Line", recs[1].Line, 6}, {"second Title", recs[1].Title, "Sparse"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	for i, want := range []bool{true, false} {
		if inc, ok := Label(recs[i]); !ok || inc != want {
			t.Errorf("record %d: Label() = %v, %v; want %v, true", i, inc, ok, want)
		}
	}
}

// TestXLSXDates reads numbers in date styles (built-in and custom) as
// ISO dates, and numbers in other styles as stored; a workbook in the
// 1904 day count gives the same dates 1 462 days later.
func TestXLSXDates(t *testing.T) {
	styles := `<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd;@"/><numFmt numFmtId="165" formatCode="[Red]0.00"/>` +
		`<numFmt numFmtId="166" formatCode="&quot;day &quot;0"/></numFmts>` +
		`<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="22"/><xf numFmtId="166"/></cellXfs>`
	header := `<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c><c r="B1" t="inlineStr"><is><t>Publication Date</t></is></c><c r="C1" t="inlineStr"><is><t>Pages</t></is></c></row>`
	row := func(n int, date, style, pages string) string {
		r := strconv.Itoa(n)
		return `<row r="` + r + `"><c r="A` + r + `" t="inlineStr"><is><t>T` + r + `</t></is></c><c r="B` + r + `" s="` + style + `"><v>` + date +
			`</v></c><c r="C` + r + `" s="3"><v>` + pages + `</v></c></row>`
	}
	sheet := header + row(2, "43466", "1", "12") + row(3, "44562", "2", "7") + row(4, "2019", "0", "3") +
		row(5, "43466.5", "4", "1") + row(6, "59", "1", "2") + row(7, "61", "1", "2") + row(8, "43466", "5", "2")
	var recs []data.Record
	err := readXLSX(bytes.NewReader(makeXLSXStyled(t, sheet, "", styles, "")), func(p Parsed) error {
		recs = append(recs, p.Record)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		date string
		year int
	}{
		{"2019-01-01", 2019}, // built-in m/d/yyyy
		{"2022-01-01", 2022}, // custom yyyy-mm-dd
		{"2019", 2019},       // a plain number stays a number
		{"2019-01-01 12:00:00", 2019},
		{"1900-02-28", 1900}, // day 59; Excel counts a 29 February 1900 as day 60,
		{"1900-03-01", 1900}, // so day 61 is 1 March
		{"43466", 0},         // "day "0 is no date format
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	wb1904 := makeXLSXStyled(t, header+row(2, "42004", "1", "1"), "", styles, `<workbookPr date1904="1"/>`)
	var got []string
	err = readXLSX(bytes.NewReader(wb1904), func(p Parsed) error {
		got = append(got, strings.Split(p.Record.Raw, "\t")[1])
		return nil
	})
	if err != nil || len(got) != 1 || got[0] != "2019-01-01" {
		t.Errorf("1904 workbook: dates %q, %v; want [2019-01-01]", got, err)
	}
	for i, w := range want {
		if got := strings.Split(recs[i].Raw, "\t")[1]; got != w.date || recs[i].Year != w.year {
			t.Errorf("row %d: date %q, year %d; want %q, %d", i+2, got, recs[i].Year, w.date, w.year)
		}
		if pages := strings.Split(recs[i].Raw, "\t")[2]; strings.Contains(pages, "-") {
			t.Errorf("row %d: pages %q in a [Red] number style read as a date", i+2, pages)
		}
	}
}

func TestXLSXHeaderFallback(t *testing.T) {
	rows := `<row r="1"><c t="inlineStr"><is><t>Name</t></is></c><c t="inlineStr"><is><t>Remark</t></is></c></row>` +
		`<row r="2"><c t="inlineStr"><is><t>A</t></is></c><c><v>1.5</v></c></row>`
	var got []Parsed
	err := readXLSX(bytes.NewReader(makeXLSX(t, rows, "")), func(p Parsed) error { got = append(got, p); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Record.ExtraValue("Name") != "A" || got[0].Record.ExtraValue("Remark") != "1.5" || got[0].Record.Line != 2 {
		t.Errorf("got %+v, want one record Name=A Remark=1.5 at line 2", got)
	}
}

func TestXLSXBad(t *testing.T) {
	good := testWorkbook(t)
	tests := []struct {
		name, in, wantErr string
		limit             int64
	}{
		{"over the size cap", string(good), "workbook larger than", int64(len(good) - 1)},
		{"not a zip", "PK\x03\x04 junk", "not a valid XLSX", maxXLSXBytes},
		{"truncated", string(good[:len(good)/2]), "not a valid XLSX", maxXLSXBytes},
		{"empty", "", "not a valid XLSX", maxXLSXBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readXLSXLimit(strings.NewReader(tt.in), tt.limit, func(Parsed) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	t.Run("broken sheet XML", func(t *testing.T) {
		b := makeXLSX(t, `<row r="1"><c r="A1"><v>Title</v></c><c r="B1"><v>DOI</v></c></row><row r="2"><c`, "")
		err := readXLSX(bytes.NewReader(b), func(Parsed) error { return nil })
		if err == nil {
			t.Error("no error for a broken sheet")
		}
	})
}

// TestXLSXMutations damages a valid workbook byte by byte: errors are
// fine, panics and records without a line are not.
func TestXLSXMutations(t *testing.T) {
	good := testWorkbook(t)
	for i := 0; i < len(good); i += 3 {
		b := bytes.Clone(good)
		b[i] ^= 0x5a
		err := readXLSX(bytes.NewReader(b), func(p Parsed) error {
			if p.Record.Line < 1 {
				t.Fatalf("byte %d changed: record with line %d", i, p.Record.Line)
			}
			return nil
		})
		_ = err
	}
}
