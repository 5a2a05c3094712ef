package index

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/oversikt/oversikt/data"
)

// Highlighter marks the review's include and exclude terms in a text, for
// the screening loop. A term is one or more words; a word ending in *
// matches any word it begins ("collaborat*"); the words of a phrase must
// follow each other, with only spaces or punctuation between. Matching
// ignores case and works on any script; words are runs of letters and
// digits, so "covid-19" is the phrase "covid 19".
type Highlighter struct {
	patterns []pattern
}

type pattern struct {
	kind  string
	words []patternWord
}

type patternWord struct {
	text   string // lower case
	prefix bool
}

// NewHighlighter compiles the include and exclude terms. Terms with no
// letter or digit are skipped.
func NewHighlighter(include, exclude []string) *Highlighter {
	h := &Highlighter{}
	add := func(kind string, terms []string) {
		for _, t := range terms {
			var p pattern
			p.kind = kind
			for _, w := range words(t) {
				pw := patternWord{text: strings.ToLower(t[w.start:w.end])}
				if w.end < len(t) && t[w.end] == '*' {
					pw.prefix = true
				}
				p.words = append(p.words, pw)
			}
			if len(p.words) > 0 {
				h.patterns = append(h.patterns, p)
			}
		}
	}
	add(MarkInclude, include)
	add(MarkExclude, exclude)
	return h
}

// HighlightTerms returns the review's include and exclude terms.
func HighlightTerms(ctx context.Context, db *data.DB) (include, exclude []string, err error) {
	terms, err := db.HighlightTerms(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range terms {
		if t.Kind == data.HighlightExclude {
			exclude = append(exclude, t.Term)
		} else {
			include = append(include, t.Term)
		}
	}
	return include, exclude, nil
}

// LoadHighlighter returns a Highlighter for the review's stored terms.
func LoadHighlighter(ctx context.Context, db *data.DB) (*Highlighter, error) {
	include, exclude, err := HighlightTerms(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("load highlight terms: %w", err)
	}
	return NewHighlighter(include, exclude), nil
}

// Empty reports whether there is nothing to highlight.
func (h *Highlighter) Empty() bool { return h == nil || len(h.patterns) == 0 }

// Marks returns where the terms occur in text, sorted and not overlapping,
// with Kind MarkInclude or MarkExclude. Where matches overlap the longer
// wins, and on a tie the exclude term.
func (h *Highlighter) Marks(text string) []Mark {
	if h.Empty() {
		return nil
	}
	ws := words(text)
	lower := make([]string, len(ws))
	for i, w := range ws {
		lower[i] = strings.ToLower(text[w.start:w.end])
	}
	var marks []Mark
	for i := range ws {
		best := Mark{Start: -1}
		for _, p := range h.patterns {
			if i+len(p.words) > len(ws) || !p.matchAt(lower[i:]) {
				continue
			}
			m := Mark{Start: ws[i].start, End: ws[i+len(p.words)-1].end, Kind: p.kind}
			if best.Start < 0 || m.End > best.End || (m.End == best.End && m.Kind == MarkExclude) {
				best = m
			}
		}
		if best.Start < 0 {
			continue
		}
		if n := len(marks); n > 0 && best.Start < marks[n-1].End {
			if best.End-best.Start <= marks[n-1].End-marks[n-1].Start {
				continue
			}
			marks = marks[:n-1]
		}
		marks = append(marks, best)
	}
	return marks
}

// Highlight returns text with the terms replaced by style(kind, term).
func (h *Highlighter) Highlight(text string, style func(kind, s string) string) string {
	return Render(text, h.Marks(text), style)
}

func (p pattern) matchAt(lower []string) bool {
	for j, pw := range p.words {
		if pw.prefix {
			if !strings.HasPrefix(lower[j], pw.text) {
				return false
			}
		} else if lower[j] != pw.text {
			return false
		}
	}
	return true
}

type span struct{ start, end int }

// words returns the runs of letters, digits and combining marks in s.
func words(s string) []span {
	var out []span
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(s)})
	}
	return out
}
