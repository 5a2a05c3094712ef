//go:build unix

package dedup

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user and system) this process has used, so
// that timings mean something on a machine others load too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
