package ingest

import (
	"strings"

	"github.com/oversikt/oversikt/data"
)

// bibRememberLimit caps the field text kept for crossref and xdata look-ups;
// beyond it, later entries can still point to earlier ones only if those
// were remembered.
const bibRememberLimit = 64 << 20

// bibWaitLimit caps the entries held back waiting for a crossref target
// further down; past it the oldest is emitted without the inherited fields.
const bibWaitLimit = 10000

// bibResolver fills crossref and xdata fields and emits entries in file
// order.
type bibResolver struct {
	emit    func(Parsed) error
	seen    map[string]*bibEntry
	kept    int
	waiting []bibPending
}

type bibPending struct {
	e       *bibEntry
	problem string
}

func newBibResolver(emit func(Parsed) error) *bibResolver {
	return &bibResolver{emit: emit, seen: map[string]*bibEntry{}}
}

// add takes the next entry (or a problem at e.line) in file order.
func (r *bibResolver) add(e *bibEntry, problem string) error {
	if problem == "" && e.key != "" && r.kept < bibRememberLimit {
		k := strings.ToLower(e.key)
		if _, dup := r.seen[k]; !dup {
			// Remember the fields only: Raw goes out with the entry.
			r.seen[k] = &bibEntry{typ: e.typ, key: e.key, fields: e.fields[:len(e.fields):len(e.fields)], line: e.line}
			for _, f := range e.fields {
				r.kept += len(f.name) + len(f.value)
			}
		}
	}
	r.waiting = append(r.waiting, bibPending{e, problem})
	for len(r.waiting) > 0 && (len(r.waiting) > bibWaitLimit || r.ready(r.waiting[0])) {
		if err := r.send(r.waiting[0]); err != nil {
			return err
		}
		r.waiting[0] = bibPending{}
		r.waiting = r.waiting[1:]
	}
	return nil
}

// finish emits the entries still waiting for targets that never came.
func (r *bibResolver) finish() error {
	for _, p := range r.waiting {
		if err := r.send(p); err != nil {
			return err
		}
	}
	r.waiting = nil
	return nil
}

// ready tells whether every entry p refers to has been read.
func (r *bibResolver) ready(p bibPending) bool {
	if p.problem != "" {
		return true
	}
	for _, k := range bibRefs(p.e) {
		if _, ok := r.seen[strings.ToLower(k)]; !ok {
			return false
		}
	}
	return true
}

func bibRefs(e *bibEntry) []string {
	var refs []string
	for _, f := range e.fields {
		if f.name == "crossref" || f.name == "xdata" {
			for _, k := range strings.Split(f.value, ",") {
				if k = strings.TrimSpace(k); k != "" {
					refs = append(refs, k)
				}
			}
		}
	}
	return refs
}

func (r *bibResolver) send(p bibPending) error {
	if p.problem != "" {
		return r.emit(Parsed{Record: data.Record{Line: p.e.line, Key: p.e.key, Raw: p.e.raw}, Problem: p.problem})
	}
	r.inherit(p.e, 0)
	return r.emit(Parsed{Record: bibRecord(p.e)})
}

// inherit copies into e the fields it lacks from the entries its crossref
// and xdata name, following chains a few levels deep. A parent's title
// becomes the child's booktitle, as biblatex does.
func (r *bibResolver) inherit(e *bibEntry, depth int) {
	if depth > 4 {
		return
	}
	for _, f := range e.fields {
		isXData := f.name == "xdata"
		if f.name != "crossref" && !isXData {
			continue
		}
		for _, k := range strings.Split(f.value, ",") {
			parent, ok := r.seen[strings.ToLower(strings.TrimSpace(k))]
			if !ok || strings.EqualFold(parent.key, e.key) {
				continue
			}
			r.inherit(parent, depth+1)
			for _, pf := range parent.fields {
				name := pf.name
				switch name {
				case "crossref", "xdata", "ids", "entryset", "label", "shorthand", "sortkey", "keywords", "abstract":
					continue
				case "title":
					if !isXData {
						name = "booktitle"
					}
				}
				if !e.has(name) {
					e.fields = append(e.fields, bibField{name, pf.value})
				}
			}
		}
	}
}

