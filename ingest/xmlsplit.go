package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/oversikt/oversikt/data"
)

// xmlRecordLimit caps one record element; a larger one stops the file.
const xmlRecordLimit = 256 << 20

// xmlRecord is one record element cut verbatim from an XML file.
type xmlRecord struct {
	name string
	line int   // line of its start tag
	off  int64 // byte offset of its start tag
	raw  string
}

// newXMLDecoder returns a decoder for text that is UTF-8 already, whatever
// its XML declaration says, which knows the HTML entities (&nbsp; …).
func newXMLDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return d
}

// decode decodes the record element, with any elements named in skip
// blanked out first (kept in Raw, not decoded: they are large and unused),
// into v by fn, which gets the decoder positioned after the start tag. An
// error comes back worded for the user, with the line and byte offset in
// the file where the XML is broken.
func (x *xmlRecord) decode(skip []string, fn func(d *xml.Decoder, start *xml.StartElement) error) error {
	d := newXMLDecoder(strings.NewReader(blankElements(x.raw, skip)))
	for {
		tok, err := d.Token()
		if err != nil {
			return x.problem(d, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := fn(d, &se); err != nil {
				return x.problem(d, err)
			}
			return nil
		}
	}
}

// xmlArticle is a record element's struct that encoding/xml decodes whole
// and that knows the record it holds.
type xmlArticle interface{ record() data.Record }

// decodeArticle decodes x into a, with the elements named in skip left out
// (see decode), and returns a's record with x's line and raw text, or a
// problem when its XML is malformed.
func decodeArticle(x *xmlRecord, skip []string, a xmlArticle) Parsed {
	err := x.decode(skip, func(d *xml.Decoder, start *xml.StartElement) error {
		return d.DecodeElement(a, start)
	})
	if err != nil {
		return Parsed{Record: data.Record{Line: x.line, Raw: x.raw}, Problem: err.Error()}
	}
	rec := a.record()
	rec.Line, rec.Raw = x.line, x.raw
	return Parsed{Record: rec}
}

func (x *xmlRecord) problem(d *xml.Decoder, err error) error {
	line, _ := d.InputPos()
	return fmt.Errorf("malformed XML in the <%s> at byte offset %d: %s at line %d, byte offset %d",
		x.name, x.off, xmlCause(err), x.line+line-1, x.off+d.InputOffset())
}

// blankElements replaces each element named in names by the newlines it
// held, so line numbers stay right while the decoder skips its text.
func blankElements(s string, names []string) string {
	for _, name := range names {
		open, closing := "<"+name+">", "</"+name+">"
		i := strings.Index(s, open)
		if i < 0 {
			continue
		}
		var b strings.Builder
		b.Grow(len(s))
		for i >= 0 {
			j := strings.Index(s[i:], closing)
			if j < 0 {
				break
			}
			b.WriteString(s[:i])
			for range strings.Count(s[i:i+j], "\n") {
				b.WriteByte('\n')
			}
			s = s[i+j+len(closing):]
			i = strings.Index(s, open)
		}
		b.WriteString(s)
		s = b.String()
	}
	return s
}

// splitXML cuts the elements named in names out of r in file order, has
// decode turn each into a Parsed on up to four goroutines, and emits them
// in file order. Text between the records is read and dropped; memory
// holds a few records at a time. It returns the number of records and the
// file's root element. A file that ends inside a record, or before the
// root element's end tag, gives a *LineError after the records before it.
func splitXML(r io.Reader, names []string, decode func(*xmlRecord) Parsed, emit func(Parsed) error) (int, string, error) {
	workers := min(max(runtime.GOMAXPROCS(0), 1), 4)
	type job struct {
		rec *xmlRecord
		out chan Parsed
	}
	jobs := make(chan job)
	order := make(chan chan Parsed, 2*workers)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.out <- decode(j.rec)
			}
		}()
	}
	s := &xmlSplitter{r: r, names: names, line: 1}
	errStop := errors.New("stopped")
	var splitErr error
	go func() {
		defer close(order)
		defer close(jobs)
		splitErr = s.each(func(rec *xmlRecord) error {
			out := make(chan Parsed, 1)
			select {
			case order <- out:
			case <-done:
				return errStop
			}
			select {
			case jobs <- job{rec, out}:
			case <-done:
				return errStop
			}
			return nil
		})
	}()
	n := 0
	var emitErr error
	for out := range order {
		if emitErr != nil {
			continue // drain; the producer stops at done
		}
		n++
		if emitErr = emit(<-out); emitErr != nil {
			close(done)
		}
	}
	wg.Wait()
	if emitErr != nil {
		return n, s.root, emitErr
	}
	return n, s.root, splitErr
}

// xmlSplitter finds record elements in a stream by their tags.
type xmlSplitter struct {
	r          io.Reader
	names      []string
	data       []byte // data[start:] is unread; data[start] is at byte off
	start      int
	off        int64
	line       int // line of data[start]
	eof        bool
	root       string
	rootClosed bool
}

