package ingest

import (
	"strings"
	"unicode"
)

// splitAuthors splits an author cell the way its exporter joined it: on
// ";" (Scopus, CINAHL, Cochrane, Covidence, Zotero, Lens, RefWorks, Google
// Scholar), "|" (OpenAlex), " and " (Rayyan, Abstrackr, ASReview) and ","
// (Embase, PubMed), telling "Smith, John" (one name) from "Smith J, Jones
// K" (two). Names run together without separator ("Adeli K.Lewis G. F.",
// ASySD) are split where an initial's full stop meets a capitalised word.
func splitAuthors(v string) []string {
	v = strings.Join(strings.Fields(v), " ")
	var parts []string
	switch {
	case strings.Contains(v, ";"):
		parts = strings.Split(v, ";")
	case strings.Contains(v, "|"):
		parts = strings.Split(v, "|")
	default:
		for _, p := range strings.Split(v, " and ") {
			parts = append(parts, splitCommaNames(p)...)
		}
		if len(parts) == 1 {
			parts = splitRunTogether(parts[0])
		}
	}
	out := parts[:0]
	for _, p := range parts {
		p = strings.TrimSpace(p)
		p = strings.TrimSuffix(strings.TrimSuffix(p, ", null"), ",null") // RefWorks, Lens: no given name
		if i := strings.Index(p, ","); i > 0 && i+1 < len(p) && p[i+1] != ' ' {
			p = p[:i+1] + " " + p[i+1:] // RefWorks: "Smits,Maarten L. J."
		}
		if p != "" {
			out = append(out, joinInitials(p))
		}
	}
	return out
}

// joinInitials closes up spaced trailing initials, "Lewis G. F." → "Lewis
// G.F.", so the name reads as family name and initials.
func joinInitials(name string) string {
	if strings.Contains(name, ",") {
		return name
	}
	words := strings.Fields(name)
	k := len(words)
	for k > 1 && isInitial(words[k-1]) {
		k--
	}
	if k == 0 || len(words)-k < 2 {
		return name
	}
	return strings.Join(words[:k], " ") + " " + strings.Join(words[k:], "")
}

// isInitial reports whether w is one initial with its full stop: "G.".
func isInitial(w string) bool {
	r := []rune(w)
	return len(r) == 2 && unicode.IsUpper(r[0]) && r[1] == '.'
}

// splitCommaNames splits "Liu R., Adler D.G." into names but keeps
// "Smith, John" whole and pairs "Smith, J, Jones, K".
func splitCommaNames(s string) []string {
	fields := strings.Split(s, ",")
	if len(fields) == 1 {
		return fields
	}
	oneWord, dots := false, 0
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
		oneWord = oneWord || !strings.Contains(fields[i], " ")
		if i < len(fields)-1 && strings.Contains(fields[i], ".") {
			dots++
		}
	}
	if !oneWord {
		if last := len(fields) - 1; dots == 0 { // PubMed: "Griffin DK, O'Connor RE."
			fields[last] = strings.TrimSuffix(fields[last], ".")
		}
		return fields
	}
	if len(fields)%2 != 0 {
		return []string{s}
	}
	var out []string
	for i := 0; i < len(fields); i += 2 {
		out = append(out, fields[i]+", "+fields[i+1])
	}
	return out
}

// splitRunTogether splits "Adeli K.Lewis G. F." into "Adeli K." and
// "Lewis G. F.".
func splitRunTogether(s string) []string {
	var out []string
	r := []rune(s)
	start := 0
	for i := 1; i+2 < len(r); i++ {
		if r[i] == '.' && unicode.IsUpper(r[i+1]) && unicode.IsLower(r[i+2]) {
			out = append(out, string(r[start:i+1]))
			start = i + 1
		}
	}
	return append(out, string(r[start:]))
}

// splitList splits a keyword cell on ";", "|" or else "," outside
// parentheses (Embase: "cyst (diagnosis, surgery), fossil").
func splitList(v string) []string {
	switch {
	case strings.Contains(v, ";"):
		return strings.Split(v, ";")
	case strings.Contains(v, "|"):
		return strings.Split(v, "|")
	}
	var out []string
	depth, start := 0, 0
	for i, c := range v {
		switch c {
		case '(', '[':
			depth++
		case ')', ']':
			depth = max(depth-1, 0)
		case ',':
			if depth == 0 {
				out = append(out, v[start:i])
				start = i + 1
			}
		}
	}
	return append(out, v[start:])
}
