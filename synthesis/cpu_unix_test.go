//go:build unix

package synthesis

import "syscall"

// cpuSeconds is the CPU time the process has used (user and system), so a
// benchmark on a shared machine can say what it cost apart from the wait
// for a core.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
