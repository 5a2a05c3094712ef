package dedup

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

// spaniels are the ASySD "spaniel" search as exported by five tools.
var spaniels = []struct {
	file   string
	format ingest.Format
}{
	{"ris/scopus_spaniels_asysd.ris", ingest.FormatRIS},
	{"ris/wos_spaniels_asysd.ris", ingest.FormatRIS},
	{"ris/zotero_spaniels_asysd.ris", ingest.FormatRIS},
	{"bibtex/zotero_spaniels_asysd.bib", ingest.FormatBibTeX},
	{"endnote-xml/mendeley_spaniels_asysd.xml", ingest.FormatEndNoteXML},
}

// TestSpanielsAcrossFormats imports the spaniel search from Scopus, Web of
// Science, Zotero (RIS and BibTeX) and Mendeley (EndNote XML) into one
// review and checks that the exports collapse onto the same studies: the
// Zotero RIS and BibTeX files are one library exported twice, so each of
// their studies must hold records of both; the Scopus and Web of Science
// records must each find their Zotero copy.
func TestSpanielsAcrossFormats(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sourceOf := map[int64]string{}
	imported := 0
	for _, s := range spaniels {
		path := corpusFile(t, s.file)
		res, err := ingest.File(ctx, db, path, ingest.Options{Format: s.format})
		if err != nil {
			if strings.Contains(err.Error(), "not written yet") {
				t.Logf("%s: skipped: %v", s.file, err)
				continue
			}
			t.Fatalf("ingest %s: %v", s.file, err)
		}
		sourceOf[res.SourceID] = s.file
		imported++
		t.Logf("%s: %d records (%d rejected)", s.file, res.New, res.Rejected)
	}
	if imported < 2 {
		t.Skipf("only %d of the spaniel exports can be read yet", imported)
	}
	sum, err := Run(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dedup: %d records in %d studies, %d merged, %d uncertain pairs", sum.Records, sum.Studies, sum.Merged, sum.Uncertain)

	// Which files each study's records come from.
	files := map[int64]map[string]int{}
	db.Records(ctx, data.RecordFilter{}, func(r data.Record) error {
		if files[r.StudyID] == nil {
			files[r.StudyID] = map[string]int{}
		}
		files[r.StudyID][sourceOf[r.SourceID]]++
		return nil
	})
	shapes := map[string]int{}
	for _, f := range files {
		var names []string
		for n, c := range f {
			names = append(names, short(n)+"×"+itoa(c))
		}
		sort.Strings(names)
		shapes[strings.Join(names, " ")]++
	}
	var lines []string
	for s, n := range shapes {
		lines = append(lines, itoa(n)+" studies: "+s)
	}
	sort.Strings(lines)
	for _, l := range lines {
		t.Log(l)
	}

	zr, zb := "ris/zotero_spaniels_asysd.ris", "bibtex/zotero_spaniels_asysd.bib"
	alone := map[string]int{}
	for _, f := range files {
		if len(f) == 1 {
			for n := range f {
				alone[n]++
			}
		}
	}
	for _, pair := range [][2]string{{zr, zb}, {zb, zr}} {
		if has(sourceOf, pair[0]) && has(sourceOf, pair[1]) && alone[pair[0]] > 10 {
			t.Errorf("%d studies hold only %s records though %s is the same library", alone[pair[0]], short(pair[0]), short(pair[1]))
		}
	}
	// Records found in one Zotero export but not its twin, and Web of
	// Science records without a Zotero copy, for a person to look at.
	db.Records(ctx, data.RecordFilter{}, func(r data.Record) error {
		f := files[r.StudyID]
		n := sourceOf[r.SourceID]
		if (n == zr && f[zb] == 0) || (n == zb && f[zr] == 0) || (n == "ris/wos_spaniels_asysd.ris" && f[zr] == 0) {
			t.Logf("unmatched %s record %d (study %d): %q %v %d %s %s %s", short(n), r.ID, r.StudyID, r.Title, r.Authors, r.Year, r.Journal, r.DOI, r.Pages)
		}
		return nil
	})
	// The Scopus export holds ten records of the search that the Zotero
	// library lacks (none of their titles occurs in the other files), and
	// Web of Science one from 2024, after the library was exported.
	for _, f := range []string{"ris/wos_spaniels_asysd.ris"} {
		if has(sourceOf, f) && has(sourceOf, zr) && alone[f] > 1 {
			t.Errorf("%d studies hold only %s records, want each matched to the merged Zotero library", alone[f], short(f))
		}
	}
	checkStore(t, db)
}

func has(m map[int64]string, v string) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}

func short(file string) string {
	return strings.TrimSuffix(file[strings.LastIndexByte(file, '/')+1:], "_spaniels_asysd.ris")
}

func itoa(n int) string { return strconv.Itoa(n) }
