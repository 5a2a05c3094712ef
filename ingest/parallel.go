package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"unicode/utf8"

	"github.com/oversikt/oversikt/data"
)

// Large RIS and PubMed XML files in UTF-8 are imported by a pipeline that
// keeps every core busy: one goroutine hashes the file (SHA-256 and the
// UTF-8 check), one reads it in blocks and cuts the text into chunks where
// a record starts (PubMed XML: batches of the articles the sequential
// reader's splitter cuts), workers parse, normalise and prepare the
// chunks' records, and the caller
// stores them in file order, each with its line, as the sequential reader
// would. The source stays incomplete until the hash is known (see
// importParallel), so a file imported already, or not valid UTF-8 after
// all, is taken back out before the import counts.
const (
	parallelMin = 8 << 20 // smaller files are read by one goroutine
	blockSize   = 1 << 20 // bytes read at a time; a chunk is about this big
	chunksAhead = 4       // chunks read and parsed ahead of the store
	// xmlBlockSize is about how many bytes of PubMed XML articles a chunk
	// holds: the articles' text stays in memory until they are stored, so
	// smaller chunks keep the peak lower (93 instead of 112 MB for 20 000
	// articles with references, at the same speed).
	xmlBlockSize = blockSize / 4
	// maxCarry bounds text without a place to cut: beyond it the file goes
	// to the sequential reader, which reports what is wrong with it.
	maxCarry = maxRecord + maxLine
)

// errSequential says a file cannot be cut into chunks and needs the
// sequential reader.
var errSequential = errors.New("no record start to cut the file at")

// chunk is a piece of the text that starts where a record starts (the
// first chunk: at the start of the file), or a read error in its place.
// A chunk of PubMed XML holds its articles, cut already, instead of text.
type chunk struct {
	text  []byte
	xml   []*xmlRecord
	first int   // number of the chunk's first line
	end   int64 // bytes of the file read when it was cut, for progress
	err   error
	done  chan chunkOut // the parsed chunk, sent once
	// free takes text back once it is parsed, for the splitter to read
	// into again: the records hold copies of what they need of it.
	free chan<- []byte
}

// chunkOut is a parsed chunk: its records in order, and the reader's error
// (a LineError ends the file there).
type chunkOut struct {
	items []chunkItem
	err   error
}

// chunkItem is one parsed record: prepared for storing when it is good,
// else its line and problem.
type chunkItem struct {
	line    int
	problem string
	rec     data.PreparedRecord
}

// parallelHead says whether a file whose first bytes are head can go
// through the pipeline (RIS or PubMed XML in UTF-8 as far as the head
// tells), and returns the head's text without a BOM and the format.
func parallelHead(head []byte, size int64, format Format) (text []byte, _ Format, bom, ok bool) {
	if size < parallelMin {
		return nil, "", false, false
	}
	text, bom = bytes.CutPrefix(head, bomUTF8)
	if !utf8.Valid(text[:len(text)-cutRune(text)]) {
		return nil, "", false, false
	}
	if format == "" || format == FormatAuto {
		format = Detect(text)
	}
	return text, format, bom, format == FormatRIS || format == FormatPubMedXML
}

