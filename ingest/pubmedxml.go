package ingest

import (
	"errors"
	"io"
)

// readPubMedXML is not written yet.
func readPubMedXML(r io.Reader, emit func(Parsed) error) error {
	return errors.New("the PubMedXML reader is not written yet")
}
