package data

import (
	"strings"
	"unicode/utf8"
)

// encodeFields encodes fs as a JSON array of {"name","value"} objects, the
// bytes encoding/json.Marshal writes, "[]" for none, without
// encoding/json's reflection (TestEncodeFieldsMatchesJSON,
// TestEncodeFieldsEverySymbol).
func encodeFields(fs []Field) string {
	if len(fs) == 0 {
		return "[]"
	}
	n := 2
	for _, f := range fs {
		n += len(f.Name) + len(f.Value) + 24
	}
	var b strings.Builder
	b.Grow(n + n/8) // room for a few escapes
	b.WriteByte('[')
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"name":`)
		writeJSONString(&b, f.Name)
		b.WriteString(`,"value":`)
		writeJSONString(&b, f.Value)
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String()
}

// jsonPlain marks the ASCII bytes encoding/json writes as they are in a
// string (it escapes controls, '"', '\\' and, for HTML, '<', '>' and '&').
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// writeJSONString writes s as encoding/json writes a string: quoted, with
// controls, '"', '\\', the HTML characters, U+2028, U+2029 and invalid
// UTF-8 escaped as it does.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		if i = plainWords(s, i); i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// plainWords moves i on by eight bytes at a time while each of them is
// one encoding/json writes as it is (jsonPlain): printable ASCII but '"',
// '\\', '<', '>' and '&'. The bytes from the returned offset on need a
// look, one at a time.
func plainWords(s string, i int) int {
	const (
		ones  = 0x0101010101010101
		high  = 0x8080808080808080
		above = 0x6060606060606060 // lifts bytes of ' ' and above to 0x80 and more
	)
	// zero marks the bytes of w that are 0 (and at worst bytes above
	// one that is: enough to stop at the first).
	zero := func(w uint64) uint64 { return (w - ones) &^ w & high }
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// Bytes below 0x80 do not carry into the next when 0x60 is added.
		if w&high != 0 || (w+above)&high != high ||
			zero(w^('"'*ones))|zero(w^('\\'*ones))|zero(w^('<'*ones))|zero(w^('>'*ones))|zero(w^('&'*ones)) != 0 {
			return i
		}
	}
	return i
}
