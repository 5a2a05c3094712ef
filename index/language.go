package index

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Languages the index stems. Anything else is indexed as English (the
// unstemmed fields serve every language).
const (
	langEnglish   = "en"
	langNorwegian = "no"
)

// Function words that tell English and Norwegian (Bokmål and Nynorsk)
// apart; words common to both ("for", "at", "under") are left out.
var (
	englishWords = wordSet(`the of and to in a is with on that as by are was were from this be an or
		which have has been we these their between among its not than can our into after there also such`)
	norwegianWords = wordSet(`og i på som av med til er det en et ei å ikke ikkje har de kan om ved den fra frå var
		ble vart blir seg sin sitt sine hvordan korleis blant mellom etter eller også hva kva dette disse denne
		vi oss hos mot men når vært være hadde skal ha vil dei eit ein kunne slik bare berre andre`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// guessSample is how much of a text guessLanguage reads: the first few
// dozen words tell the language as well as the whole abstract.
const guessSample = 600

// guessLanguage returns "en" or "no" for text, or "" when the text gives
// too little evidence either way. It counts English and Norwegian function
// words and words spelt with æ, ø or å.
func guessLanguage(text string) string {
	if len(text) > guessSample {
		text = text[:guessSample]
	}
	var en, nb int
	var buf [32]byte
	for rest := text; len(rest) > 0; {
		// The next word: a run of letters, as strings.FieldsFunc would cut
		// it (ASCII looked at byte by byte), lowercased (rune by rune, so
		// as strings.ToLower of the whole text would have it) without
		// allocating when it is short ASCII.
		if c := rest[0]; c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				rest = rest[1:]
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(rest); !unicode.IsLetter(r) {
			rest = rest[size:]
			continue
		}
		end, ascii := 0, true
		for end < len(rest) {
			if c := rest[end]; c < utf8.RuneSelf {
				if !isASCIILetter(c) {
					break
				}
				end++
				continue
			}
			r, size := utf8.DecodeRuneInString(rest[end:])
			if !unicode.IsLetter(r) {
				break
			}
			ascii = false
			end += size
		}
		w := rest[:end]
		ascii = ascii && end <= len(buf)
		rest = rest[end:]
		for i := 0; ascii && i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		var lw []byte
		if ascii {
			lw = buf[:len(w)]
		} else {
			lw = []byte(strings.ToLower(w))
		}
		switch {
		case englishWords[string(lw)]:
			en++
		case norwegianWords[string(lw)]:
			nb++
		case !ascii && bytes.ContainsAny(lw, "æøå"):
			nb++
		}
	}
	switch {
	case nb >= 2 && nb > en:
		return langNorwegian
	case en >= 2 && en > nb:
		return langEnglish
	case nb == 1 && en == 0 && len(text) < 200:
		return langNorwegian
	case en == 1 && nb == 0 && len(text) < 200:
		return langEnglish
	}
	return ""
}

// languageField maps a record's own language field ("nor", "Norwegian",
// "nb", "eng" …) to "en" or "no", or "" when it names neither.
func languageField(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "no", "nor", "nob", "nno", "nb", "nn", "norwegian", "norsk", "bokmål", "nynorsk":
		return langNorwegian
	case "en", "eng", "english", "engelsk":
		return langEnglish
	}
	return ""
}

// languages returns the language to stem the title and the abstract in:
// each field's own evidence first, then the whole record's, then the
// record's language field, then English.
func languages(title, abstract, field string) (titleLang, abstractLang string) {
	both := title
	if len(both) < guessSample {
		both += " " + abstract[:min(len(abstract), guessSample-len(both))]
	}
	record := guessLanguage(both)
	if record == "" {
		record = languageField(field)
	}
	if record == "" {
		record = langEnglish
	}
	titleLang, abstractLang = guessLanguage(title), guessLanguage(abstract)
	if titleLang == "" {
		titleLang = record
	}
	if abstractLang == "" {
		abstractLang = record
	}
	return titleLang, abstractLang
}
