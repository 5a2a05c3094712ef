package ingest

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodings ingest reports.
const (
	encUTF8      = "utf-8"
	encUTF8BOM   = "utf-8 (BOM)"
	encUTF16LE   = "utf-16le"
	encUTF16BE   = "utf-16be"
	encCP1252    = "windows-1252"
	encBinaryZip = "binary"
)

var bomUTF8 = []byte{0xEF, 0xBB, 0xBF}

// utf8Checker tells whether a stream is valid UTF-8, fed in chunks of any
// size (a rune split between chunks is carried over).
type utf8Checker struct {
	carry []byte
	bad   bool
}

func (c *utf8Checker) Write(p []byte) (int, error) {
	n := len(p)
	if c.bad {
		return n, nil
	}
	if len(c.carry) > 0 { // finish the rune the last chunk cut
		for len(p) > 0 && !utf8.FullRune(c.carry) {
			c.carry, p = append(c.carry, p[0]), p[1:]
		}
		if !utf8.FullRune(c.carry) {
			return n, nil
		}
		if !utf8.Valid(c.carry) {
			c.bad = true
			return n, nil
		}
		c.carry = c.carry[:0]
	}
	end := len(p) - cutRune(p)
	if !utf8.Valid(p[:end]) {
		c.bad = true
	}
	c.carry = append(c.carry, p[end:]...)
	return n, nil
}

// cutRune returns how many trailing bytes of p (at most 3) are the start
// of a rune the chunk cuts off.
func cutRune(p []byte) int {
	for i := 1; i <= 3 && i <= len(p); i++ {
		b := p[len(p)-i]
		if b < 0x80 {
			return 0
		}
		if utf8.RuneStart(b) {
			if !utf8.FullRune(p[len(p)-i:]) {
				return i
			}
			return 0
		}
	}
	return 0
}

func (c *utf8Checker) valid() bool { return !c.bad && len(c.carry) == 0 }

// decodedReader turns a file's bytes into UTF-8 text: it removes a UTF-8
// BOM, decodes UTF-16 with a BOM, and falls back to Windows-1252 when the
// bytes are not valid UTF-8. head is the file's first bytes. It returns the
// reader and the encoding's name.
func decodedReader(r io.Reader, head []byte, validUTF8 bool) (io.Reader, string) {
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		io.CopyN(io.Discard, r, 3)
		return r, encUTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), encUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), encUTF16BE
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return r, encBinaryZip
	case !validUTF8:
		return transform.NewReader(r, charmap.Windows1252.NewDecoder()), encCP1252
	}
	return r, encUTF8
}

// decodeHead decodes the first bytes of a file the same way, for format
// detection.
func decodeHead(head []byte, validUTF8 bool) []byte {
	r, _ := decodedReader(bytes.NewReader(head), head, validUTF8)
	out, _ := io.ReadAll(r)
	return out
}
