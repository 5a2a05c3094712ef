package ingest

import "io"

// readTSV reads a tab-separated export; it shares readDelimited with CSV,
// tabs winning ties when the header line is sniffed.
func readTSV(r io.Reader, emit func(Parsed) error) error {
	return readDelimited(r, '\t', emit)
}