// bibRecord maps an entry's fields to a record; fields it does not map are
// kept in Extra, LaTeX turned into text.
func bibRecord(e *bibEntry) data.Record {
	rec := data.Record{Line: e.line, Raw: e.raw, Key: e.key, Type: e.typ}
	extra := fieldList{}
	var journal, fjournal, booktitle, eprint, eprintType, subtitle, date, title string
	for _, f := range e.fields {
		raw := f.value
		v := latexToText(raw)
		switch f.name {
		case "title":
			rec.Title, title = v, v
		case "subtitle":
			subtitle = v
		case "author":
			rec.Authors = bibAuthors(raw)
		case "year":
			rec.Year = ParseYear(v)
		case "date":
			date = v
			extra.add(f.name, v)
		case "journal", "journaltitle":
			journal = v
		case "fjournal": // MathSciNet's full journal name beside an abbreviated journal
			fjournal = v
		case "booktitle":
			booktitle = v
		case "volume":
			rec.Volume = v
		case "number", "issue":
			rec.Issue = firstNonEmpty(rec.Issue, v)
		case "pages":
			rec.Pages = strings.ReplaceAll(strings.ReplaceAll(latexToText(strings.ReplaceAll(raw, "--", "-")), "–", "-"), " ", "")
		case "doi":
			rec.DOI = v
		case "pmid":
			rec.PMID = v
		case "pmcid":
			rec.PMCID = v
		case "eprint":
			eprint = v
			extra.add(f.name, v)
		case "eprinttype", "archiveprefix":
			eprintType = strings.ToLower(v)
			extra.add(f.name, v)
		case "url":
			rec.URL = strings.TrimSpace(raw)
		case "keywords":
			rec.Keywords = splitKeywords(v)
		case "abstract":
			rec.Abstract = v
		case "language", "langid":
			rec.Language = firstNonEmpty(rec.Language, v)
		case "isbn":
			rec.ISBN = v
		default:
			extra.add(f.name, v)
		}
	}
	if subtitle != "" {
		rec.Title += ": " + subtitle
	}
	if rec.Year == 0 {
		rec.Year = ParseYear(date)
	}
	if fjournal != "" && journal != "" {
		journal, fjournal = fjournal, journal
	}
	extra.add("journal", fjournal)
	if booktitle != title { // a book's booktitle is its own title
		rec.Journal = firstNonEmpty(journal, booktitle)
	}
	if booktitle != "" && booktitle != rec.Journal {
		extra.add("booktitle", booktitle)
	}
	switch eprintType {
	case "pubmed", "pmid":
		rec.PMID = firstNonEmpty(rec.PMID, eprint)
	case "pmc", "pmcid":
		rec.PMCID = firstNonEmpty(rec.PMCID, eprint)
	case "doi":
		rec.DOI = firstNonEmpty(rec.DOI, eprint)
	}
	if rec.DOI == "" && strings.Contains(rec.URL, "doi.org/") {
		rec.DOI = rec.URL
	}
	rec.Extra = extra
	return rec
}

func splitKeywords(s string) []string {
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	var out []string
	for _, k := range strings.Split(s, sep) {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// bibAuthors splits a BibTeX name list on "and" (outside braces) and puts
// each name as "Family, Given". A name wholly in braces ({World Health
// Organization}) is kept whole, in braces, for NormalizeAuthor to keep.
func bibAuthors(raw string) []string {
	var out []string
	for _, name := range splitTopLevel(raw, " and ") {
		name = strings.TrimSpace(name)
		if name == "" || strings.EqualFold(name, "others") {
			continue
		}
		if strings.HasPrefix(name, "{") && matchBrace(name, 0, len(name)) == len(name)-1 {
			out = append(out, "{"+latexToText(name[1:len(name)-1])+"}")
			continue
		}
		out = append(out, bibName(name))
	}
	return out
}

// bibName turns one BibTeX name ("von Last, Jr, First", "von Last, First"
// or "First von Last") into "Family, Given[, Jr]". In "First von Last" the
// family name starts at the first particle NormalizeAuthor knows ("van",
// "de" …), as the other formats read it, or is the last word.
func bibName(name string) string {
	parts := splitTopLevel(name, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(latexToText(parts[i]))
	}
	switch len(parts) {
	case 1:
	case 2:
		if parts[1] == "" {
			return parts[0]
		}
		return parts[0] + ", " + parts[1]
	default:
		return parts[0] + ", " + parts[2] + ", " + parts[1]
	}
	words := splitTopLevel(strings.Join(strings.Fields(name), " "), " ")
	if len(words) < 2 {
		return latexToText(name)
	}
	// The family name starts at the first particle ("van", "de" …) before
	// the last word, or is the last word.
	last := len(words) - 1
	for i := 1; i < len(words)-1; i++ {
		if isParticle(strings.Trim(words[i], "{}")) {
			last = i
			break
		}
	}
	family := latexToText(strings.Join(words[last:], " "))
	given := latexToText(strings.Join(words[:last], " "))
	return family + ", " + given
}

// splitTopLevel splits s on sep where sep is outside braces; sep " and "
// also matches any white space around "and", in any case.
func splitTopLevel(s, sep string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth != 0 {
			continue
		}
		if sep == " and " {
			if isSpace(s[i]) && i+5 <= len(s) && strings.EqualFold(s[i+1:i+4], "and") && isSpace(s[i+4]) {
				out = append(out, s[start:i])
				i += 4
				start = i + 1
			}
			continue
		}
		if strings.HasPrefix(s[i:], sep) {
			out = append(out, s[start:i])
			start = i + len(sep)
			i = start - 1
		}
	}
	return append(out, s[start:])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
