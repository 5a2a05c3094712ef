//go:build unix

package data

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on f without waiting; it is released
// when f is closed or the process ends. flock locks are apart from the
// POSIX locks SQLite takes.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
