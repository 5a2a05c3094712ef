//go:build !unix

package data

import (
	"errors"
	"os"
)

// lockFile cannot lock here: every build's file counts as in use, so
// none is removed as stale by another process.
func lockFile(*os.File) error { return errors.New("file locks are not supported") }
