package synthesis

import (
	"context"
	"fmt"
	"strings"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening/coding"
)

// Level is a GRADE certainty level (or a CERQual confidence level, which
// uses the same four steps). The zero value is no rating.
type Level int

// The four levels, lowest first.
const (
	VeryLow  Level = 1
	Low      Level = 2
	Moderate Level = 3
	High     Level = 4
)

// Symbols returns the GRADE symbols of the level: ⊕⊕⊕⊕ high, ⊕⊕⊕◯
// moderate, ⊕⊕◯◯ low, ⊕◯◯◯ very low; "" for no rating.
func (l Level) Symbols() string {
	if l < VeryLow || l > High {
		return ""
	}
	return strings.Repeat("⊕", int(l)) + strings.Repeat("◯", int(High-l))
}

// Label returns the level's name in lang ("nb" or "en"; anything else is
// English), lower case: "middels", "very low" …; "" for no rating.
func (l Level) Label(lang string) string {
	nb := []string{"", "svært lav", "lav", "middels", "høy"}
	en := []string{"", "very low", "low", "moderate", "high"}
	if l < VeryLow || l > High {
		return ""
	}
	if lang == "nb" {
		return nb[l]
	}
	return en[l]
}

// String returns the English label.
func (l Level) String() string { return l.Label("en") }

// MarshalText writes the English label ("very low" …), so JSON shows words.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.Label("en")), nil }

// ParseLevel reads "high", "moderate", "low" or "very-low"/"very low".
func ParseLevel(s string) (Level, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", " ") {
	case "high":
		return High, nil
	case "moderate":
		return Moderate, nil
	case "low":
		return Low, nil
	case "very low":
		return VeryLow, nil
	}
	return 0, fmt.Errorf("certainty level %q: use high, moderate, low or very-low", s)
}

// randomised are the codebook's design slugs of randomised studies.
var randomised = map[string]bool{"rct": true, "crct": true}

// StartLevel returns where GRADE starts a body of evidence given the design
// slugs of the studies that contribute to it: High when every design is
// randomised (rct, crct), Low otherwise (also when designs is empty).
// Starting a mixed body low is the cautious reading; reviewers who rate
// the randomised evidence apart record --start high.
func StartLevel(designs []string) Level {
	if len(designs) == 0 {
		return Low
	}
	for _, d := range designs {
		if !randomised[strings.TrimSpace(d)] {
			return Low
		}
	}
	return High
}

// Ratings a GRADE domain takes, and how many levels each costs.
var downgradeSteps = map[string]int{"": 0, "none": 0, "no": 0, "serious": 1, "very-serious": 2}

// Concerns a CERQual component takes, and how many levels each costs: no
// or minor concerns keep the finding where it is, moderate costs one level,
// serious two (our operationalisation of CERQual's overall judgement).
var concernSteps = map[string]int{"": 0, "no": 0, "minor": 0, "moderate": 1, "serious": 2}

// Rating is an assessment with its arithmetic spelled out, for reports.
type Rating struct {
	data.Certainty
	From       Level    `json:"start_level"` // where the rating started
	Downgrades int      `json:"downgrades"`
	Upgrades   int      `json:"upgrades"`
	Level      Level    `json:"level"`
	Reasons    []string `json:"reasons,omitempty"` // "risk of bias: serious", "large effect" …
}

// GRADE computes the certainty of an outcome's evidence: the start level
// (c.Start, or StartLevel(designs) when c.Start is empty), minus one level
// per serious and two per very serious concern in risk of bias,
// inconsistency, indirectness, imprecision and publication bias, plus
// c.LargeEffect levels and one each for dose–response and plausible
// confounding; the sum is held between very low and high. It returns an
// error for a rating it does not know.
func GRADE(c data.Certainty, designs []string) (Rating, error) {
	r := Rating{Certainty: c, From: StartLevel(designs)}
	if c.Start != "" {
		l, err := ParseLevel(c.Start)
		if err != nil {
			return r, err
		}
		r.From = l
	}
	for _, d := range []struct{ name, v string }{{"risk of bias", c.RiskOfBias}, {"inconsistency", c.Inconsistency},
		{"indirectness", c.Indirectness}, {"imprecision", c.Imprecision}, {"publication bias", c.PublicationBias}} {
		n, ok := downgradeSteps[d.v]
		if !ok {
			return r, fmt.Errorf("%s %q: use serious or very-serious", d.name, d.v)
		}
		if n > 0 {
			r.Downgrades += n
			r.Reasons = append(r.Reasons, d.name+": "+d.v)
		}
	}
	if c.LargeEffect < 0 || c.LargeEffect > 2 {
		return r, fmt.Errorf("large effect %d: use 0, 1 (large) or 2 (very large)", c.LargeEffect)
	}
	if c.LargeEffect > 0 {
		r.Upgrades += c.LargeEffect
		r.Reasons = append(r.Reasons, map[int]string{1: "large effect", 2: "very large effect"}[c.LargeEffect])
	}
	if c.DoseResponse {
		r.Upgrades++
		r.Reasons = append(r.Reasons, "dose–response")
	}
	if c.Confounding {
		r.Upgrades++
		r.Reasons = append(r.Reasons, "plausible confounding")
	}
	r.Level = clampLevel(int(r.From) - r.Downgrades + r.Upgrades)
	return r, nil
}