// importParallel imports a large RIS or PubMed XML file through the
// pipeline. ok false means the file needs the sequential path (another
// format, not UTF-8, no place to cut it, not PubMed XML after all);
// nothing of it is stored then.
//
// Hashing the file takes as long as parsing a third of it, so the import
// does not wait for the hash: it begins under the file's fingerprint and
// gets its hash at the end (data.Import.FinishHashed), unless the
// fingerprint says the file may have been imported before.
func importParallel(ctx context.Context, db *data.DB, f *os.File, path string, opts Options) (res Result, err error, ok bool) {
	st, err := f.Stat()
	if err != nil {
		return res, nil, false
	}
	head := make([]byte, headSize)
	n, _ := f.ReadAt(head, 0)
	headText, format, bom, ok := parallelHead(head[:n], st.Size(), opts.Format)
	if !ok {
		return res, nil, false
	}
	fp, err := fingerprint(f, st.Size())
	if err != nil {
		return res, nil, false
	}
	maybe, err := db.MaybeImported(ctx, fp, path)
	if err != nil {
		return res, err, true
	}

	defer tuneGC()()
	ctx2, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	type hashed struct {
		sum   string
		valid bool
		err   error
	}
	hashc := make(chan hashed, 1)
	wg.Go(func() {
		sum, valid, err := scan(ctxReader{ctx2, io.NewSectionReader(f, 0, st.Size())})
		hashc <- hashed{sum, valid, err}
	})
	order := make(chan *chunk, chunksAhead)
	work := make(chan *chunk, chunksAhead)
	if format == FormatPubMedXML {
		from := int64(0)
		if bom {
			from = int64(len(bomUTF8))
		}
		wg.Go(func() {
			splitPubMedXML(ctx2, io.NewSectionReader(f, from, st.Size()-from), from, xmlBlockSize, order, work)
		})
	} else {
		wg.Go(func() { splitRIS(ctx2, io.NewSectionReader(f, 0, st.Size()), bom, blockSize, order, work) })
	}
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() { parseChunks(work) })
	}
	var h *hashed
	hash := func() (*hashed, error) {
		if h == nil {
			select {
			case v := <-hashc:
				h = &v
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if h.err != nil {
			return nil, fmt.Errorf("read %s: %w", path, h.err)
		}
		return h, nil
	}

	res = Result{File: path, Problems: []Problem{}, Format: format, Encoding: encUTF8}
	if bom {
		res.Encoding = encUTF8BOM
	}
	src := &data.Source{File: path, Fingerprint: fp}
	if maybe {
		h, err := hash()
		if err != nil {
			return res, err, true
		}
		if !h.valid {
			return Result{}, nil, false // Windows-1252 after all
		}
		src.SHA256 = h.sum
		if done, err := alreadyImported(ctx, db, src, &res); done || err != nil {
			return res, err, true
		}
	}
	describe(src, &res, headText, opts)
	imp, err := db.BeginImport(ctx, src)
	if err != nil {
		return res, err, true
	}
	res.SourceID = src.ID
	readErr := collect(ctx, order, imp, &res, opts)
	if errors.Is(readErr, errSequential) {
		return Result{}, imp.Abort(), false
	}
	var le *LineError
	if readErr != nil && !errors.As(readErr, &le) || src.SHA256 != "" {
		return res, finish(ctx, imp, src, &res, opts, readErr, nil), true
	}
	// The file is read: its hash is known or nearly so.
	if h, err := hash(); err != nil {
		imp.Abort()
		return res, err, true
	} else if !h.valid {
		return Result{}, imp.Abort(), false
	}
	return res, finish(ctx, imp, src, &res, opts, readErr, func() error {
		old, err := imp.FinishHashed(h.sum, res.Rejected)
		if err == nil && old != nil { // the same bytes, imported before under another name
			res = Result{File: path, Problems: []Problem{}}
			alreadyImported(ctx, db, old, &res)
		}
		return err
	}), true
}

// collect stores the records of each parsed chunk of order in file order,
// counting them in res, and returns the error that ended the file: a
// chunk's LineError, a read error, errSequential, the store's or the
// context's error; nil when every chunk was stored.
func collect(ctx context.Context, order <-chan *chunk, imp *data.Import, res *Result, opts Options) error {
	for c := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		if c.err != nil {
			return c.err
		}
		out := <-c.done
		for _, it := range out.items {
			if !res.count(it.line, it.problem) || opts.Strict && res.Rejected > 0 {
				continue
			}
			res.New++
			if err := imp.AddPrepared(it.rec); err != nil {
				return err
			}
		}
		if opts.Progress != nil {
			opts.Progress(c.end)
		}
		if out.err != nil {
			return out.err
		}
	}
	return ctx.Err() // the splitter stops early when ctx ends
}

// fingerprintPart is how much of each end of a file its fingerprint reads.
const fingerprintPart = 1 << 20

