package index

import "testing"

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
