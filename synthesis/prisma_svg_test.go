package synthesis

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteSVG checks that the diagram is well-formed, self-contained SVG
// that carries the counts in both languages. With OVERSIKT_SVG_DIR set it
// also writes the diagrams there, to be looked at.
func TestWriteSVG(t *testing.T) {
	db, _ := smallReview(t)
	f, err := PRISMA(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang  string
		phase string
		want  []string
	}{
		{"en", "Included", []string{"Identification of new studies via databases and registers", "Records screened (n\u00a0=\u00a09)",
			"PubMed (n\u00a0=\u00a07)", "wrong population (n\u00a0=\u00a01)", "Studies included in review (n\u00a0=\u00a02)", "|Included|"}},
		{"nb", "Inkludert", []string{"Identifisering av nye studier via databaser og registre", "Poster screenet (n\u00a0=\u00a09)",
			"Duplikater fjernet (n\u00a0=\u00a02)", "feil populasjon (n\u00a0=\u00a01)", "|Inkludert|"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSVG(&buf, f, tt.lang); err != nil {
				t.Fatal(err)
			}
			svg := buf.String()
			dec := xml.NewDecoder(strings.NewReader(svg))
			var words []string // the text of the diagram, lines joined by spaces
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("WriteSVG(%s) is not well-formed XML: %v", tt.lang, err)
				}
				if cd, ok := tok.(xml.CharData); ok && strings.TrimSpace(string(cd)) != "" {
					words = append(words, string(cd))
				}
			}
			text := "|" + strings.Join(words, " ") + "|" // lines joined; a phase label is a line of its own
			for _, w := range words {
				if w == tt.phase {
					text += "|" + w + "|"
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("WriteSVG(%s) lacks %q", tt.lang, w)
				}
			}
			for _, ext := range []string{"href=", "@import", "url(http", "<image", "@font-face"} {
				if strings.Contains(svg, ext) {
					t.Errorf("WriteSVG(%s) refers outside itself (%q)", tt.lang, ext)
				}
			}
			if dir := os.Getenv("OVERSIKT_SVG_DIR"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, "prisma."+tt.lang+".svg"), buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestWrapText(t *testing.T) {
	lines := wrapText("Records marked as ineligible by automation tools (n\u00a0=\u00a00)", 150, false)
	if len(lines) < 2 {
		t.Fatalf("wrapText gave %q, want at least two lines", lines)
	}
	for _, l := range lines {
		if w := textWidth(l, false); w > 150 {
			t.Errorf("line %q is %.0f wide, want ≤ 150", l, w)
		}
	}
	if got := strings.Join(lines, " "); got != "Records marked as ineligible by automation tools (n\u00a0=\u00a00)" {
		t.Errorf("wrapText lost words: %q", got)
	}
}
