package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readCSV reads a comma- or semicolon-separated export (or a tab-separated
// one named CSV); see readDelimited.
func readCSV(r io.Reader, emit func(Parsed) error) error {
	return readDelimited(r, ',', emit)
}

// sniffSize is how much of a table is looked at to find its header line
// and delimiter; preamble lines must fit in it.
const sniffSize = 64 << 10

// maxRowBytes bounds one row: a quote that is never closed would
// otherwise swallow the rest of the file into one field.
const maxRowBytes = 64 << 20

var errRowTooLong = errors.New("row longer than 64 MiB: a quoted field is probably not closed")

// readDelimited reads a delimited table (CSV, TSV, semicolons) row by row.
// The header is the first line of the first lines with at least two
// column names we know, with the delimiter that finds most (prefer breaks
// ties); lines before it are a preamble and skipped. Each row becomes a
// record mapped by columnMap, with Line the physical line where the row
// starts and Raw the row's exact text. A row with a different number of
// fields than the header is taken when it still carries a title or an
// identifier, else reported as a problem; rows of empty cells are skipped.
func readDelimited(r io.Reader, prefer rune, emit func(Parsed) error) error {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(sniffSize)
	skip, skipLines, comma := sniffTable(head, prefer)
	if _, err := br.Discard(skip); err != nil {
		return err
	}
	rec := &recorder{r: br}
	cr := csv.NewReader(rec)
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord = comma, true, -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return rowError(err, skipLines+1)
	}
	cols := newColumnMap(header)
	prev := rec.drop(cr.InputOffset())
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		line += skipLines
		if err != nil {
			return rowError(err, line)
		}
		off := cr.InputOffset()
		raw := rec.take(prev, off)
		prev = off
		if blankRow(row) {
			continue
		}
		p := Parsed{Record: cols.record(row)}
		p.Record.Line, p.Record.Raw = line, raw
		if len(row) != len(header) && p.Record.Title == "" && p.Record.DOI == "" && p.Record.PMID == "" {
			p.Problem = fmt.Sprintf("row has %s where the header has %d, and no title or identifier: not a record", plural(len(row), "field"), len(header))
		}
		if err := emit(p); err != nil {
			return err
		}
	}
}

// plural says "1 field", "3 fields".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// rowError reports a table that cannot be read on from line.
func rowError(err error, line int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &LineError{Line: line, Err: err}
}

func blankRow(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// sniffTable finds the header line in the first bytes of a table: the
// first of up to 50 lines that has at least two known column names under
// some delimiter. It returns the byte offset and number of the lines
// before it, and the delimiter. Without such a line the header is the
// first line that is not blank, and the delimiter the one it has most of.
func sniffTable(head []byte, prefer rune) (skip, lines int, comma rune) {
	delims := []rune{prefer}
	for _, d := range []rune{',', ';', '\t'} {
		if d != prefer {
			delims = append(delims, d)
		}
	}
	firstSkip, firstLines, off := -1, 0, 0
	for n := 0; n < 50 && off < len(head); n++ {
		end := bytes.IndexByte(head[off:], '\n')
		if end < 0 {
			end = len(head) - off
		}
		line := bytes.TrimRight(head[off:off+end], "\r")
		if len(bytes.TrimSpace(line)) > 0 {
			if firstSkip < 0 {
				firstSkip, firstLines = off, n
			}
			bestKnown, bestDelim := 0, rune(0)
			for _, d := range delims {
				if k := knownColumns(line, d); k > bestKnown {
					bestKnown, bestDelim = k, d
				}
			}
			if bestKnown >= 2 {
				return off, n, bestDelim
			}
		}
		off += end + 1
	}
	if firstSkip < 0 {
		return 0, 0, prefer
	}
	line := head[firstSkip:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	comma = prefer
	for _, d := range delims {
		if bytes.Count(line, []byte(string(d))) > bytes.Count(line, []byte(string(comma))) {
			comma = d
		}
	}
	return firstSkip, firstLines, comma
}

// knownColumns counts the known column names in one line split by delim.
func knownColumns(line []byte, delim rune) int {
	cr := csv.NewReader(bytes.NewReader(line))
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord = delim, true, -1
	fields, err := cr.Read()
	if err != nil || len(fields) < 2 {
		return 0
	}
	n := 0
	for _, f := range fields {
		if isKnownColumn(f) {
			n++
		}
	}
	return n
}

// recorder keeps the bytes a csv.Reader has read and not yet claimed as a
// row, so each row's exact text can be cut out by input offset.
type recorder struct {
	r    io.Reader
	buf  []byte
	base int64 // input offset of buf[0]
}

func (x *recorder) Read(p []byte) (int, error) {
	if len(x.buf) > maxRowBytes {
		return 0, errRowTooLong
	}
	n, err := x.r.Read(p)
	x.buf = append(x.buf, p[:n]...)
	return n, err
}

// take returns the text between input offsets from and to (from is the
// offset of the last take) without its line break, and forgets it.
func (x *recorder) take(from, to int64) string {
	lo, hi := int(from-x.base), int(to-x.base)
	if lo < 0 || hi > len(x.buf) || lo > hi {
		return ""
	}
	s := strings.TrimRight(string(x.buf[lo:hi]), "\r\n")
	s = strings.TrimLeft(s, "\r\n")
	x.drop(to)
	return s
}

// drop forgets the bytes before input offset to and returns it.
func (x *recorder) drop(to int64) int64 {
	n := int(to - x.base)
	if n > len(x.buf) {
		n = len(x.buf)
	}
	x.buf = x.buf[:copy(x.buf, x.buf[n:])]
	x.base += int64(n)
	return to
}