// fingerprint returns the SHA-256, in hex, of a file's size (8 bytes, little
// endian) and its first and last MiB: what tells a large file that may have
// been imported before without reading all of it.
func fingerprint(f *os.File, size int64) (string, error) {
	h := sha256.New()
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(size))
	h.Write(n[:])
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, min(size, fingerprintPart))); err != nil {
		return "", err
	}
	if size > fingerprintPart {
		from := max(fingerprintPart, size-fingerprintPart)
		if _, err := io.Copy(h, io.NewSectionReader(f, from, size-from)); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ctxReader stops reading once its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// splitRIS reads r in blocks of about block bytes and cuts its text into chunks that start
// where a record starts, sending each to order (the store's queue, in file
// order) and to work (the parsers). It closes both when done.
func splitRIS(ctx context.Context, r io.Reader, bom bool, block int, order, work chan<- *chunk) {
	defer close(order)
	defer close(work)
	send := func(c *chunk) bool { return sendChunk(ctx, c, order, work) }
	var carry []byte
	free := make(chan []byte, chunksAhead+2)
	line, read, start, sent := 1, int64(0), true, false
	for {
		need := len(carry) + max(block, len(carry))
		var buf []byte
		select {
		case b := <-free:
			if cap(b) >= need {
				buf = b[:len(carry)]
			}
		default:
		}
		if buf == nil {
			buf = make([]byte, len(carry), need)
		}
		copy(buf, carry)
		n, err := io.ReadFull(r, buf[len(buf):need])
		buf = buf[:len(buf)+n]
		read += int64(n)
		if start && bom {
			buf = buf[min(len(bomUTF8), len(buf)):]
		}
		start = false
		eof := err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			send(&chunk{err: err})
			return
		}
		cut := len(buf)
		if !eof {
			cut = lastRecordStart(buf)
		}
		if cut > 0 || eof && !sent { // an empty file is a chunk too: it has no record
			sent = true
			c := &chunk{text: buf[:cut], first: line, end: read, done: make(chan chunkOut, 1), free: free}
			line += bytes.Count(c.text, []byte{'\n'})
			if !send(c) {
				return
			}
		}
		if eof {
			return
		}
		// carry is a copy: buf goes to a parser, and back to free once
		// parsed.
		if carry = append(carry[:0], buf[cut:]...); len(carry) > maxCarry {
			send(&chunk{err: errSequential})
			return
		}
	}
}

// sendChunk sends c to order and, unless it is an error, to work; false
// when the pipeline stops (an error chunk, or ctx ended).
func sendChunk(ctx context.Context, c *chunk, order, work chan<- *chunk) bool {
	select {
	case order <- c:
	case <-ctx.Done():
		return false
	}
	if c.err != nil {
		return false
	}
	select {
	case work <- c:
		return true
	case <-ctx.Done():
		return false
	}
}

// pubmedNames are the record elements of PubMed XML.
var pubmedNames = []string{"PubmedArticle", "PubmedBookArticle"}

// splitPubMedXML cuts the articles out of the PubMed XML text r with the
// sequential reader's splitter, so each has the line, offset and text it
// has there, and sends them in chunks of about block bytes to order and
// work. A file that ends inside an article or before its root element's
// end gives the splitter's *LineError after the articles before it; a file
// without articles or that cannot be read goes to the sequential reader
// (errSequential), which words the problem. off is where r starts in the
// file. It closes both channels when done.
func splitPubMedXML(ctx context.Context, r io.Reader, off int64, block int, order, work chan<- *chunk) {
	defer close(order)
	defer close(work)
	send := func(c *chunk) bool { return sendChunk(ctx, c, order, work) }
	cr := &countingReader{r: ctxReader{ctx, r}}
	s := &xmlSplitter{r: cr, names: pubmedNames, line: 1}
	var c *chunk
	n, size := 0, 0
	errStop := errors.New("stopped")
	err := s.each(func(x *xmlRecord) error {
		if c == nil {
			c = &chunk{first: x.line, done: make(chan chunkOut, 1)}
		}
		c.xml = append(c.xml, x)
		n, size = n+1, size+len(x.raw)
		if size >= block {
			c.end = off + cr.n
			if !send(c) {
				return errStop
			}
			c, size = nil, 0
		}
		return nil
	})
	if err == errStop || ctx.Err() != nil {
		return
	}
	if c != nil {
		c.end = off + cr.n
		if !send(c) {
			return
		}
	}
	var le *LineError
	switch {
	case n == 0 || err != nil && !errors.As(err, &le):
		send(&chunk{err: errSequential})
	case err != nil:
		send(&chunk{err: err})
	}
}

