package ingest

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestNormalizeDOI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10.1136/bmj.39570.749884.BE", "10.1136/bmj.39570.749884.be"},
		{"https://doi.org/10.1186/s13012-020-0978-z", "10.1186/s13012-020-0978-z"},
		{"http://dx.doi.org/10.4103/2303-9027.138783", "10.4103/2303-9027.138783"},
		{"doi:10.1371/journal.pone.0221919.", "10.1371/journal.pone.0221919"},
		{"10.1371/journal.pone.0209483 [doi]", "10.1371/journal.pone.0209483"},
		{"id=doi:10.4103%2F2303-9027.138783", "10.4103/2303-9027.138783"},
		{"no doi here", ""},
	}
	for _, tt := range tests {
		if got := NormalizeDOI(tt.in); got != tt.want {
			t.Errorf("NormalizeDOI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseYear(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"2019//", 2019}, {"2014 Aug 29", 2014}, {"2019-01-28", 2019}, {"20190128", 2019},
		{"Spring 2003", 2003}, {"1997", 1997}, {"n.d.", 0}, {"12345", 0}, {"", 0},
	}
	for _, tt := range tests {
		if got := ParseYear(tt.in); got != tt.want {
			t.Errorf("ParseYear(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeAuthor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Smith, John", "Smith, John"},
		{"Smith JA", "Smith, JA"},
		{"Wilson L.N.", "Wilson, L.N."},
		{"John Smith", "Smith, John"},
		{"Ludwig van Beethoven", "van Beethoven, Ludwig"},
		{"van den Hoven", "van den Hoven"},
		{"Øvretveit J", "Øvretveit, J"},
		{"  Bakke,  Tove ", "Bakke, Tove"},
		{"Institute for Healthcare Improvement", "Institute for Healthcare Improvement"},
	}
	for _, tt := range tests {
		if got := NormalizeAuthor(tt.in); got != tt.want {
			t.Errorf("NormalizeAuthor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanTextAndPMID(t *testing.T) {
	if got := CleanText("  Læringsnettverk\r\n   som  verktøy\t"); got != "Læringsnettverk som verktøy" {
		t.Errorf("CleanText = %q", got)
	}
	if got := CleanText("Lillebø"); got != "Lillebø" { // NFD o + stroke stays; NFC composes
		t.Errorf("CleanText(NFD) = %q", got)
	}
	if got := CleanText("Ume\u0061\u030a"); got != "Umeå" {
		t.Errorf("CleanText composes to NFC: got %q", got)
	}
	for in, want := range map[string]string{"PMID: 24882560 [pmid]": "24882560", "15172903": "15172903", "none": ""} {
		if got := NormalizePMID(in); got != want {
			t.Errorf("NormalizePMID(%q) = %q, want %q", in, got, want)
		}
	}
}

// cleanTextReference is CleanText as first written, without fast paths:
// NFC, then white space folded rune by rune.
func cleanTextReference(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	start := -1
	for i := 0; i < len(s); {
		c, size := s[i], 1
		isSpace := c == ' ' || c >= '\t' && c <= '\r'
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		switch {
		case isSpace && start >= 0:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[start:i])
			start = -1
		case !isSpace && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[start:])
	}
	return b.String()
}

var cleanTextCases = []string{"", " ", "a", "plain title", "two  spaces", " lead", "trail ", "tab\there", "new\nline",
	"Umea\u030a", "Umeå", "Lillebø", "nbsp\u00a0here", "em\u2003space", "nel\u0085x", "bad \xff byte", "\xff",
	"ctrl\x01x", "del\x7fx", "ü ", " ü", "a \u3000 b", "\u0301start", "ﬁ ligature", "Ａ full width"}

func TestCleanTextMatchesReference(t *testing.T) {
	for _, s := range cleanTextCases {
		if got, want := CleanText(s), cleanTextReference(s); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", s, got, want)
		}
	}
}

// scanTextScalar is scanText a byte at a time, as it was before it read
// words: the definition the word-at-a-time version must keep.
func scanTextScalar(s string) (folded, ascii bool) {
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false, false
	}
	ascii = true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c > ' ' && c < utf8.RuneSelf:
		case c == ' ':
			if s[i+1] == ' ' {
				return false, false
			}
		case c < ' ':
			return false, false
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || unicode.IsSpace(r) {
				return false, false
			}
			ascii = false
			i += size - 1
		}
	}
	return true, ascii
}