// xmlReadSize is the first buffer's size; it doubles for larger records.
const xmlReadSize = 64 << 10

// fill reads more of the file into data; false at its end.
func (s *xmlSplitter) fill() (bool, error) {
	if s.eof {
		return false, nil
	}
	if s.start > 0 {
		n := copy(s.data, s.data[s.start:])
		s.data, s.start = s.data[:n], 0
	}
	if cap(s.data)-len(s.data) < xmlReadSize/16 {
		grown := make([]byte, len(s.data), max(2*cap(s.data), xmlReadSize))
		copy(grown, s.data)
		s.data = grown
	}
	n, err := s.r.Read(s.data[len(s.data):cap(s.data)])
	s.data = s.data[:len(s.data)+n]
	if err == io.EOF {
		s.eof = true
	} else if err != nil {
		return false, err
	}
	return n > 0 || !s.eof, nil
}

// skip passes n unread bytes.
func (s *xmlSplitter) skip(n int) {
	s.line += bytes.Count(s.data[s.start:s.start+n], []byte("\n"))
	s.off += int64(n)
	s.start += n
}

// each calls fn for every record element, in file order.
func (s *xmlSplitter) each(fn func(*xmlRecord) error) error {
	for {
		name, err := s.nextRecord()
		if err != nil {
			return err
		}
		if name == "" {
			break
		}
		rec, err := s.cut(name)
		if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	if s.root == "" {
		return errors.New("the file holds no XML elements")
	}
	if !s.rootClosed && !contains(s.names, s.root) {
		return &LineError{Line: s.line, Err: fmt.Errorf(
			"the file ends before </%s> (byte offset %d): it is truncated; the records before this line were read", s.root, s.off)}
	}
	return nil
}

// nextRecord moves to the start tag of the next record and returns its
// name, or "" at the end of the file.
func (s *xmlSplitter) nextRecord() (string, error) {
	for {
		w := s.data[s.start:]
		i := bytes.IndexByte(w, '<')
		if i < 0 || len(w)-i < 80 && !s.eof {
			if i < 0 {
				i = len(w)
			}
			s.skip(i)
			more, err := s.fill()
			if err != nil {
				return "", err
			}
			if !more && len(s.data) == s.start {
				return "", nil
			}
			if !more && bytes.IndexByte(s.data[s.start:], '<') < 0 {
				s.skip(len(s.data) - s.start)
				return "", nil
			}
			continue
		}
		s.skip(i)
		tag := s.data[s.start+1:]
		closing := len(tag) > 0 && tag[0] == '/'
		if closing {
			tag = tag[1:]
		}
		name := xmlName(tag)
		switch {
		case name == "":
		case closing:
			if name == s.root {
				s.rootClosed = true
			}
		case contains(s.names, name):
			if s.root == "" {
				s.root = name
			}
			return name, nil
		case s.root == "":
			s.root = name
		}
		s.skip(1)
	}
}

// xmlName returns the element name at the start of b, if it is followed by
// the end of a name.
func xmlName(b []byte) string {
	for i, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '>', '/':
			return string(b[:i])
		case '<', '!', '?', '"', '\'', '=':
			return ""
		}
	}
	return ""
}

// cut takes the record whose start tag is at data[start], up to and
// including its end tag.
func (s *xmlSplitter) cut(name string) (*xmlRecord, error) {
	endTag := []byte("</" + name)
	from, startTag := 1, false
	for {
		w := s.data[s.start:]
		if !startTag {
			if gt := bytes.IndexByte(w, '>'); gt > 0 {
				startTag = true
				if w[gt-1] == '/' {
					return s.take(name, gt+1), nil // <Name … /> holds nothing
				}
			}
		}
		if i := bytes.Index(w[from:], endTag); i >= 0 {
			end := from + i + len(endTag)
			if gt := bytes.IndexByte(w[end:], '>'); gt >= 0 {
				if len(bytes.TrimSpace(w[end:end+gt])) == 0 {
					return s.take(name, end+gt+1), nil
				}
				from = end
				continue
			}
		}
		if len(w) > xmlRecordLimit {
			return nil, &LineError{Line: s.line, Err: fmt.Errorf("the <%s> that starts here (byte offset %d) is larger than %d MB: the file is malformed", name, s.off, xmlRecordLimit>>20)}
		}
		from = max(1, len(w)-len(endTag)-64)
		more, err := s.fill()
		if err != nil {
			return nil, err
		}
		if !more {
			return nil, &LineError{Line: s.line, Err: fmt.Errorf(
				"the <%s> that starts here (byte offset %d) is cut off by the end of the file: the file is truncated; the records before it were read",
				name, s.off)}
		}
	}
}

func (s *xmlSplitter) take(name string, n int) *xmlRecord {
	rec := &xmlRecord{name: name, line: s.line, off: s.off, raw: string(s.data[s.start : s.start+n])}
	s.skip(n)
	return rec
}
