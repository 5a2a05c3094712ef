package ingest

import (
	"errors"
	"io"
)

// readMedline is not written yet.
func readMedline(r io.Reader, emit func(Parsed) error) error {
	return errors.New("the Medline reader is not written yet")
}
