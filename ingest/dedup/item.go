package dedup

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/oversikt/oversikt/data"
)

// item is one record reduced to what matching compares.
type item struct {
	id, study int64
	isNew     bool     // not compared by an earlier run
	titles    []string // folded; the whole title first
	notice    int8
	conf      bool // a conference abstract or supplement
	preprint  bool
	year      int
	authors   []string // folded family names, at most maxAuthors
	journal   string
	volume    string
	page      string // first page
	doi, pmid string
}

const maxAuthors = 12

// newItem prepares rec for matching.
func newItem(rec *data.Record) item {
	it := item{id: rec.ID, study: rec.StudyID, year: rec.Year, doi: unescapeDOI(clean(rec.DOI)), pmid: clean(rec.PMID)}
	it.titles = Titles(rec.Title)
	if len(it.titles) > 0 {
		it.notice = int8(noticeKind(it.titles[0], rec.Type))
	}
	it.authors = families(rec.Authors)
	it.journal = strings.TrimPrefix(clean(Fold(rec.Journal)), "the ")
	it.volume = firstNumber(clean(rec.Volume))
	it.page = firstPage(clean(rec.Pages))
	vi := Fold(rec.Volume + " " + rec.Issue + " " + rec.Pages)
	typ := Fold(rec.Type)
	it.conf = strings.Contains(vi, "suppl") || strings.Contains(vi, "meeting") || isSupplementPage(it.page) || hasAny(it.journal, conferenceWords) ||
		hasAny(typ, []string{"conf", "abst", "cpaper", "meeting"})
	it.preprint = isPreprintDOI(it.doi) || hasAny(it.journal, preprintWords)
	return it
}

var conferenceWords = []string{"conference", "meeting", "congress", "symposium", "proceedings", "abstracts", "annual scientific"}
var preprintWords = []string{"biorxiv", "medrxiv", "arxiv", "preprint", "research square", "ssrn"}

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func isPreprintDOI(doi string) bool {
	for _, p := range []string{"10.1101/", "10.21203/", "10.2139/ssrn", "10.48550/", "10.20944/", "10.31219/", "10.31234/", "10.31235/", "10.22541/"} {
		if strings.HasPrefix(doi, p) {
			return true
		}
	}
	return false
}

// clean maps the placeholders some exports put in empty fields to "".
func clean(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "na", "n/a", "null", "none", "-", "[no pagination]", "no pagination":
		return ""
	}
	return strings.TrimSpace(s)
}

func firstNumber(s string) string {
	start := -1
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			return strings.TrimLeft(s[start:i], "0")
		}
	}
	if start < 0 {
		return ""
	}
	return strings.TrimLeft(s[start:], "0")
}

// firstPage returns the first page of a range ("117-52" → "117",
// "e0143396" → "e0143396", "S35-S36" → "s35").
func firstPage(s string) string {
	s = Fold(s)
	if i := strings.IndexByte(s, ' '); i >= 0 {
		s = s[:i]
	}
	if s == "" || !strings.ContainsAny(s, "0123456789") {
		return ""
	}
	return strings.TrimLeft(s, "0")
}

func isSupplementPage(p string) bool {
	return len(p) > 1 && (p[0] == 's' || p[0] == 'a') && p[1] >= '0' && p[1] <= '9'
}

// families returns the folded family names of authors ("Family, Given",
// or "Family I." forms), dropping anonymous placeholders. A single entry
// that glues several "Family I." names together ("Adeli K.Lewis G. F.") is
// split first.
func families(authors []string) []string {
	if len(authors) == 1 {
		authors = splitGlued(authors[0])
	}
	var out []string
	for _, a := range authors {
		if len(out) == maxAuthors {
			break
		}
		fam := a
		if i := strings.IndexByte(a, ','); i >= 0 {
			fam = a[:i]
		} else {
			var words []string
			for _, w := range strings.Fields(a) {
				if !isInitials(w) {
					words = append(words, w)
				}
			}
			if len(words) > 0 {
				fam = strings.Join(words, " ")
			}
		}
		f := strings.ReplaceAll(Fold(fam), " ", "")
		if f == "" || f == "anonymous" || f == "anon" || f == "na" {
			continue
		}
		out = append(out, f)
	}
	return out
}

// splitGlued splits "Adeli K.Lewis G. F." after each initial's full stop
// that is followed at once by a capital and a small letter.
func splitGlued(s string) []string {
	var out []string
	start := 0
	r := []rune(s)
	for i := 1; i+2 < len(r); i++ {
		if r[i] == '.' && isUpper(r[i+1]) && isLower(r[i+2]) {
			out = append(out, string(r[start:i+1]))
			start = i + 1
		}
	}
	return append(out, string(r[start:]))
}

func isUpper(r rune) bool { return unicode.IsUpper(r) }
func isLower(r rune) bool { return unicode.IsLower(r) }

// isInitials reports whether w looks like initials: "J", "JA", "L.N.", "J.-P.".
func isInitials(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case isUpper(r):
			letters++
		case r == '.' || r == '-':
		default:
			return false
		}
	}
	return letters > 0 && letters <= 3
}

// title returns the whole folded title, or "".
func (it *item) title() string {
	if len(it.titles) == 0 {
		return ""
	}
	return it.titles[0]
}

// unescapeDOI decodes the percent escapes a DOI copied from a URL keeps
// ("10.1016/S0025-7753%2817%2930624-3"), in lower case.
func unescapeDOI(doi string) string {
	if strings.Contains(doi, "%") {
		if u, err := url.PathUnescape(doi); err == nil {
			doi = u
		}
	}
	return strings.ToLower(doi)
}
