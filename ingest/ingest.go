package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/oversikt/oversikt/data"
)

// Options say how to import a file.
type Options struct {
	Format     Format // FormatAuto or "" detects from content
	Kind       string // data.KindDatabase …; "" picks from the format
	Name       string // e.g. "Embase"; "" guesses from the content
	Strict     bool   // all or nothing: any rejected record rejects the file
	SearchDate string
	Query      string
	// Progress, when set, is called now and then with the bytes read so far.
	Progress func(read int64)
}

// Problem is one rejected record, or a problem with the file as a whole.
type Problem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Result says what one import did.
type Result struct {
	File            string    `json:"file"`
	Format          Format    `json:"format"`
	Encoding        string    `json:"encoding"`
	Name            string    `json:"name"`
	Kind            string    `json:"kind"`
	SourceID        int64     `json:"source_id,omitempty"`
	Records         int       `json:"records"`  // read from the file
	New             int       `json:"new"`      // stored now
	Rejected        int       `json:"rejected"` // skipped with a problem
	AlreadyImported bool      `json:"already_imported,omitempty"`
	Problems        []Problem `json:"problems"`
}

// ErrUndetected is returned when a file's format cannot be told from its
// content.
var ErrUndetected = errors.New("cannot tell the format from the content")

// ErrNoRecords is returned when a file holds no record at all.
var ErrNoRecords = errors.New("no records found")

// ErrStrict is returned under Options.Strict when a file had rejected
// records; nothing of it was stored.
var ErrStrict = errors.New("records were rejected and --strict is set: nothing stored")

// File imports one file into db. Importing the same bytes again stores
// nothing and says so in the result. Rejected records are in the result's
// Problems; the error is for the file as a whole.
func File(ctx context.Context, db *data.DB, path string, opts Options) (Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return Result{File: path}, err
	}
	defer f.Close()
	if res, err, ok := importParallel(ctx, db, f, path, opts); ok {
		return res, err
	}
	sum, valid, err := scan(f)
	if err != nil {
		return Result{File: path}, fmt.Errorf("read %s: %w", path, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Result{File: path}, err
	}
	src := &data.Source{File: path, SHA256: sum}
	return importReader(ctx, db, f, src, valid, opts)
}

// Bytes imports content already in memory (a fetched web page, the worked
// example) under the given name, as File does.
func Bytes(ctx context.Context, db *data.DB, name string, b []byte, opts Options) (Result, error) {
	return importBytes(ctx, db, &data.Source{File: name}, b, opts)
}

// importBytes imports b as src, hashing it first.
func importBytes(ctx context.Context, db *data.DB, src *data.Source, b []byte, opts Options) (Result, error) {
	var c utf8Checker
	c.Write(b)
	sum := sha256.Sum256(b)
	src.SHA256 = hex.EncodeToString(sum[:])
	return importReader(ctx, db, bytes.NewReader(b), src, c.valid(), opts)
}

// scan hashes the whole file and tells whether it is valid UTF-8.
func scan(r io.Reader) (sum string, validUTF8 bool, err error) {
	h := sha256.New()
	var c utf8Checker
	if _, err := io.Copy(io.MultiWriter(h, &c), r); err != nil {
		return "", false, err
	}
	return hex.EncodeToString(h.Sum(nil)), c.valid(), nil
}

const headSize = 64 << 10

func importReader(ctx context.Context, db *data.DB, r io.Reader, src *data.Source, validUTF8 bool, opts Options) (Result, error) {
	res := Result{File: src.File, Problems: []Problem{}}
	if done, err := alreadyImported(ctx, db, src, &res); done || err != nil {
		return res, err
	}

	counted := &countingReader{r: r, progress: opts.Progress}
	text, head, err := prepare(counted, src.File, validUTF8, opts.Format, &res)
	if err != nil {
		return res, err
	}
	read, err := readerFor(res.Format)
	if err != nil {
		return res, err
	}
	describe(src, &res, head, opts)
	imp, err := db.BeginImport(ctx, src)
	if err != nil {
		return res, err
	}
	res.SourceID = src.ID
	err = read(text, func(p Parsed) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !res.check(&p) {
			return nil
		}
		if opts.Strict && res.Rejected > 0 {
			return nil
		}
		res.New++
		return imp.Add(p.Record)
	})
	return res, finish(ctx, imp, src, &res, opts, err, nil)
}

