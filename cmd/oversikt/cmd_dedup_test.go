package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// dedupRIS holds an article, a copy of it with a typo and no DOI, the
// conference abstract that preceded it, and an unrelated study.
const dedupRIS = `TY  - JOUR
TI  - Learning networks in nursing homes: a cluster randomised trial
AU  - Sjøgren, Åse
AU  - Hansen, Per
PY  - 2015
JO  - BMJ Quality & Safety
VL  - 24
SP  - 201
EP  - 209
DO  - 10.1136/bmjqs-2014-003000
AB  - Background: learning networks.
ER  - 

TY  - JOUR
TI  - LEARNING NETWROKS IN NURSING HOMES - A CLUSTER RANDOMISED TRIAL.
AU  - Sjogren, A.
AU  - Hansen, P.
PY  - 2015
JO  - BMJ Qual Saf
VL  - 24
SP  - 201
EP  - 9
ER  - 

TY  - ABST
TI  - Learning networks in nursing homes: a cluster randomised trial
AU  - Sjøgren, Åse
AU  - Hansen, Per
PY  - 2014
JO  - BMJ Quality & Safety Conference Abstracts
VL  - 23
IS  - Suppl 1
SP  - A12
ER  - 

TY  - JOUR
TI  - Barriers to implementing falls prevention in home care
AU  - Olsen, Kari
PY  - 2019
JO  - Scandinavian Journal of Caring Sciences
ER  - 
`

func dedupCounts(t *testing.T, db string) map[string]int {
	t.Helper()
	out, errOut, code := runCLI(t, "", "--db", db, "dedup", "--json")
	if code != 0 {
		t.Fatalf("dedup --json: exit %d, stderr %s", code, errOut)
	}
	var got map[string]int
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("dedup --json printed %q: %v", out, err)
	}
	return got
}

func TestDedupCommand(t *testing.T) {
	db := tempDB(t)
	ris := writeFile(t, "search.ris", dedupRIS)
	if _, errOut, code := runCLI(t, "", "--db", db, "ingest", ris); code != 0 {
		t.Fatalf("ingest: exit %d, stderr %s", code, errOut)
	}
	want := map[string]int{"records": 4, "studies": 3, "merged": 1, "uncertain": 1}
	if got := dedupCounts(t, db); !equalCounts(got, want) {
		t.Errorf("dedup --json = %v, want %v", got, want)
	}

	out, errOut, code := runCLI(t, "", "--db", db, "export", "duplicates")
	if code != 0 {
		t.Fatalf("export duplicates: exit %d, stderr %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "merge_id,study_id,record_id,matched_id,method,score,fields,decided_by") ||
		!strings.Contains(lines[1], ",2,1,fuzzy,") || !strings.Contains(lines[1], "oversikt") {
		t.Errorf("export duplicates =\n%s\nwant a header and one fuzzy merge of record 2 into study 1", out)
	}

	if _, errOut, code := runCLI(t, "", "--db", db, "dedup", "--review"); code != 2 || !strings.Contains(errOut, "reviewer") {
		t.Errorf("dedup --review without reviewer: exit %d, stderr %q; want 2 and a hint", code, errOut)
	}
	out, errOut, code = runCLI(t, "d\n", "--db", db, "--reviewer", "anna", "dedup", "--review")
	if code != 0 {
		t.Fatalf("dedup --review: exit %d, stderr %s", code, errOut)
	}
	if !strings.Contains(out, "A12") || !strings.Contains(out, "1 different") {
		t.Errorf("review output lacks the pair side by side or the tally:\n%s", out)
	}
	want = map[string]int{"records": 4, "studies": 3, "merged": 1, "uncertain": 0}
	if got := dedupCounts(t, db); !equalCounts(got, want) {
		t.Errorf("after review, dedup --json = %v, want %v", got, want)
	}

	out, errOut, code = runCLI(t, "", "--db", db, "dedup", "split", "2")
	if code != 0 || !strings.Contains(out, "Record 2 is now study 2") {
		t.Errorf("dedup split 2: exit %d, out %q, stderr %q", code, out, errOut)
	}
	want = map[string]int{"records": 4, "studies": 4, "merged": 0, "uncertain": 0}
	if got := dedupCounts(t, db); !equalCounts(got, want) {
		t.Errorf("after split and re-run, dedup --json = %v, want %v (the split is respected)", got, want)
	}
	if _, errOut, code := runCLI(t, "", "--db", db, "dedup", "split", "4"); code != 1 || !strings.Contains(errOut, "alone") {
		t.Errorf("dedup split of a lone record: exit %d, stderr %q; want 1", code, errOut)
	}
	out, _, _ = runCLI(t, "", "--db", db, "export", "duplicates", "--undone")
	if !strings.Contains(out, ",fuzzy,") || strings.Count(out, "\n") != 2 {
		t.Errorf("export duplicates --undone =\n%s\nwant the undone merge", out)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
