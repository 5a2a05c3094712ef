package synthesis

import (
	"context"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/coding"
)

func TestStartLevel(t *testing.T) {
	tests := []struct {
		designs []string
		want    Level
	}{
		{nil, Low},
		{[]string{"rct"}, High},
		{[]string{"rct", "crct"}, High},
		{[]string{"rct", "uba"}, Low},
		{[]string{"its", "cba", "qual"}, Low},
		{[]string{"sr"}, Low},
	}
	for _, tt := range tests {
		if got := StartLevel(tt.designs); got != tt.want {
			t.Errorf("StartLevel(%v) = %v, want %v", tt.designs, got, tt.want)
		}
	}
}

func TestGRADEArithmetic(t *testing.T) {
	tests := []struct {
		name    string
		c       data.Certainty
		designs []string
		want    Level
	}{
		{"randomised, no concerns", data.Certainty{}, []string{"rct"}, High},
		{"observational, no concerns", data.Certainty{}, []string{"uba"}, Low},
		{"one serious", data.Certainty{RiskOfBias: "serious"}, []string{"rct"}, Moderate},
		{"one very serious", data.Certainty{Imprecision: "very-serious"}, []string{"crct"}, Low},
		{"two serious", data.Certainty{RiskOfBias: "serious", Inconsistency: "serious"}, []string{"rct"}, Low},
		{"floor at very low", data.Certainty{RiskOfBias: "very-serious", Indirectness: "serious", PublicationBias: "very-serious"}, []string{"rct"}, VeryLow},
		{"floor from low", data.Certainty{Imprecision: "very-serious"}, []string{"its"}, VeryLow},
		{"large effect", data.Certainty{LargeEffect: 1}, []string{"cba"}, Moderate},
		{"very large effect and dose-response", data.Certainty{LargeEffect: 2, DoseResponse: true}, []string{"cba"}, High},
		{"ceiling at high", data.Certainty{LargeEffect: 2, DoseResponse: true, Confounding: true}, []string{"rct"}, High},
		{"downgrade then upgrade", data.Certainty{RiskOfBias: "serious", Confounding: true}, []string{"uba"}, Low},
		{"start overrides designs", data.Certainty{Start: "high", Indirectness: "serious"}, []string{"uba"}, Moderate},
		{"start low over randomised", data.Certainty{Start: "low"}, []string{"rct"}, Low},
		{"sum below the floor before upgrades", data.Certainty{RiskOfBias: "very-serious", Inconsistency: "very-serious", LargeEffect: 1}, []string{"uba"}, VeryLow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := GRADE(tt.c, tt.designs)
			if err != nil {
				t.Fatal(err)
			}
			if r.Level != tt.want {
				t.Errorf("GRADE() = %v (from %v, −%d, +%d), want %v", r.Level, r.From, r.Downgrades, r.Upgrades, tt.want)
			}
		})
	}
}

func TestGRADERejectsUnknownRatings(t *testing.T) {
	for _, c := range []data.Certainty{{RiskOfBias: "severe"}, {Start: "medium"}, {LargeEffect: 3}} {
		if _, err := GRADE(c, nil); err == nil {
			t.Errorf("GRADE(%+v) = nil error, want one", c)
		}
	}
}

func TestCERQual(t *testing.T) {
	tests := []struct {
		c    data.Certainty
		want Level
	}{
		{data.Certainty{}, High},
		{data.Certainty{Limitations: "minor", Coherence: "no", Adequacy: "minor"}, High},
		{data.Certainty{Limitations: "moderate"}, Moderate},
		{data.Certainty{Limitations: "moderate", Relevance: "moderate"}, Low},
		{data.Certainty{Adequacy: "serious"}, Low},
		{data.Certainty{Adequacy: "serious", Coherence: "serious"}, VeryLow},
	}
	for _, tt := range tests {
		r, err := CERQual(tt.c)
		if err != nil {
			t.Fatal(err)
		}
		if r.Level != tt.want {
			t.Errorf("CERQual(%+v) = %v, want %v", tt.c, r.Level, tt.want)
		}
	}
	if _, err := CERQual(data.Certainty{Coherence: "some"}); err == nil {
		t.Error("CERQual(coherence some) = nil error, want one")
	}
}

func TestSymbolsAndLabels(t *testing.T) {
	tests := []struct {
		l           Level
		sym, nb, en string
	}{
		{High, "⊕⊕⊕⊕", "høy", "high"},
		{Moderate, "⊕⊕⊕◯", "middels", "moderate"},
		{Low, "⊕⊕◯◯", "lav", "low"},
		{VeryLow, "⊕◯◯◯", "svært lav", "very low"},
		{0, "", "", ""},
	}
	for _, tt := range tests {
		if got := tt.l.Symbols(); got != tt.sym {
			t.Errorf("%v.Symbols() = %q, want %q", tt.l, got, tt.sym)
		}
		if got := tt.l.Label("nb"); got != tt.nb {
			t.Errorf("%v.Label(nb) = %q, want %q", tt.l, got, tt.nb)
		}
		if got := tt.l.Label("en"); got != tt.en {
			t.Errorf("%v.Label(en) = %q, want %q", tt.l, got, tt.en)
		}
	}
}

