package screening

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// Settings that configure screening (stored with data.DB.SetSetting).
const (
	SettingK           = "screening.k"           // reviewers per study: 1, 2 or 3
	SettingCalibration = "screening.calibration" // with k=1: share of studies screened twice (0–1)
	SettingSeed        = "screening.seed"        // seed for calibration sampling and random order
	SettingMaybe       = "screening.maybe"       // how maybe counts: include|exclude|separate
	settingReasons     = "screening.reasons."    // + stage: one reason per line
)

// Maybe rules: how a "maybe" counts for resolution and agreement.
const (
	MaybeInclude  = "include"  // maybe counts as include (Covidence's rule; the default)
	MaybeExclude  = "exclude"  // maybe counts as exclude
	MaybeSeparate = "separate" // maybe is a category of its own and never resolves by agreement
)

// DefaultFullTextReasons are the full-text exclusion reasons a review gets
// unless it configures its own.
var DefaultFullTextReasons = []string{"wrong population", "wrong intervention", "wrong comparator", "wrong outcome",
	"wrong design", "not retrievable", "duplicate", "other"}

// Config is a review's screening configuration.
type Config struct {
	K           int     // decisions needed per study from distinct reviewers
	Calibration float64 // with K == 1: share of studies that need a second decision
	Seed        int64
	Maybe       string
	Reasons     map[Stage][]string // exclusion reasons offered; empty: free text
}

// DefaultConfig is dual screening, maybe counted as include, the default
// full-text reasons and free-text reasons at title/abstract.
func DefaultConfig() Config {
	return Config{K: 2, Seed: 1, Maybe: MaybeInclude, Reasons: map[Stage][]string{FullText: DefaultFullTextReasons}}
}

// LoadConfig reads the configuration from the review's settings, filling
// in defaults. It returns an error naming the setting that is invalid.
func LoadConfig(ctx context.Context, db *data.DB) (Config, error) {
	c := DefaultConfig()
	get := func(name string) (string, error) { return db.Setting(ctx, name, "") }
	if v, err := get(SettingK); err != nil {
		return c, err
	} else if v != "" {
		k, err := strconv.Atoi(v)
		if err != nil || k < 1 || k > 3 {
			return c, fmt.Errorf("setting %s = %q: want 1, 2 or 3", SettingK, v)
		}
		c.K = k
	}
	if v, err := get(SettingCalibration); err != nil {
		return c, err
	} else if v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			return c, fmt.Errorf("setting %s = %q: want a share between 0 and 1", SettingCalibration, v)
		}
		c.Calibration = f
	}
	if v, err := get(SettingSeed); err != nil {
		return c, err
	} else if v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return c, fmt.Errorf("setting %s = %q: want an integer", SettingSeed, v)
		}
		c.Seed = n
	}
	if v, err := get(SettingMaybe); err != nil {
		return c, err
	} else if v != "" {
		switch v {
		case MaybeInclude, MaybeExclude, MaybeSeparate:
			c.Maybe = v
		default:
			return c, fmt.Errorf("setting %s = %q: want include, exclude or separate", SettingMaybe, v)
		}
	}
	for _, st := range Stages {
		v, err := get(settingReasons + string(st))
		if err != nil {
			return c, err
		}
		if v != "" {
			c.Reasons[st] = splitReasons(v)
		}
	}
	return c, nil
}

// SettingReasons names the setting that holds a stage's exclusion reasons
// (one per line, or separated by ';').
func SettingReasons(st Stage) string { return settingReasons + string(st) }

func splitReasons(v string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// InputError is a mistake in what a person gave (a verdict, a reason, a
// stage): the command line reports it as a usage error.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErrorf(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// Need returns how many decisions from distinct reviewers the study needs:
// K, or 2 for the calibration share under single screening. The
// calibration sample is a pure function of the seed and the study id.
func (c Config) Need(studyID int64) int {
	if c.K == 1 && c.Calibration > 0 && unitHash(c.Seed, studyID) < c.Calibration {
		return 2
	}
	return c.K
}

// unitHash maps (seed, id) to [0, 1) with splitmix64.
func unitHash(seed, id int64) float64 {
	x := uint64(seed)*0x9E3779B97F4A7C15 + uint64(id)
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}

// Counted maps a verdict through the maybe rule.
func (c Config) Counted(verdict string) string {
	if verdict == data.VerdictMaybe {
		switch c.Maybe {
		case MaybeExclude:
			return data.VerdictExclude
		case MaybeSeparate:
			return data.VerdictMaybe
		}
		return data.VerdictInclude
	}
	return verdict
}

// MaybeRule says in words how maybe counts, for output.
func (c Config) MaybeRule() string {
	switch c.Maybe {
	case MaybeExclude:
		return "maybe counts as exclude"
	case MaybeSeparate:
		return "maybe is a category of its own (never resolves by agreement)"
	}
	return "maybe counts as include"
}

// Reason checks an exclusion reason for a stage and returns it as stored:
// a number picks from the stage's list (1-based); text must match an entry
// of the list (case-insensitive, or a unique prefix) when the stage has
// one. Full-text exclusions need a reason.
func (c Config) Reason(st Stage, verdict, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	list := c.Reasons[st]
	if reason == "" {
		if verdict == data.VerdictExclude && st == FullText {
			return "", inputErrorf("full-text exclusions need a reason: %s", numbered(list))
		}
		return "", nil
	}
	if len(list) == 0 {
		return reason, nil
	}
	if n, err := strconv.Atoi(reason); err == nil {
		if n < 1 || n > len(list) {
			return "", inputErrorf("no reason %d: %s", n, numbered(list))
		}
		return list[n-1], nil
	}
	var match []string
	for _, r := range list {
		if strings.EqualFold(r, reason) {
			return r, nil
		}
		if strings.HasPrefix(strings.ToLower(r), strings.ToLower(reason)) {
			match = append(match, r)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return "", inputErrorf("unknown reason %q: %s", reason, numbered(list))
}

func numbered(list []string) string {
	if len(list) == 0 {
		return "give one as text"
	}
	var b strings.Builder
	b.WriteString("choose ")
	for i, r := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", i+1, r)
	}
	return b.String()
}