// CERQual computes the confidence in a finding: high, less one level for
// each component (methodological limitations, coherence, adequacy of data,
// relevance) with moderate concerns and two for serious concerns; no or
// minor concerns cost nothing. The result is held between very low and
// high. It returns an error for a concern it does not know.
func CERQual(c data.Certainty) (Rating, error) {
	r := Rating{Certainty: c, From: High}
	for _, d := range []struct{ name, v string }{{"methodological limitations", c.Limitations}, {"coherence", c.Coherence},
		{"adequacy", c.Adequacy}, {"relevance", c.Relevance}} {
		n, ok := concernSteps[d.v]
		if !ok {
			return r, fmt.Errorf("%s %q: use no, minor, moderate or serious", d.name, d.v)
		}
		if d.v != "" && d.v != "no" {
			r.Reasons = append(r.Reasons, d.name+": "+d.v+" concerns")
		}
		r.Downgrades += n
	}
	r.Level = clampLevel(int(r.From) - r.Downgrades)
	return r, nil
}

func clampLevel(n int) Level {
	switch {
	case n < int(VeryLow):
		return VeryLow
	case n > int(High):
		return High
	}
	return Level(n)
}

// Claim is what a certainty statement says: that Subject (e.g. "learning
// networks" / "læringsnettverk") moves Outcome (a noun phrase in the
// statement's language: "patient outcomes" / "pasientutfall") in
// Direction, a codebook direction slug: improved (also the default ""),
// worse, no_difference; any other (mixed, trend_ns, unclear) is worded as
// "affects". Plural sets English verb agreement ("networks improve").
type Claim struct {
	Subject   string
	Plural    bool
	Outcome   string
	Direction string
}

// Statement words a finding with its certainty, in lang ("nb" or "en"),
// after the project's table (DOMAIN.md §2): "Lav tillit: læringsnettverk
// kan føre til bedre pasientutfall." / "Low certainty: learning networks
// may improve patient outcomes." At very low certainty it always says that
// we do not know whether the subject affects the outcome. The sentence ends
// with a full stop; Subject and Outcome are used as given.
func Statement(l Level, lang string, c Claim) string {
	if lang == "nb" {
		return statementNB(l, c)
	}
	return statementEN(l, c)
}

func statementNB(l Level, c Claim) string {
	s, o := c.Subject, c.Outcome
	var leads, object string // "fører til" + object
	switch c.Direction {
	case "", "improved":
		object = "bedre " + o
	case "worse":
		object = "dårligere " + o
	case "no_difference":
		object = "liten eller ingen forskjell i " + o
	default:
		leads = "påvirker"
	}
	switch l {
	case High:
		if leads != "" {
			return fmt.Sprintf("Vi har høy tillit til resultatet: %s påvirker %s.", s, o)
		}
		return fmt.Sprintf("Vi har høy tillit til resultatet: %s fører til %s.", s, object)
	case Moderate:
		if leads != "" {
			return fmt.Sprintf("Middels tillit: %s påvirker trolig %s.", s, o)
		}
		return fmt.Sprintf("Middels tillit: %s fører trolig til %s.", s, object)
	case Low:
		if leads != "" {
			return fmt.Sprintf("Lav tillit: %s kan påvirke %s.", s, o)
		}
		return fmt.Sprintf("Lav tillit: %s kan føre til %s.", s, object)
	}
	return fmt.Sprintf("Svært lav tillit: vi vet ikke om %s påvirker %s.", s, o)
}

func statementEN(l Level, c Claim) string {
	s, o := c.Subject, c.Outcome
	// base, third person singular, and the object
	var base, third string
	switch c.Direction {
	case "", "improved":
		base, third = "improve "+o, "improves "+o
	case "worse":
		base, third = "worsen "+o, "worsens "+o
	case "no_difference":
		base, third = "make little or no difference to "+o, "makes little or no difference to "+o
	default:
		base, third = "affect "+o, "affects "+o
	}
	finite := third
	if c.Plural {
		finite = base
	}
	switch l {
	case High:
		return fmt.Sprintf("High certainty: %s %s.", s, finite)
	case Moderate:
		return fmt.Sprintf("Moderate certainty: %s probably %s.", s, finite)
	case Low:
		return fmt.Sprintf("Low certainty: %s may %s.", s, base)
	}
	affects := "affects"
	if c.Plural {
		affects = "affect"
	}
	return fmt.Sprintf("Very low certainty: we are uncertain whether %s %s %s.", s, affects, o)
}

