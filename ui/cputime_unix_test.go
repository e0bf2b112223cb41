//go:build unix

package ui_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used (user and system): the frame benchmarks
// report it per frame too, since on a shared machine the wall time also counts the
// time other programs had the processor.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
