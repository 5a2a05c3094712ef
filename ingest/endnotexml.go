package ingest

import (
	"errors"
	"io"
)

// readEndNoteXML is not written yet.
func readEndNoteXML(r io.Reader, emit func(Parsed) error) error {
	return errors.New("the EndNoteXML reader is not written yet")
}
