package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBibTeXCorpusFields(t *testing.T) {
	checkCorpusRecords(t, []corpusRecord{
		{file: "bibtex/zotero_spaniels_asysd.bib", index: 0, line: 2, key: "larsen_microangiography_1999",
			title: "Microangiography of the humeral condyle in Cocker Spaniel", author: "Larsen, LJ", year: 1999,
			journal: "VETERINARY AND COMPARATIVE ORTHOPAEDICS AND TRAUMATOLOGY", abstract: true},
		{file: "bibtex/zotero_spaniels_asysd.bib", index: 1, line: 19,
			title: "Molecular background of hereditary nephropathies", author: "Wasielewska, M", year: 2019,
			doi: "10.21521/mw.6330", journal: "MEDYCYNA WETERYNARYJNA-VETERINARY MEDICINE-SCIENCE AND PRACTICE", abstract: true},
		{file: "bibtex/zotero_spaniels_asysd.bib", index: 500, line: 8355,
			title: "AUTOSOMAL RECESSIVE INHERITED PHOSPHOFRUCTOKINASE", author: "GIGER, U", year: 1986,
			doi: "10.1111/j.1365-2052.1986.tb03184.x", journal: "ANIMAL GENETICS"},
		{file: "bibtex/zotero_spaniels_asysd.bib", index: 999, line: 16590,
			title: "Radiographic diagnosis-paraspinal abscess in a dog", author: "Naughton, JF", year: 2005,
			doi: "10.1111/j.1740-8261.2005.00004.x", journal: "VETERINARY RADIOLOGY & ULTRASOUND", abstract: true},
		// crossref: year and booktitle come from westfahl:frontier further down.
		{file: "bibtex/biber_examples_bibtexparser.bib", index: 0, line: 11, key: "westfahl:space",
			title: "The True Frontier: Confronting and Avoiding", author: "Westfahl, Gary", year: 2000,
			journal: "Space and Beyond"},
		{file: "bibtex/biber_examples_bibtexparser.bib", index: 17, line: 270, key: "sigfridsson",
			title: "Comparison of methods for deriving atomic charges", author: "Sigfridsson, Emma", year: 1998,
			doi: "10.1002/(sici)1096-987x(199803)19:4<377::aid-jcc1>3.0.co;2-p", journal: "Journal of Computational Chemistry", abstract: true},
	})
	_, recs := readCorpus(t, "bibtex/biber_examples_bibtexparser.bib")
	byKey := map[string]int{}
	for i, r := range recs {
		byKey[r.Key] = i
	}
	for _, tt := range []struct{ key, field, got, want string }{
		{"britannica", "title", recs[byKey["britannica"]].Title, "The New Encyclopædia Britannica"},
		{"britannica", "publisher", recs[byKey["britannica"]].ExtraValue("publisher"), "Encyclopædia Britannica"},
		{"sigfridsson", "pages", recs[byKey["sigfridsson"]].Pages, "377-395"},
		{"sigfridsson", "type", recs[byKey["sigfridsson"]].Type, "article"},
		{"sigfridsson", "language", recs[byKey["sigfridsson"]].Language, "english"},
		{"shore", "title", recs[byKey["shore"]].Title, "Twice-Born, Once Conceived: Meaning Construction and Cultural Cognition"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.key, tt.field, tt.got, tt.want)
		}
	}
}

const bibFixture = `% A comment line, then macros, a preamble and a comment entry.
@String{jcc = "J. Comput. Chem."}
@string(oslo = {Oslo})
@preamble{"\newcommand{\noop}[1]{}"}
@comment{ignored, {nested} braces}

@InProceedings{child,
  author = {M{\"u}ller, J{\"o}rg and {\O}deg{\aa}rd, Kari and {World Health Organization} and Ludwig van Beethoven and von Hicks, III, Michael},
  title = {{\AA}rsrapport: {\'e}l{\` + "`" + `e}ve, fa\c{c}ade, Stra\ss e, \ae{}ble, \o l -- 1990--2000~here},
  crossref = {parent},
  pages = {10--20},
  eprint = {31415926}, eprinttype = {pubmed},
  keywords = {one, two},
}