func TestStatement(t *testing.T) {
	nb := Claim{Subject: "læringsnettverk", Outcome: "pasientutfall"}
	en := Claim{Subject: "learning networks", Plural: true, Outcome: "patient outcomes"}
	tests := []struct {
		l    Level
		lang string
		c    Claim
		want string
	}{
		{High, "nb", nb, "Vi har høy tillit til resultatet: læringsnettverk fører til bedre pasientutfall."},
		{Moderate, "nb", nb, "Middels tillit: læringsnettverk fører trolig til bedre pasientutfall."},
		{Low, "nb", nb, "Lav tillit: læringsnettverk kan føre til bedre pasientutfall."},
		{VeryLow, "nb", nb, "Svært lav tillit: vi vet ikke om læringsnettverk påvirker pasientutfall."},
		{High, "en", en, "High certainty: learning networks improve patient outcomes."},
		{Moderate, "en", en, "Moderate certainty: learning networks probably improve patient outcomes."},
		{Low, "en", en, "Low certainty: learning networks may improve patient outcomes."},
		{VeryLow, "en", en, "Very low certainty: we are uncertain whether learning networks affect patient outcomes."},
		{Moderate, "en", Claim{Subject: "participation", Outcome: "costs", Direction: "improved"}, "Moderate certainty: participation probably improves costs."},
		{Low, "en", Claim{Subject: "participation", Outcome: "staff turnover", Direction: "no_difference"}, "Low certainty: participation may make little or no difference to staff turnover."},
		{Low, "nb", Claim{Subject: "deltakelse", Outcome: "ventetid", Direction: "worse"}, "Lav tillit: deltakelse kan føre til dårligere ventetid."},
		{Moderate, "nb", Claim{Subject: "deltakelse", Outcome: "samarbeid", Direction: "mixed"}, "Middels tillit: deltakelse påvirker trolig samarbeid."},
		{VeryLow, "en", Claim{Subject: "participation", Outcome: "costs", Direction: "worse"}, "Very low certainty: we are uncertain whether participation affects costs."},
	}
	for _, tt := range tests {
		if got := Statement(tt.l, tt.lang, tt.c); got != tt.want {
			t.Errorf("Statement(%v, %s, %+v) =\n%q\nwant\n%q", tt.l, tt.lang, tt.c, got, tt.want)
		}
	}
	if got, want := Confidence(Moderate, "nb"), "middels tillit"; got != want {
		t.Errorf("Confidence(moderate, nb) = %q, want %q", got, want)
	}
}

func TestSubjectAndStoredAssessment(t *testing.T) {
	cb, err := coding.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ typed, kind, slug string }{
		{"patient", data.CertaintyOutcome, "out_patient"},
		{"out_cost", data.CertaintyOutcome, "out_cost"},
		{"fac_leader_anchor", data.CertaintyFinding, "fac_leader_anchor"},
	}
	for _, tt := range tests {
		kind, slug, err := Subject(cb, tt.typed)
		if err != nil || kind != tt.kind || slug != tt.slug {
			t.Errorf("Subject(%q) = %q, %q, %v; want %q, %q", tt.typed, kind, slug, err, tt.kind, tt.slug)
		}
	}
	for _, bad := range []string{"rct", "nonsense"} {
		if _, _, err := Subject(cb, bad); err == nil {
			t.Errorf("Subject(%q) = nil error, want one", bad)
		}
	}

	ctx := context.Background()
	db := openDB(t)
	for _, c := range []data.Certainty{
		{Kind: data.CertaintyOutcome, Subject: "out_patient", RiskOfBias: "serious", RatedBy: "Anne"},
		{Kind: data.CertaintyOutcome, Subject: "out_patient", RiskOfBias: "very-serious", Imprecision: "serious", RatedBy: "Anne"},
		{Kind: data.CertaintyFinding, Subject: "fac_leader_anchor", Adequacy: "moderate", RatedBy: "Bjørn"},
	} {
		if err := db.AddCertainty(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Assessments(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["out_patient"].RiskOfBias != "very-serious" || got["out_patient"].Imprecision != "serious" {
		t.Errorf("Assessments() = %+v, want the latest of out_patient and fac_leader_anchor", got)
	}
	r, err := GRADE(got["out_patient"], []string{"rct"})
	if err != nil || r.Level != VeryLow {
		t.Errorf("GRADE(latest out_patient) = %v, %v; want very low", r.Level, err)
	}
	hist, err := db.CertaintyHistory(ctx, data.CertaintyOutcome, "out_patient")
	if err != nil || len(hist) != 2 {
		t.Errorf("CertaintyHistory() = %d events, %v; want 2", len(hist), err)
	}
}
