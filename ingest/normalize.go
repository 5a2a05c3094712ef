package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/oversikt/oversikt/data"
)

// CleanText puts s in Unicode NFC, folds runs of white space (newlines
// included) to one space and trims it.
func CleanText(s string) string {
	if s == "" {
		return s
	}
	if folded, ascii := scanText(s); folded && (ascii || norm.NFC.IsNormalString(s)) {
		return s // the common case, without allocating
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	start := -1 // start of the current run of non-space text
	for i := 0; i < len(s); {
		if start >= 0 {
			// Inside a word, skip eight printable ASCII bytes at a time.
			i = skipWord(s, i)
			if i == len(s) {
				break
			}
		}
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
			b.WriteString(s[start:i]) // invalid bytes stay as they were
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

// scanText tells in one pass whether s is folded, so that CleanText has
// nothing to do once s is in NFC: no white space but single inner ASCII
// spaces, no control bytes, valid UTF-8. ascii says whether a folded s is
// ASCII, so in NFC already. It reads ASCII text eight bytes at a time.
func scanText(s string) (folded, ascii bool) {
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false, false
	}
	const (
		high  = 0x8080808080808080
		low7  = 0x7f7f7f7f7f7f7f7f
		space = 0x2020202020202020
	)
	ascii = true
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if w&high == 0 { // eight ASCII bytes
				// A byte below 0x20 is the only one that stays below 0x80
				// when 0x60 is added (no byte carries into the next).
				if (w+0x6060606060606060)&high != high {
					return false, false
				}
				// The high bit of each space byte.
				x := w ^ space
				spaces := ^((x&low7 + low7) | x) & high
				// Two spaces in a row, in the word or across its end (s
				// does not end in a space, so s[i+8] is in range then).
				if spaces&(spaces>>8) != 0 || spaces>>63 != 0 && s[i+8] == ' ' {
					return false, false
				}
				i += 8
				continue
			}
		}
		c := s[i]
		switch {
		case c > ' ' && c < utf8.RuneSelf:
		case c == ' ':
			if s[i+1] == ' ' { // in range: s does not end in a space
				return false, false
			}
		case c < ' ':
			return false, false
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || unicode.IsSpace(r) {
				return false, false // invalid bytes and wide spaces: the slow way
			}
			ascii = false
			i += size - 1
		}
		i++
	}
	return true, ascii
}

// skipWord moves i on by eight bytes at a time while each of them is
// printable ASCII (above ' ', below 0x80): bytes that CleanText's fold
// copies as they are, neither a space nor part of a rune. The bytes from
// the returned offset on need a look, one at a time.
func skipWord(s string, i int) int {
	const (
		high  = 0x8080808080808080
		above = 0x5f5f5f5f5f5f5f5f // lifts bytes above ' ' to 0x80 and more
	)
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// Bytes below 0x80 do not carry into the next when 0x5f is added.
		if w&high != 0 || (w+above)&high != high {
			return i
		}
	}
	return i
}

var doiPattern = regexp.MustCompile(`10\.\d{4,9}/\S+`)

// NormalizeDOI returns the DOI in s in lower case without resolver or
// "doi:" prefix and without trailing punctuation or " [doi]" marks, or ""
// when s holds no DOI.
func NormalizeDOI(s string) string {
	s = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "%2f", "/")
	m := doiPattern.FindString(s)
	if m == "" {
		return ""
	}
	return strings.TrimRight(m, ".,;)]}>\"'")
}

// NormalizePMID returns the digits of a PubMed id ("PMID: 123 [pmid]" →
// "123"), or "" when there are none.
func NormalizePMID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if b.Len() > 0 {
			break
		}
	}
	return b.String()
}

var yearPattern = regexp.MustCompile(`(?:^|[^0-9])(1[5-9]\d\d|20\d\d)(?:[^0-9]|$)`)