@article(broken,
  title = {This entry never closes},
  year = 2001,

@article{after,
  title = "Quoted {"}value" # " " # jcc,
  journal = jcc, year = 1999, month = mar,
  doi = {https://doi.org/10.1000/ABC}
}
@Proceedings{parent,
  title = {Proceedings of Things},
  year = {2020},
  address = oslo # { and } # "Bergen",
  publisher = {Uni}
}
`

// TestBibTeXFixture covers what the corpus lacks: @string with #
// concatenation, a crossref to a later entry, LaTeX accents, organisation
// and "von"/"Jr" names, eprint PMIDs, parenthesised entries and an entry
// that never closes.
func TestBibTeXFixture(t *testing.T) {
	got, err := parseString(readBibTeX, bibFixture)
	if err != nil {
		t.Fatalf("readBibTeX: %v", err)
	}
	if len(got) != 4 {
		t.Fatalf("got %d results, want 4 (child, broken, after, parent; no @string/@preamble/@comment)", len(got))
	}
	child, broken, after, parent := got[0], got[1], got[2], got[3]
	if broken.Problem == "" || broken.Record.Line != 16 || !strings.Contains(broken.Problem, "does not close") {
		t.Errorf("broken entry: problem %q at line %d, want one at line 16 saying it does not close", broken.Problem, broken.Record.Line)
	}
	for _, tt := range []struct{ name, got, want string }{
		{"child authors", strings.Join(child.Record.Authors, "|"),
			"Müller, Jörg|Ødegård, Kari|World Health Organization|van Beethoven, Ludwig|von Hicks, Michael, III"},
		{"child title", child.Record.Title, "Årsrapport: élève, façade, Straße, æble, øl – 1990–2000 here"},
		{"child journal (crossref title)", child.Record.Journal, "Proceedings of Things"},
		{"child pages", child.Record.Pages, "10-20"},
		{"child pmid (eprint)", child.Record.PMID, "31415926"},
		{"child keywords", strings.Join(child.Record.Keywords, "|"), "one|two"},
		{"child address (crossref + @string + #)", child.Record.ExtraValue("address"), "Oslo and Bergen"},
		{"child type", child.Record.Type, "inproceedings"},
		{"after title", after.Record.Title, `Quoted "value J. Comput. Chem.`},
		{"after journal (@string)", after.Record.Journal, "J. Comput. Chem."},
		{"after doi", after.Record.DOI, "10.1000/abc"},
		{"after month", after.Record.ExtraValue("month"), "March"},
		{"parent title", parent.Record.Title, "Proceedings of Things"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	for _, tt := range []struct {
		name       string
		line, want int
	}{
		{"child line", child.Record.Line, 7}, {"child year (crossref)", child.Record.Year, 2020},
		{"after line", after.Record.Line, 20}, {"after year", after.Record.Year, 1999},
		{"parent line", parent.Record.Line, 25},
	} {
		if tt.line != tt.want {
			t.Errorf("%s = %d, want %d", tt.name, tt.line, tt.want)
		}
	}
}

// TestBibTeXCrossrefEdges: a crossref to itself or to a key that never
// comes does not lose or reorder entries.
func TestBibTeXCrossrefEdges(t *testing.T) {
	in := "@article{a, crossref = {a}, title = {T}}\n@article{b, crossref = {missing}, title = {U}}\n@article{c, title = {V}}\n"
	got, err := parseString(readBibTeX, in)
	var titles []string
	for _, p := range got {
		titles = append(titles, p.Record.Title+p.Problem)
	}
	if err != nil || strings.Join(titles, "|") != "T|U|V" {
		t.Errorf("got %q, err %v; want T|U|V", titles, err)
	}
}

func TestLatexToText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{\"o}`, "ö"}, {`\"{o}`, "ö"}, {`\"o`, "ö"}, {`{\'e}`, "é"}, {`\c{c}`, "ç"}, {`\c c`, "ç"},
		{`\o`, "ø"}, {`\O`, "Ø"}, {`\aa`, "å"}, {`\AA`, "Å"}, {`\ae`, "æ"}, {`\ss`, "ß"}, {`{\aa}s`, "ås"},
		{`\aa s`, "ås"}, {`{\'\i}`, "í"}, {`\v{s}`, "š"}, {`\H{o}`, "ő"}, {`\~{n}`, "ñ"}, {`\k{a}`, "ą"},
		{`\l{}ódź`, "łódź"}, {"a--b", "a–b"}, {"a---b", "a—b"}, {"a~b", "a b"}, {`{DNA} {\emph{in vivo}}`, "DNA in vivo"},
		{`\textit{E. coli} 50\%`, "E. coli 50%"}, {`$\alpha$-helix`, "α-helix"}, {`\&`, "&"}, {`Tromsø`, "Tromsø"},
		{`$\Sigma^{0}$`, "Σ⁰"}, {`DNA$_{\textrm{2}}$`, "DNA₂"}, {`$4^{\textrm{ème}}$`, "4ème"}, {`$x^2$`, "x²"}, {"a^b_c", "a^b_c"},
		{`\unknown{x}`, "unknownx"}, {`trailing \`, "trailing "}, {`\"`, ""}, {`{unclosed`, "unclosed"},
	} {
		if got := CleanText(latexToText(tt.in)); got != CleanText(tt.want) {
			t.Errorf("latexToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBibTeXNames(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Smith, John and Doe, Jane", "Smith, John|Doe, Jane"},
		{"John Smith AND Jane Doe", "Smith, John|Doe, Jane"},
		{"{Barnes and Noble}", "{Barnes and Noble}"},
		{"Milton {Abramowitz} and Irene A. {Stegun}", "Abramowitz, Milton|Stegun, Irene A."},
		{"Jean de La Fontaine", "de La Fontaine, Jean"},
		{"American Rights at Work", "Work, American Rights at"},
		{"Smith, John and others", "Smith, John"},
		{"Madonna", "Madonna"},
	} {
		if got := strings.Join(bibAuthors(tt.in), "|"); got != tt.want {
			t.Errorf("bibAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBibTeXJunk: text that is not BibTeX yields no records and no panic;
// a stray @ in text is not an entry.
func TestBibTeXJunk(t *testing.T) {
	if got, _ := parseString(readBibTeX, "% mail me@example.org\n@article{k, title={T}}\n"); len(got) != 1 || got[0].Problem != "" {
		t.Errorf("an e-mail address in a comment: got %+v, want just the one good entry", got)
	}
	for _, in := range []string{"", "no entries here\n", "mail me @ home\n", "@", "@article", "@article{", "@article{k,", "@article{k, title = ",
		"@string{x = }", "@comment(", "@article{k, title = {a} # }", "\x00\xff@@@{{{"} {
		got, err := parseString(readBibTeX, in)
		for _, p := range got {
			if p.Problem == "" {
				t.Errorf("readBibTeX(%q) yielded a good record %+v", in, p.Record)
			}
		}
		if err != nil {
			t.Errorf("readBibTeX(%q): %v, want problems only", in, err)
		}
	}
}

// BenchmarkReadBibTeX parses the corpus's Zotero BibTeX export (1 000 entries, 1.5 MB).
func BenchmarkReadBibTeX(b *testing.B) {
	needCorpus(b)
	in, err := os.ReadFile(filepath.Join(corpusDir, "bibtex/zotero_spaniels_asysd.bib"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	n := 0
	for b.Loop() {
		err := readBibTeX(bytes.NewReader(in), func(p Parsed) error {
			n++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