// alreadyImported reports whether src's bytes were imported completely
// before, filling res from that import when they were.
func alreadyImported(ctx context.Context, db *data.DB, src *data.Source, res *Result) (bool, error) {
	old, err := db.SourceBySHA(ctx, src.SHA256)
	if errors.Is(err, data.ErrNotFound) || err == nil && !old.Complete {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	res.AlreadyImported, res.SourceID = true, old.ID
	res.Format, res.Encoding, res.Name, res.Kind = Format(old.Format), old.Encoding, old.Name, old.Kind
	res.Records = old.Records + old.Rejected
	return true, nil
}

// describe settles the source's name and kind (from opts, else from the
// decoded head of the file) and copies what res knows into src.
func describe(src *data.Source, res *Result, head []byte, opts Options) {
	res.Name = firstNonEmpty(opts.Name, guessName(res.Format, head), strings.TrimSuffix(filepath.Base(src.File), filepath.Ext(src.File)))
	res.Kind = firstNonEmpty(opts.Kind, defaultKind(res.Format))
	src.Name, src.Kind, src.Format, src.Encoding = res.Name, res.Kind, string(res.Format), res.Encoding
	src.SearchDate, src.Query = opts.SearchDate, opts.Query
}

// finish ends an import whose reading ended with err: a file-level
// problem at a line is reported and the records before it stand; any other
// error, a cancelled context, a file without records or --strict with
// rejected records takes the import back out. complete, when not nil,
// marks the import complete instead of imp.Finish.
func finish(ctx context.Context, imp *data.Import, src *data.Source, res *Result, opts Options, err error, complete func() error) error {
	if err != nil {
		var le *LineError
		if errors.As(err, &le) {
			res.Problems = append(res.Problems, Problem{Line: le.Line, Message: le.Err.Error()})
		}
		if ctx.Err() != nil || !errors.As(err, &le) {
			imp.Abort()
			res.New = 0
			return fmt.Errorf("%s: %w", src.File, err)
		}
		// A broken tail: the records before it stand, the rest is reported.
		res.Rejected++
	}
	if res.Records == 0 {
		imp.Abort()
		return fmt.Errorf("%s: %w (read as %s); is it a database export? Name the format with --format if it was misdetected", src.File, ErrNoRecords, res.Format)
	}
	if opts.Strict && res.Rejected > 0 {
		res.New = 0
		if err := imp.Abort(); err != nil {
			return err
		}
		return fmt.Errorf("%s: %w", src.File, ErrStrict)
	}
	if complete != nil {
		return complete()
	}
	return imp.Finish(res.Rejected)
}

// prepare decodes r to UTF-8 text and settles the format (detected from the
// content unless format names one), filling res.Encoding and res.Format. It
// returns the text and its decoded first bytes.
func prepare(r io.Reader, name string, validUTF8 bool, format Format, res *Result) (io.Reader, []byte, error) {
	br := bufio.NewReaderSize(r, headSize)
	raw, _ := br.Peek(headSize)
	if len(raw) == 0 {
		return nil, nil, fmt.Errorf("%s is empty: export the records again", name)
	}
	text, encoding := decodedReader(br, raw, validUTF8)
	head := decodeHead(raw, validUTF8)
	res.Encoding, res.Format = encoding, format
	if format == "" || format == FormatAuto {
		if res.Format = Detect(head); res.Format == "" {
			return nil, nil, fmt.Errorf("%s: %w; name it with --format (one of %v)", name, ErrUndetected, Formats)
		}
	}
	return text, head, nil
}

// ReadFile parses a file without storing it: each good record, normalised,
// goes to fn; rejected records are listed in the result's Problems. It is
// for tools that need records but no review (simulation, tests).
func ReadFile(path string, format Format, fn func(data.Record) error) (Result, error) {
	res := Result{File: path, Problems: []Problem{}}
	f, err := os.Open(path)
	if err != nil {
		return res, err
	}
	defer f.Close()
	_, valid, err := scan(f)
	if err != nil {
		return res, fmt.Errorf("read %s: %w", path, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return res, err
	}
	text, _, err := prepare(f, path, valid, format, &res)
	if err != nil {
		return res, err
	}
	read, err := readerFor(res.Format)
	if err != nil {
		return res, err
	}
	err = read(text, func(p Parsed) error {
		if !res.check(&p) {
			return nil
		}
		res.New++
		return fn(p.Record)
	})
	return res, err
}

// check counts a parsed record, normalises and validates a good one, and
// lists a rejected one in res.Problems. It reports whether p is good; the
// caller counts it as New once it takes it.
func (res *Result) check(p *Parsed) bool {
	clean(p)
	return res.count(p.Record.Line, p.Problem)
}

// clean normalises and validates a parsed record that has no problem yet.
func clean(p *Parsed) {
	if p.Problem == "" {
		normalize(&p.Record)
		p.Problem = validate(&p.Record)
	}
}

// count counts a cleaned record at line with its problem ("" when good),
// listing it in res.Problems when it is rejected, and reports whether it
// is good.
func (res *Result) count(line int, problem string) bool {
	res.Records++
	if problem != "" {
		res.Rejected++
		res.Problems = append(res.Problems, Problem{Line: line, Message: problem + "; skipped"})
		return false
	}
	return true
}

// validate says why a parsed record cannot be kept, or "".
func validate(rec *data.Record) string {
	if rec.Title == "" && rec.DOI == "" && rec.PMID == "" && rec.Key == "" {
		return "record has no title or identifier"
	}
	return ""
}

type countingReader struct {
	r        io.Reader
	n        int64
	progress func(int64)
	last     time.Time
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil {
		if now := time.Now(); now.Sub(c.last) > 100*time.Millisecond || err != nil {
			c.last = now
			c.progress(c.n)
		}
	}
	return n, err
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func defaultKind(f Format) string {
	if f == FormatHTML {
		return data.KindWebsite
	}
	return data.KindDatabase
}

// databases maps what an export's database tag says (RIS and Ovid "DB  -")
// to the database's name, most specific first.
var databases = []struct{ mark, name string }{
	{"psycinfo", "APA PsycInfo"}, {"cinahl", "CINAHL"}, {"embase", "Embase"}, {"cochrane", "Cochrane CENTRAL"},
	{"eric", "ERIC"}, {"zoological record", "Zoological Record"}, {"web of science", "Web of Science"},
	{"scopus", "Scopus"}, {"proquest", "ProQuest"}, {"medline", "MEDLINE"}, {"pubmed", "PubMed"},
}

// exporterMarks are marks an exporter leaves in the first bytes of its
// files (URLs, headers), and the database each means: only marks a
// record's own text would not carry.
var exporterMarks = []struct {
	mark *regexp.Regexp
	name string
}{
	{regexp.MustCompile(`(?m)^FN Zoological Record|(?m)^AN ZOOR`), "Zoological Record"},
	{regexp.MustCompile(`(?m)^FN (Clarivate|Thomson Reuters)|webofscience\.com|(?m)^DB  - Web of Science`), "Web of Science"},
	{regexp.MustCompile(`www\.scopus\.com`), "Scopus"},
	{regexp.MustCompile(`www\.embase\.com|(?m)^"?Embase`), "Embase"},
	{regexp.MustCompile(`(?m)^Provider: John Wiley|cochranelibrary\.com`), "Cochrane CENTRAL"},
	{regexp.MustCompile(`openalex\.org`), "OpenAlex"},
	{regexp.MustCompile(`lens\.org`), "Lens.org"},
	{regexp.MustCompile(`search\.proquest\.com`), "ProQuest"},
}

var databaseTag = regexp.MustCompile(`(?m)^DB  - ([^\r\n]+)`)

// guessName names the database an export came from, from its content: the
// database tag of the first record, else an exporter's mark, else the
// format's usual source. It returns "" when it cannot tell.
func guessName(f Format, head []byte) string {
	if m := databaseTag.FindSubmatch(head); m != nil {
		tag := strings.ToLower(string(m[1]))
		for _, d := range databases {
			if strings.Contains(tag, d.mark) {
				return d.name
			}
		}
		return strings.TrimSpace(string(m[1]))
	}
	for _, e := range exporterMarks {
		if e.mark.Match(head) {
			return e.name
		}
	}
	switch f {
	case FormatMedline, FormatPubMedXML:
		return "PubMed"
	case FormatWoS:
		return "Web of Science"
	case FormatJATS:
		return "PubMed Central"
	}
	return ""
}