// lastRecordStart returns the offset of the last line of b that starts a
// RIS record ("TY  - ") after the first one, so that b[:i] holds whole
// records; 0 when there is none.
func lastRecordStart(b []byte) int {
	first := firstRecordStart(b)
	if first < 0 {
		return 0
	}
	for end := len(b); ; {
		i := bytes.LastIndex(b[:end], nlTY)
		if i < first {
			return 0
		}
		if isTYLine(b[i+1:]) {
			return i + 1
		}
		end = i
	}
}

// firstRecordStart returns the offset of the first line of b that starts
// a RIS record, or -1.
func firstRecordStart(b []byte) int {
	if isTYLine(b) {
		return 0
	}
	for off := 0; ; {
		i := bytes.Index(b[off:], nlTY)
		if i < 0 {
			return -1
		}
		if off += i + 1; isTYLine(b[off:]) {
			return off
		}
	}
}

var nlTY = []byte("\nTY  -")

// isTYLine reports whether b starts with a RIS type line, "TY  -" followed
// by a blank or the line's end.
func isTYLine(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("TY  -")) {
		return false
	}
	return len(b) == 5 || b[5] == ' ' || b[5] == '\t' || b[5] == '\r' || b[5] == '\n'
}

// parseChunks parses each chunk of work and sends the result on its done
// channel.
func parseChunks(work <-chan *chunk) {
	for c := range work {
		var out chunkOut
		add := func(p Parsed) error {
			clean(&p)
			it := chunkItem{line: p.Record.Line, problem: p.Problem}
			if p.Problem == "" {
				it.rec = data.Prepare(p.Record)
			}
			out.items = append(out.items, it)
			return nil
		}
		if c.xml != nil {
			for _, x := range c.xml {
				add(decodePubMed(x))
			}
		} else {
			out.err = readRISLines(newTextScanner(c.text, c.first), add)
			if c.free != nil {
				select {
				case c.free <- c.text[:0]:
				default:
				}
			}
			c.text = nil
		}
		c.done <- out
	}
}

// gcPercent and gcMemoryLimit are the garbage collector's settings while
// the pipeline runs: it collects once the heap has grown by four times
// what is live, or reaches the limit, whichever comes first. The pipeline
// keeps about 30 MB live (chunks ahead, batches) and allocates about 1 GB
// per 100 000 RIS records; with Go's default (a collection each time the
// heap doubles) collecting took a twentieth of the import's CPU time. With
// these the heap grows to the limit before each collection, about the
// peak the default reaches anyway (100 000 RIS records into a new review,
// 2-core machine: 0.2 fewer CPU seconds, peak 124 MB either way). Readers
// that hold a whole file (XLSX) do not run in the pipeline, so a live heap
// beyond the limit, which would make the collector run all the time, is
// not to be expected here.
const (
	gcPercent     = 400
	gcMemoryLimit = 80 << 20
)

var gcTuning struct {
	sync.Mutex
	users          int   // pipelines running
	percent, limit int64 // the settings before the first began
}

// tuneGC applies gcPercent and gcMemoryLimit while any pipeline runs,
// unless GOGC or GOMEMLIMIT is set, and returns the function that puts
// the settings back once the last one ends.
func tuneGC() func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	t := &gcTuning
	t.Lock()
	defer t.Unlock()
	if t.users++; t.users == 1 {
		t.limit = debug.SetMemoryLimit(gcMemoryLimit)
		t.percent = int64(debug.SetGCPercent(gcPercent))
	}
	return func() {
		t.Lock()
		defer t.Unlock()
		if t.users--; t.users == 0 {
			debug.SetGCPercent(int(t.percent))
			debug.SetMemoryLimit(t.limit)
		}
	}
}
