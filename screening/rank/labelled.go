package rank

import (
	"fmt"
	"path/filepath"

	"github.com/oversikt/oversikt/data"
	"github.com/oversikt/oversikt/ingest"
)

// Dataset is a labelled set of records for simulation: the text (title and
// abstract) and label of each labelled record, in file order.
type Dataset struct {
	Name       string // the file's base name
	Texts      []string
	Included   []bool
	Unlabelled int // records without a recognised label, left out
	Rejected   int // records the reader rejected
}

// ReadLabelled reads a labelled export (CSV, TSV, XLSX, RIS … any format
// ingest reads, detected by content) with ASReview's label columns (see
// ingest.Label). Records without a label are left out and counted.
func ReadLabelled(path string) (*Dataset, error) {
	ds := &Dataset{Name: filepath.Base(path)}
	res, err := ingest.ReadFile(path, ingest.FormatAuto, func(r data.Record) error {
		inc, ok := ingest.Label(r)
		if !ok {
			ds.Unlabelled++
			return nil
		}
		ds.Texts = append(ds.Texts, r.Title+"\n"+r.Abstract)
		ds.Included = append(ds.Included, inc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	ds.Rejected = res.Rejected
	return ds, nil
}

// Count returns the number of included records.
func (ds *Dataset) Count() (included int) {
	for _, inc := range ds.Included {
		if inc {
			included++
		}
	}
	return included
}
