// Package synthesis turns the decisions and codings of a review into what
// reviewers hand in: PRISMA 2020 counts, effect and factor tables, the
// report, and exports.
package synthesis

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/oversikt/oversikt/data"
)

// risTypes maps our publication types to RIS TY codes; anything else is
// written as JOUR when it has a journal, GEN otherwise.
var risTypes = map[string]string{
	"book": "BOOK", "chapter": "CHAP", "conference": "CONF", "report": "RPRT", "thesis": "THES", "webpage": "ELEC",
}

// WriteRIS writes recs as RIS that EndNote, Zotero and the databases'
// importers read: one record per TY … ER block.
func WriteRIS(w io.Writer, recs []data.Record) error {
	rw := NewRISWriter(w)
	for _, r := range recs {
		rw.Write(r)
	}
	return rw.Flush()
}

// RISWriter writes records as RIS one at a time, buffered, for exports
// too long to hold in memory. Flush when done.
type RISWriter struct{ w *bufio.Writer }

// NewRISWriter returns a RISWriter on w.
func NewRISWriter(w io.Writer) *RISWriter { return &RISWriter{bufio.NewWriter(w)} }

// Write adds one record.
func (rw *RISWriter) Write(r data.Record) { writeRISRecord(rw.w, r) }

// Flush writes what is buffered and returns the first write error.
func (rw *RISWriter) Flush() error { return rw.w.Flush() }

func writeRISRecord(w *bufio.Writer, r data.Record) {
	tag := func(t, v string) {
		if v = strings.TrimSpace(v); v != "" {
			fmt.Fprintf(w, "%s  - %s\r\n", t, strings.ReplaceAll(strings.ReplaceAll(v, "\r", " "), "\n", " "))
		}
	}
	ty := risTypes[strings.ToLower(r.Type)]
	if ty == "" {
		if up := strings.ToUpper(r.Type); len(up) >= 3 && len(up) <= 5 && up == strings.TrimSpace(up) && isRISType(up) {
			ty = up
		} else if r.Journal != "" {
			ty = "JOUR"
		} else {
			ty = "GEN"
		}
	}
	tag("TY", ty)
	tag("ID", strconv.FormatInt(r.StudyID, 10))
	tag("TI", r.Title)
	for _, a := range r.Authors {
		tag("AU", a)
	}
	if r.Year > 0 {
		tag("PY", strconv.Itoa(r.Year))
	}
	tag("JO", r.Journal)
	tag("VL", r.Volume)
	tag("IS", r.Issue)
	if sp, ep, ok := strings.Cut(r.Pages, "-"); ok {
		tag("SP", sp)
		tag("EP", ep)
	} else {
		tag("SP", r.Pages)
	}
	tag("DO", r.DOI)
	if r.PMID != "" {
		tag("AN", "PMID:"+r.PMID)
	}
	tag("SN", r.ISBN)
	tag("UR", r.URL)
	tag("LA", r.Language)
	for _, k := range r.Keywords {
		tag("KW", k)
	}
	tag("AB", r.Abstract)
	w.WriteString("ER  - \r\n\r\n")
}

func isRISType(s string) bool {
	switch s {
	case "ABST", "BOOK", "CHAP", "CONF", "CPAPER", "EJOUR", "ELEC", "GEN", "JOUR", "MGZN", "NEWS", "RPRT", "THES", "UNPB", "SER", "STAT":
		return true
	}
	return false
}
