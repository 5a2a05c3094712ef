package ingest

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// innerText reads the tokens up to the end of the element whose start tag
// was just read, returning all character data inside it.
func innerText(d *xml.Decoder) (string, error) {
	var b strings.Builder
	depth := 1
	for {
		tok, err := d.Token()
		if err != nil {
			return b.String(), err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth--; depth == 0 {
				return b.String(), nil
			}
		case xml.CharData:
			b.Write(tok)
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

// braced marks an organisation's name for NormalizeAuthor to keep whole.
func braced(s string) string {
	if s == "" {
		return ""
	}
	return "{" + s + "}"
}

func joinText(ts []xmlText, sep string) string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if s := strings.TrimSpace(string(t)); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// fieldList collects unmapped fields, skipping empty values.
type fieldList []data.Field

func (f *fieldList) add(name, value string) {
	if value = strings.TrimSpace(value); value != "" {
		*f = append(*f, data.Field{Name: name, Value: value})
	}
}

// xmlText is the character data of an element and of all elements inside
// it, so inline markup (<i>, <sub>, MathML) keeps its text.
type xmlText string

// UnmarshalXML implements xml.Unmarshaler.
func (t *xmlText) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	s, err := innerText(d)
	*t = xmlText(strings.TrimSpace(s))
	return err
}

// labelledText is an element's inner text with its attributes.
type labelledText struct {
	Attr []xml.Attr
	Text string
}

// UnmarshalXML implements xml.Unmarshaler.
func (t *labelledText) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	t.Attr = start.Attr
	var err error
	t.Text, err = innerText(d)
	return err
}

func (t labelledText) attr(name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
