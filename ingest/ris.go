package ingest

import (
	"errors"
	"io"
)

// readRIS is not written yet.
func readRIS(r io.Reader, emit func(Parsed) error) error {
	return errors.New("the RIS reader is not written yet")
}
