package coding

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func press(t *testing.T, f *Form, keys ...string) tea.Cmd {
	t.Helper()
	var cmd tea.Cmd
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "space":
			msg = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "down":
			msg = tea.KeyPressMsg{Code: tea.KeyDown}
		default:
			for _, r := range k {
				_, cmd = f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		_, cmd = f.Update(msg)
	}
	return cmd
}

func (f *Form) moveTo(t *testing.T, code string) {
	t.Helper()
	for range f.codes {
		if f.codes[f.cursor].Slug == code {
			return
		}
		press(t, f, "down")
	}
	t.Fatalf("code %s not in the form", code)
}

func TestFormCodesAStudy(t *testing.T) {
	db, ids := newReview(t, testRecord{title: "Collaborative A", include: true}, testRecord{title: "Collaborative B", include: true})
	ctx := context.Background()
	f, err := NewForm(ctx, db, "ana", "en")
	if err != nil {
		t.Fatal(err)
	}
	f.Update(tea.WindowSizeMsg{Width: 120, Height: 20})
	press(t, f, "space") // source_type: first option
	f.moveTo(t, "design")
	press(t, f, "e", "cba", "enter", "q", "compared with controls", "enter")
	f.moveTo(t, "setting")
	press(t, f, "enter", "hospital,municipal", "enter")
	f.moveTo(t, "fac_team")
	press(t, f, "space", "space", "space") // yes, cleared, yes
	f.moveTo(t, "out_patient")
	press(t, f, "e", "better", "enter")
	if !strings.Contains(f.message, `"better" is not one of`) {
		t.Errorf("message after a bad value = %q, want the error", f.message)
	}
	press(t, f, "esc")
	view := f.View().Content
	for _, want := range []string{"Study 1 (1 of 2)", "Author1 n.d.: Collaborative A", "out_patient", "cba ✎"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	press(t, f, "d")
	if f.pos != 1 || f.Summary.Done != 1 {
		t.Errorf("after d: pos %d, done %d; want 1, 1", f.pos, f.Summary.Done)
	}
	if cmd := press(t, f, "esc"); cmd == nil {
		t.Errorf("esc did not quit")
	}
	cs, err := db.CurrentCodings(ctx, ids[0], "ana")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.Code+"="+c.Value+"|"+c.Quote)
	}
	want := "source_type=src_sr|; design=cba|compared with controls; setting=hospital,municipal|; fac_team=yes|"
	if strings.Join(got, "; ") != want {
		t.Errorf("stored codings = %s\nwant %s", strings.Join(got, "; "), want)
	}
	q, _ := Queue(ctx, db, "ana")
	if len(q) != 1 || q[0] != ids[1] {
		t.Errorf("queue after done = %v, want [%d]", q, ids[1])
	}
}
