// Package screening holds dual, blind screening: stages, the review's
// screening configuration, each reviewer's queue, decisions and their
// automatic resolution, conflicts, agreement statistics and the session
// model that the line mode and the terminal UI both drive.
package screening

import (
	"strings"

	"github.com/oversikt/oversikt/data"
)

// Stage is a screening stage: title/abstract or full text.
type Stage string

// The stages, in the order a study passes them.
const (
	TitleAbstract Stage = "ta"
	FullText      Stage = "ft"
)

// Stages lists every stage in order.
var Stages = []Stage{TitleAbstract, FullText}

// ParseStage accepts "ta", "title-abstract", "ft" and "full-text" (any
// case); "" means title/abstract.
func ParseStage(s string) (Stage, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "ta", "title-abstract", "tiab":
		return TitleAbstract, nil
	case "ft", "full-text", "fulltext":
		return FullText, nil
	}
	return "", inputErrorf("unknown stage %q: use ta (title-abstract) or ft (full-text)", s)
}

// Long returns the stage's long name.
func (s Stage) Long() string {
	if s == FullText {
		return "full-text"
	}
	return "title-abstract"
}

// ParseVerdict accepts include, exclude and maybe and their first letters.
func ParseVerdict(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "i", "include", "in":
		return data.VerdictInclude, nil
	case "e", "exclude", "ex", "out":
		return data.VerdictExclude, nil
	case "m", "maybe", "?", "unsure":
		return data.VerdictMaybe, nil
	}
	return "", inputErrorf("unknown decision %q: use include, exclude or maybe", s)
}
