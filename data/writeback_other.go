//go:build !linux

package data

import "os"

// startWriteback does nothing where there is no sync_file_range: SQLite's
// fsync writes the pages when it checkpoints.
func startWriteback(*os.File) {}