// Confidence words a CERQual level for a finding on factors or barriers:
// "moderate confidence" / "middels tillit" ("" for no rating).
func Confidence(l Level, lang string) string {
	if l < VeryLow || l > High {
		return ""
	}
	if lang == "nb" {
		return l.Label("nb") + " tillit"
	}
	return l.Label("en") + " confidence"
}

// Subject resolves what a user typed for a certainty subject against the
// codebook in force: an outcome code ("out_patient", or "patient" for
// out_patient) is rated with GRADE, a factor or barrier code with CERQual.
// It returns the kind (data.CertaintyOutcome or data.CertaintyFinding) and
// the code's slug, or an error listing the codes that can be rated.
func Subject(cb *coding.Codebook, typed string) (kind, slug string, err error) {
	typed = strings.TrimSpace(typed)
	for _, s := range []string{typed, "out_" + typed} {
		if c, ok := cb.Code(s); ok {
			switch c.Evidence {
			case coding.EvidenceEffect:
				return data.CertaintyOutcome, c.Slug, nil
			case coding.EvidenceFactor, coding.EvidenceBarrier:
				return data.CertaintyFinding, c.Slug, nil
			}
			return "", "", fmt.Errorf("code %s is %s, not an outcome, factor or barrier", c.Slug, c.Evidence)
		}
	}
	var names []string
	for _, ev := range []string{coding.EvidenceEffect, coding.EvidenceFactor, coding.EvidenceBarrier} {
		for _, c := range cb.CodesOf(ev) {
			names = append(names, c.Slug)
		}
	}
	return "", "", fmt.Errorf("no outcome, factor or barrier %q in the codebook; one of: %s", typed, strings.Join(names, ", "))
}

// Assessments returns the certainty assessments in force, by subject slug
// (outcomes and findings share the codebook's slug space).
func Assessments(ctx context.Context, db *data.DB) (map[string]data.Certainty, error) {
	cs, err := db.Certainties(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]data.Certainty, len(cs))
	for _, c := range cs {
		out[c.Subject] = c
	}
	return out, nil
}

// designCode is the codebook code that holds a study's design.
const designCode = "design"

// OutcomeDesigns returns, per outcome code, the design slugs of the
// included studies with a settled (reconciled or agreed) value for that
// outcome: the body of evidence GRADE starts from. A study without a
// settled design contributes "".
func OutcomeDesigns(ctx context.Context, db *data.DB) (map[string][]string, error) {
	b, err := coding.InForce(ctx, db)
	if err != nil {
		return nil, err
	}
	ids, err := IncludedStudies(ctx, db)
	if err != nil {
		return nil, err
	}
	included := map[int64]bool{}
	for _, id := range ids {
		included[id] = true
	}
	items, err := coding.Items(ctx, db)
	if err != nil {
		return nil, err
	}
	outcome := map[string]bool{}
	for _, c := range b.CodesOf(coding.EvidenceEffect) {
		outcome[c.Slug] = true
	}
	design := map[int64]string{}
	measured := map[string][]int64{}
	for _, it := range items {
		v := it.FinalValue()
		switch {
		case !included[it.StudyID] || v == "":
		case it.Code == designCode:
			design[it.StudyID] = v
		case outcome[it.Code]:
			measured[it.Code] = append(measured[it.Code], it.StudyID)
		}
	}
	out := make(map[string][]string, len(measured))
	for code, studies := range measured {
		for _, id := range studies {
			out[code] = append(out[code], design[id])
		}
	}
	return out, nil
}

// Ratings returns the rating in force of every assessed subject, by
// slug: outcomes through GRADE (starting from OutcomeDesigns unless the
// reviewers set a start), findings through CERQual. It returns an error
// when a stored rating is not one GRADE or CERQual knows.
func Ratings(ctx context.Context, db *data.DB) (map[string]Rating, error) {
	as, err := Assessments(ctx, db)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return map[string]Rating{}, nil
	}
	designs, err := OutcomeDesigns(ctx, db)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Rating, len(as))
	for slug, c := range as {
		var r Rating
		if c.Kind == data.CertaintyOutcome {
			r, err = GRADE(c, designs[slug])
		} else {
			r, err = CERQual(c)
		}
		if err != nil {
			return nil, fmt.Errorf("certainty of %s: %w", slug, err)
		}
		out[slug] = r
	}
	return out, nil
}
