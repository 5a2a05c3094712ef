package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// seedMax caps a seed's size: big seeds slow every fuzz iteration, and a
// cut file is a good seed in itself (a truncated export).
const seedMax = 32 << 10

// seedFuzz adds the corpus files matching the patterns (relative to the
// corpus) as seeds, cut to seedMax, plus a few hand-made edge cases. It
// adds no corpus seed when the corpus is absent.
func seedFuzz(f *testing.F, patterns ...string) {
	f.Add([]byte{})
	f.Add([]byte("\x00\xff\xfe\r\r\n\n"))
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join(corpusDir, p))
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				continue
			}
			b = bytes.TrimPrefix(b, bomUTF8)
			if len(b) > seedMax {
				f.Add(b[:seedMax/2])
				b = b[:seedMax]
			}
			f.Add(b)
		}
	}
}

// fuzzReader runs read on in and checks what any reader must guarantee:
// no panic, records with a line number, normalisation that does not panic,
// and an error (not a hang or a crash) for what it cannot read.
func fuzzReader(t *testing.T, read readFunc, in []byte) {
	err := read(bytes.NewReader(in), func(p Parsed) error {
		if p.Record.Line < 1 {
			t.Fatalf("record with Line %d, want ≥ 1", p.Record.Line)
		}
		normalize(&p.Record)
		_ = validate(&p.Record)
		return nil
	})
	if err != nil && strings.Contains(err.Error(), "not written yet") {
		t.Skip(err)
	}
}

// fuzzTagged is fuzzReader for the line-based readers, which also keep
// each record's text verbatim.
func fuzzTagged(t *testing.T, read readFunc, in []byte) {
	s := string(in)
	err := read(strings.NewReader(s), func(p Parsed) error {
		if p.Record.Line < 1 || p.Record.Line > strings.Count(s, "\n")+1 {
			t.Fatalf("record Line %d outside the input's %d lines", p.Record.Line, strings.Count(s, "\n")+1)
		}
		if !strings.Contains(s, p.Record.Raw) {
			t.Fatalf("Raw %q is not verbatim input", p.Record.Raw)
		}
		normalize(&p.Record)
		return nil
	})
	_ = err // any error is fine; a panic is not
}

func FuzzRIS(f *testing.F) {
	seedFuzz(f, "ris/*", "zotero-testcases/ris.json")
	f.Add([]byte("1.\nTY  - JOUR\nTI  - A\r\rB\nER  -\nNL  - x\n\nTY  -  BOOK\nAU  -"))
	f.Fuzz(func(t *testing.T, in []byte) { fuzzTagged(t, readRIS, in) })
}

func FuzzMedline(f *testing.F) {
	seedFuzz(f, "medline/*")
	f.Add([]byte("PMID- 1\nTI  - A\n      b\nISSN - 1\n\nPMID-"))
	f.Fuzz(func(t *testing.T, in []byte) { fuzzTagged(t, readMedline, in) })
}

func FuzzWoS(f *testing.F) {
	seedFuzz(f, "wos-tagged/*")
	f.Add([]byte("FN x\nVR 1.0\nPT J\nAU A\n   B\nER\nPT"))
	f.Fuzz(func(t *testing.T, in []byte) { fuzzTagged(t, readWoS, in) })
}

func FuzzOvid(f *testing.F) {
	seedFuzz(f, "ovid/*")
	f.Add([]byte("<1. >\nSO  - J. 1(2):3-4, 2001.\n<2. >"))
	f.Fuzz(func(t *testing.T, in []byte) { fuzzTagged(t, readOvid, in) })
}

func FuzzBibTeX(f *testing.F) {
	seedFuzz(f, "bibtex/*.bib")
	f.Fuzz(func(t *testing.T, in []byte) { fuzzReader(t, readBibTeX, in) })
}

func FuzzEndNoteXML(f *testing.F) {
	seedFuzz(f, "endnote-xml/*.xml")
	f.Fuzz(func(t *testing.T, in []byte) { fuzzReader(t, readEndNoteXML, in) })
}

func FuzzPubMedXML(f *testing.F) {
	seedFuzz(f, "pubmed-xml/*.xml")
	f.Fuzz(func(t *testing.T, in []byte) { fuzzReader(t, readPubMedXML, in) })
}

func FuzzJATS(f *testing.F) {
	seedFuzz(f, "pubmed-xml/*.nxml")
	f.Fuzz(func(t *testing.T, in []byte) { fuzzReader(t, readJATS, in) })
}

func FuzzCSV(f *testing.F) {
	seedFuzz(f, "csv/*.csv", "labelled/*.csv")
	f.Fuzz(func(t *testing.T, in []byte) { fuzzReader(t, readCSV, in) })
}

func FuzzTSV(f *testing.F) {
	seedFuzz(f, "tsv/*.tsv")
	f.Fuzz(func(t *testing.T, in []byte) { fuzzReader(t, readTSV, in) })
}

func FuzzXLSX(f *testing.F) {
	seedFuzz(f, "xlsx/*.xlsx")
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"))
	f.Fuzz(func(t *testing.T, in []byte) { fuzzReader(t, readXLSX, in) })
}

func FuzzHTML(f *testing.F) {
	seedFuzz(f, "html/*.html")
	f.Fuzz(func(t *testing.T, in []byte) { fuzzReader(t, readHTML, in) })
}

// FuzzDetect checks that format detection never panics and names only
// formats that exist.
func FuzzDetect(f *testing.F) {
	seedFuzz(f, "*/*")
	f.Fuzz(func(t *testing.T, in []byte) {
		got := Detect(in)
		if got == "" {
			return
		}
		for _, known := range Formats {
			if got == known {
				return
			}
		}
		t.Fatalf("Detect = %q, not a known format", got)
	})
}

// FuzzCleanText checks CleanText's fast paths against the plain
// definition: NFC, white space runs folded to one space, trimmed.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", " a  b ", "a\tb\r\nc", "ok text", "x\u00a0y", "e\u0301", "\u0085z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.FieldsFunc(norm.NFC.String(s), unicode.IsSpace), " ")
		if got := CleanText(s); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", s, got, want)
		}
		if !strings.ContainsAny(s, "\r\n") && cleanParagraphs(s) != want {
			t.Errorf("cleanParagraphs(%q) = %q, want %q", s, cleanParagraphs(s), want)
		}
	})
}

// FuzzHasDOI checks the readers' quick DOI test against NormalizeDOI.
func FuzzHasDOI(f *testing.F) {
	for _, s := range []string{"10.1000/x", "doi:10.12345/ab c", "10.123/x", "10.1234/ ", "x10.1234567890/y", "10.10.1234/z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasDOI(s), NormalizeDOI(s) != ""; got != want {
			t.Errorf("hasDOI(%q) = %v, NormalizeDOI finds a DOI: %v", s, got, want)
		}
	})
}
