// Package coding codes included studies against a codebook: the codebook
// model and its YAML form (with an embedded default for learning-network
// studies), codings by reviewers as appended events, reconciliation of two
// reviewers' values, per-code agreement, the line-mode coding loop and the
// study × code tables the exports write.
package coding

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// ValueType says what a code's value is.
type ValueType string

// The value types a code may have.
const (
	Flag      ValueType = "flag"      // present ("yes") or not ("no", or never set)
	OneOf     ValueType = "one_of"    // one option slug
	ManyOf    ValueType = "many_of"   // a set of option slugs, stored comma-joined in codebook order
	Text      ValueType = "text"      // free text (format "country": ISO 3166-1 alpha-2 codes)
	Number    ValueType = "number"    // a decimal number
	Direction ValueType = "direction" // an outcome, valued by the direction of effect found for it
)

var valueTypes = []ValueType{Flag, OneOf, ManyOf, Text, Number, Direction}

// Evidence kinds: what kind of finding a code feeds in the synthesis.
const (
	EvidenceDescriptive = "descriptive" // study characteristics: source type, design, setting
	EvidenceEffect      = "effect"      // outcome directions (vote counting by direction, GRADE)
	EvidenceFactor      = "factor"      // success factors (qualitative, CERQual)
	EvidenceBarrier     = "barrier"     // barriers (qualitative, CERQual)
)

var evidenceKinds = []string{EvidenceDescriptive, EvidenceEffect, EvidenceFactor, EvidenceBarrier}

// FormatCountry is the text format of ISO 3166-1 alpha-2 country codes.
const FormatCountry = "country"

// Labels are a name in Norwegian (bokmål) and English.
type Labels struct {
	NB string `yaml:"nb" json:"nb"`
	EN string `yaml:"en" json:"en"`
}

// In returns the label in lang ("nb" or "en"), falling back to the other.
func (l Labels) In(lang string) string {
	if lang == "nb" && l.NB != "" || l.EN == "" {
		return l.NB
	}
	return l.EN
}

// Option is one choice of a one_of or many_of code, or one direction.
type Option struct {
	Slug       string `yaml:"slug" json:"slug"`
	Labels     Labels `yaml:"labels" json:"labels"`
	Definition string `yaml:"definition,omitempty" json:"definition,omitempty"`
}

// Code is one thing a reviewer records about a study.
type Code struct {
	Slug       string    `yaml:"slug" json:"slug"`
	Labels     Labels    `yaml:"labels" json:"labels"`
	Definition string    `yaml:"definition,omitempty" json:"definition,omitempty"`
	Type       ValueType `yaml:"type" json:"type"`
	Format     string    `yaml:"format,omitempty" json:"format,omitempty"`
	Evidence   string    `yaml:"evidence,omitempty" json:"evidence"`
	Options    []Option  `yaml:"options,omitempty" json:"options,omitempty"`
	Group      string    `yaml:"-" json:"group"`
}

// Group is a heading of the codebook and the codes under it. A group's
// evidence kind is every code's unless the code names its own.
type Group struct {
	Slug       string `yaml:"slug" json:"slug"`
	Labels     Labels `yaml:"labels" json:"labels"`
	Definition string `yaml:"definition,omitempty" json:"definition,omitempty"`
	Evidence   string `yaml:"evidence" json:"evidence"`
	Codes      []Code `yaml:"codes" json:"codes"`
}

// Codebook is a set of groups of codes, and the directions of effect that
// direction codes take. Parse returns one that has passed Validate, with
// each code's Group and Evidence filled in.
type Codebook struct {
	Name       string   `yaml:"name" json:"name"`
	Directions []Option `yaml:"directions,omitempty" json:"directions,omitempty"`
	Groups     []Group  `yaml:"groups" json:"groups"`
}

// Code returns the code with slug, or false.
func (cb *Codebook) Code(slug string) (*Code, bool) {
	for gi := range cb.Groups {
		for ci := range cb.Groups[gi].Codes {
			if c := &cb.Groups[gi].Codes[ci]; c.Slug == slug {
				return c, true
			}
		}
	}
	return nil, false
}

