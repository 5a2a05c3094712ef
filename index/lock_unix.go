//go:build unix

package index

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// writerLock is the one-writer lock of an index: an flock on
// "<db>.index.lock", released by the kernel when its process dies.
type writerLock struct{ f *os.File }

// tryLock takes the writer lock at path without waiting; ok is false when
// another process (or another handle in this one) holds it.
func tryLock(path string) (l *writerLock, ok bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, false, fmt.Errorf("open index lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("lock index: %w", err)
	}
	return &writerLock{f: f}, true, nil
}

// unlock releases the lock.
func (l *writerLock) unlock() error { return l.f.Close() }
