// Command gen writes a large RIS or PubMed XML file for benchmarks, built
// from the real records of the shared corpus. Every record gets a distinct
// title (a counter word is appended; in RIS, the second half of the title
// of each later copy of a corpus record comes from another record's title,
// so copies are distinct studies to a careful matcher too), DOI, PMID and
// key, so that only the planted near-duplicates are duplicates. It streams: memory stays flat
// however many records are asked for.
//
//	go run ./bench/gen -format ris -n 100000 -out big.ris [-dups 0.2] [-truth dups.csv]
//	go run ./bench/gen -format pubmed-xml -n 1000000 -out big.xml
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}

type options struct {
	format, out, corpus, truth string
	n                          int
	dups                       float64
	seed                       uint64
}

func run(args []string, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.format, "format", "ris", "ris or pubmed-xml")
	fs.IntVar(&o.n, "n", 100000, "number of records to write")
	fs.StringVar(&o.out, "out", "", "file to write (required)")
	fs.StringVar(&o.corpus, "corpus", "../shared/corpus", "the shared corpus of real exports")
	fs.Float64Var(&o.dups, "dups", 0, "share of records that are near-duplicates of an earlier one (typos, case, punctuation, dropped DOI)")
	fs.StringVar(&o.truth, "truth", "", "optional CSV of planted duplicates: record,duplicate_of (1-based)")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.out == "" || o.n < 1 || o.dups < 0 || o.dups >= 1 {
		return errors.New("need -out FILE, -n ≥ 1 and 0 ≤ -dups < 1; try: go run ./bench/gen -format ris -n 100000 -out big.ris")
	}
	var tmpl []template
	var err error
	switch o.format {
	case "ris":
		tmpl, err = risTemplates(o.corpus)
	case "pubmed-xml":
		tmpl, err = pubmedTemplates(o.corpus)
	default:
		return fmt.Errorf("unknown -format %q: use ris or pubmed-xml", o.format)
	}
	if err != nil {
		return err
	}
	if len(tmpl) == 0 {
		return fmt.Errorf("no %s records found under %s", o.format, o.corpus)
	}
	f, err := os.Create(o.out)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	var truth *bufio.Writer
	if o.truth != "" {
		tf, err := os.Create(o.truth)
		if err != nil {
			return err
		}
		defer tf.Close()
		truth = bufio.NewWriter(tf)
		fmt.Fprintln(truth, "record,duplicate_of")
		defer truth.Flush()
	}
	if o.format == "pubmed-xml" {
		io.WriteString(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PubmedArticleSet>\n")
	}
	rng := rand.New(rand.NewPCG(o.seed, o.seed^0x9e3779b97f4a7c15))
	// Near-duplicates copy one of the last unique records, so they are
	// close in the file as well as in content.
	var recent [64]int
	unique := 0
	for i := 1; i <= o.n; i++ {
		if unique > 0 && rng.Float64() < o.dups {
			of := recent[rng.IntN(min(unique, len(recent)))]
			t := tmpl[(of-1)%len(tmpl)]
			io.WriteString(w, perturb(render(tmpl, of), t, rng))
			if truth != nil {
				fmt.Fprintf(truth, "%d,%d\n", i, of)
			}
			continue
		}
		io.WriteString(w, render(tmpl, i))
		recent[unique%len(recent)] = i
		unique++
	}
	if o.format == "pubmed-xml" {
		io.WriteString(w, "</PubmedArticleSet>\n")
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %d %s records (%d unique) to %s\n", o.n, o.format, unique, o.out)
	return nil
}

// template is one corpus record cut around the places a copy changes.
type template struct {
	xml  bool
	text string
	// title, doi, key and page mark where the counter goes (-1: none).
	title, doi, key, page, author int
	// titleStart is where the title's text starts (RIS only, else -1).
	titleStart int
}

// risYear matches the start of a RIS line that dates the record.
var risYear = regexp.MustCompile(`(?m)^(PY|Y1|DA)  - \d{4}`)

// render writes record n (1-based) of the file from tmpl: copy
// (n-1)/len(tmpl) of template (n-1)%len(tmpl). In RIS, a copy after the
// first is dated 1 to 20 years earlier, keeps the first half of its
// template's title and takes the second half from another template's,
// chosen by the copy number.
func render(tmpl []template, n int) string {
	i, c := (n-1)%len(tmpl), (n-1)/len(tmpl)
	t := tmpl[i]
	if c > 0 && t.titleStart >= 0 && len(tmpl) > 1 {
		donor := tmpl[(i+c*7919)%len(tmpl)]
		if donor.titleStart < 0 || (i+c*7919)%len(tmpl) == i {
			donor = tmpl[(i+1)%len(tmpl)]
		}
		own := strings.Fields(t.text[t.titleStart:t.title])
		other := strings.Fields(donor.text[donor.titleStart:donor.title])
		// An earlier year, four digits as before, so no cut moves.
		t.text = risYear.ReplaceAllStringFunc(t.text, func(line string) string {
			y, _ := strconv.Atoi(line[6:10])
			return line[:6] + strconv.Itoa(max(1000, y-1-c%20))
		})
		if len(own) > 1 && len(other) > 1 {
			mixed := strings.Join(append(own[:(len(own)+1)/2:(len(own)+1)/2], other[len(other)/2:]...), " ")
			shift := len(mixed) - (t.title - t.titleStart)
			t.text = t.text[:t.titleStart] + mixed + t.text[t.title:]
			for _, at := range []*int{&t.title, &t.doi, &t.key, &t.page, &t.author} {
				if *at >= t.titleStart+len(mixed)-shift && *at >= 0 {
					*at += shift
				}
			}
		}
	}
	return t.render(n)
}

// render writes copy n of the record: the counter word after the title,
// a suffix on the DOI, the key, the start page and the first author (distinct studies of one
// template must not look like duplicates to a careful matcher).
func (t template) render(n int) string {
	word := " w" + strconv.FormatInt(int64(n), 36)
	var b strings.Builder
	b.Grow(len(t.text) + 40)
	last := 0
	for _, c := range t.cuts() {
		b.WriteString(t.text[last:c.at])
		switch c.what {
		case 't':
			b.WriteString(word)
		case 'd':
			b.WriteString(".g" + strconv.FormatInt(int64(n), 36))
		case 'p':
			b.WriteString(strconv.Itoa(n))
		case 'a':
			b.WriteString("-" + strconv.FormatInt(int64(n), 36))
		case 'k':
			if t.xml {
				b.WriteString(strconv.Itoa(90000000 + n))
			} else {
				b.WriteString("-g" + strconv.Itoa(n))
			}
		}
		last = c.at
	}
	b.WriteString(t.text[last:])
	return b.String()
}

type cut struct {
	at   int
	what byte
}

func (t template) cuts() []cut {
	var cs []cut
	for _, c := range []cut{{t.title, 't'}, {t.doi, 'd'}, {t.key, 'k'}, {t.page, 'p'}, {t.author, 'a'}} {
		if c.at >= 0 {
			cs = append(cs, c)
		}
	}
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].at < cs[j-1].at; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
	return cs
}

