package ingest

import "testing"

func TestWoSCorpusFields(t *testing.T) {
	checkCorpusRecords(t, []corpusRecord{
		{file: "wos-tagged/wos_restoration_revtools.ciw", index: 0, line: 3, key: "WOS:000455039600059",
			title: "Do magnetic phosphorus adsorbents used for lake restoration", author: "Alvarez-Manzaneda, I.", year: 2019,
			doi: "10.1016/j.scitotenv.2018.11.375", pmid: "30529964", journal: "SCIENCE OF THE TOTAL ENVIRONMENT", abstract: true, pages: "598-607"},
		{file: "wos-tagged/wos_publichealth_r4001-4012.txt", index: 0, line: 3, key: "WOS:000424022700066",
			title: "Caregivers' views on stigmatization and discrimination", author: "Asampong, Emmanuel", year: 2018,
			doi: "10.1371/journal.pntd.0006219", pmid: "29377890", journal: "PLOS NEGLECTED TROPICAL DISEASES", abstract: true, pages: "e0006219"},
		{file: "wos-tagged/zoological_record_synthesisr.txt", index: 0, line: 3, key: "ZOOREC:ZOOR15512090342",
			title: "Nest site selection and nest survival of Black-backed Woodpeckers", author: "Stillman, Andrew N.", year: 2019,
			journal: "Condor", abstract: true, pages: "duz039"},
		{file: "wos-tagged/wos_rispy_example.txt", index: 0, line: 3,
			title: "Interactions stabilizing the structure of the core light-harvesting", author: "Parkes-Loach, PS", year: 2004,
			doi: "10.1021/bi049798f", pmid: "15170338", journal: "BIOCHEMISTRY", abstract: true},
	})
}

func TestWoSRecords(t *testing.T) {
	in := "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\n   Doe, A\nAF Smith, John\n   Doe, Ann\nTI A long\n   title\nDE one; two;\n   three\nPY 2020\nUT WOS:1\nER\n\nPT J\nTI Second\nER\n\nEF\n"
	got, err := readString(t, readWoS, in)
	if err != nil || len(got) != 2 {
		t.Fatalf("readWoS = %d records, %v; want 2", len(got), err)
	}
	r := got[0].Record
	if r.Line != 3 || r.Title != "A long\ntitle" || len(r.Authors) != 2 || r.Authors[1] != "Doe, Ann" ||
		r.Year != 2020 || r.Key != "WOS:1" || len(r.Keywords) != 3 || r.Keywords[2] != "three" {
		t.Errorf("record 0 = %+v", r)
	}
	if v := r.ExtraValue("AU"); v != "Smith, J\nDoe, A" {
		t.Errorf("Extra AU = %q, want the short names kept", v)
	}
	if got[1].Record.Line != 16 {
		t.Errorf("record 1 Line = %d, want 16", got[1].Record.Line)
	}
}
