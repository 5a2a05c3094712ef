package synthesis

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestEffectsSVGIsWellFormedWithAMarkPerDirection(t *testing.T) {
	r, err := BuildReport(context.Background(), codedReview(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nb", "en"} {
		var buf bytes.Buffer
		if err := r.WriteEffectsSVG(&buf, lang); err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: effects SVG is not well-formed: %v", lang, err)
			}
		}
		svg := buf.String()
		// a: improved ▲; w1: trend △; and one of each in the legend.
		for glyph, want := range map[string]int{"▲": 2, "△": 2, "▼": 1} {
			if got := strings.Count(svg, ">"+glyph+"<"); got != want {
				t.Errorf("%s: %d %s marks, want %d", lang, got, glyph, want)
			}
		}
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	r, err := BuildReport(context.Background(), codedReview(t))
	if err != nil {
		t.Fatal(err)
	}
	page, err := r.HTML("nb", map[string][]byte{"prisma.svg": []byte(`<?xml version="1.0"?><svg id="p"></svg>`), "effects.svg": []byte(`<svg id="e"></svg>`)})
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{`<html lang="nb">`, "@page{size:A4", "page-break-before:always", `<figure><svg id="p"></svg></figure>`,
		`<figure><svg id="e"></svg></figure>`, "<h2>Hovedfunn</h2>", "<table>"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, bad := range []string{"<img", "<link", "<script", "src=", "<?xml"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML contains %q: not self-contained", bad)
		}
	}
}