// risTemplates reads every RIS file of the corpus with oversikt's own
// reader and keeps each record's verbatim text, with LF line ends.
func risTemplates(corpus string) ([]template, error) {
	files, err := filepath.Glob(filepath.Join(corpus, "ris", "*.ris"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no RIS files under %s/ris: pass -corpus", corpus)
	}
	var out []template
	for _, file := range files {
		_, err := ingest.ReadFile(file, ingest.FormatRIS, func(r data.Record) error {
			if t, ok := risTemplate(r.Raw); ok {
				out = append(out, t)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

var lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func risTemplate(raw string) (template, bool) {
	text := strings.TrimRight(lineEnds.Replace(raw), "\n") + "\n\n"
	t := template{text: text, title: -1, doi: -1, key: -1, page: -1, author: -1, titleStart: -1}
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		end := off + len(strings.TrimRight(line, "\n"))
		tag := ""
		if len(line) >= 5 && strings.HasPrefix(line[2:], "  -") {
			tag = line[:2]
		}
		switch {
		case (tag == "TI" || tag == "T1") && t.title < 0:
			t.title = end
			t.titleStart = off + len("TI  - ")
		case (tag == "DO") && t.doi < 0 && strings.Contains(line, "10."):
			t.doi = end
		case (tag == "ID" || tag == "AN") && t.key < 0:
			t.key = end
		case tag == "SP" && t.page < 0:
			t.page = end
		case (tag == "AU" || tag == "A1") && t.author < 0:
			t.author = end
		}
		off += len(line)
	}
	return t, t.title >= 0 && strings.HasPrefix(text, "TY  -")
}

var pubmedArticle = regexp.MustCompile(`(?s)<PubmedArticle>.*?</PubmedArticle>`)

// pubmedTemplates cuts every <PubmedArticle> out of the corpus's PubMed
// XML files.
func pubmedTemplates(corpus string) ([]template, error) {
	files, err := filepath.Glob(filepath.Join(corpus, "pubmed-xml", "*.xml"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no PubMed XML files under %s/pubmed-xml: pass -corpus", corpus)
	}
	var out []template
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		for _, art := range pubmedArticle.FindAllString(string(b), -1) {
			t := template{xml: true, text: art + "\n", title: -1, doi: -1, key: -1, page: -1, author: -1, titleStart: -1}
			t.title = strings.Index(t.text, "</ArticleTitle>")
			if i := strings.Index(t.text, `<ELocationID EIdType="doi"`); i >= 0 {
				t.doi = i + strings.Index(t.text[i:], "</ELocationID>")
			}
			if i := strings.Index(t.text, "<PMID"); i >= 0 {
				j := i + strings.IndexByte(t.text[i:], '>') + 1
				k := j + strings.Index(t.text[j:], "</PMID>")
				// Replace the PMID: drop its digits, the counter goes there.
				t.text = t.text[:j] + t.text[k:]
				t.key = j
				if t.title > k {
					t.title -= k - j
				}
				if t.doi > k {
					t.doi -= k - j
				}
			}
			if t.title >= 0 {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// perturb makes a near-duplicate of a rendered record: a typo, a change of
// case or punctuation in the title, or a dropped DOI.
func perturb(s string, t template, rng *rand.Rand) string {
	start, end := titleSpan(s, t.xml)
	if start < 0 {
		return s
	}
	title := s[start:end]
	switch rng.IntN(4) {
	case 0: // typo: swap two letters
		if len(title) > 4 {
			i := 1 + rng.IntN(len(title)-3)
			if title[i] < 0x80 && title[i+1] < 0x80 {
				title = title[:i] + string(title[i+1]) + string(title[i]) + title[i+2:]
			}
		}
	case 1:
		title = strings.ToUpper(title)
	case 2:
		title = strings.NewReplacer(":", "", ",", "", "-", " ").Replace(title) + "."
	case 3:
		return dropDOI(s, t.xml)
	}
	return s[:start] + title + s[end:]
}

func titleSpan(s string, xml bool) (int, int) {
	if xml {
		i := strings.Index(s, "<ArticleTitle>")
		j := strings.Index(s, "</ArticleTitle>")
		if i < 0 || j < i {
			return -1, -1
		}
		return i + len("<ArticleTitle>"), j
	}
	for _, tag := range []string{"\nTI  - ", "\nT1  - "} {
		if i := strings.Index(s, tag); i >= 0 {
			i += len(tag)
			return i, i + strings.IndexByte(s[i:], '\n')
		}
	}
	return -1, -1
}

func dropDOI(s string, xml bool) string {
	if xml {
		i := strings.Index(s, `<ELocationID EIdType="doi"`)
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "</ELocationID>")
		return s[:i] + s[i+j+len("</ELocationID>"):]
	}
	i := strings.Index(s, "\nDO  - ")
	if i < 0 {
		return s
	}
	j := strings.IndexByte(s[i+1:], '\n')
	return s[:i] + s[i+1+j:]
}
