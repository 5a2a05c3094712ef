package ingest

import "testing"

// TestUTF8CheckerAcrossChunks feeds texts in chunks cut at every place,
// so multi-byte runes are split between writes.
func TestUTF8CheckerAcrossChunks(t *testing.T) {
	tests := []struct {
		text  string
		valid bool
	}{
		{"Læringsnettverk – Øvretveit 😀 ok", true},
		{"ascii only", true},
		{"Lillebø \xff broken", false},
		{"ends in a cut rune \xe2\x80", false},
		{"\xc3", false},
	}
	for _, tt := range tests {
		for size := 1; size <= len(tt.text); size++ {
			var c utf8Checker
			for i := 0; i < len(tt.text); i += size {
				c.Write([]byte(tt.text[i:min(i+size, len(tt.text))]))
			}
			if c.valid() != tt.valid {
				t.Errorf("%q in chunks of %d: valid() = %v, want %v", tt.text, size, c.valid(), tt.valid)
			}
		}
	}
}
