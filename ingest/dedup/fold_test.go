package dedup

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Sjøgren, Ærø og Ångström", "sjogren aero og angstrom"},
		{"Straße", "strasse"},
		{"Œuvre de Þór, Ðað", "oeuvre de thor dad"},
		{"Łódź", "lodz"},
		{"Café résumé naïve", "cafe resume naive"},
		{"<i>In vivo</i> &amp; <b>in vitro</b>", "in vivo in vitro"},
		{"&lt;p&gt;Escherichia&lt;/p&gt;&lt;p&gt;coli&lt;/p&gt;", "escherichia coli"},
		{"&lt;i&gt;Escherichia coli&lt;/i&gt; in water", "escherichia coli in water"},
		{"Effects of X: a randomised trial.", "effects of x a randomised trial"},
		{"GLP-1 (9–37) …", "glp 1 9 37"},
		{"Ca<sup>2+</sup> handling<br>in cells", "ca2 handling in cells"},
		{"ﬁnal ＦＵＬＬ width", "final full width"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTitles(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Kvalitetsforbedring i sykehjem [Quality improvement in nursing homes]",
			[]string{"kvalitetsforbedring i sykehjem", "quality improvement in nursing homes"}},
		{"[Quality improvement in nursing homes].", []string{"quality improvement in nursing homes"}},
		{"Effects of X on Y [published erratum appears in BMJ 2003;327:1]", []string{"effects of x on y"}},
		{"Plain title.", []string{"plain title"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Titles(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Titles(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFamilies(t *testing.T) {
	tests := []struct {
		in   []string
		want []string
	}{
		{[]string{"Sjøgren, Åse", "van der Berg, J."}, []string{"sjogren", "vanderberg"}},
		{[]string{"Adeli K.Lewis G. F."}, []string{"adeli", "lewis"}},
		{[]string{"Luna Vital D. A.Johnson M. H."}, []string{"lunavital", "johnson"}},
		{[]string{"Anonymous"}, nil},
	}
	for _, tt := range tests {
		if got := families(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("families(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEditSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"abcdefghij", "abcdefghij", 1},
		{"abcdefghij", "abcdefghiX", 0.9},
		{"abcdefghij", "bcdefghij", 0.9},
		{"abcdefghij", "zzzzzzzzzz", 0}, // beyond the band
	}
	for _, tt := range tests {
		if got := editSimilarity(tt.a, tt.b, 0.25); got != tt.want {
			t.Errorf("editSimilarity(%q, %q) = %.3f, want %.3f", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestJournalsAgree(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"j nutr biochem", "journal of nutritional biochemistry", true},
		{"circulation conference", "circulation", true},
		{"endocr rev", "endocrine reviews conference 94th annual meeting", true},
		{"diabetes", "diabetologia", false},
		{"diabetes care", "diabetes", true}, // a prefix: agreement is weak evidence, never enough alone
		{"bmj", "lancet", false},
	}
	for _, tt := range tests {
		if got := journalsAgree(Fold(tt.a), Fold(tt.b)); got != tt.want {
			t.Errorf("journalsAgree(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
