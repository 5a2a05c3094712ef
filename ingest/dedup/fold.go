// Package dedup finds the records that report the same study and links
// them into one study: exact identifiers first (DOI, PMID), then
// candidates from blocking keys compared on folded title, authors, year,
// journal, volume and pages. Certain pairs are merged, uncertain ones are
// queued for a reviewer, and reviewers' decisions are respected by every
// later run.
package dedup

import (
	"html"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// letters that Unicode does not decompose into a base letter and a mark.
var letterFolds = map[rune]string{
	'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae", 'å': "a", 'Å': "a", 'ß': "ss", 'ẞ': "ss",
	'œ': "oe", 'Œ': "oe", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ł': "l", 'Ł': "l",
	'đ': "d", 'Đ': "d", 'ı': "i", 'ĸ': "k",
}

var (
	htmlTag       = regexp.MustCompile(`<[^<>]{0,200}>`)
	htmlInlineTag = regexp.MustCompile(`(?i)</?(sup|sub|i|b|em|strong|span|scp|inf)\b[^<>]{0,100}>`)
)

// Fold reduces s to what matching compares: HTML tags and entities
// removed, lower case, letters without their marks (é→e, ø→o, æ→ae, ß→ss
// and the others Unicode does not decompose), every run of punctuation and
// space one space.
func Fold(s string) string {
	if strings.ContainsAny(s, "<&") {
		strip := func(s string) string { return htmlTag.ReplaceAllString(htmlInlineTag.ReplaceAllString(s, ""), " ") }
		s = strip(html.UnescapeString(strip(s)))
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	put := func(r rune) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	for _, r := range s {
		if r < 0x80 {
			put(r)
			continue
		}
		if f, ok := letterFolds[r]; ok {
			b.WriteString(f)
			space = false
			continue
		}
		for _, d := range norm.NFKD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			if f, ok := letterFolds[d]; ok {
				b.WriteString(f)
				space = false
				continue
			}
			put(d)
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// Titles returns the folded forms a title may be matched by: the whole
// title first; then, for a title with a bracketed translation ("Tittel
// [Title in English]") or a bracketed translated title ("[Title.]"), the
// parts apart. A title that ends in a bracket holding a note such as
// "[published erratum …]" keeps only the text before it.
func Titles(title string) []string {
	title = strings.TrimSpace(title)
	var out []string
	add := func(s string) {
		if f := Fold(s); f != "" {
			for _, o := range out {
				if o == f {
					return
				}
			}
			out = append(out, f)
		}
	}
	t := strings.TrimRight(title, ". ")
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") && strings.Count(t, "[") == 1 {
		add(t[1 : len(t)-1])
		return out
	}
	if strings.HasSuffix(t, "]") {
		if i := strings.LastIndex(t, "["); i > 0 {
			main, inner := t[:i], t[i+1:len(t)-1]
			add(main)
			if !isBracketNote(inner) {
				add(inner)
			}
			return out
		}
	}
	add(title)
	return out
}

// isBracketNote reports whether a trailing bracket is an editorial note
// rather than a translated title.
func isBracketNote(s string) bool {
	f := Fold(s)
	for _, p := range []string{"published erratum", "erratum", "see comment", "comment", "retracted", "retraction", "letter", "editorial", "abstract"} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// Notice kinds: a record that is not an article in its own right but a
// notice about one, with a title that repeats the article's.
const (
	noticeNone = iota
	noticeErratum
	noticeComment
	noticeReply
	noticeRetraction
)

// noticeWords name notices by their title's first words (any of them) or
// by a phrase anywhere in it.
var noticeWords = []struct {
	kind           int
	first, phrases []string
}{
	{noticeErratum, []string{"erratum", "errata", "corrigendum", "corrigenda", "correction", "corrections", "addendum", "notice of correction", "author correction"},
		[]string{"erratum", "corrigendum", "correction to", "published erratum"}},
	{noticeRetraction, []string{"retraction", "retracted", "notice of retraction", "expression of concern", "withdrawn"},
		[]string{"retraction notice", "retraction of"}},
	{noticeReply, []string{"reply", "in reply", "author reply", "authors reply", "the authors reply", "response", "author response", "authors response"}, nil},
	{noticeComment, []string{"comment", "comments", "commentary", "letter", "editorial comment"},
		[]string{"comment on", "commentary on"}},
}

// hasPhrase reports whether the folded text s holds the words of p as whole
// words.
func hasPhrase(s, p string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], p)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(p)
		if (j == 0 || s[j-1] == ' ') && (end == len(s) || s[end] == ' ') {
			return true
		}
		i = j + 1
	}
}

// noticeKind classifies a folded title (and the record's type) as an
// erratum, retraction, reply or comment, or noticeNone.
func noticeKind(folded, typ string) int {
	for _, n := range noticeWords {
		for _, f := range n.first {
			if strings.HasPrefix(folded, f) && (len(folded) == len(f) || folded[len(f)] == ' ') {
				return n.kind
			}
		}
		for _, p := range n.phrases {
			if hasPhrase(folded, p) {
				return n.kind
			}
		}
	}
	switch t := Fold(typ); {
	case strings.Contains(t, "erratum") || strings.Contains(t, "correction"):
		return noticeErratum
	case strings.Contains(t, "retraction"):
		return noticeRetraction
	case t == "comment" || strings.Contains(t, "commentary"):
		return noticeComment
	}
	return noticeNone
}
