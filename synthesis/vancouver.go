package synthesis

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/oversikt/oversikt/data"
)

// Vancouver formats a record as a Vancouver (ICMJE/NLM) reference:
// "Schouten LM, Hulscher ME, van Everdingen JJ, Huijsman R, Grol RP.
// Evidence for the impact of quality improvement collaboratives:
// systematic review. BMJ. 2008;336(7659):1491-4.
// doi:10.1136/bmj.39570.749884.BE". At most six authors are named, then
// "et al."; initials are at most two letters, as PubMed gives them; page
// ranges are shortened (1491-1494 → 1491-4); the DOI keeps the case the
// source wrote it in.
func Vancouver(r data.Record) string {
	var b strings.Builder
	if len(r.Authors) > 0 {
		n := min(len(r.Authors), 6)
		for i, a := range r.Authors[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(vancouverName(a))
		}
		if len(r.Authors) > 6 {
			b.WriteString(", et al")
		}
		b.WriteString(". ")
	}
	b.WriteString(sentence(r.Title))
	if r.Journal != "" {
		b.WriteString(" " + strings.TrimSuffix(r.Journal, ".") + ".")
	}
	if r.Year > 0 {
		b.WriteString(" " + strconv.Itoa(r.Year))
		if r.Volume != "" {
			b.WriteString(";" + r.Volume)
			if r.Issue != "" {
				b.WriteString("(" + r.Issue + ")")
			}
		}
		if r.Pages != "" {
			if r.Volume == "" {
				b.WriteString(";")
			}
			b.WriteString(":" + shortPages(r.Pages))
		}
		b.WriteString(".")
	}
	if r.DOI != "" {
		b.WriteString(" doi:" + sourceCaseDOI(r))
	} else if r.PMID != "" {
		b.WriteString(" PMID: " + r.PMID + ".")
	}
	return b.String()
}

// vancouverName turns "Schouten, Loes M T" into "Schouten LM"; a name
// without a comma (an organisation) is kept.
func vancouverName(a string) string {
	family, given, ok := strings.Cut(a, ",")
	if !ok {
		return strings.TrimSpace(a)
	}
	var initials []rune
	for _, part := range strings.FieldsFunc(given, func(r rune) bool { return r == ' ' || r == '.' || r == '-' }) {
		rs := []rune(part)
		if len(rs) == 0 {
			continue
		}
		if len(rs) <= 3 && allUpper(rs) {
			initials = append(initials, rs...) // already initials: "JA"
			continue
		}
		initials = append(initials, unicode.ToUpper(rs[0]))
	}
	if len(initials) > 2 {
		initials = initials[:2]
	}
	out := strings.TrimSpace(family)
	if len(initials) > 0 {
		out += " " + string(initials)
	}
	return out
}

func allUpper(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// sentence ends a title with a full stop unless it ends in ? or !.
func sentence(t string) string {
	t = strings.TrimSpace(t)
	if t == "" {
		return ""
	}
	switch t[len(t)-1] {
	case '.', '?', '!':
		return t
	}
	return t + "."
}

// shortPages drops the leading digits the end page shares with the start:
// 1491-1494 → 1491-4, 19-31 stays.
func shortPages(p string) string {
	from, to, ok := strings.Cut(strings.ReplaceAll(p, "–", "-"), "-")
	if !ok || len(from) != len(to) {
		return p
	}
	i := 0
	for i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return from + "-" + to[i:]
}

// sourceCaseDOI returns the record's DOI as its raw text spells it (DOIs
// are stored lower case; readers expect the publisher's case).
func sourceCaseDOI(r data.Record) string {
	if i := strings.Index(strings.ToLower(r.Raw), r.DOI); i >= 0 && len(strings.ToLower(r.Raw)) == len(r.Raw) {
		return r.Raw[i : i+len(r.DOI)]
	}
	return r.DOI
}
