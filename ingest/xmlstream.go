package ingest

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
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
