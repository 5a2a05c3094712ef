package ingest

import (
	"errors"
	"io"
)

// readWoS is not written yet.
func readWoS(r io.Reader, emit func(Parsed) error) error {
	return errors.New("the WoS reader is not written yet")
}
