//go:build !unix

package synthesis

// cpuSeconds is not measured off unix; benchmarks report 0.
func cpuSeconds() float64 { return 0 }
