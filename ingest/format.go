// Package ingest reads the export files review teams really have — RIS,
// MEDLINE, PubMed XML, JATS, Web of Science, Ovid, BibTeX, EndNote XML,
// CSV/TSV/XLSX and web pages — normalises their records and hands them to
// the data store, reporting every bad record by file and line.
package ingest

import (
	"bytes"
	"fmt"
	"io"
	"regexp"

	"github.com/oversikt/oversikt/data"
)

// Format names an export format.
type Format string

// The formats ingest reads.
const (
	FormatAuto       Format = "auto"
	FormatRIS        Format = "ris"
	FormatMedline    Format = "medline"
	FormatPubMedXML  Format = "pubmed-xml"
	FormatJATS       Format = "jats"
	FormatWoS        Format = "wos"
	FormatOvid       Format = "ovid"
	FormatBibTeX     Format = "bibtex"
	FormatEndNoteXML Format = "endnote-xml"
	FormatCSV        Format = "csv"
	FormatTSV        Format = "tsv"
	FormatXLSX       Format = "xlsx"
	FormatHTML       Format = "html"
)

// Formats lists every concrete format, in the order --help shows them.
var Formats = []Format{FormatRIS, FormatMedline, FormatPubMedXML, FormatJATS, FormatWoS, FormatOvid,
	FormatBibTeX, FormatEndNoteXML, FormatCSV, FormatTSV, FormatXLSX, FormatHTML}

// Parsed is what a reader yields for one record: the record with Line and
// Raw set, or, when Problem is not empty, a record rejected for that reason
// (Line still set, so the user can find it).
type Parsed struct {
	Record  data.Record
	Problem string
}

// LineError is a problem with the file as a whole (truncated XML, binary
// junk) at a known line.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// readFunc parses one format. It reads UTF-8 text (XLSX: the file's bytes)
// and calls emit for each record in file order; an error from emit stops it
// and is returned.
type readFunc func(r io.Reader, emit func(Parsed) error) error

func readerFor(f Format) (readFunc, error) {
	switch f {
	case FormatRIS:
		return readRIS, nil
	case FormatMedline:
		return readMedline, nil
	case FormatPubMedXML:
		return readPubMedXML, nil
	case FormatJATS:
		return readJATS, nil
	case FormatWoS:
		return readWoS, nil
	case FormatOvid:
		return readOvid, nil
	case FormatBibTeX:
		return readBibTeX, nil
	case FormatEndNoteXML:
		return readEndNoteXML, nil
	case FormatCSV:
		return readCSV, nil
	case FormatTSV:
		return readTSV, nil
	case FormatXLSX:
		return readXLSX, nil
	case FormatHTML:
		return readHTML, nil
	}
	return nil, fmt.Errorf("unknown format %q (known: %v)", f, Formats)
}

var (
	risTag      = regexp.MustCompile(`(?m)^TY  ?-`)
	medlineTag  = regexp.MustCompile(`(?m)^PMID- ?\d`)
	ovidHeader  = regexp.MustCompile(`(?m)^<\d+\. ?>`)
	wosTag      = regexp.MustCompile(`(?m)^(FN|PT) [A-Z]`)
	wosField    = regexp.MustCompile(`(?m)^(TI|AU|SO|UT|AB|PY) \S`)
	bibtexEntry = regexp.MustCompile(`(?m)^\s*@[A-Za-z]+\s*[{(]`)
	xmlDecl     = regexp.MustCompile(`^\s*<`)
)

// Detect names the format of a file from the start of its content (BOM
// already removed), never from its name. It returns "" when it cannot tell.
func Detect(head []byte) Format {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatXLSX
	case xmlDecl.Match(head):
		lower := bytes.ToLower(head)
		switch {
		case bytes.Contains(head, []byte("<PubmedArticle")), bytes.Contains(head, []byte("<PubmedBookArticle")):
			return FormatPubMedXML
		case bytes.Contains(lower, []byte("<records>")), bytes.Contains(lower, []byte("<xml><records")):
			return FormatEndNoteXML
		case bytes.Contains(lower, []byte("<html")), bytes.Contains(lower, []byte("<!doctype html")):
			return FormatHTML // before JATS: web pages have <article> elements too
		case bytes.Contains(head, []byte("JATS")), bytes.Contains(head, []byte("<article ")), bytes.Contains(head, []byte("<article>")):
			return FormatJATS
		}
	}
	switch {
	case ovidHeader.Match(head):
		return FormatOvid
	case medlineTag.Match(head):
		return FormatMedline
	case risTag.Match(head):
		return FormatRIS
	case wosTag.Match(head) && wosField.Match(head):
		return FormatWoS
	case bibtexEntry.Match(head):
		return FormatBibTeX
	}
	return detectDelimited(head)
}

// detectDelimited tells CSV from TSV by the first line with content.
func detectDelimited(head []byte) Format {
	for _, line := range bytes.Split(head, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		tabs, commas, semis := bytes.Count(line, []byte("\t")), bytes.Count(line, []byte(",")), bytes.Count(line, []byte(";"))
		switch {
		case tabs > 0 && tabs >= commas && tabs >= semis:
			return FormatTSV
		case commas > 0 || semis > 0:
			return FormatCSV
		}
		return ""
	}
	return ""
}