// TestScanTextMatchesScalar compares scanText with the byte-at-a-time
// definition on every string of up to five symbols (spaces, letters, tab,
// control bytes, DEL, two-byte letters, a no-break space, a bad byte) set
// at every offset in ASCII text, so that they fall in, across and after
// its eight-byte words.
func TestScanTextMatchesScalar(t *testing.T) {
	symbols := []string{" ", "a", "\t", "\x1f", "\x7f", "é", "\u00a0", "\xff", "~", "!"}
	shorts := symbolStrings(symbols, 5)
	const pad = "abcdefghijklmnopqrstuvwx"
	n := 0
	for _, short := range shorts {
		for off := 0; off <= 9; off++ {
			for _, tail := range []int{0, 1, 7, 8, 9} {
				s := pad[:off] + short + pad[:tail]
				if s == "" {
					continue
				}
				n++
				gf, ga := scanText(s)
				wf, wa := scanTextScalar(s)
				if gf != wf || ga != wa {
					t.Fatalf("scanText(%q) = %v, %v; want %v, %v", s, gf, ga, wf, wa)
				}
			}
		}
	}
	if n < 100000 {
		t.Errorf("compared %d strings, want many more", n)
	}
}

// FuzzScanText compares scanText with the byte-at-a-time definition.
func FuzzScanText(f *testing.F) {
	for _, s := range []string{"abcdefgh ijklmnop", "abcdefg  hijklmnop", "abcdefgh\tijklmnop", "abcdefghé jklmnopq", "12345678 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" {
			return
		}
		gf, ga := scanText(s)
		wf, wa := scanTextScalar(s)
		if gf != wf || ga != wa {
			t.Errorf("scanText(%q) = %v, %v; want %v, %v", s, gf, ga, wf, wa)
		}
	})
}

// TestCleanTextWords compares CleanText with its plain definition (NFC,
// white space runs folded to one space, trimmed) on strings of up to three
// symbols (spaces of each kind, letters, controls, runes, a combining
// accent, a bad byte) set at every offset in runs of ASCII text and among
// them, so that its fold meets them in, across and after the eight-byte
// words it skips (skipWord).
func TestCleanTextWords(t *testing.T) {
	symbols := []string{" ", "a", "\t", "\n", "\r", "\x1f", "\x7f", "é", "e\u0301", "\u00a0", "\xff", "!", "~"}
	shorts := symbolStrings(symbols, 3)
	const pad = "abcdefghijklmnopqrstuvwx"
	n := 0
	for _, short := range shorts {
		for off := 0; off <= 9; off++ {
			for _, tail := range []int{0, 1, 7, 8, 9, 17} {
				for _, mid := range []string{"", "  ", "\n"} {
					s := pad[:off] + short + mid + pad[:tail]
					n++
					want := strings.Join(strings.FieldsFunc(norm.NFC.String(s), unicode.IsSpace), " ")
					if got := CleanText(s); got != want {
						t.Fatalf("CleanText(%q) = %q, want %q", s, got, want)
					}
				}
			}
		}
	}
	if n < 100000 {
		t.Errorf("compared %d strings, want many more", n)
	}
}

// symbolStrings returns every string of at most n of the symbols, the
// empty one included.
func symbolStrings(symbols []string, n int) []string {
	out := []string{""}
	for last := out; n > 0; n-- {
		var next []string
		for _, prefix := range last {
			for _, s := range symbols {
				next = append(next, prefix+s)
			}
		}
		out = append(out, next...)
		last = next
	}
	return out
}
