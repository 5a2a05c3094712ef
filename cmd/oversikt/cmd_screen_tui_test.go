package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/screening"
	"github.com/oversikt/oversikt/screening/term"
)

func TestScreenCriteria(t *testing.T) {
	ctx := context.Background()
	db, err := data.Open(ctx, filepath.Join(t.TempDir(), "review.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	steps := []struct {
		name, value string // setting to change ("" name: none)
		ta, ft      string
	}{
		{"", "", "", ""},
		{"screening.criteria", "Health services.", "Health services.", "Health services."},
		{term.SettingCriteria(screening.FullText), "Reports with outcomes.", "Health services.", "Reports with outcomes."},
	}
	for _, st := range steps {
		if st.name != "" {
			if err := db.SetSetting(ctx, st.name, st.value); err != nil {
				t.Fatal(err)
			}
		}
		for stage, want := range map[screening.Stage]string{screening.TitleAbstract: st.ta, screening.FullText: st.ft} {
			if got, err := screenCriteria(ctx, db, stage); err != nil || got != want {
				t.Errorf("after setting %q: screenCriteria(%s) = %q, %v; want %q", st.name, stage, got, err, want)
			}
		}
	}
}
