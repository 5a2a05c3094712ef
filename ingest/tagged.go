package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// maxLine and maxRecord bound the memory one line or one record of a
// tagged-text file may take, so a binary or runaway file cannot exhaust it.
const (
	maxLine   = 16 << 20
	maxRecord = 64 << 20
)

// lineScanner reads text line by line for the tagged formats (RIS, MEDLINE,
// Web of Science, Ovid). A line ends at LF, CRLF or a bare CR; line numbers
// count LFs, as editors do, so the pieces of a line split by bare CRs share
// its number. The slices it returns are valid until the next call.
type lineScanner struct {
	br   *bufio.Reader // nil when the scanner reads text already in memory
	text []byte        // what is left of the text in memory
	cur  []byte        // the physical line being handed out, terminator included
	long []byte        // holds a physical line longer than the buffer
	num  int           // number of the physical line in cur
	err  error
}

func newLineScanner(r io.Reader) *lineScanner {
	return &lineScanner{br: bufio.NewReaderSize(r, 256<<10)}
}

// next returns the next line's text (no terminator) and its raw bytes
// (terminator included), or ok false at the end or on error (see s.err).
func (s *lineScanner) next() (text, raw []byte, ok bool) {
	if len(s.cur) == 0 {
		if !s.fill() {
			return nil, nil, false
		}
	}
	cur := s.cur
	// Split at a bare CR: one not followed by LF.
	if i := bytes.IndexByte(cur, '\r'); i >= 0 && i+1 < len(cur) && cur[i+1] != '\n' {
		s.cur = cur[i+1:]
		return cur[:i], cur[:i+1], true
	}
	s.cur = nil
	text = cur
	if n := len(text); n > 0 && text[n-1] == '\n' {
		text = text[:n-1]
	}
	if n := len(text); n > 0 && text[n-1] == '\r' {
		text = text[:n-1]
	}
	return text, cur, true
}

// newTextScanner scans text already in memory, numbering its lines from
// first.
func newTextScanner(text []byte, first int) *lineScanner {
	return &lineScanner{text: text, num: first - 1}
}

// fill reads the next physical line into s.cur.
func (s *lineScanner) fill() bool {
	if s.err != nil {
		return false
	}
	if s.br == nil {
		return s.fillText()
	}
	line, err := s.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		s.long = append(s.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = s.br.ReadSlice('\n')
			s.long = append(s.long, line...)
			if len(s.long) > maxLine {
				s.err = &LineError{Line: s.num + 1, Err: fmt.Errorf("line is longer than %d MB: is this really a text export?", maxLine>>20)}
				return false
			}
		}
		line = s.long
	}
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		s.err = err
		return false
	}
	if len(line) == 0 {
		s.err = io.EOF
		return false
	}
	s.num++
	s.cur = line
	if err == io.EOF {
		s.err = io.EOF
		s.cur = line
		// Hand out this last line; the next fill sees s.err.
	}
	return true
}

// fillText is fill for text in memory: the line is a slice of the text,
// without a copy.
func (s *lineScanner) fillText() bool {
	if len(s.text) == 0 {
		s.err = io.EOF
		return false
	}
	line := s.text
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	if len(line) > maxLine {
		s.err = &LineError{Line: s.num + 1, Err: fmt.Errorf("line is longer than %d MB: is this really a text export?", maxLine>>20)}
		return false
	}
	s.text = s.text[len(line):]
	s.num++
	s.cur = line
	return true
}

// failure returns the scanner's error, nil at a clean end.
func (s *lineScanner) failure() error {
	if s.err == io.EOF {
		return nil
	}
	return s.err
}

// taggedReader is what the tagged-text readers (RIS, MEDLINE, Web of
// Science, Ovid) share around their own line loops: the line scanner, the
// record being built, the count of records emitted and how a finished
// record becomes a Parsed.
type taggedReader struct {
	sc      *lineScanner
	b       recBuilder
	rec     data.Record // the record finish maps, reused so it is not allocated per record
	records int
	sep     string // joins a field's continuation lines
	emit    func(Parsed) error
	// mapRecord fills rec from the record's fields (the format's tag table
	// and checks) and returns the record's problem, "" when none.
	mapRecord func(rec *data.Record, fs []data.Field, b *recBuilder) (problem string)
}

func newTaggedReader(sc *lineScanner, sep string, emit func(Parsed) error, mapRecord func(rec *data.Record, fs []data.Field, b *recBuilder) string) *taggedReader {
	return &taggedReader{sc: sc, sep: sep, emit: emit, mapRecord: mapRecord}
}

