package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressBar draws one line of progress on a terminal stream; on anything
// else it draws nothing.
type progressBar struct {
	w     io.Writer
	label string
	total int64
	on    bool
	start time.Time
}

func (app *App) newProgress(label string, total int64) *progressBar {
	return &progressBar{w: app.Err, label: label, total: total, on: isTerminal(app.Err), start: time.Now()}
}

// set shows done out of total.
func (p *progressBar) set(done int64) {
	if !p.on {
		return
	}
	const width = 30
	frac := 0.0
	if p.total > 0 {
		frac = min(float64(done)/float64(p.total), 1)
	}
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%% %s", p.label, strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100,
		time.Since(p.start).Round(time.Second))
}

// done clears the bar's line.
func (p *progressBar) done() {
	if p.on {
		fmt.Fprintf(p.w, "\r\033[K")
	}
}
