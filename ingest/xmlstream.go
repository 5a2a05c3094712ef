package ingest

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// rawLimit caps the verbatim text kept for one XML record; a record larger
// than this keeps only its first rawLimit bytes in Raw.
const rawLimit = 8 << 20

// rawRecorder hands bytes to the XML decoder one at a time and keeps a copy
// of those read since the last mark, so a record's verbatim text is known
// without holding the file.
type rawRecorder struct {
	r   *bufio.Reader
	buf []byte
	n   int64 // bytes read in all
}

func (rr *rawRecorder) ReadByte() (byte, error) {
	b, err := rr.r.ReadByte()
	if err == nil {
		rr.n++
		if len(rr.buf) < rawLimit {
			rr.buf = append(rr.buf, b)
		}
	}
	return b, err
}

func (rr *rawRecorder) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	rr.n += int64(n)
	if room := rawLimit - len(rr.buf); room > 0 {
		rr.buf = append(rr.buf, p[:min(n, room)]...)
	}
	return n, err
}

// xmlScanner streams an XML file token by token.
type xmlScanner struct {
	rec  *rawRecorder
	d    *xml.Decoder
	root string // name of the first element
}

func newXMLScanner(r io.Reader) *xmlScanner {
	rec := &rawRecorder{r: bufio.NewReaderSize(r, 64<<10)}
	d := xml.NewDecoder(rec)
	d.Strict = true
	d.Entity = xml.HTMLEntity
	// The text reaching a reader is UTF-8 already, whatever the XML
	// declaration says.
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return &xmlScanner{rec: rec, d: d}
}

// lookahead is how many bytes the decoder has read past the current token.
func (s *xmlScanner) lookahead() int {
	k := int(s.rec.n - s.d.InputOffset())
	return max(0, min(k, len(s.rec.buf)))
}

// mark forgets the recorded bytes of the tokens already returned.
func (s *xmlScanner) mark() {
	k := s.lookahead()
	n := copy(s.rec.buf, s.rec.buf[len(s.rec.buf)-k:])
	s.rec.buf = s.rec.buf[:n]
}

// xmlElement is one record element found by scanXML; its start tag has been
// read.
type xmlElement struct {
	s     *xmlScanner
	start xml.StartElement
	line  int   // line of the start tag's "<"
	off   int64 // byte offset of the start tag's "<"
}

// decode decodes the element into v. A syntax error or the end of the file
// inside the element comes back as a *LineError at the element's line.
func (e *xmlElement) decode(v any) error {
	if err := e.s.d.DecodeElement(v, &e.start); err != nil {
		return e.broken(err)
	}
	return nil
}

// broken reports err, met while reading the element, as the file being cut
// off or malformed there.
func (e *xmlElement) broken(err error) error {
	line, _ := e.s.d.InputPos()
	return &LineError{Line: e.line, Err: fmt.Errorf(
		"the <%s> that starts here (byte offset %d) breaks off at line %d, byte offset %d (%v): the file is truncated or malformed; the records before it were read",
		e.start.Name.Local, e.off, line, e.s.d.InputOffset(), xmlCause(err))}
}

// raw returns the verbatim text of the element, once it has been read to
// its end tag.
func (e *xmlElement) raw() string {
	b := e.s.rec.buf
	return string(b[:len(b)-e.s.lookahead()])
}

// scanXML calls fn for each element named in names, at any depth, in file
// order; fn must read the element to its end (decode does). Text outside
// those elements is read and dropped. It returns the number of elements
// found and the name of the root element.
func scanXML(r io.Reader, names []string, fn func(*xmlElement) error) (int, string, error) {
	s := newXMLScanner(r)
	found := 0
	for {
		s.mark()
		tok, err := s.d.Token()
		if err == io.EOF {
			if s.root == "" {
				return found, s.root, errors.New("the file holds no XML elements")
			}
			return found, s.root, nil
		}
		if err != nil {
			line, col := s.d.InputPos()
			return found, s.root, &LineError{Line: line, Err: fmt.Errorf(
				"the XML breaks off at column %d, byte offset %d (%v): the file is truncated or malformed; the records before it were read",
				col, s.d.InputOffset(), xmlCause(err))}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if s.root == "" {
			s.root = se.Name.Local
		}
		if !contains(names, se.Name.Local) {
			continue
		}
		el := &xmlElement{s: s, start: se}
		tag := s.rec.buf[:len(s.rec.buf)-s.lookahead()]
		el.off = s.d.InputOffset() - int64(len(tag))
		el.line, _ = s.d.InputPos()
		el.line -= bytes.Count(tag, []byte("\n"))
		found++
		if err := fn(el); err != nil {
			return found, s.root, err
		}
	}
}

// xmlCause words a decoder error for a user.
func xmlCause(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "unexpected end of file"
	}
	return err.Error()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
