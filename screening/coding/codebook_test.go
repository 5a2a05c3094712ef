package coding

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestDefaultCodebook(t *testing.T) {
	cb, err := Default()
	if err != nil {
		t.Fatalf("Default(): %v", err)
	}
	counts := map[string]int{}
	for _, c := range cb.Codes() {
		counts[c.Evidence]++
	}
	want := map[string]int{EvidenceDescriptive: 4, EvidenceEffect: 6, EvidenceFactor: 12, EvidenceBarrier: 10}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%s codes = %d, want %d", k, counts[k], n)
		}
	}
	for _, c := range cb.CodesOf(EvidenceFactor) {
		if !strings.HasPrefix(c.Slug, "fac_") {
			t.Errorf("factor code %s lacks the fac_ prefix", c.Slug)
		}
	}
	for _, c := range cb.CodesOf(EvidenceBarrier) {
		if !strings.HasPrefix(c.Slug, "bar_") {
			t.Errorf("barrier code %s lacks the bar_ prefix", c.Slug)
		}
	}
	design, _ := cb.Code("design")
	if got, want := optionList(design.Options), "rct, crct, nrct, cba, its, uba, xsec, qual, mixed, sr, eval_report"; got != want {
		t.Errorf("design options = %s, want %s", got, want)
	}
	src, _ := cb.Code("source_type")
	if got, want := optionList(src.Options), "src_sr, src_primary, src_experience"; got != want {
		t.Errorf("source_type options = %s, want %s", got, want)
	}
	if got, want := optionList(cb.Directions), "improved, mixed, trend_ns, no_difference, worse, unclear"; got != want {
		t.Errorf("directions = %s, want %s", got, want)
	}
	c, _ := cb.Code("fac_leader_anchor")
	if c.Labels.NB != "Lederforankring" || c.Labels.EN != "Leader anchoring" || c.Group != "factors" {
		t.Errorf("fac_leader_anchor = %+v, want Lederforankring/Leader anchoring in group factors", c)
	}
}

func TestParseUnknownKey(t *testing.T) {
	src := `name: test
groups:
  - slug: factors
    labels: {en: Factors, nb: Faktorer}
    evidence: factor
    codes:
      - slug: fac_a
        lable: {en: A, nb: A}
        type: flag
`
	_, err := Parse("my.yaml", []byte(src))
	want := `my.yaml:8:9: unknown field "lable"
   5 |     evidence: factor
   6 |     codes:
   7 |       - slug: fac_a
>  8 |         lable: {en: A, nb: A}
               ^
   9 |         type: flag`
	if err == nil || err.Error() != want {
		t.Fatalf("Parse() error =\n%v\nwant\n%s", err, want)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is(err, ErrInvalid) = false, want true")
	}
}

func TestParseSyntaxError(t *testing.T) {
	_, err := Parse("bad.yaml", []byte("name: x\ngroups:\n  - slug: [\n"))
	want := `bad.yaml:3:11: sequence end token ']' not found
   1 | name: x
   2 | groups:
>  3 |   - slug: [
                 ^`
	if err == nil || err.Error() != want {
		t.Fatalf("Parse() error =\n%v\nwant\n%s", err, want)
	}
}