// ParseYear returns the first plausible publication year (1500–2099) in a
// date of any form the exports use ("2019//", "2014 Aug 29", "2019-01-28",
// "20190128", "Spring 2003"), or 0.
func ParseYear(s string) int {
	if m := yearPattern.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	if len(s) >= 8 && isDigits(s[:8]) { // 20190128
		y, _ := strconv.Atoi(s[:4])
		if y >= 1500 && y < 2100 {
			return y
		}
	}
	return 0
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// NormalizeAuthor puts an author name in one form, "Family, Given":
// "Smith, John" stays; "Smith JA" and "Wilson L.N." (family then initials)
// become "Smith, JA" and "Wilson, L.N."; "John Smith" becomes "Smith, John".
// Organisation names and single words are returned cleaned but unchanged; a
// name wholly in braces, as BibTeX protects "{World Health Organization}",
// is returned without them and otherwise unchanged.
func NormalizeAuthor(s string) string {
	s = strings.TrimRight(CleanText(s), ",;")
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		return CleanText(s[1 : len(s)-1]) // BibTeX's {Organisation Name}
	}
	if s == "" || strings.Contains(s, ",") {
		return s
	}
	parts := strings.Fields(s)
	if len(parts) < 2 || len(parts) > 4 || isOrganisation(parts) {
		return s
	}
	last := parts[len(parts)-1]
	if isInitials(last) {
		return strings.Join(parts[:len(parts)-1], " ") + ", " + last
	}
	// Given names first: the family name is the last word, with particles
	// such as "van", "de", "von" before it.
	i := len(parts) - 1
	for i > 0 && isParticle(parts[i-1]) {
		i--
	}
	if i == 0 { // "van den Hoven": a family name without given names
		return s
	}
	return strings.Join(parts[i:], " ") + ", " + strings.Join(parts[:i], " ")
}

// isInitials reports whether w looks like initials: "J", "JA", "L.N.", "J.-P.".
func isInitials(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.' || r == '-':
		default:
			return false
		}
	}
	return letters > 0 && letters <= 3
}

// isOrganisation reports whether a name's words read as an organisation
// ("Institute for Healthcare Improvement", "Cochrane Collaboration"): a
// lower-case word that is no name particle, or a word organisations use.
func isOrganisation(words []string) bool {
	for _, w := range words {
		lw := strings.ToLower(w)
		if lw == w && !isParticle(w) && !isInitials(w) {
			return true
		}
		switch lw {
		case "institute", "institut", "university", "universitet", "group", "collaboration", "centre", "center", "senter",
			"society", "association", "committee", "council", "agency", "department", "ministry", "network",
			"consortium", "foundation", "organization", "organisation", "directorate", "direktoratet", "helsedirektoratet":
			return true
		}
	}
	return false
}

func isParticle(w string) bool {
	switch strings.ToLower(w) {
	case "van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "ter", "ten", "af":
		return true
	}
	return false
}

// normalize cleans every field of rec in place: NFC and white space, DOI,
// PMID, author names; drops empty authors and keywords.
func normalize(rec *data.Record) {
	for _, p := range []*string{&rec.Type, &rec.Title, &rec.Journal, &rec.Volume, &rec.Issue, &rec.Pages,
		&rec.PMCID, &rec.ISBN, &rec.URL, &rec.Language, &rec.Key} {
		*p = CleanText(*p)
	}
	rec.Abstract = cleanParagraphs(rec.Abstract)
	rec.Title = strings.TrimSuffix(rec.Title, " .")
	rec.DOI = NormalizeDOI(rec.DOI)
	rec.PMID = NormalizePMID(rec.PMID)
	rec.Authors = cleanList(rec.Authors, NormalizeAuthor)
	rec.Keywords = cleanList(rec.Keywords, CleanText)
	for i := range rec.Extra {
		rec.Extra[i].Value = norm.NFC.String(strings.TrimSpace(rec.Extra[i].Value))
	}
}

var blankLine = regexp.MustCompile(`\n\s*\n`)

// cleanParagraphs is CleanText that keeps blank-line paragraph breaks.
func cleanParagraphs(s string) string {
	if strings.IndexByte(s, '\n') < 0 && strings.IndexByte(s, '\r') < 0 { // not ContainsAny: a byte at a time
		return CleanText(s) // one paragraph
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var paras []string
	for _, p := range blankLine.Split(s, -1) {
		if p = CleanText(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

func cleanList(in []string, clean func(string) string) []string {
	out := in[:0]
	for _, s := range in {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
