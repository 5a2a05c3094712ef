package ingest

import (
	"errors"
	"io"
)

// readBibTeX is not written yet.
func readBibTeX(r io.Reader, emit func(Parsed) error) error {
	return errors.New("the BibTeX reader is not written yet")
}