// finish builds the open record, maps it and emits it.
func (t *taggedReader) finish() error {
	raw, fs := t.b.build(t.sep)
	t.records++
	t.rec = data.Record{Line: t.b.line, Raw: raw}
	problem := t.mapRecord(&t.rec, fs, &t.b)
	return t.emit(Parsed{Record: t.rec, Problem: problem})
}

// fits returns nil when raw fits into the open record; a record that
// would grow past maxRecord is a LineError on its first line, where hint
// says what is likely wrong with the file.
func (t *taggedReader) fits(raw []byte, hint string) error {
	if t.b.raw.Len()+len(raw) > maxRecord {
		return t.tooLong(hint)
	}
	return nil
}

// tooLong is fits's error, apart so that fits stays small enough to inline.
func (t *taggedReader) tooLong(hint string) error {
	return &LineError{Line: t.b.line, Err: fmt.Errorf("record is longer than %d MB: %s", maxRecord>>20, hint)}
}

// end is called when the line loop is done: it returns the scanner's
// error, else finishes the record still open, and reports input without
// any record as a LineError on line 1 saying none.
func (t *taggedReader) end(none string) error {
	if err := t.sc.failure(); err != nil {
		return err
	}
	if t.b.open {
		if err := t.finish(); err != nil {
			return err
		}
	}
	if t.records == 0 {
		return &LineError{Line: 1, Err: errors.New(none)}
	}
	return nil
}

// field is one tag and its value as offsets into a record's raw bytes;
// continuation lines are in recBuilder.conts.
type field struct {
	tag, val  span
	firstCont int // index into conts, -1 when none
	lastCont  int
}

type span struct{ s, e int }

type cont struct {
	val  span
	next int // next continuation of the same field, -1 at the end
}

// recBuilder gathers one record of a tagged format: its raw bytes, its
// fields and their continuation lines, without copying values until the
// record is complete.
type recBuilder struct {
	raw    strings.Builder // becomes the record's Raw without a copy
	last   int             // size of the previous record, to size the next
	fields []field
	conts  []cont
	line   int
	open   bool
	out    []data.Field
	used   []bool
}

func (b *recBuilder) start(line int) {
	b.raw = strings.Builder{} // the old buffer now belongs to the last Raw
	b.raw.Grow(b.last + b.last/4 + 256)
	b.fields, b.conts = b.fields[:0], b.conts[:0]
	b.line, b.open = line, true
}

// add appends a line's raw bytes to the record and returns its offset.
func (b *recBuilder) add(raw []byte) int {
	off := b.raw.Len()
	b.raw.Write(raw)
	return off
}

// addField records a tag line: the tag is text[:tagEnd], the value
// text[valStart:], both trimmed; off is the line's offset in raw.
func (b *recBuilder) addField(off int, text []byte, tagEnd, valStart int) {
	for tagEnd > 0 && text[tagEnd-1] == ' ' {
		tagEnd--
	}
	b.fields = append(b.fields, field{tag: span{off, off + tagEnd}, val: trimSpan(text, off, valStart), firstCont: -1, lastCont: -1})
}

// addCont appends a continuation line (text from valStart) to the last
// field. It reports false when there is no field to continue.
func (b *recBuilder) addCont(off int, text []byte, valStart int) bool {
	if len(b.fields) == 0 {
		return false
	}
	f := &b.fields[len(b.fields)-1]
	b.conts = append(b.conts, cont{val: trimSpan(text, off, valStart), next: -1})
	i := len(b.conts) - 1
	if f.lastCont >= 0 {
		b.conts[f.lastCont].next = i
	} else {
		f.firstCont = i
	}
	f.lastCont = i
	return true
}

// trimSpan returns where text[s:], trimmed of blanks, lies in the record,
// text starting at off.
func trimSpan(text []byte, off, s int) span {
	e := len(text)
	if s > e {
		s = e
	}
	for s < e && (text[s] == ' ' || text[s] == '\t') {
		s++
	}
	for e > s && (text[e-1] == ' ' || text[e-1] == '\t') {
		e--
	}
	return span{off + s, off + e}
}

