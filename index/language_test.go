package index

import (
	"strings"
	"testing"
	"unicode"
)

func TestGuessLanguage(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"Læringsnettverk i kommunehelsetjenesten: en evaluering av gode pasientforløp", "no"},
		{"Erfaringer med kvalitetsforbedring og ledelse på sykehjem", "no"},
		{"Korleis arbeider kommunane med læringsnettverk?", "no"},
		{"Leadership and quality improvement in nursing homes: a systematic review", "en"},
		{"The effect of learning collaboratives on the quality of care", "en"},
		{"Sykehjem", ""}, // one word without a telling letter or function word
		{"Læringsnettverk", "no"},
		{"Inhibition of cellular transport processes by 5-thio-D-glucopyranose", "en"},
		{"", ""},
		{"12345 67", ""},
	}
	for _, tt := range tests {
		if got := guessLanguage(tt.text); got != tt.want {
			t.Errorf("guessLanguage(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestLanguages(t *testing.T) {
	tests := []struct {
		name, title, abstract, field string
		wantTitle, wantAbstract      string
	}{
		{"both Norwegian", "Ledelse i sykehjem", "Studien undersøker hvordan ledere på sykehjem arbeider med kvalitet.", "", "no", "no"},
		{"Norwegian title, English abstract", "Læringsnettverk for gode pasientforløp", "This study evaluates a learning network in the municipalities of Norway.", "", "no", "en"},
		{"translated title, language field", "[Leadership]", "", "Norwegian", "no", "no"},
		{"nothing to go by", "Sykehjem", "", "", "en", "en"},
		{"field says Norwegian but text is English", "The role of leadership in the nursing home", "", "nor", "en", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gt, ga := languages(tt.title, tt.abstract, tt.field)
			if gt != tt.wantTitle || ga != tt.wantAbstract {
				t.Errorf("languages() = %q, %q, want %q, %q", gt, ga, tt.wantTitle, tt.wantAbstract)
			}
		})
	}
}

// TestGuessLanguageLowercasesAsBefore checks guessLanguage, which lowercases
// word by word, against lowercasing the whole sample first, on the
// corpus's titles and abstracts and on words with capitals outside ASCII.
func TestGuessLanguageLowercasesAsBefore(t *testing.T) {
	reference := func(text string) (en, nb int) {
		if len(text) > guessSample {
			text = text[:guessSample]
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			switch {
			case englishWords[w]:
				en++
			case norwegianWords[w]:
				nb++
			case strings.ContainsAny(w, "æøå"):
				nb++
			}
		}
		return en, nb
	}
	texts := []string{"OG I PÅ SOM ÆRE Øya ÅS THE Of İs ΣΟΦΟΣ \xff\xfeand", strings.Repeat("og ", 199) + "Ære"}
	for _, r := range labelledRecords(t, "wilson_appenzeller-herzog2019_ferdinands.csv") {
		texts = append(texts, r.Title, r.Abstract)
	}
	for _, r := range norwegianRecords {
		texts = append(texts, r.Title, r.Abstract)
	}
	for _, text := range texts {
		en, nb := reference(text)
		want := ""
		switch {
		case nb >= 2 && nb > en:
			want = langNorwegian
		case en >= 2 && en > nb:
			want = langEnglish
		case nb == 1 && en == 0 && len(text) < 200:
			want = langNorwegian
		case en == 1 && nb == 0 && len(text) < 200:
			want = langEnglish
		}
		if got := guessLanguage(text); got != want {
			t.Errorf("guessLanguage(%.60q) = %q, want %q (en %d, no %d)", text, got, want, en, nb)
		}
	}
}
