package index

import (
	"context"
	"reflect"
	"testing"

	"github.com/oversikt/oversikt/data"
)

func TestHighlighter(t *testing.T) {
	h := NewHighlighter(
		[]string{"learning collaborative*", "læringsnettverk*", "quality improvement", "COVID-19", "ledelse"},
		[]string{"rat*", "mice", "quality"},
	)
	tests := []struct {
		name, text, want string
	}{
		{"phrase with trailing wildcard", "A Learning Collaboratives study", "A <+Learning Collaboratives+> study"},
		{"wildcard needs the whole phrase", "learning is collaborative", "learning is collaborative"},
		{"phrase across punctuation and line break", "learning,\ncollaboratives", "<+learning,\ncollaboratives+>"},
		{"Norwegian inflections by wildcard", "Læringsnettverket og LÆRINGSNETTVERKENE", "<+Læringsnettverket+> og <+LÆRINGSNETTVERKENE+>"},
		{"exact word only without *", "ledelse, ledelsen og lederforankring", "<+ledelse+>, ledelsen og lederforankring"},
		{"exclude prefix", "Rats and rat-models, not pirates", "<-Rats-> and <-rat->-models, not pirates"},
		{"longer match wins over exclude", "quality improvement in quality circles", "<+quality improvement+> in <-quality-> circles"},
		{"hyphenated term", "after covid-19 and COVID 19", "after <+covid-19+> and <+COVID 19+>"},
		{"no partial words", "micelle formation", "micelle formation"},
		{"empty text", "", ""},
	}
	style := func(kind, s string) string {
		if kind == MarkExclude {
			return "<-" + s + "->"
		}
		return "<+" + s + "+>"
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.Highlight(tt.text, style); got != tt.want {
				t.Errorf("Highlight(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestHighlighterEmpty(t *testing.T) {
	var nilH *Highlighter
	for _, h := range []*Highlighter{nilH, NewHighlighter(nil, nil), NewHighlighter([]string{"*", " "}, []string{"-"})} {
		if !h.Empty() {
			t.Errorf("Empty() = false for %+v, want true", h)
		}
		if got := h.Marks("rats and mice"); got != nil {
			t.Errorf("Marks() = %v, want none", got)
		}
	}
}

func TestHighlightTermsFromDB(t *testing.T) {
	ctx := context.Background()
	db := mustOpenDB(t)
	if _, err := db.AddHighlightTerms(ctx, data.HighlightInclude, "ann", "learning collaborative*", "læringsnettverk*"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddHighlightTerms(ctx, data.HighlightExclude, "ann", "rat*"); err != nil {
		t.Fatal(err)
	}
	n, err := db.AddHighlightTerms(ctx, data.HighlightExclude, "bob", "rat*")
	if err != nil || n != 0 {
		t.Errorf("adding a term twice: added %d, err %v; want 0, nil", n, err)
	}
	inc, exc, err := HighlightTerms(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"learning collaborative*", "læringsnettverk*"}; !reflect.DeepEqual(inc, want) {
		t.Errorf("include = %q, want %q", inc, want)
	}
	if want := []string{"rat*"}; !reflect.DeepEqual(exc, want) {
		t.Errorf("exclude = %q, want %q", exc, want)
	}
	if err := db.RemoveHighlightTerm(ctx, "", "rat*"); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveHighlightTerm(ctx, "", "rat*"); err == nil {
		t.Error("removing a term twice: no error, want ErrNotFound")
	}
	h, err := LoadHighlighter(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	got := h.Marks("Rats in a learning collaborative")
	want := []Mark{{Start: 10, End: 32, Kind: MarkInclude}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Marks() = %+v, want %+v", got, want)
	}
}

func TestFragments(t *testing.T) {
	text := "Background: many words come first here. " +
		"Then the learning network appears, and much later, after a long stretch of text that goes on and on " +
		"for a good while without anything of interest in it at all, really nothing, the second learning network shows up near the end of the abstract."
	h := NewHighlighter([]string{"learning network"}, nil)
	marks := h.Marks(text)
	if len(marks) != 2 {
		t.Fatalf("Marks() found %d, want 2", len(marks))
	}
	frags := fragments("abstract", text, marks, 2)
	if len(frags) == 0 {
		t.Fatal("fragments() returned none")
	}
	found := 0
	for _, f := range frags {
		for _, m := range f.Marks {
			if got := f.Text[m.Start:m.End]; got != "learning network" {
				t.Errorf("fragment %q marks %q, want %q", f.Text, got, "learning network")
			}
			found++
		}
		if len(f.Text) > fragmentSize+40 {
			t.Errorf("fragment is %d bytes, want about %d", len(f.Text), fragmentSize)
		}
	}
	if found != 2 {
		t.Errorf("fragments carry %d marks, want 2", found)
	}
}
