package data

import (
	"encoding/json"
	"unicode/utf8"
)

// encodeFields encodes fs as a JSON array of {"name","value"} objects, the
// bytes encoding/json.Marshal writes, "[]" for none. Plain ASCII strings,
// nearly all of them, are copied without encoding/json's reflection.
func encodeFields(fs []Field) string {
	if len(fs) == 0 {
		return "[]"
	}
	n := 2
	for _, f := range fs {
		n += len(f.Name) + len(f.Value) + 24
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendJSONString(b, f.Name)
		b = append(b, `,"value":`...)
		b = appendJSONString(b, f.Value)
		b = append(b, '}')
	}
	b = append(b, ']')
	return string(b)
}

// appendJSONString appends s as encoding/json writes a string: quoted,
// with HTML characters, controls and invalid UTF-8 escaped as it does.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