func TestParseValidation(t *testing.T) {
	src := `name: test
groups:
  - slug: factors
    labels: {en: Factors}
    evidence: factor
    codes:
      - slug: fac_a
        labels: {en: A, nb: A}
        type: flag
      - slug: fac_a
        labels: {en: A again, nb: A igjen}
        type: flag
      - slug: design
        labels: {en: Design, nb: Design}
        type: one_of
      - slug: Bad-Slug
        labels: {en: B, nb: B}
        type: choice
      - slug: out_x
        labels: {en: X, nb: X}
        type: direction
`
	_, err := Parse("v.yaml", []byte(src))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Parse() error = %v, want Problems", err)
	}
	want := []string{
		`v.yaml:4:14: group factors has no Norwegian label (labels: nb:)`,
		`v.yaml:10:15: code slug "fac_a" is used twice (first in group factors)`,
		`v.yaml:13:9: code design is one_of but has no options`,
		`v.yaml:16:15: code slug "Bad-Slug" must be lower-case letters, digits and _, starting with a letter`,
		`v.yaml:18:15: code Bad-Slug: type must be one of flag, one_of, many_of, text, number, direction, not "choice"`,
		`v.yaml:1:1: direction codes need directions: at the top of the codebook (improved, no_difference …)`,
	}
	var got []string
	for _, p := range ps {
		got = append(got, strings.SplitN(p.Error(), "\n", 2)[0])
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestNormalize(t *testing.T) {
	cb, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code, raw, want, err string
	}{
		{"fac_team", "", "yes", ""},
		{"fac_team", "No", "no", ""},
		{"fac_team", "maybe", "", `fac_team is a flag: value yes or no, not "maybe"`},
		{"design", "CBA", "cba", ""},
		{"design", "cohort", "", `design: "cohort" is not one of rct, crct, nrct, cba, its, uba, xsec, qual, mixed, sr, eval_report`},
		{"setting", "mental_health, hospital hospital", "hospital,mental_health", ""},
		{"setting", "", "", "setting needs one or more of hospital, primary_care, municipal, mental_health, substance_use, public_health, across_levels"},
		{"country", "no; se", "NO,SE", ""},
		{"country", "Norway", "", `country: "NORWAY" is not an ISO 3166-1 alpha-2 country code (e.g. NO, SE, US)`},
		{"out_patient", "trend_ns", "trend_ns", ""},
		{"out_patient", "better", "", `out_patient: "better" is not one of improved, mixed, trend_ns, no_difference, worse, unclear`},
		{"fac_nothing", "", "", `no code "fac_nothing" in the codebook`},
	}
	for _, tt := range tests {
		t.Run(tt.code+"="+tt.raw, func(t *testing.T) {
			got, err := cb.Normalize(tt.code, tt.raw)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if got != tt.want || gotErr != tt.err {
				t.Errorf("Normalize(%q, %q) = %q, %q; want %q, %q", tt.code, tt.raw, got, gotErr, tt.want, tt.err)
			}
		})
	}
}

// FuzzParse checks that no input makes Parse panic, that every problem
// has a position, and that what Parse accepts has labels and options.
func FuzzParse(f *testing.F) {
	f.Add(defaultYAML)
	f.Add([]byte("name: x\ngroups:\n  - slug: [\n"))
	f.Add([]byte("groups:\n  - slug: g\n    labels: {en: G, nb: G}\n    evidence: factor\n    codes:\n      - {slug: a, labels: {en: A, nb: A}, type: one_of, options: []}\n"))
	f.Add([]byte("groups: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		cb, err := Parse("f.yaml", src)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("Parse error %v is not Problems", err)
			}
			for _, p := range ps {
				if p.Line < 1 || p.Column < 1 {
					t.Fatalf("problem without a position: %+v", p)
				}
			}
			return
		}
		for _, c := range cb.Codes() {
			if c.Labels.EN == "" || c.Labels.NB == "" || (c.Type == OneOf || c.Type == ManyOf) && len(c.Options) == 0 {
				t.Fatalf("accepted code %+v", c)
			}
		}
	})
}

func TestUseReportsTypeChange(t *testing.T) {
	db, ids := newReview(t, testRecord{title: "A", include: true})
	mustSet(t, db, Entry{StudyID: ids[0], Reviewer: "ana", Code: "country", Value: "NO"})
	src := strings.Replace(string(defaultYAML), "        type: text\n        format: country\n", "        type: number\n", 1)
	_, affected, err := Use(context.Background(), db, "n.yaml", []byte(src), "ana", false)
	if !errors.Is(err, ErrAffected) || len(affected) != 1 {
		t.Fatalf("Use() = %v, %v; want one affected coding", affected, err)
	}
	if got, want := affected[0].Reason, `type changed from text to number; country is a number, not "NO"`; got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
}
