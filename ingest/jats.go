package ingest

import (
	"errors"
	"io"
)

// readJATS is not written yet.
func readJATS(r io.Reader, emit func(Parsed) error) error {
	return errors.New("the JATS reader is not written yet")
}