// build returns the record's raw text and its fields in order; multi-line
// values are joined with sep. The field slice is reused by the next build.
func (b *recBuilder) build(sep string) (string, []data.Field) {
	raw := b.raw.String()
	b.last = len(raw)
	b.out = b.out[:0]
	for _, f := range b.fields {
		v := raw[f.val.s:f.val.e]
		if f.firstCont >= 0 {
			n := len(v)
			for c := f.firstCont; c >= 0; c = b.conts[c].next {
				n += len(sep) + b.conts[c].val.e - b.conts[c].val.s
			}
			var sb strings.Builder
			sb.Grow(n)
			sb.WriteString(v)
			for c := f.firstCont; c >= 0; c = b.conts[c].next {
				sb.WriteString(sep)
				sb.WriteString(raw[b.conts[c].val.s:b.conts[c].val.e])
			}
			v = strings.TrimSpace(sb.String())
		}
		b.out = append(b.out, data.Field{Name: raw[f.tag.s:f.tag.e], Value: v})
	}
	b.open = false
	return raw, b.out
}

// slot is the normalised field of data.Record a tag fills.
type slot uint8

const (
	slotNone slot = iota
	slotTitle
	slotAbstract
	slotYear
	slotJournal
	slotVolume
	slotIssue
	slotStartPage
	slotEndPage
	slotDOI
	slotURL
	slotLanguage
	slotType
	slotKey
	slotISBN
	slotPMID
	slotPMCID
	singleSlots     // the slots above take one value: the best-ranked one
	slotAuthor      // every line is an author
	slotAuthorAlt   // authors when no slotAuthor field
	slotKeyword     // every line is a keyword
	slotKeywordList // values are ";"-separated keywords
	numSlots
)

// target is where a tag goes and with what priority (lower rank wins).
type target struct {
	slot slot
	rank uint8
}

// assign maps fields onto rec with lookup, the format's tag table. Each
// single-valued slot takes its best-ranked usable field; every field no
// slot took is kept in rec.Extra in file order. Dates are kept in Extra too
// when they say more than the year.
func assign(fs []data.Field, rec *data.Record, b *recBuilder, lookup func(tag string) target) {
	var best [singleSlots]int
	var rank [singleSlots]uint8
	var multi [numSlots]bool
	for i := range best {
		best[i] = -1
	}
	if cap(b.used) < len(fs) {
		b.used = make([]bool, len(fs))
	}
	used := b.used[:len(fs)]
	clear(used)
	for i, f := range fs {
		t := lookup(f.Name)
		if t.slot == slotNone || f.Value == "" {
			continue
		}
		if t.slot > singleSlots {
			multi[t.slot] = true
			continue
		}
		switch t.slot {
		case slotISBN:
			if !looksISBN(f.Value) {
				continue
			}
		case slotDOI:
			if !hasDOI(f.Value) {
				continue
			}
		case slotYear:
			if quickYear(f.Value) == 0 {
				continue
			}
		}
		if best[t.slot] < 0 || t.rank < rank[t.slot] {
			best[t.slot], rank[t.slot] = i, t.rank
		}
	}
	take := func(s slot) string {
		i := best[s]
		if i < 0 {
			return ""
		}
		used[i] = true
		return fs[i].Value
	}
	rec.Title, rec.Abstract, rec.Journal = take(slotTitle), take(slotAbstract), take(slotJournal)
	rec.Volume, rec.Issue, rec.URL = take(slotVolume), take(slotIssue), firstLine(take(slotURL))
	rec.Language, rec.Type, rec.ISBN = take(slotLanguage), take(slotType), take(slotISBN)
	if k := take(slotKey); k != "" {
		rec.Key = k
	}
	rec.DOI, rec.PMID, rec.PMCID = take(slotDOI), take(slotPMID), take(slotPMCID)
	rec.Pages = spanPages(take(slotStartPage), take(slotEndPage))
	if i := best[slotYear]; i >= 0 {
		rec.Year = quickYear(fs[i].Value)
		used[i] = isBareYear(fs[i].Value)
	}
	authors := slotAuthor
	if !multi[slotAuthor] {
		authors = slotAuthorAlt
	}
	for i, f := range fs {
		if used[i] || f.Value == "" && lookup(f.Name).slot == slotNone {
			continue
		}
		switch s := lookup(f.Name).slot; {
		case s == authors:
			rec.Authors = appendLines(rec.Authors, f.Value, '\n')
			used[i] = true
		case s == slotKeyword:
			rec.Keywords = appendLines(rec.Keywords, f.Value, '\n')
			used[i] = true
		case s == slotKeywordList:
			rec.Keywords = appendLines(rec.Keywords, strings.ReplaceAll(f.Value, "\n", " "), ';')
			used[i] = true
		}
	}
	n := 0
	for i := range fs {
		if !used[i] {
			n++
		}
	}
	if n > 0 {
		rec.Extra = make([]data.Field, 0, n)
		for i, f := range fs {
			if !used[i] {
				rec.Extra = append(rec.Extra, f)
			}
		}
	}
	deriveIDs(rec)
}

