package ingest

import (
	"errors"
	"io"
)

// readOvid is not written yet.
func readOvid(r io.Reader, emit func(Parsed) error) error {
	return errors.New("the Ovid reader is not written yet")
}
