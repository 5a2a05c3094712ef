package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/gocarina/gocsv"
	"github.com/spf13/pflag"
)

// tableOptions are the output flags every CSV export shares.
type tableOptions struct {
	out       string
	excel     bool
	bom       bool
	semicolon bool
}

func (o *tableOptions) register(f *pflag.FlagSet) {
	f.StringVarP(&o.out, "out", "o", "", "write to this file instead of stdout")
	f.BoolVar(&o.excel, "excel", false, "for Excel: UTF-8 BOM and ; as delimiter")
	f.BoolVar(&o.bom, "bom", false, "start the file with a UTF-8 byte-order mark")
	f.BoolVar(&o.semicolon, "semicolon", false, "use ; as the delimiter")
}

// output opens the destination: the --out file or stdout. The returned
// close function must be called.
func (app *App) output(o tableOptions) (io.Writer, func() error, error) {
	if o.out == "" || o.out == "-" {
		return app.Out, func() error { return nil }, nil
	}
	f, err := os.Create(o.out)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// writeCSV writes rows — a slice of structs with `csv:"…"` tags, or a
// channel of them (chan any) for long tables — as CSV with gocsv.
func (app *App) writeCSV(o tableOptions, rows any) error {
	w, closeOut, err := app.output(o)
	if err != nil {
		return err
	}
	sw, err := newSafeWriter(w, o)
	if err != nil {
		closeOut()
		return err
	}
	if ch, ok := rows.(chan any); ok {
		err = gocsv.MarshalChan(ch, sw)
		for range ch { // drain, so the producer never blocks after an error
		}
	} else {
		err = gocsv.MarshalCSV(rows, sw)
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// safeWriter is a gocsv.CSVWriter that neutralises cells a spreadsheet
// would run as a formula: a cell starting with =, +, -, @, tab or carriage
// return gets a leading apostrophe, unless it is a plain number.
type safeWriter struct{ *csv.Writer }

func newSafeWriter(w io.Writer, o tableOptions) (*safeWriter, error) {
	if o.excel || o.bom {
		if _, err := w.Write([]byte("\uFEFF")); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	if o.excel || o.semicolon {
		cw.Comma = ';'
	}
	return &safeWriter{cw}, nil
}

func (s *safeWriter) Write(row []string) error {
	for i, c := range row {
		row[i] = neutralise(c)
	}
	return s.Writer.Write(row)
}

func neutralise(c string) string {
	if c == "" {
		return c
	}
	switch c[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(c, 64); err == nil && c[0] != '=' && c[0] != '@' {
			return c
		}
		return "'" + c
	}
	return c
}