// hasDOI reports whether v holds a DOI, as NormalizeDOI would find it:
// "10.", four to nine digits, "/" and more.
func hasDOI(v string) bool {
	for {
		i := strings.Index(v, "10.")
		if i < 0 {
			return false
		}
		v = v[i+3:]
		d := 0
		for d < len(v) && v[d] >= '0' && v[d] <= '9' {
			d++
		}
		if d >= 4 && d <= 9 && d+1 < len(v) && v[d] == '/' && !strings.ContainsRune(" \t\n\f\r", rune(v[d+1])) {
			return true
		}
	}
}

// appendLines appends the parts of v split at sep (and at line breaks).
func appendLines(list []string, v string, sep byte) []string {
	start := 0
	for i := 0; i < len(v); i++ {
		if v[i] == sep || v[i] == '\n' {
			list = appendNonEmpty(list, v[start:i])
			start = i + 1
		}
	}
	return appendNonEmpty(list, v[start:])
}

func appendNonEmpty(list []string, v string) []string {
	if v = strings.TrimSpace(v); v != "" {
		list = append(list, v)
	}
	return list
}

// spanPages makes "152-160" of a start and an end page; a start that is
// already a range is kept.
func spanPages(sp, ep string) string {
	switch {
	case sp == "":
		return ep
	case strings.EqualFold(sp, "no") && strings.EqualFold(ep, "specified"): // Ovid's "No Specified"
		return ""
	case ep == "" || ep == sp || strings.ContainsAny(sp, "-–"):
		return sp
	}
	return sp + "-" + ep
}

// firstLine returns v up to its first line break.
func firstLine(v string) string {
	if i := strings.IndexByte(v, '\n'); i >= 0 {
		return v[:i]
	}
	return v
}

// quickYear is ParseYear with a fast path for values that start with the
// year ("2019", "2019//", "2019 Mar 4").
func quickYear(v string) int {
	if len(v) >= 4 && (len(v) == 4 || v[4] < '0' || v[4] > '9') {
		y := 0
		for i := 0; i < 4; i++ {
			c := v[i]
			if c < '0' || c > '9' {
				return ParseYear(v)
			}
			y = y*10 + int(c-'0')
		}
		if y >= 1500 && y < 2100 {
			return y
		}
	}
	return ParseYear(v)
}

// isBareYear reports whether a date says nothing but its year ("2019",
// "2019//", "2019///").
func isBareYear(v string) bool {
	v = strings.TrimRight(v, "/ .")
	return len(v) == 4 && isDigits(v)
}

// looksISBN reports whether v holds an ISBN (10 or 13 digits, hyphens and
// spaces aside) rather than an ISSN.
func looksISBN(v string) bool {
	digits := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9', (c == 'X' || c == 'x') && digits == 9:
			digits++
		case c == '-' || c == ' ':
		default:
			if digits == 10 || digits == 13 {
				return true
			}
			return false
		}
	}
	return digits == 10 || digits == 13
}

// deriveIDs fills DOI, PMID and PMCID from unmapped fields that carry them
// (links, notes, accession numbers) without taking those fields.
func deriveIDs(rec *data.Record) {
	for _, f := range rec.Extra {
		v := f.Value
		if len(v) > 300 { // abstracts, addresses: no identifiers to find
			continue
		}
		if rec.DOI == "" && strings.Contains(v, "10.") && (strings.Contains(v, "doi") || strings.HasPrefix(v, "10.")) {
			rec.DOI = NormalizeDOI(v)
		}
		if rec.PMID == "" {
			rec.PMID = pmidIn(v)
		}
		if rec.PMCID == "" {
			if i := strings.Index(v, "PMC"); i >= 0 {
				j := i + 3
				for j < len(v) && v[j] >= '0' && v[j] <= '9' {
					j++
				}
				if j-i > 4 {
					rec.PMCID = v[i:j]
				}
			}
		}
	}
}

// pmidIn finds a PubMed id in a note or link: "PMID: 123", "PUBMED 123",
// "pubmed.ncbi.nlm.nih.gov/123".
func pmidIn(v string) string {
	for _, mark := range []string{"PMID", "PUBMED", "pubmed.ncbi.nlm.nih.gov/", "ncbi.nlm.nih.gov/pubmed/", "europepmc.org/article/MED/"} {
		i := strings.Index(v, mark)
		if i < 0 {
			continue
		}
		rest := strings.TrimLeft(v[i+len(mark):], ":/ ")
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j > 0 {
			return rest[:j]
		}
	}
	return ""
}