// Codes returns every code in codebook order.
func (cb *Codebook) Codes() []Code {
	var cs []Code
	for _, g := range cb.Groups {
		cs = append(cs, g.Codes...)
	}
	return cs
}

// CodesOf returns the codes of one evidence kind, in codebook order.
func (cb *Codebook) CodesOf(evidence string) []Code {
	var cs []Code
	for _, c := range cb.Codes() {
		if c.Evidence == evidence {
			cs = append(cs, c)
		}
	}
	return cs
}

// choices returns the options a value of c is chosen from.
func (cb *Codebook) choices(c *Code) []Option {
	if c.Type == Direction {
		return cb.Directions
	}
	return c.Options
}

// Normalize checks raw as a value of code and returns it in its stored
// form: "yes"/"no" for flags (empty means yes), option slugs (many_of
// comma-joined in codebook order), canonical numbers, upper-case country
// codes. The error says what values the code takes.
func (cb *Codebook) Normalize(code, raw string) (string, error) {
	c, ok := cb.Code(code)
	if !ok {
		return "", fmt.Errorf("no code %q in the codebook", code)
	}
	raw = strings.TrimSpace(raw)
	switch c.Type {
	case Flag:
		switch strings.ToLower(raw) {
		case "", "yes", "y", "true", "1", "x":
			return "yes", nil
		case "no", "n", "false", "0":
			return "no", nil
		}
		return "", fmt.Errorf("%s is a flag: value yes or no, not %q", code, raw)
	case OneOf, Direction:
		opts := cb.choices(c)
		if o, ok := findOption(opts, raw); ok {
			return o, nil
		}
		return "", fmt.Errorf("%s: %q is not one of %s", code, raw, optionList(opts))
	case ManyOf:
		chosen := map[string]bool{}
		for _, part := range splitList(raw) {
			o, ok := findOption(c.Options, part)
			if !ok {
				return "", fmt.Errorf("%s: %q is not one of %s", code, part, optionList(c.Options))
			}
			chosen[o] = true
		}
		if len(chosen) == 0 {
			return "", fmt.Errorf("%s needs one or more of %s", code, optionList(c.Options))
		}
		var out []string
		for _, o := range c.Options {
			if chosen[o.Slug] {
				out = append(out, o.Slug)
			}
		}
		return strings.Join(out, ","), nil
	case Number:
		f, err := strconv.ParseFloat(strings.ReplaceAll(raw, ",", "."), 64)
		if err != nil {
			return "", fmt.Errorf("%s is a number, not %q", code, raw)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	case Text:
		if raw == "" {
			return "", fmt.Errorf("%s needs a text value", code)
		}
		if c.Format == FormatCountry {
			return normalizeCountries(code, raw)
		}
		return raw, nil
	}
	return "", fmt.Errorf("%s has unknown type %q", code, c.Type)
}

func findOption(opts []Option, s string) (string, bool) {
	for _, o := range opts {
		if strings.EqualFold(o.Slug, s) {
			return o.Slug, true
		}
	}
	return "", false
}

func optionList(opts []Option) string {
	s := make([]string, len(opts))
	for i, o := range opts {
		s[i] = o.Slug
	}
	return strings.Join(s, ", ")
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' })
}

func normalizeCountries(code, raw string) (string, error) {
	var out []string
	seen := map[string]bool{}
	for _, part := range splitList(raw) {
		part = strings.ToUpper(part)
		r, err := language.ParseRegion(part)
		if len(part) != 2 || err != nil || !r.IsCountry() {
			return "", fmt.Errorf("%s: %q is not an ISO 3166-1 alpha-2 country code (e.g. NO, SE, US)", code, part)
		}
		if !seen[part] {
			seen[part] = true
			out = append(out, part)
		}
	}
	return strings.Join(out, ","), nil
}
