package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mark kinds: a search match, or a term of the highlighting lists.
const (
	MarkMatch   = "match"
	MarkInclude = "include"
	MarkExclude = "exclude"
)

// Mark is a marked span of a text: bytes Start up to End.
type Mark struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"`
}

// Fragment is a title or a piece of an abstract with marks in Text.
type Fragment struct {
	Field string `json:"field"` // "title" or "abstract"
	Text  string `json:"text"`
	Marks []Mark `json:"marks"`
}

// Render returns the fragment's text with each mark replaced by
// style(kind, marked text).
func (f Fragment) Render(style func(kind, s string) string) string {
	return Render(f.Text, f.Marks, style)
}

// Render returns text with each mark replaced by style(kind, marked text).
// Marks must be sorted and not overlap (as Marks and Search return them);
// marks outside text are ignored.
func Render(text string, marks []Mark, style func(kind, s string) string) string {
	var b strings.Builder
	pos := 0
	for _, m := range marks {
		if m.Start < pos || m.End > len(text) || m.Start >= m.End {
			continue
		}
		b.WriteString(text[pos:m.Start])
		b.WriteString(style(m.Kind, text[m.Start:m.End]))
		pos = m.End
	}
	b.WriteString(text[pos:])
	return b.String()
}

// Brackets is a style for plain text: [[marked]].
func Brackets(_, s string) string { return "[[" + s + "]]" }

// fragmentSize is roughly how many bytes of abstract one fragment shows.
const fragmentSize = 200

// fragments cuts up to n pieces of text around its marks, each starting
// and ending at a word boundary, with "…" where text was cut. Marks are
// re-based on each piece.
func fragments(field, text string, marks []Mark, n int) []Fragment {
	var out []Fragment
	for i := 0; i < len(marks) && len(out) < n; {
		start := wordStart(text, max(0, marks[i].Start-fragmentSize/4))
		end := wordEnd(text, min(len(text), start+fragmentSize))
		end = max(end, marks[i].End)
		var in []Mark
		for i < len(marks) && marks[i].End <= end {
			m := marks[i]
			in = append(in, Mark{Start: m.Start - start, End: m.End - start, Kind: m.Kind})
			i++
		}
		piece, shift := strings.TrimSpace(text[start:end]), 0
		if lead := len(text[start:end]) - len(strings.TrimLeftFunc(text[start:end], unicode.IsSpace)); lead > 0 {
			shift = lead
		}
		if start > 0 {
			piece, shift = "…"+piece, shift-len("…")
		}
		if end < len(text) {
			piece += "…"
		}
		for j := range in {
			in[j].Start -= shift
			in[j].End -= shift
		}
		out = append(out, Fragment{Field: field, Text: piece, Marks: in})
	}
	return out
}

// wordStart moves i back to the start of the word it is in.
func wordStart(text string, i int) int {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if unicode.IsSpace(r) {
			return i
		}
		i -= size
	}
	return 0
}

// wordEnd moves i forward to the end of the word it is in.
func wordEnd(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return len(text)
}
