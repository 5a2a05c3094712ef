package synthesis

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/oversikt/oversikt/data"
)

// WriteReport builds the report of the review and writes it into dir (made
// if missing), for each language in langs ("nb", "en"):
// report.<lang>.md, report.<lang>.html (self-contained), the PRISMA flow
// diagram prisma.<lang>.svg and the effect direction plot
// effects.<lang>.svg; prisma.svg and effects.svg are the first language's
// copies, and prisma.csv is the PRISMA2020 package's CSV. It returns the
// file names written, in that order. The bytes depend only on the
// database.
func WriteReport(ctx context.Context, db *data.DB, dir string, langs []string) ([]string, error) {
	r, err := BuildReport(ctx, db)
	if err != nil {
		return nil, err
	}
	return r.Write(dir, langs)
}

// Write writes the report's files into dir; see WriteReport.
func (r *Report) Write(dir string, langs []string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	put := func(name string, b []byte) error {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		written = append(written, name)
		return nil
	}
	for i, lang := range langs {
		if lang != "nb" && lang != "en" {
			return written, fmt.Errorf("report language %q: use nb or en", lang)
		}
		var prisma, effects bytes.Buffer
		if err := WriteSVG(&prisma, r.Flow, lang); err != nil {
			return written, err
		}
		if err := r.WriteEffectsSVG(&effects, lang); err != nil {
			return written, err
		}
		page, err := r.HTML(lang, map[string][]byte{"prisma.svg": prisma.Bytes(), "effects.svg": effects.Bytes()})
		if err != nil {
			return written, err
		}
		files := []struct {
			name string
			b    []byte
		}{
			{"report." + lang + ".md", []byte(r.Markdown(lang, "prisma."+lang+".svg", "effects."+lang+".svg"))},
			{"report." + lang + ".html", page},
			{"prisma." + lang + ".svg", prisma.Bytes()},
			{"effects." + lang + ".svg", effects.Bytes()},
		}
		if i == 0 {
			files = append(files, struct {
				name string
				b    []byte
			}{"prisma.svg", prisma.Bytes()}, struct {
				name string
				b    []byte
			}{"effects.svg", effects.Bytes()})
		}
		for _, f := range files {
			if err := put(f.name, f.b); err != nil {
				return written, err
			}
		}
	}
	var csv bytes.Buffer
	if err := WritePRISMACSV(&csv, r.Flow); err != nil {
		return written, err
	}
	return written, put("prisma.csv", csv.Bytes())
}
